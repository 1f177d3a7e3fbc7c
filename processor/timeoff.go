package processor

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/leerlijn/leerlijn/internal/chconn"
	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/profile"
	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// TimeOff projects learning sessions into working minutes. A statement
// with a result.duration is a session [timestamp − duration, timestamp];
// for each session and each schedule that may apply to its learner (the
// tenant's default and every version of the learner's person) it writes
// the minutes per local day and the part inside the schedule, computed in
// Go by refdata.WorkWeek.Split. The time_off_work view picks, at query
// time, the schedule in force for the learner on that day.
//
// It reads statements, people and settings on one consumer and keeps its
// own copy of the directory (timeoff_people, timeoff_settings), so that
// whichever of a session, a person and the settings arrives last computes
// the minutes with the others present. A minutes row is a pure function of
// the statement and the schedule key, so computing it again (redelivery,
// replay, recomputation) writes the same row.
type TimeOff struct {
	conn driver.Conn
	// chunk bounds the minutes rows per INSERT and the ids per IN list.
	chunk int
}

// NewTimeOff returns the time-off-work projection writing through conn.
func NewTimeOff(conn driver.Conn) *TimeOff { return &TimeOff{conn: conn, chunk: 50_000} }

// Name implements Projection.
func (*TimeOff) Name() string { return "timeoff" }

// Subjects implements Projection.
func (*TimeOff) Subjects() []string {
	return filterSubjects(event.KindStatement, event.KindPerson, event.KindSettings)
}

// Reset implements Projection.
func (t *TimeOff) Reset(ctx context.Context) error {
	return truncateTables(ctx, t.conn, t.Name(),
		"timeoff_sessions", "timeoff_minutes", "timeoff_people", "timeoff_settings", "timeoff_voids")
}

// session is what a minutes computation needs of a session.
type session struct {
	StatementID string `ch:"statement_id"`
	Actor       string `ch:"actor_ifi"`
	Form        string `ch:"learning_form"`
	StartMs     int64  `ch:"start_ms"`
	EndMs       int64  `ch:"end_ms"`
	WorkTime    int8   `ch:"work_time"`
}

// timeoffWork is what a batch asks to compute in one tenant.
type timeoffWork struct {
	sessions map[string]session // new sessions by statement id
	persons  map[string]bool    // persons with a new version
	all      bool               // new settings: recompute the tenant
}

// Apply implements Projection.
func (t *TimeOff) Apply(ctx context.Context, batch []event.Envelope) error {
	sessions := newTableBatch("timeoff_sessions",
		"tenant, actor_ifi, statement_id, registration, session_key, rank, completion, learning_form, start_ms, end_ms, work_time, seq")
	people := newTableBatch("timeoff_people", personColumns)
	settings := newTableBatch("timeoff_settings", settingsColumns)
	voids := newTableBatch("timeoff_voids", "tenant, target_id, voiding_id, seq")
	work := map[string]*timeoffWork{}
	workOf := func(tenant string) *timeoffWork {
		w := work[tenant]
		if w == nil {
			w = &timeoffWork{sessions: map[string]session{}, persons: map[string]bool{}}
			work[tenant] = w
		}
		return w
	}
	for i := range batch {
		env := &batch[i]
		switch env.Kind {
		case event.KindStatement:
			if !bytes.Contains(env.Body, []byte(`"duration"`)) && !bytes.Contains(env.Body, []byte(profile.VerbVoided)) {
				continue // neither a session nor a void: skip the decoding
			}
			st, err := xapi.Decode(env.Body)
			if err != nil {
				return &PoisonError{Seq: env.Seq, Reason: "statement body does not decode: " + err.Error()}
			}
			if target, ok := voidTarget(st); ok {
				voids.add(env.Seq, env.Tenant, target, env.ID, env.Seq)
				continue
			}
			s, v, ok := sessionOf(env, st)
			if !ok {
				continue
			}
			sessions.add(env.Seq, v...)
			workOf(env.Tenant).sessions[s.StatementID] = s
		case event.KindPerson:
			v, err := personValues(env)
			if err != nil {
				return err
			}
			people.add(env.Seq, v...)
			workOf(env.Tenant).persons[v[1].(string)] = true
		case event.KindSettings:
			v, _, err := settingsValues(env)
			if err != nil {
				return err
			}
			settings.add(env.Seq, v...)
			workOf(env.Tenant).all = true
		}
	}
	// Facts first: the computation below reads them back, so that what
	// this batch brings and what earlier batches brought are seen alike.
	for _, b := range []*tableBatch{people, settings, voids, sessions} {
		if err := b.send(ctx, t.conn); err != nil {
			return err
		}
	}
	for tenant, w := range work {
		if err := t.compute(ctx, tenant, w); err != nil {
			return err
		}
	}
	return nil
}

