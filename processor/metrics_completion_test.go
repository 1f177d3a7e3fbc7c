package processor_test

import (
	"slices"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/profile"
)

// TestCompletionRules checks the completion rules of docs/metrics.md:
// given these statements, enrolments and completion hold these rows.
func TestCompletionRules(t *testing.T) {
	w := newWorld(t)
	const course, lesson = "https://lms.example.com/course/c1", "https://lms.example.com/course/c1/lesson-1"
	check := func(t *testing.T, what string, got, want []string) {
		t.Helper()
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n%s", what, diffRows(got, want))
		}
	}
	regID := func(n int) string { return "d0000000-0000-4000-8000-00000000000" + string(rune('0'+n)) }
	on := func(n int, actor, verb, object, registration string, at time.Time) xs {
		return xs{id: sid(n), actor: actor, verb: verb, object: object, reg: registration, at: at}
	}

	t.Run("lessons count toward the course through the registration and their parent", func(t *testing.T) {
		const tn = "lessons"
		w.apply(t,
			personEv(tn, "p1", simplePerson("a@x.test", "Ops", "", "", "", "2026-01-01")),
			st(tn, xs{id: sid(1), actor: "a@x.test", verb: profile.VerbRegistered, object: course, objectCourse: true, name: "C1", reg: regID(1), at: utc("2026-03-02 10:00")}),
			// A lesson in the registration: starts the course, does not complete it.
			st(tn, xs{id: sid(2), actor: "a@x.test", verb: profile.VerbCompleted, object: lesson, parent: course, reg: regID(1), at: utc("2026-03-03 10:00")}),
			// Without a registration the parent names the course: the
			// learner's enrolment in it.
			st(tn, xs{id: sid(3), actor: "a@x.test", verb: profile.VerbAttempted, object: lesson, parent: course, at: utc("2026-03-04 10:00")}),
			st(tn, xs{id: sid(4), actor: "a@x.test", verb: profile.VerbCompleted, object: course, at: utc("2026-03-06 10:00")}),
		)
		check(t, "enrolments", w.rows(t, "enrolments", tn, "registration, activity_id, activity_name, enrolled_at, started_at, completed_at, status"), []string{
			row(regID(1), course, "C1", "2026-03-02 10:00:00", "2026-03-03 10:00:00", "NULL", "abandoned"),
			row("", course, "", "2026-03-04 10:00:00", "2026-03-04 10:00:00", "2026-03-06 10:00:00", "completed"),
		})
	})

	t.Run("statuses, the latest result, and the median days to complete", func(t *testing.T) {
		const tn = "status"
		day := func(d int) time.Time { return utc("2026-03-01 09:00").AddDate(0, 0, d) }
		var evs = []xs{
			// passed after failing: passed, with the later score
			{id: sid(1), actor: "a@x.test", verb: profile.VerbRegistered, object: course, reg: regID(1), at: day(0)},
			{id: sid(2), actor: "a@x.test", verb: profile.VerbFailed, object: course, reg: regID(1), at: day(2), score: "0.3"},
			{id: sid(3), actor: "a@x.test", verb: profile.VerbPassed, object: course, reg: regID(1), at: day(4), score: "0.8"},
			// completed after 1 day
			{id: sid(4), actor: "b@x.test", verb: profile.VerbRegistered, object: course, reg: regID(2), at: day(0)},
			{id: sid(5), actor: "b@x.test", verb: profile.VerbCompleted, object: course, reg: regID(2), at: day(1)},
			// cmi5 satisfied after 2 days, and a waiver after 10
			{id: sid(6), actor: "c@x.test", verb: profile.VerbRegistered, object: course, reg: regID(3), at: day(0)},
			{id: sid(7), actor: "c@x.test", verb: profile.VerbSatisfied, object: course, reg: regID(3), at: day(2)},
			{id: sid(8), actor: "d@x.test", verb: profile.VerbRegistered, object: course, reg: regID(4), at: day(0)},
			{id: sid(9), actor: "d@x.test", verb: profile.VerbWaived, object: course, reg: regID(4), at: day(10)},
			// cancelled
			{id: sid(10), actor: "e@x.test", verb: profile.VerbRegistered, object: course, reg: regID(5), at: day(0)},
			{id: sid(11), actor: "e@x.test", verb: profile.VerbUnregistered, object: course, reg: regID(5), at: day(1)},
		}
		for _, e := range evs {
			w.apply(t, st(tn, e))
		}
		check(t, "enrolments", w.rows(t, "enrolments", tn, "actor_ifi, status, success, score_scaled, completed_at"), []string{
			row("mbox:mailto:a@x.test", "passed", "1", "0.8", "2026-03-05 09:00:00"),
			row("mbox:mailto:b@x.test", "completed", "NULL", "NULL", "2026-03-02 09:00:00"),
			row("mbox:mailto:c@x.test", "completed", "NULL", "NULL", "2026-03-03 09:00:00"),
			row("mbox:mailto:d@x.test", "completed", "NULL", "NULL", "2026-03-11 09:00:00"),
			row("mbox:mailto:e@x.test", "cancelled", "NULL", "NULL", "NULL"),
		})
		// Started: a, b and c (a result or satisfaction implies a start; a
		// waiver does not). Completed: 1, 2, 4 and 10 days; the median of
		// four is the mean of the middle two. The rate leaves the
		// cancellation out: 4 / 4.
		check(t, "completion", w.rows(t, "completion", tn, "org_unit, month, enrolled, started, completed, passed, failed, abandoned, cancelled, completion_rate, median_days_to_complete"), []string{
			row("", "2026-03-01", "5", "3", "4", "1", "0", "0", "1", "1", "3"),
		})
	})

	t.Run("abandoned: cmi5 abandoned, or silence past the tenant's limit after start", func(t *testing.T) {
		const tn, tn60 = "silence", "silence60"
		now := time.Now().UTC().Truncate(time.Minute)
		for _, tenant := range []string{tn, tn60} {
			w.apply(t,
				st(tenant, on(1, "a@x.test", profile.VerbLaunched, course, regID(1), now.AddDate(0, 0, -40))),
				st(tenant, on(2, "b@x.test", profile.VerbLaunched, course, regID(2), now.AddDate(0, 0, -2))),
				st(tenant, on(3, "c@x.test", profile.VerbRegistered, course, regID(3), now.AddDate(0, 0, -90))),
				st(tenant, xs{id: sid(4), actor: "d@x.test", verb: profile.VerbAbandoned, object: course, reg: regID(4), at: now.AddDate(0, 0, -1), cmi5: "s1"}),
			)
		}
		w.apply(t, settingsEv(tn60, `{"abandoned_after_days":60}`))
		want := func(a string) []string {
			return []string{
				row("mbox:mailto:a@x.test", a), row("mbox:mailto:b@x.test", "started"),
				row("mbox:mailto:c@x.test", "enrolled"), row("mbox:mailto:d@x.test", "abandoned"),
			}
		}
		check(t, "30 days", w.rows(t, "enrolments", tn, "actor_ifi, status"), want("abandoned"))
		check(t, "60 days", w.rows(t, "enrolments", tn60, "actor_ifi, status"), want("started"))
	})

	t.Run("a person moving org unit: enrolments stay where they happened", func(t *testing.T) {
		const tn = "move"
		w.apply(t,
			st(tn, on(1, "a@x.test", profile.VerbRegistered, course, regID(1), utc("2026-03-10 10:00"))),
			st(tn, on(2, "a@x.test", profile.VerbRegistered, course, regID(2), utc("2026-03-20 10:00"))),
			personEv(tn, "p1", simplePerson("a@x.test", "Sales", "", "", "", "2026-03-16")),
			personEv(tn, "p1", simplePerson("a@x.test", "Ops", "", "", "", "2026-01-01")),
		)
		check(t, "enrolments", w.rows(t, "enrolments", tn, "registration, person_id, org_unit"), []string{
			row(regID(1), "p1", "Ops"), row(regID(2), "p1", "Sales"),
		})
		check(t, "completion", w.rows(t, "completion", tn, "org_unit, enrolled"), []string{row("Ops", "1"), row("Sales", "1")})
	})
}
