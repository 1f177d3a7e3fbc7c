package processor_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/shopspring/decimal"

	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/profile"
)

// This file builds the events of the metrics tests (reference data and
// xAPI statements with Leerlijn's profile), feeds them to the metric
// projections and reads the analytics contract back.

// metricViews are the views of the analytics contract, each with the
// columns it orders by in snapshots.
var metricViews = []string{"budget_utilisation", "budget_ledger", "enrolments", "completion", "time_off_work", "data_quality"}

// metricProjections returns every projection the analytics contract reads.
func metricProjections(conn driver.Conn) []processor.Projection {
	return []processor.Projection{
		processor.NewDirectory(conn),
		processor.NewBudget(conn),
		processor.NewLearning(conn),
		processor.NewTimeOff(conn),
	}
}

// refEvent is a reference-data event as the collector's API writes it.
func refEvent(tenant string, kind event.Kind, id string, seq uint64, stored time.Time, body string) event.Envelope {
	return event.Envelope{Tenant: tenant, Kind: kind, ID: id, Stored: stored, Body: []byte(body), Seq: seq, Client: "test"}
}

// xs is an xAPI statement of the metrics tests; zero fields are left out.
type xs struct {
	id     string
	actor  string // e-mail address
	verb   string
	object string
	// objectCourse types the object as a course; name and form go on the
	// object's definition.
	objectCourse bool
	name, form   string
	// parent and grouping are a course the object belongs to (typed as a
	// course), as its parent or in its grouping.
	parent, grouping string
	reg              string
	at               time.Time
	duration         string
	cost             string // "1250.00 EUR"
	budget           string
	workTime         string // "true" / "false"
	cmi5             string // session id
	score            string // scaled, e.g. "0.8"
	rawContext       string // extra context member, verbatim
}

