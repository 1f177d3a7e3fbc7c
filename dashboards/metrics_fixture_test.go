package dashboards_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/profile"
)

// The fixture of the budget, completion, time-off and overview dashboards:
// reference data and xAPI statements of one tenant, applied through the
// real metric projections (processor: directory, budget, learning,
// timeoff), so that the panels read real projection output through the
// views of the analytics contract. The numbers every panel must show are
// worked out by hand from this description in want_*_test.go.
//
// All times are UTC unless marked AMS (Europe/Amsterdam, UTC+1 in
// February and March 2026) or IST (Asia/Kolkata, UTC+5:30). The panels are
// expanded for the range Monday 2 March 00:00 to Sunday 15 March 23:59:59
// 2026 (14 days, metricsRequest); the overview compares it with the 14 days
// before, 16 February to 1 March.
//
// Settings: EUR, Europe/Amsterdam, Monday to Friday 09:00-17:00, abandoned
// after 30 days (every started enrolment below that did not finish is
// abandoned, since its last statement is long past).
//
// People (all valid from 2026-01-01):
//
//	p-ann  ann@acme.test  Acme/Ops/Logistics  60.00/h  Europe/Amsterdam
//	p-bob  bob@acme.test  Acme/Ops            40.00/h  (the tenant's zone)
//	p-cas  cas@acme.test  Acme/Sales          50.00/h  Asia/Kolkata, the tenant's schedule (09:00-17:00 IST)
//	dan@acme.test is in no person: an unknown learner (org unit '').
//
// Budgets (put 2 January 2026):
//
//	b-ops    "Operations 2026"        team Acme/Ops          2026       10,000.00 EUR
//	b-sales  "Sales 2026"             team Acme/Sales        2026        4,000.00 EUR
//	b-ann    "Ann's learning budget"  individual, p-ann      2026        1,000.00 EUR
//	b-usd    "US events"              team Acme/Sales/US     2026        2,000.00 USD
//	b-old    "Operations 2025"        team Acme/Ops          2025        5,000.00 EUR
//
// Expense e-1 on b-ops: 250.00 EUR at 12 March 12:00.
//
// Activities (course = typed as a course; form on its definition):
//
//	safety       "Safety 101"       course, formal         lesson safety/lesson-1 (formal)
//	negotiation  "Negotiation"      course, formal         module negotiation/module-1 (formal)
//	excel        "Excel"            course, self-directed
//	coaching     "Coaching circle"  course, workplace
//	forklift     "Forklift practice"        workplace      (no registration)
//	mentoring    "Mentoring"                social         (no registration)
//
// Statements, in log order (sid(n)):
//
//	 n  actor  verb          object                reg  time (UTC)          extra
//	 1  ann    registered    safety                R1   03-02 09:00         cost 600.00 EUR
//	 2  ann    experienced   safety lesson-1       R1   03-03 10:00         PT1H    (Tue 10:00-11:00 AMS)
//	 3  ann    passed        safety                R1   03-05 14:00         score 0.85
//	 4  bob    registered    safety                R2   03-03 08:00         cost 600.00 EUR
//	 5  bob    launched      safety                R2   03-04 08:00
//	 6  bob    failed        safety                R2   03-10 15:00         score 0.45
//	 7  cas    registered    negotiation           R3   03-04 05:00         cost 1,200.00 EUR
//	 8  cas    experienced   negotiation module-1  R3   03-04 12:30         PT1H30M (Wed 16:30-18:00 IST)
//	 9  bob    registered    excel                 R4   03-09 08:00         cost 300.00 EUR
//	10  bob    unregistered  excel                 R4   03-11 09:00
//	11  ann    registered    excel                 R5   02-20 10:00         cost 300.00 EUR
//	12  ann    experienced   excel                 R5   02-24 09:00         PT1H    (Tue 09:00-10:00 AMS)
//	13  ann    completed     excel                 R5   03-03 16:00
//	14  dan    registered    safety                R6   03-06 10:00         cost 600.00 EUR
//	15  dan    experienced   safety lesson-1       R6   03-06 11:00         PT30M   (Fri 11:30-12:00 AMS)
//	16  cas    registered    coaching              R7   03-10 04:00         cost 100.00 EUR
//	17  cas    experienced   coaching              R7   03-12 04:30         PT1H    (Thu 09:00-10:00 IST)
//	18  cas    completed     coaching              R7   03-13 05:00         score 0.95
//	19  bob    experienced   forklift              -    03-07 11:00         PT2H    (Sat 10:00-12:00 AMS)
//	20  ann    experienced   mentoring             -    03-10 18:45         PT45M   (Tue 19:00-19:45 AMS)
//	21  ann    experienced   forklift              -    02-26 13:30         PT30M   (Thu 14:00-14:30 AMS)
//	22  bob    experienced   forklift              -    03-16 10:00         PT1H    (Mon 10:00-11:00 AMS, after the range)
//
// What the projections make of it (docs/metrics.md):
//
// Enrolments (enrolled_at, started_at, completed_at, status, score):
//
//	R1   ann  safety       Logistics  formal         03-02 09:00  03-03 10:00  03-05 14:00  passed     0.85  b-ann
//	R2   bob  safety       Ops        formal         03-03 08:00  03-04 08:00  -            failed     0.45  b-ops
//	R3   cas  negotiation  Sales      formal         03-04 05:00  03-04 12:30  -            abandoned  -     b-sales
//	R4   bob  excel        Ops        self-directed  03-09 08:00  -            -            cancelled  -     b-ops
//	R5   ann  excel        Logistics  self-directed  02-20 10:00  02-24 09:00  03-03 16:00  completed  -     b-ann
//	R6   dan  safety       ''         formal         03-06 10:00  03-06 11:00  -            abandoned  -     (unbudgeted)
//	R7   cas  coaching     Sales      workplace      03-10 04:00  03-12 04:30  03-13 05:00  completed  0.95  b-sales
//	bob  forklift          Ops        workplace      03-07 11:00  03-07 11:00  -            abandoned  -     (statements 19, 22)
//	ann  mentoring         Logistics  social         03-10 18:45  03-10 18:45  -            abandoned  -
//	ann  forklift          Logistics  workplace      02-26 13:30  02-26 13:30  -            abandoned  -
//
// Budget ledger (EUR; b-usd and b-old have only their allocation):
//
//	b-ann    allocation 1,000.00 (01-02); R5 commitment 300.00 (02-20 10:00); R1 commitment 600.00 (03-02 09:00);
//	         R5 release -300.00 + spend 300.00 (03-03 16:00); R1 release -600.00 + spend 600.00 (03-05 14:00)
//	b-ops    allocation 10,000.00; R2 commitment 600.00 (03-03 08:00); R4 commitment 300.00 (03-09 08:00);
//	         R2 release -600.00 + spend 600.00 (03-10 15:00, the fail finishes it); R4 release -300.00 (03-11 09:00);
//	         e-1 spend 250.00 (03-12 12:00)
//	b-sales  allocation 4,000.00; R3 commitment 1,200.00 (03-04 05:00); R7 commitment 100.00 (03-10 04:00);
//	         R7 release -100.00 + spend 100.00 (03-13 05:00)
//	R6 (dan): unbudgeted_cost, 600.00 EUR, not booked.
//
// Time off work (per session: local day, org unit, form, minutes total / in working time, cost):
//
//	S1  #2   ann  03-03  Logistics  formal         60 / 60   60.00
//	S3  #8   cas  03-04  Sales      formal         90 / 30   25.00  (16:30-17:00 IST in working time)
//	S6  #15  dan  03-06  ''         formal         30 / 30    0.00  (unknown learner: the tenant's schedule, no cost)
//	S2  #19  bob  03-07  Ops        workplace     120 /  0    0.00  (Saturday)
//	S4  #20  ann  03-10  Logistics  social         45 /  0    0.00
//	S7  #17  cas  03-12  Sales      workplace      60 / 60   50.00
//	S5  #12  ann  02-24  Logistics  self-directed  60 / 60   60.00  (previous period)
//	S8  #21  ann  02-26  Logistics  workplace      30 / 30   30.00  (previous period)
//	S9  #22  bob  03-16  Ops        workplace      60 / 60   40.00  (after the range)