// sessionOf returns the session of a statement, if it is one: a positive
// duration of at most maxSession; within a cmi5 session only its
// terminated or abandoned statement.
func sessionOf(env *event.Envelope, st *xapi.Statement) (session, []any, bool) {
	d, ok, err := st.Result.DurationValue()
	if !ok || err != nil || d <= 0 || d > maxSession || st.Object.Kind() != xapi.TypeActivity {
		return session{}, nil, false
	}
	class := profile.ClassOf(st.Verb.ID)
	var ext profile.Extensions
	reg := ""
	if st.Context != nil {
		ext = st.Context.Extensions
		reg = strings.ToLower(st.Context.Registration)
	}
	key, rank, completion := "", uint8(0), uint8(0)
	if sid, ok, err := profile.CMI5SessionID(ext); ok && err == nil {
		switch class {
		case profile.ClassTerminated:
		case profile.ClassAbandoned:
			rank = 1
		default:
			return session{}, nil, false // a cmi5 session's time is its terminated (or abandoned) duration
		}
		key = sid
	} else if class == profile.ClassCompleted || class == profile.ClassPassed || class == profile.ClassFailed {
		completion = 1
	}
	wt := int8(-1)
	if v, ok, err := profile.WorkTime(ext); ok && err == nil {
		wt = 0
		if v {
			wt = 1
		}
	}
	form := ""
	_, courseDef := courseOf(st)
	for _, def := range []*xapi.ActivityDefinition{st.Object.Definition, courseDef} {
		if def == nil || form != "" {
			continue
		}
		if f, ok, err := profile.LearningForm(def.Extensions); ok && err == nil {
			form = f
		}
	}
	end := statementTime(env, st)
	s := session{StatementID: env.ID, Actor: st.Actor.IFI(), Form: form, StartMs: end.Add(-d).UnixMilli(), EndMs: end.UnixMilli(), WorkTime: wt}
	return s, []any{env.Tenant, s.Actor, s.StatementID, reg, key, rank, completion, form, s.StartMs, s.EndMs, wt, env.Seq}, true
}

// personKeys is what the computation needs of a person version.
type personKeys struct {
	PersonID string   `ch:"person_id"`
	Actors   []string `ch:"actors"`
	Timezone string   `ch:"timezone"`
	Schedule string   `ch:"schedule"`
}

