package processor_test

import (
	"fmt"
	"time"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/profile"
)

// The scenario of the metrics tests: one tenant's quarter of training, with
// every rule of docs/metrics.md exercised once, and a second tenant that
// must stay apart. Its numbers are worked out by hand in
// metrics_scenario_expect_test.go and in docs/metrics.md.
//
// The events are listed in log order; several arrive "too early" on
// purpose: bob's statements before bob, a registration before the budget
// that pays it, a void before the statement it voids.

const (
	tenantA = "acme"
	tenantB = "globex"
)

// Courses and activities.
const (
	courseSafety      = "https://lms.acme.test/course/safety-101"
	courseNegotiation = "https://lms.acme.test/course/negotiation"
	courseExcel       = "https://lms.acme.test/course/excel"
	courseFirstAid    = "https://lms.acme.test/course/first-aid"
	courseLeadership  = "https://lms.acme.test/course/leadership"
	lessonSafety1     = "https://lms.acme.test/course/safety-101/lesson-1"
	forkliftPractice  = "https://lms.acme.test/workplace/forklift"
	mentoring         = "https://lms.acme.test/social/mentoring"
	auLeadership      = "https://lms.acme.test/course/leadership/au-1"
)

// Registrations.
const (
	regAnnSafety      = "a1000000-0000-4000-8000-000000000001"
	regAnnNegotiation = "a1000000-0000-4000-8000-000000000002"
	regBobSafety      = "a1000000-0000-4000-8000-000000000003"
	regEveSafety      = "a1000000-0000-4000-8000-000000000004"
	regBobExcel       = "a1000000-0000-4000-8000-000000000005"
	regAnnExcel       = "a1000000-0000-4000-8000-000000000006"
	regBobFirstAid    = "a1000000-0000-4000-8000-000000000007"
	regAnnLeadership  = "a1000000-0000-4000-8000-000000000008"
)

func sid(n int) string { return fmt.Sprintf("5c000000-0000-4000-8000-%012d", n) }

// ams is a wall-clock time in Amsterdam.
func ams(s string) time.Time {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	ann = "ann@acme.test"
	bob = "bob@acme.test"
	eve = "eve@acme.test"
)