func (s xs) body() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"id":%q,"actor":{"mbox":"mailto:%s"},"verb":{"id":%q},"object":{"objectType":"Activity","id":%q`, s.id, s.actor, s.verb, s.object)
	var def []string
	if s.objectCourse {
		def = append(def, fmt.Sprintf(`"type":%q`, profile.ActivityTypeCourse))
	}
	if s.name != "" {
		def = append(def, fmt.Sprintf(`"name":{"en-US":%q}`, s.name))
	}
	if s.form != "" {
		def = append(def, fmt.Sprintf(`"extensions":{%q:%q}`, profile.ExtLearningForm, s.form))
	}
	if len(def) > 0 {
		b.WriteString(`,"definition":{` + strings.Join(def, ",") + `}`)
	}
	b.WriteString(`}`)
	var res []string
	if s.duration != "" {
		res = append(res, fmt.Sprintf(`"duration":%q`, s.duration))
	}
	if s.score != "" {
		res = append(res, `"score":{"scaled":`+s.score+`}`)
	}
	if len(res) > 0 {
		b.WriteString(`,"result":{` + strings.Join(res, ",") + `}`)
	}
	var ctx, ext []string
	if s.reg != "" {
		ctx = append(ctx, fmt.Sprintf(`"registration":%q`, s.reg))
	}
	var ca []string
	for _, rel := range [][2]string{{"parent", s.parent}, {"grouping", s.grouping}} {
		if rel[1] != "" {
			ca = append(ca, fmt.Sprintf(`%q:[{"id":%q,"definition":{"type":%q}}]`, rel[0], rel[1], profile.ActivityTypeCourse))
		}
	}
	if len(ca) > 0 {
		ctx = append(ctx, `"contextActivities":{`+strings.Join(ca, ",")+`}`)
	}
	if s.cost != "" {
		amount, cur, _ := strings.Cut(s.cost, " ")
		ext = append(ext, fmt.Sprintf(`%q:{"amount":%q,"currency":%q}`, profile.ExtCost, amount, cur))
	}
	if s.budget != "" {
		ext = append(ext, fmt.Sprintf(`%q:%q`, profile.ExtBudget, s.budget))
	}
	if s.workTime != "" {
		ext = append(ext, fmt.Sprintf(`%q:%s`, profile.ExtWorkTime, s.workTime))
	}
	if s.cmi5 != "" {
		ext = append(ext, fmt.Sprintf(`%q:%q`, profile.ExtCMI5SessionID, s.cmi5))
	}
	if len(ext) > 0 {
		ctx = append(ctx, `"extensions":{`+strings.Join(ext, ",")+`}`)
	}
	if s.rawContext != "" {
		ctx = append(ctx, s.rawContext)
	}
	if len(ctx) > 0 {
		b.WriteString(`,"context":{` + strings.Join(ctx, ",") + `}`)
	}
	fmt.Fprintf(&b, `,"timestamp":%q,"stored":%q,"version":"1.0.0"}`, s.at.UTC().Format(time.RFC3339Nano), s.at.UTC().Format(time.RFC3339Nano))
	return []byte(b.String())
}

func (s xs) env(tenant string, seq uint64) event.Envelope {
	return event.Envelope{Tenant: tenant, Kind: event.KindStatement, ID: s.id, Stored: s.at, Body: s.body(), Seq: seq, Client: "test"}
}

// voidOf is a statement voiding target.
func voidOf(tenant, id, target string, at time.Time, seq uint64) event.Envelope {
	body := fmt.Sprintf(`{"id":%q,"actor":{"mbox":"mailto:lms@example.com"},"verb":{"id":%q},"object":{"objectType":"StatementRef","id":%q},"timestamp":%q}`,
		id, profile.VerbVoided, target, at.UTC().Format(time.RFC3339))
	return event.Envelope{Tenant: tenant, Kind: event.KindStatement, ID: id, Stored: at, Body: []byte(body), Seq: seq, Client: "test"}
}

// reads reports whether projection p reads events of env's kind.
func reads(p processor.Projection, env *event.Envelope) bool {
	for _, f := range p.Subjects() {
		if parts := strings.Split(f, "."); len(parts) >= 3 && parts[2] == string(env.Kind) {
			return true
		}
	}
	return false
}

// applyAll hands the events, in order and in batches of size, to every
// projection that reads them, as the Runner would.
func applyAll(t *testing.T, ps []processor.Projection, events []event.Envelope, size int) {
	t.Helper()
	feed(t, ps, events, func() int { return size }, false)
}

// feed hands the events in order to every projection that reads them, in
// batches whose sizes next returns; with twice, every batch is applied a
// second time right after the first (a redelivery).
func feed(t *testing.T, ps []processor.Projection, events []event.Envelope, next func() int, twice bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	for _, p := range ps {
		var mine []event.Envelope
		for i := range events {
			if reads(p, &events[i]) {
				mine = append(mine, events[i])
			}
		}
		for len(mine) > 0 {
			n := min(max(next(), 1), len(mine))
			for range map[bool]int{false: 1, true: 2}[twice] {
				if err := p.Apply(ctx, mine[:n]); err != nil {
					t.Fatalf("%s: apply: %v", p.Name(), err)
				}
			}
			mine = mine[n:]
		}
	}
}

func resetAll(t *testing.T, ps []processor.Projection) {
	t.Helper()
	for _, p := range ps {
		if err := p.Reset(t.Context()); err != nil {
			t.Fatalf("reset %s: %v", p.Name(), err)
		}
	}
}

// shuffled returns the events in a random order (seeded, so a failure can
// be reproduced).
func shuffled(events []event.Envelope, seed uint64) []event.Envelope {
	out := append([]event.Envelope(nil), events...)
	r := rand.New(rand.NewPCG(seed, seed))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// viewRows reads a view (or any query) as rows of text, sorted, with
// values formatted alike for both engines (see cell).
func viewRows(t *testing.T, conn driver.Conn, query string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	rows, err := conn.Query(ctx, query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	var out []string
	for rows.Next() {
		dest := make([]any, len(types))
		for i, ct := range types {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatalf("%s: scan: %v", query, err)
		}
		cells := make([]string, len(dest))
		for i, d := range dest {
			cells[i] = cell(reflect.ValueOf(d).Elem().Interface(), types[i].DatabaseTypeName())
		}
		out = append(out, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	sort.Strings(out)
	return out
}

// snapshot reads every view of the contract.
func snapshot(t *testing.T, conn driver.Conn) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, v := range metricViews {
		out[v] = viewRows(t, conn, "SELECT * FROM "+v)
	}
	return out
}

// cell formats one value of a column of type typ: NULL, decimals with two
// places, times in UTC (dates without a time), floats to 9 significant
// digits (both engines compute them alike; the rounding keeps the text
// readable), arrays in brackets.
func cell(v any, typ string) string {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return "NULL"
	}
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "NULL"
		}
		return cell(rv.Elem().Interface(), typ)
	}
	switch x := v.(type) {
	case decimal.Decimal:
		return x.StringFixed(2)
	case time.Time:
		if !strings.Contains(typ, "DateTime") {
			return x.Format(time.DateOnly)
		}
		return x.UTC().Format("2006-01-02 15:04:05")
	case float64:
		return strconv.FormatFloat(x, 'g', 9, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', 9, 32)
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = cell(e, typ)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	if rv.Kind() == reflect.Slice {
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = cell(rv.Index(i).Interface(), typ)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	return fmt.Sprint(v)
}

// world is a database with the schema and the metric projections, in which
// each subtest uses a tenant of its own.
type world struct {
	t    *testing.T
	conn driver.Conn
	ps   []processor.Projection
	seq  uint64
}

func newWorld(t *testing.T) *world {
	db := schemaDB(t)
	return &world{t: t, conn: db.Conn, ps: metricProjections(db.Conn)}
}

// apply gives the events the next stream sequences, in the order given,
// and applies them one batch per event.
func (w *world) apply(t *testing.T, events ...event.Envelope) {
	t.Helper()
	for i := range events {
		w.seq++
		events[i].Seq = w.seq
	}
	applyAll(t, w.ps, events, 1)
}

// rows reads a view of one tenant without the tenant column, sorted.
func (w *world) rows(t *testing.T, view, tenant, columns string) []string {
	t.Helper()
	return viewRows(t, w.conn, "SELECT "+columns+" FROM "+view+" WHERE tenant = '"+tenant+"'")
}

// st is a statement event of tenant.
func st(tenant string, s xs) event.Envelope { return s.env(tenant, 0) }

// person, budget, expense and settings events of tenant.
func personEv(tenant, id, body string) event.Envelope {
	return refEvent(tenant, event.KindPerson, id, 0, utc("2026-01-01 00:00"), body)
}

func budgetEv(tenant, id string, stored time.Time, body string) event.Envelope {
	return refEvent(tenant, event.KindBudget, id, 0, stored, body)
}

func expenseEv(tenant, id, body string) event.Envelope {
	return refEvent(tenant, event.KindExpense, id, 0, utc("2026-01-01 00:00"), body)
}

func settingsEv(tenant, body string) event.Envelope {
	return refEvent(tenant, event.KindSettings, "", 0, utc("2026-01-01 00:00"), body)
}

// simplePerson is a person version in org unit from validFrom, with an
// hourly cost, time zone and schedule ("" for none / the tenant's).
func simplePerson(email, org, cost, zone, schedule, validFrom string) string {
	b := fmt.Sprintf(`{"actors":[{"mbox":"mailto:%s"}],"org_unit":%q,"valid_from":%q`, email, org, validFrom)
	if cost != "" {
		b += fmt.Sprintf(`,"hourly_cost":%q`, cost)
	}
	if zone != "" {
		b += fmt.Sprintf(`,"timezone":%q`, zone)
	}
	if schedule != "" {
		b += `,"work_schedule":` + schedule
	}
	return b + "}"
}