// compute writes the minutes rows a batch calls for in one tenant.
func (t *TimeOff) compute(ctx context.Context, tenant string, w *timeoffWork) error {
	defaults, err := t.tenantDefaults(ctx, tenant)
	if err != nil {
		return err
	}
	var versions []personKeys
	if w.all {
		versions, err = t.people(ctx, tenant, "", nil)
	} else {
		actors := make([]string, 0, len(w.sessions))
		for _, s := range w.sessions {
			actors = append(actors, s.Actor)
		}
		versions, err = t.relatedPeople(ctx, tenant, actors, keysOf(w.persons))
	}
	if err != nil {
		return err
	}
	// Each actor gets the keys of every version of every person that
	// lists it in some version: the view may resolve a session to any of
	// them, depending on the session's day.
	keysOfPerson := map[string]map[string]bool{}
	actorsOfPerson := map[string]map[string]bool{}
	for _, v := range versions {
		tz, sched := v.Timezone, v.Schedule
		if tz == "" {
			tz = defaults.Timezone
		}
		if sched == "" {
			sched = defaults.Schedule
		}
		addTo(keysOfPerson, v.PersonID, refdata.ScheduleKey(tz, sched))
		for _, a := range v.Actors {
			addTo(actorsOfPerson, v.PersonID, a)
		}
	}
	keysOfActor := map[string][]string{}
	for p, actors := range actorsOfPerson {
		for a := range actors {
			for k := range keysOfPerson[p] {
				keysOfActor[a] = append(keysOfActor[a], k)
			}
		}
	}
	m := &minutesWriter{t: t, tenant: tenant, base: refdata.ScheduleKey(defaults.Timezone, defaults.Schedule),
		keysOf: keysOfActor, weeks: map[string]compiledKey{}, done: map[string]bool{},
		rows: newTableBatch("timeoff_minutes", "tenant, statement_id, schedule_key, day, actor_ifi, learning_form, start, total_ms, work_ms")}
	for _, s := range w.sessions {
		if err := m.add(ctx, s); err != nil {
			return err
		}
	}
	switch {
	case w.all:
		err = t.sessions(ctx, tenant, nil, m.add)
	case len(w.persons) > 0:
		actors := map[string]bool{}
		for p := range w.persons {
			for a := range actorsOfPerson[p] {
				actors[a] = true
			}
		}
		err = t.sessions(ctx, tenant, keysOf(actors), m.add)
	}
	if err != nil {
		return err
	}
	return m.rows.send(ctx, t.conn)
}

func addTo(m map[string]map[string]bool, k, v string) {
	if m[k] == nil {
		m[k] = map[string]bool{}
	}
	m[k][v] = true
}

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// compiledKey is a schedule key ready to split sessions.
type compiledKey struct {
	loc  *time.Location
	week refdata.WorkWeek
}

// minutesWriter computes minutes rows and inserts them in chunks.
type minutesWriter struct {
	t      *TimeOff
	tenant string
	base   string              // the tenant's default schedule key
	keysOf map[string][]string // actor → schedule keys of its person versions
	weeks  map[string]compiledKey
	done   map[string]bool // statement ids already computed in this batch
	rows   *tableBatch
}

func (m *minutesWriter) add(ctx context.Context, s session) error {
	if m.done[s.StatementID] {
		return nil
	}
	m.done[s.StatementID] = true
	start, end := time.UnixMilli(s.StartMs).UTC(), time.UnixMilli(s.EndMs).UTC()
	seen := map[string]bool{}
	for _, key := range append([]string{m.base}, m.keysOf[s.Actor]...) {
		if seen[key] {
			continue
		}
		seen[key] = true
		ck, ok := m.weeks[key]
		if !ok {
			loc, week, err := refdata.ParseScheduleKey(key)
			if err != nil {
				return fmt.Errorf("timeoff: schedule key of tenant %s: %w", m.tenant, err)
			}
			ck = compiledKey{loc: loc, week: week}
			m.weeks[key] = ck
		}
		for _, d := range ck.week.Split(start, end, ck.loc) {
			work := d.Work
			switch s.WorkTime {
			case 1:
				work = d.Total
			case 0:
				work = 0
			}
			m.rows.add(0, m.tenant, s.StatementID, key, d.Day, s.Actor, s.Form, clampDateTime(start),
				uint64(d.Total.Milliseconds()), uint64(work.Milliseconds()))
		}
	}
	if m.rows.len() >= m.t.chunk {
		if err := m.rows.send(ctx, m.t.conn); err != nil {
			return err
		}
		m.rows.rows, m.rows.seqs = m.rows.rows[:0], m.rows.seqs[:0]
	}
	return nil
}