const metricsTenant = "acme"

// Activities of the metrics fixture.
const (
	actSafety      = "https://lms.acme.test/course/safety"
	actSafetyL1    = "https://lms.acme.test/course/safety/lesson-1"
	actNegotiation = "https://lms.acme.test/course/negotiation"
	actNegoModule  = "https://lms.acme.test/course/negotiation/module-1"
	actExcel       = "https://lms.acme.test/course/excel"
	actCoaching    = "https://lxp.acme.test/coaching"
	actForklift    = "https://lxp.acme.test/forklift"
	actMentoring   = "https://lxp.acme.test/mentoring"
)

// Registrations of the metrics fixture.
const (
	regR1 = "a1000000-0000-4000-8000-000000000001"
	regR2 = "a1000000-0000-4000-8000-000000000002"
	regR3 = "a1000000-0000-4000-8000-000000000003"
	regR4 = "a1000000-0000-4000-8000-000000000004"
	regR5 = "a1000000-0000-4000-8000-000000000005"
	regR6 = "a1000000-0000-4000-8000-000000000006"
	regR7 = "a1000000-0000-4000-8000-000000000007"
)

const (
	ann = "ann@acme.test"
	bob = "bob@acme.test"
	cas = "cas@acme.test"
	dan = "dan@acme.test"
)

