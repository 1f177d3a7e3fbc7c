package processor_test

import (
	"slices"
	"testing"

	"github.com/leerlijn/leerlijn/schema/profile"
)

// TestDataQualityRules: what the metrics cannot place is counted in
// data_quality, never dropped silently.
func TestDataQualityRules(t *testing.T) {
	w := newWorld(t)
	const tn, course = "quality", "https://lms.example.com/course/c1"
	const experienced = "http://adlnet.gov/expapi/verbs/experienced"
	reg := func(n int, extra string) xs {
		return xs{id: sid(n), actor: "a@x.test", verb: profile.VerbRegistered, object: course, at: utc("2026-03-02 10:00"), rawContext: extra}
	}
	w.apply(t,
		personEv(tn, "p1", simplePerson("a@x.test", "Ops", "60.00", "", "", "2026-01-01")),
		personEv(tn, "p2", simplePerson("a@x.test", "Sales", "60.00", "", "", "2026-01-01")),
		st(tn, reg(1, `"extensions":{"`+profile.ExtCost+`":{"amount":"12.345","currency":"EUR"}}`)),
		st(tn, reg(2, `"extensions":{"`+profile.ExtCost+`":{"amount":"10.00"}}`)),
		st(tn, reg(3, `"extensions":{"`+profile.ExtCost+`":{"amount":"10.00","currency":"EUR"},"`+profile.ExtBudget+`":7}`)),
		st(tn, xs{id: sid(4), actor: "a@x.test", verb: experienced, object: course, form: "classroom", at: utc("2026-03-02 10:00")}),
		st(tn, xs{id: sid(5), actor: "a@x.test", verb: experienced, object: course, at: utc("2026-03-02 10:00"), duration: "P300Y"}),
		st(tn, xs{id: sid(6), actor: "a@x.test", verb: experienced, object: course, at: utc("2026-03-02 10:00"), duration: "P40D"}),
	)
	got := w.rows(t, "data_quality", tn, "issue, count, example_statement_id")
	want := []string{
		// Two people list a@x.test; the later event (p2) wins.
		row("actor_in_several_people", "1", "mbox:mailto:a@x.test"),
		row("invalid_budget", "1", sid(3)),
		row("invalid_cost", "2", sid(1)),
		row("invalid_duration", "1", sid(5)),
		row("invalid_learning_form", "1", sid(4)),
		row("session_too_long", "1", sid(6)),
		// The cost of 3 is fine; its budget extension is unreadable, so it
		// is resolved as if absent, and the tenant has no budget for it.
		row("unbudgeted_cost", "1", sid(3)),
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("data_quality:\n%s", diffRows(got, want))
	}
	if got := w.rows(t, "enrolments", tn, "DISTINCT person_id, org_unit"); !slices.Equal(got, []string{row("p2", "Sales")}) {
		t.Errorf("enrolments resolve a@x.test to %q, want p2 in Sales", got)
	}
	if got := w.rows(t, "time_off_work", tn, "count()"); !slices.Equal(got, []string{"0"}) {
		t.Errorf("sessions too long or unreadable counted as time: %q", got)
	}
}