// tenantDefaults reads the tenant's time zone and schedule, or the
// defaults when it never sent settings.
func (t *TimeOff) tenantDefaults(ctx context.Context, tenant string) (tenantDefaults, error) {
	var rows []tenantDefaults
	if err := t.conn.Select(ctx, &rows, "SELECT timezone, schedule FROM timeoff_settings FINAL WHERE tenant = ?", tenant); err != nil {
		return tenantDefaults{}, fmt.Errorf("read timeoff_settings: %w", err)
	}
	if len(rows) == 0 {
		return defaultTenant(), nil
	}
	return rows[0], nil
}

// people reads the person versions of the tenant, all or those matching
// where (a condition on the columns, with args).
func (t *TimeOff) people(ctx context.Context, tenant, where string, args []any) ([]personKeys, error) {
	q := "SELECT person_id, actors, timezone, schedule FROM timeoff_people FINAL WHERE tenant = ?"
	if where != "" {
		q += " AND (" + where + ")"
	}
	var out []personKeys
	if err := t.conn.Select(ctx, &out, q, append([]any{tenant}, args...)...); err != nil {
		return nil, fmt.Errorf("read timeoff_people: %w", err)
	}
	return out, nil
}

// relatedPeople reads every version of the persons that list one of the
// actors in some version, or that are named in persons.
func (t *TimeOff) relatedPeople(ctx context.Context, tenant string, actors, persons []string) ([]personKeys, error) {
	var out []personKeys
	seen := map[string]bool{}
	add := func(vs []personKeys) {
		for _, v := range vs {
			if k := v.PersonID + "\x00" + strings.Join(v.Actors, ","); !seen[k] {
				seen[k] = true
				out = append(out, v)
			}
		}
	}
	for _, part := range chunks(actors, idsPerQuery) {
		vs, err := t.people(ctx, tenant,
			"person_id IN (SELECT person_id FROM timeoff_people WHERE tenant = ? AND hasAny(actors, ?))", []any{tenant, part})
		if err != nil {
			return nil, err
		}
		add(vs)
	}
	for _, part := range chunks(persons, idsPerQuery) {
		vs, err := t.people(ctx, tenant, "person_id IN ?", []any{chconn.StringSet(part)})
		if err != nil {
			return nil, err
		}
		add(vs)
	}
	return out, nil
}

// idsPerQuery bounds the ids in one IN list, far below ClickHouse's
// max_query_size.
const idsPerQuery = 1000

// sessions hands the tenant's sessions, all of them or those of the
// actors, to fn, page by page in key order, so that fn may write to
// ClickHouse while no query is open.
func (t *TimeOff) sessions(ctx context.Context, tenant string, actors []string, fn func(context.Context, session) error) error {
	run := func(where string, args ...any) error {
		after := []any{"", ""}
		for {
			var rows []session
			q := "SELECT toString(statement_id) AS statement_id, actor_ifi, learning_form, start_ms, end_ms, work_time " +
				"FROM timeoff_sessions FINAL WHERE tenant = ?" + where + " AND (actor_ifi, toString(statement_id)) > (?, ?) " +
				"ORDER BY actor_ifi, statement_id LIMIT " + strconv.Itoa(t.chunk)
			if err := t.conn.Select(ctx, &rows, q, append(append([]any{tenant}, args...), after...)...); err != nil {
				return fmt.Errorf("read timeoff_sessions: %w", err)
			}
			for _, s := range rows {
				if err := fn(ctx, s); err != nil {
					return err
				}
			}
			if len(rows) < t.chunk {
				return nil
			}
			last := rows[len(rows)-1]
			after = []any{last.Actor, last.StatementID}
		}
	}
	if actors == nil {
		return run("")
	}
	for _, part := range chunks(actors, idsPerQuery) {
		if err := run(" AND actor_ifi IN ?", chconn.StringSet(part)); err != nil {
			return err
		}
	}
	return nil
}

func chunks[T any](ids []T, n int) [][]T {
	var out [][]T
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}