// scenarioEvents returns the scenario's events in log order, sequences 1…n.
func scenarioEvents() []event.Envelope {
	reg := func(n int, actor, course, name, form, registration string, at time.Time, cost, budget string) xs {
		return xs{id: sid(n), actor: actor, verb: profile.VerbRegistered, object: course, objectCourse: true, name: name, form: form,
			reg: registration, at: at, cost: cost, budget: budget}
	}
	on := func(n int, actor, verb, object, registration string, at time.Time) xs {
		return xs{id: sid(n), actor: actor, verb: verb, object: object, reg: registration, at: at}
	}
	var out []event.Envelope
	add := func(e event.Envelope) {
		e.Seq = uint64(len(out) + 1)
		out = append(out, e)
	}
	st := func(s xs) { add(s.env(tenantA, 0)) }
	ref := func(kind event.Kind, id string, stored time.Time, body string) {
		add(refEvent(tenantA, kind, id, 0, stored, body))
	}

	ref(event.KindSettings, "", utc("2026-01-01 08:00"),
		`{"currency":"EUR","timezone":"Europe/Amsterdam","work_schedule":{"mon":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"],"thu":["09:00-17:00"],"fri":["09:00-17:00"]},"abandoned_after_days":30}`)
	ref(event.KindPerson, "p-ann", utc("2026-01-02 08:00"),
		`{"actors":[{"mbox":"mailto:ann@acme.test"}],"org_unit":"Acme/Ops/Logistics","hourly_cost":"60.00","timezone":"Europe/Amsterdam","valid_from":"2026-01-01"}`)
	ref(event.KindBudget, "b-ops", utc("2026-01-02 09:00"),
		`{"name":"Operations 2026","org_unit":"Acme/Ops","period_start":"2026-01-01","period_end":"2026-12-31","amount":"10000.00","currency":"EUR"}`)
	ref(event.KindBudget, "b-ann", utc("2026-01-02 09:05"),
		`{"name":"Ann's learning budget","person_id":"p-ann","period_start":"2026-01-01","period_end":"2026-03-15","amount":"1500.00","currency":"EUR"}`)
	ref(event.KindBudget, "b-usd", utc("2026-01-02 09:10"),
		`{"name":"US training","org_unit":"Acme/US","period_start":"2026-01-01","period_end":"2026-12-31","amount":"1000.00","currency":"USD"}`)

	// Ann: Safety 101, with a lesson, passed; her individual budget pays.
	st(reg(1, ann, courseSafety, "Safety 101", profile.FormFormal, regAnnSafety, ams("2026-03-02 10:00"), "1200.00 EUR", ""))
	st(on(2, ann, profile.VerbLaunched, courseSafety, regAnnSafety, ams("2026-03-03 10:00")))
	st(xs{id: sid(3), actor: ann, verb: "http://adlnet.gov/expapi/verbs/experienced", object: lessonSafety1, parent: courseSafety, form: profile.FormFormal,
		reg: regAnnSafety, at: ams("2026-03-03 11:30"), duration: "PT1H30M"})
	st(xs{id: sid(4), actor: ann, verb: profile.VerbCompleted, object: lessonSafety1, parent: courseSafety, reg: regAnnSafety, at: ams("2026-03-04 09:30")})
	st(xs{id: sid(5), actor: ann, verb: profile.VerbCompleted, object: courseSafety, reg: regAnnSafety, at: ams("2026-03-10 15:00"), duration: "PT5H"})
	st(xs{id: sid(6), actor: ann, verb: profile.VerbPassed, object: courseSafety, reg: regAnnSafety, at: ams("2026-03-10 15:01"), score: "0.9"})

	// Bob's statements arrive before bob is in the directory.
	st(reg(10, bob, courseSafety, "Safety 101", profile.FormFormal, regBobSafety, ams("2026-03-04 09:00"), "1200.00 EUR", ""))
	st(on(11, bob, profile.VerbInitialized, courseSafety, regBobSafety, ams("2026-03-05 15:00")))
	st(xs{id: sid(12), actor: bob, verb: profile.VerbFailed, object: courseSafety, reg: regBobSafety, at: ams("2026-03-12 16:00"), score: "0.4"})
	st(xs{id: sid(13), actor: bob, verb: "http://adlnet.gov/expapi/verbs/experienced", object: forkliftPractice, form: profile.FormWorkplace,
		at: utc("2026-03-02 15:00"), duration: "PT2H"})
	// A registration naming a budget in another currency.
	st(reg(14, bob, courseExcel, "Excel", profile.FormSelfDirected, regBobExcel, ams("2026-03-06 09:00"), "300.00 EUR", "b-usd"))
	// A void that arrives before the registration it voids.
	add(voidOf(tenantA, sid(16), sid(15), ams("2026-03-08 12:00"), 0))
	st(reg(15, bob, courseFirstAid, "First aid", profile.FormFormal, regBobFirstAid, ams("2026-03-07 09:00"), "100.00 EUR", ""))
	ref(event.KindPerson, "p-bob", utc("2026-03-20 08:00"),
		`{"actors":[{"mbox":"mailto:bob@acme.test"}],"org_unit":"Acme/Ops","hourly_cost":"40.00","timezone":"America/New_York","work_schedule":{"mon":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"],"thu":["09:00-17:00"],"fri":["09:00-17:00"]},"valid_from":"2026-01-01"}`)

	// Eve is not in the directory: her cost fits no budget.
	st(reg(20, eve, courseSafety, "Safety 101", profile.FormFormal, regEveSafety, ams("2026-03-05 09:00"), "1200.00 EUR", ""))
	st(on(21, eve, profile.VerbLaunched, courseSafety, regEveSafety, ams("2026-03-05 10:00")))
	st(xs{id: sid(22), actor: eve, verb: "http://adlnet.gov/expapi/verbs/experienced", object: lessonSafety1, parent: courseSafety,
		reg: regEveSafety, at: utc("2026-03-05 10:30"), duration: "PT30M"})

	// Ann: Excel, spent, then the registration is voided.
	st(reg(30, ann, courseExcel, "Excel", profile.FormSelfDirected, regAnnExcel, ams("2026-03-09 09:00"), "500.00 EUR", ""))
	st(on(31, ann, profile.VerbCompleted, courseExcel, regAnnExcel, ams("2026-03-11 17:00")))
	// Workplace learning without a registration, one session crossing
	// into the weekend with the work-time extension set.
	st(xs{id: sid(40), actor: ann, verb: "http://adlnet.gov/expapi/verbs/experienced", object: forkliftPractice, form: profile.FormWorkplace,
		at: ams("2026-03-14 12:00"), duration: "PT1H", workTime: "true"})
	st(on(41, ann, profile.VerbCompleted, forkliftPractice, "", ams("2026-03-14 12:05")))
	// Leadership, a cmi5 course of several AUs, the course in the
	// statements' grouping: one session from Friday afternoon into Saturday
	// night, whose completed statement's duration is not counted again; a
	// second session is abandoned, and nothing follows.
	st(reg(50, ann, courseLeadership, "Leadership", profile.FormFormal, regAnnLeadership, ams("2026-03-02 08:00"), "", ""))
	st(xs{id: sid(51), actor: ann, grouping: courseLeadership, verb: profile.VerbInitialized, object: auLeadership, reg: regAnnLeadership, at: ams("2026-03-06 16:00"), cmi5: "s-1"})
	st(xs{id: sid(52), actor: ann, grouping: courseLeadership, verb: profile.VerbCompleted, object: auLeadership, reg: regAnnLeadership, at: ams("2026-03-07 01:00"), duration: "PT9H", cmi5: "s-1"})
	st(xs{id: sid(53), actor: ann, grouping: courseLeadership, verb: profile.VerbTerminated, object: auLeadership, form: profile.FormSelfDirected, reg: regAnnLeadership,
		at: ams("2026-03-07 02:00"), duration: "PT10H", cmi5: "s-1"})
	st(xs{id: sid(54), actor: ann, grouping: courseLeadership, verb: profile.VerbAbandoned, object: auLeadership, reg: regAnnLeadership, at: ams("2026-03-09 12:00"), cmi5: "s-2"})

	// Ann moves to Sales on 16 March.
	ref(event.KindPerson, "p-ann", utc("2026-03-13 08:00"),
		`{"actors":[{"mbox":"mailto:ann@acme.test"}],"org_unit":"Acme/Sales","hourly_cost":"60.00","timezone":"Europe/Amsterdam","valid_from":"2026-03-16"}`)
	add(voidOf(tenantA, sid(32), sid(30), ams("2026-03-18 10:00"), 0))
	// After the move her individual budget has ended: Sales pays, but the
	// Sales budget is created after the registration.
	st(reg(60, ann, courseNegotiation, "Negotiation", profile.FormSocial, regAnnNegotiation, ams("2026-03-20 10:00"), "800.00 EUR", ""))
	st(xs{id: sid(61), actor: ann, verb: "http://adlnet.gov/expapi/verbs/experienced", object: mentoring, form: profile.FormSocial,
		at: ams("2026-03-17 15:00"), duration: "PT1H"})
	st(on(62, ann, profile.VerbUnregistered, courseNegotiation, regAnnNegotiation, ams("2026-03-25 10:00")))
	ref(event.KindBudget, "b-sales", utc("2026-03-21 09:00"),
		`{"name":"Sales 2026","org_unit":"Acme/Sales","period_start":"2026-01-01","period_end":"2026-12-31","amount":"5000.00","currency":"EUR"}`)
	// Operations gets more money; expenses, two of them wrong.
	ref(event.KindBudget, "b-ops", utc("2026-04-01 09:00"),
		`{"name":"Operations 2026","org_unit":"Acme/Ops","period_start":"2026-01-01","period_end":"2026-12-31","amount":"12000.00","currency":"EUR"}`)
	ref(event.KindExpense, "e-1", utc("2026-03-10 12:00"), `{"expense_id":"e-1","budget_id":"b-ops","amount":"250.00","currency":"EUR","time":"2026-03-10T12:00:00Z","description":"Venue"}`)
	ref(event.KindExpense, "e-2", utc("2026-03-11 12:00"), `{"expense_id":"e-2","budget_id":"b-ops","amount":"30.00","currency":"USD","time":"2026-03-11T12:00:00Z","description":"Books"}`)
	ref(event.KindExpense, "e-3", utc("2026-03-12 12:00"), `{"expense_id":"e-3","budget_id":"b-none","amount":"10.00","currency":"EUR","time":"2026-03-12T12:00:00Z","description":"Taxi"}`)

	// Another tenant, with the same learner address: nothing crosses.
	add(refEvent(tenantB, event.KindPerson, "p-ann", 0, utc("2026-01-02 08:00"),
		`{"actors":[{"mbox":"mailto:ann@acme.test"}],"org_unit":"Globex","hourly_cost":"99.00","valid_from":"2026-01-01"}`))
	add(refEvent(tenantB, event.KindBudget, "b-ops", 0, utc("2026-01-02 09:00"),
		`{"name":"Globex","org_unit":"Globex","period_start":"2026-01-01","period_end":"2026-12-31","amount":"777.00","currency":"EUR"}`))
	add(xs{id: sid(90), actor: ann, verb: profile.VerbRegistered, object: courseSafety, objectCourse: true, reg: "b1000000-0000-4000-8000-000000000001",
		at: ams("2026-03-02 10:00"), cost: "70.00 EUR", duration: "PT1H"}.env(tenantB, 0))
	return out
}