// sid is the id of statement n of the fixture.
func sid(n int) string { return fmt.Sprintf("5c000000-0000-4000-8000-%012d", n) }

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// xs is an xAPI statement of the fixture; zero fields are left out.
type xs struct {
	n            int
	actor        string // e-mail address
	verb         string
	object       string
	objectCourse bool   // the object is typed as a course
	name, form   string // on the object's definition
	parent       string // a course the object belongs to (contextActivities.parent)
	reg          string
	at           time.Time
	duration     string
	cost         string // "600.00 EUR"
	score        string // scaled
}

func (s xs) body() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"id":%q,"actor":{"mbox":"mailto:%s"},"verb":{"id":%q},"object":{"objectType":"Activity","id":%q`, sid(s.n), s.actor, s.verb, s.object)
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
	var ctx []string
	if s.reg != "" {
		ctx = append(ctx, fmt.Sprintf(`"registration":%q`, s.reg))
	}
	if s.parent != "" {
		ctx = append(ctx, fmt.Sprintf(`"contextActivities":{"parent":[{"id":%q,"definition":{"type":%q}}]}`, s.parent, profile.ActivityTypeCourse))
	}
	if s.cost != "" {
		amount, cur, _ := strings.Cut(s.cost, " ")
		ctx = append(ctx, fmt.Sprintf(`"extensions":{%q:{"amount":%q,"currency":%q}}`, profile.ExtCost, amount, cur))
	}
	if len(ctx) > 0 {
		b.WriteString(`,"context":{` + strings.Join(ctx, ",") + `}`)
	}
	ts := s.at.UTC().Format(time.RFC3339)
	fmt.Fprintf(&b, `,"timestamp":%q,"stored":%q,"version":"1.0.0"}`, ts, ts)
	return []byte(b.String())
}

// metricsEvents returns the fixture's events in log order, sequences 1…n.
func metricsEvents() []event.Envelope {
	var out []event.Envelope
	add := func(kind event.Kind, id string, stored time.Time, body []byte) {
		out = append(out, event.Envelope{Tenant: metricsTenant, Kind: kind, ID: id, Stored: stored, Body: body,
			Seq: uint64(len(out) + 1), Client: "test"})
	}
	ref := func(kind event.Kind, id, stored, body string) { add(kind, id, at(stored), []byte(body)) }
	st := func(s xs) { add(event.KindStatement, sid(s.n), s.at, s.body()) }
	course := func(n int, actor, verb, object, name, form, reg, when string) xs {
		return xs{n: n, actor: actor, verb: verb, object: object, objectCourse: true, name: name, form: form, reg: reg, at: at(when)}
	}
	register := func(n int, actor, object, name, form, reg, when, cost string) {
		s := course(n, actor, profile.VerbRegistered, object, name, form, reg, when)
		s.cost = cost
		st(s)
	}

	ref(event.KindSettings, "", "2026-01-01 08:00",
		`{"currency":"EUR","timezone":"Europe/Amsterdam","work_schedule":{"mon":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"],"thu":["09:00-17:00"],"fri":["09:00-17:00"]},"abandoned_after_days":30}`)
	ref(event.KindPerson, "p-ann", "2026-01-02 08:00",
		`{"actors":[{"mbox":"mailto:ann@acme.test"}],"org_unit":"Acme/Ops/Logistics","hourly_cost":"60.00","timezone":"Europe/Amsterdam","valid_from":"2026-01-01"}`)
	ref(event.KindPerson, "p-bob", "2026-01-02 08:01",
		`{"actors":[{"mbox":"mailto:bob@acme.test"}],"org_unit":"Acme/Ops","hourly_cost":"40.00","valid_from":"2026-01-01"}`)
	ref(event.KindPerson, "p-cas", "2026-01-02 08:02",
		`{"actors":[{"mbox":"mailto:cas@acme.test"}],"org_unit":"Acme/Sales","hourly_cost":"50.00","timezone":"Asia/Kolkata","valid_from":"2026-01-01"}`)
	ref(event.KindBudget, "b-ops", "2026-01-02 09:00",
		`{"name":"Operations 2026","org_unit":"Acme/Ops","period_start":"2026-01-01","period_end":"2026-12-31","amount":"10000.00","currency":"EUR"}`)
	ref(event.KindBudget, "b-sales", "2026-01-02 09:01",
		`{"name":"Sales 2026","org_unit":"Acme/Sales","period_start":"2026-01-01","period_end":"2026-12-31","amount":"4000.00","currency":"EUR"}`)
	ref(event.KindBudget, "b-ann", "2026-01-02 09:02",
		`{"name":"Ann's learning budget","person_id":"p-ann","period_start":"2026-01-01","period_end":"2026-12-31","amount":"1000.00","currency":"EUR"}`)
	ref(event.KindBudget, "b-usd", "2026-01-02 09:03",
		`{"name":"US events","org_unit":"Acme/Sales/US","period_start":"2026-01-01","period_end":"2026-12-31","amount":"2000.00","currency":"USD"}`)
	ref(event.KindBudget, "b-old", "2026-01-02 09:04",
		`{"name":"Operations 2025","org_unit":"Acme/Ops","period_start":"2025-01-01","period_end":"2025-12-31","amount":"5000.00","currency":"EUR"}`)

	const (
		formal, workplace, social, selfDirected = profile.FormFormal, profile.FormWorkplace, profile.FormSocial, profile.FormSelfDirected
	)
	// R1: ann, Safety 101, passed; her individual budget pays.
	register(1, ann, actSafety, "Safety 101", formal, regR1, "2026-03-02 09:00", "600.00 EUR")
	st(xs{n: 2, actor: ann, verb: profile.VerbExperienced, object: actSafetyL1, name: "Lesson 1", form: formal, parent: actSafety,
		reg: regR1, at: at("2026-03-03 10:00"), duration: "PT1H"})
	s := course(3, ann, profile.VerbPassed, actSafety, "Safety 101", formal, regR1, "2026-03-05 14:00")
	s.score = "0.85"
	st(s)
	// R2: bob, Safety 101, failed; Operations pays.
	register(4, bob, actSafety, "Safety 101", formal, regR2, "2026-03-03 08:00", "600.00 EUR")
	st(course(5, bob, profile.VerbLaunched, actSafety, "Safety 101", formal, regR2, "2026-03-04 08:00"))
	s = course(6, bob, profile.VerbFailed, actSafety, "Safety 101", formal, regR2, "2026-03-10 15:00")
	s.score = "0.45"
	st(s)
	// R3: cas, Negotiation, one session, then silence: abandoned.
	register(7, cas, actNegotiation, "Negotiation", formal, regR3, "2026-03-04 05:00", "1200.00 EUR")
	st(xs{n: 8, actor: cas, verb: profile.VerbExperienced, object: actNegoModule, name: "Module 1", form: formal, parent: actNegotiation,
		reg: regR3, at: at("2026-03-04 12:30"), duration: "PT1H30M"})
	// R4: bob, Excel, cancelled before the start.
	register(9, bob, actExcel, "Excel", selfDirected, regR4, "2026-03-09 08:00", "300.00 EUR")
	st(course(10, bob, profile.VerbUnregistered, actExcel, "Excel", selfDirected, regR4, "2026-03-11 09:00"))
	// R5: ann, Excel, enrolled in the previous period, completed in the range.
	register(11, ann, actExcel, "Excel", selfDirected, regR5, "2026-02-20 10:00", "300.00 EUR")
	s = course(12, ann, profile.VerbExperienced, actExcel, "Excel", selfDirected, regR5, "2026-02-24 09:00")
	s.duration = "PT1H"
	st(s)
	st(course(13, ann, profile.VerbCompleted, actExcel, "Excel", selfDirected, regR5, "2026-03-03 16:00"))
	// R6: dan, whom the directory does not know: no budget pays.
	register(14, dan, actSafety, "Safety 101", formal, regR6, "2026-03-06 10:00", "600.00 EUR")
	st(xs{n: 15, actor: dan, verb: profile.VerbExperienced, object: actSafetyL1, name: "Lesson 1", form: formal, parent: actSafety,
		reg: regR6, at: at("2026-03-06 11:00"), duration: "PT30M"})
	// R7: cas, Coaching circle (workplace, priced), completed with a score.
	register(16, cas, actCoaching, "Coaching circle", workplace, regR7, "2026-03-10 04:00", "100.00 EUR")
	s = course(17, cas, profile.VerbExperienced, actCoaching, "Coaching circle", workplace, regR7, "2026-03-12 04:30")
	s.duration = "PT1H"
	st(s)
	s = course(18, cas, profile.VerbCompleted, actCoaching, "Coaching circle", workplace, regR7, "2026-03-13 05:00")
	s.score = "0.95"
	st(s)
	// Workplace and social learning without a registration.
	lxp := func(n int, actor, object, name, form, when, duration string) {
		st(xs{n: n, actor: actor, verb: profile.VerbExperienced, object: object, name: name, form: form, at: at(when), duration: duration})
	}
	lxp(19, bob, actForklift, "Forklift practice", workplace, "2026-03-07 11:00", "PT2H")
	lxp(20, ann, actMentoring, "Mentoring", social, "2026-03-10 18:45", "PT45M")
	lxp(21, ann, actForklift, "Forklift practice", workplace, "2026-02-26 13:30", "PT30M")
	lxp(22, bob, actForklift, "Forklift practice", workplace, "2026-03-16 10:00", "PT1H")

	ref(event.KindExpense, "e-1", "2026-03-12 12:00",
		`{"expense_id":"e-1","budget_id":"b-ops","amount":"250.00","currency":"EUR","time":"2026-03-12T12:00:00Z","description":"Venue"}`)
	return out
}

// applyMetricsFixture hands the fixture's events to the metric
// projections, each the events it reads in log order and in one batch, as
// the Runner would.
func applyMetricsFixture(ctx context.Context, t *testing.T, conn driver.Conn) {
	t.Helper()
	events := metricsEvents()
	for _, p := range []processor.Projection{
		processor.NewDirectory(conn),
		processor.NewBudget(conn),
		processor.NewLearning(conn),
		processor.NewTimeOff(conn),
	} {
		var mine []event.Envelope
		for _, e := range events {
			if reads(p, e.Kind) {
				mine = append(mine, e)
			}
		}
		if len(mine) == 0 {
			t.Fatalf("projection %s reads none of the fixture's events", p.Name())
		}
		if err := p.Apply(ctx, mine); err != nil {
			t.Fatalf("%s: apply the fixture: %v", p.Name(), err)
		}
	}
}

// reads reports whether projection p reads events of kind.
func reads(p processor.Projection, kind event.Kind) bool {
	for _, f := range p.Subjects() {
		if parts := strings.Split(f, "."); len(parts) >= 3 && parts[2] == string(kind) {
			return true
		}
	}
	return false
}
