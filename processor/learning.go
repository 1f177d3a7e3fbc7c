package processor

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/shopspring/decimal"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/profile"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// Learning projects statements into learning facts: one row per statement
// about an Activity, with the verb's class, the enrolment it belongs to,
// the course it counts toward, its cost, budget and score, and the
// data-quality problems found in it. Voids are recorded beside the facts
// (learning_voids), never by rewriting them, so the views give the same
// answer whatever order the voiding and the voided statement arrive in.
// The enrolments, completion, budget ledger and data-quality views read
// these tables.
type Learning struct {
	conn driver.Conn
}

// NewLearning returns the learning projection writing through conn.
func NewLearning(conn driver.Conn) *Learning { return &Learning{conn: conn} }

// Name implements Projection.
func (*Learning) Name() string { return "learning" }

// Subjects implements Projection.
func (*Learning) Subjects() []string { return filterSubjects(event.KindStatement) }

// Reset implements Projection.
func (l *Learning) Reset(ctx context.Context) error {
	return truncateTables(ctx, l.conn, l.Name(), "learning_statements", "learning_voids")
}

const learningColumns = "tenant, statement_id, class, actor_ifi, enrolment_key, registration, object_id, course_id, course_name, " +
	"learning_form, about_course, timestamp, timestamp_ms, cost_amount, cost_currency, budget_id, score_scaled, problems, seq"

// Data-quality issue codes a statement can carry (docs/metrics.md).
const (
	issueInvalidCost         = "invalid_cost"
	issueInvalidBudget       = "invalid_budget"
	issueInvalidLearningForm = "invalid_learning_form"
	issueInvalidDuration     = "invalid_duration"
	issueSessionTooLong      = "session_too_long"
)

// maxSession is the longest duration counted as one session; longer ones
// are reported as session_too_long and not counted as time.
const maxSession = 31 * 24 * time.Hour

// Apply implements Projection.
func (l *Learning) Apply(ctx context.Context, batch []event.Envelope) error {
	facts := newTableBatch("learning_statements", learningColumns)
	voids := newTableBatch("learning_voids", "tenant, target_id, voiding_id, void_time, void_ms, seq")
	for i := range batch {
		env := &batch[i]
		st, err := xapi.Decode(env.Body)
		if err != nil {
			return &PoisonError{Seq: env.Seq, Reason: "statement body does not decode: " + err.Error()}
		}
		ts := statementTime(env, st)
		if target, ok := voidTarget(st); ok {
			voids.add(env.Seq, env.Tenant, target, env.ID, clampDateTime(ts), ts.UnixMilli(), env.Seq)
			continue
		}
		if st.Object.Kind() != xapi.TypeActivity {
			continue
		}
		facts.add(env.Seq, learningValues(env, st, ts)...)
	}
	if err := voids.send(ctx, l.conn); err != nil {
		return err
	}
	return facts.send(ctx, l.conn)
}

// statementTime is the statement's timestamp, or its stored time when it
// has none.
func statementTime(env *event.Envelope, st *xapi.Statement) time.Time {
	if st.Timestamp.IsZero() {
		return env.Stored
	}
	return st.Timestamp
}

// voidTarget returns the lowercase id a voiding statement voids.
func voidTarget(st *xapi.Statement) (string, bool) {
	if st.Verb.ID != profile.VerbVoided || st.Object.Kind() != xapi.TypeStatementRef {
		return "", false
	}
	return strings.ToLower(st.Object.ID), true
}

func learningValues(env *event.Envelope, st *xapi.Statement, ts time.Time) []any {
	class := profile.ClassOf(st.Verb.ID)
	actor := st.Actor.IFI()
	course, courseDef := courseOf(st)
	var problems []string
	form := ""
	for _, def := range []*xapi.ActivityDefinition{st.Object.Definition, courseDef} {
		if def == nil {
			continue
		}
		f, ok, err := profile.LearningForm(def.Extensions)
		if err != nil && !slices.Contains(problems, issueInvalidLearningForm) {
			problems = append(problems, issueInvalidLearningForm)
		}
		if ok && err == nil && form == "" {
			form = f // the object's own form, else its course's
		}
	}
	name := ""
	if courseDef != nil {
		name = pickName(courseDef.Name)
	}
	var ctxExt profile.Extensions
	reg := ""
	if st.Context != nil {
		ctxExt = st.Context.Extensions
		reg = strings.ToLower(st.Context.Registration)
	}
	cost, currency := decimal.Zero, ""
	budget := ""
	if class == profile.ClassRegistered {
		m, ok, err := profile.Cost(ctxExt)
		switch {
		case err != nil:
			problems = append(problems, issueInvalidCost)
		case ok:
			if d, err := decimal.NewFromString(m.Amount); err == nil {
				cost, currency = d, m.Currency
			} else {
				problems = append(problems, issueInvalidCost)
			}
		}
		b, _, err := profile.Budget(ctxExt)
		if err != nil {
			problems = append(problems, issueInvalidBudget)
		}
		budget = b
	}
	if d, ok, err := st.Result.DurationValue(); ok && err != nil {
		problems = append(problems, issueInvalidDuration)
	} else if ok && d > maxSession {
		problems = append(problems, issueSessionTooLong)
	}
	var score *float64
	if st.Result != nil && st.Result.Score != nil {
		score = st.Result.Score.Scaled
	}
	key := reg
	if key == "" {
		key = actor + " " + course
	}
	about := uint8(0)
	if st.Object.ID == course {
		about = 1
	}
	if problems == nil {
		problems = []string{}
	}
	return []any{env.Tenant, env.ID, string(class), actor, key, reg, st.Object.ID, course, name,
		form, about, clampDateTime(ts), ts.UnixMilli(), cost, currency, budget, score, problems, env.Seq}
}

// courseOf returns the activity a statement counts toward, with its
// definition when the statement carries one: the object when it is typed
// as a course; else the first context parent or grouping activity typed as
// a course; else the first parent (a lesson's module or course); else the
// object itself.
func courseOf(st *xapi.Statement) (string, *xapi.ActivityDefinition) {
	obj := &st.Object
	if isCourse(obj.Definition) {
		return obj.ID, obj.Definition
	}
	if st.Context != nil && st.Context.ContextActivities != nil {
		ca := st.Context.ContextActivities
		for _, list := range []xapi.ActivityList{ca.Parent, ca.Grouping} {
			for i := range list {
				if isCourse(list[i].Definition) {
					return list[i].ID, list[i].Definition
				}
			}
		}
		if len(ca.Parent) > 0 {
			return ca.Parent[0].ID, ca.Parent[0].Definition
		}
	}
	return obj.ID, obj.Definition
}

func isCourse(d *xapi.ActivityDefinition) bool {
	return d != nil && d.Type == profile.ActivityTypeCourse
}

// pickName returns a deterministic name from a language map: en-US, then
// en, then the first language tag in sorted order.
func pickName(m xapi.LanguageMap) string {
	for _, tag := range []string{"en-US", "en"} {
		if v, ok := m[tag]; ok {
			return v
		}
	}
	if len(m) == 0 {
		return ""
	}
	tags := make([]string, 0, len(m))
	for t := range m {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	return m[tags[0]]
}
