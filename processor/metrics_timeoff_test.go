package processor_test

import (
	"slices"
	"testing"

	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/profile"
)

// TestTimeOffRules checks the time-off-work rules of docs/metrics.md:
// given these sessions and people, time_off_work holds these rows.
func TestTimeOffRules(t *testing.T) {
	w := newWorld(t)
	for _, p := range w.ps {
		if to, ok := p.(*processor.TimeOff); ok {
			processor.SetTimeOffChunk(to, 1) // page through sessions one at a time
		}
	}
	const activity = "https://lms.example.com/course/c1"
	const experienced = "http://adlnet.gov/expapi/verbs/experienced"
	const officeHours = `{"mon":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"],"thu":["09:00-17:00"],"fri":["09:00-17:00"]}`
	check := func(t *testing.T, what string, got, want []string) {
		t.Helper()
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n%s", what, diffRows(got, want))
		}
	}
	session := func(n int, actor, end, duration string) xs {
		return xs{id: sid(n), actor: actor, verb: experienced, object: activity, at: ams(end), duration: duration}
	}
	tow := func(t *testing.T, tenant string) []string {
		return w.rows(t, "time_off_work", tenant, "org_unit, day, learners, minutes_total, minutes_work_time, minutes_outside_work_time, cost_work_time")
	}

	t.Run("a session crossing midnight and a weekend", func(t *testing.T) {
		const tn = "weekend"
		w.apply(t,
			personEv(tn, "p1", simplePerson("a@x.test", "Ops", "50.00", "", "", "2026-01-01")),
			// Friday 22:00 to Monday 10:00 in Amsterdam: 60 hours.
			st(tn, session(1, "a@x.test", "2026-03-09 10:00", "PT60H")),
		)
		check(t, "per local day", tow(t, tn), []string{
			row("Ops", "2026-03-06", "1", "120", "0", "120", "0.00"),
			row("Ops", "2026-03-07", "1", "1440", "0", "1440", "0.00"),
			row("Ops", "2026-03-08", "1", "1440", "0", "1440", "0.00"),
			row("Ops", "2026-03-09", "1", "600", "60", "540", "50.00"),
		})
	})

	t.Run("a learner in another time zone", func(t *testing.T) {
		const tn = "zones"
		w.apply(t,
			personEv(tn, "tokyo", simplePerson("t@x.test", "Tokyo", "60.00", "Asia/Tokyo", officeHours, "2026-01-01")),
			personEv(tn, "ams", simplePerson("a@x.test", "Amsterdam", "60.00", "", "", "2026-01-01")),
			// 2 March 23:30 to 3 March 01:00 UTC: 08:30-10:00 in Tokyo,
			// 00:30-02:00 in Amsterdam, both on 3 March.
			st(tn, xs{id: sid(1), actor: "t@x.test", verb: experienced, object: activity, at: utc("2026-03-03 01:00"), duration: "PT1H30M"}),
			st(tn, xs{id: sid(2), actor: "a@x.test", verb: experienced, object: activity, at: utc("2026-03-03 01:00"), duration: "PT1H30M"}),
		)
		check(t, "minutes", tow(t, tn), []string{
			row("Tokyo", "2026-03-03", "1", "90", "60", "30", "60.00"),
			row("Amsterdam", "2026-03-03", "1", "90", "0", "90", "0.00"),
		})
	})

	t.Run("a person moving org unit mid-period, registered after the sessions", func(t *testing.T) {
		const tn = "moving"
		w.apply(t,
			st(tn, session(1, "a@x.test", "2026-03-13 11:00", "PT1H")), // Friday, in Logistics
			st(tn, session(2, "a@x.test", "2026-03-17 11:00", "PT2H")), // Tuesday, in Sales
			personEv(tn, "p1", simplePerson("a@x.test", "Sales", "80.00", "", "", "2026-03-16")),
			personEv(tn, "p1", simplePerson("a@x.test", "Logistics", "60.00", "", "", "2026-01-01")),
		)
		check(t, "minutes", tow(t, tn), []string{
			row("Logistics", "2026-03-13", "1", "60", "60", "0", "60.00"),
			row("Sales", "2026-03-17", "1", "120", "120", "0", "160.00"),
		})
	})

	t.Run("the work-time extension overrides the schedule", func(t *testing.T) {
		const tn = "override"
		yes, no := session(1, "a@x.test", "2026-03-07 12:00", "PT1H"), session(2, "a@x.test", "2026-03-10 12:00", "PT1H")
		yes.workTime, no.workTime = "true", "false" // a Saturday at work, a Tuesday not
		w.apply(t, personEv(tn, "p1", simplePerson("a@x.test", "Ops", "45.50", "", "", "2026-01-01")), st(tn, yes), st(tn, no))
		check(t, "minutes", tow(t, tn), []string{
			row("Ops", "2026-03-07", "1", "60", "60", "0", "45.50"),
			row("Ops", "2026-03-10", "1", "60", "0", "60", "0.00"),
		})
	})

	t.Run("counted once per session", func(t *testing.T) {
		const tn = "once"
		r1, r2 := "e0000000-0000-4000-8000-000000000001", "e0000000-0000-4000-8000-000000000002"
		cmi := func(n int, verb, end, duration, session string) xs {
			return xs{id: sid(n), actor: "a@x.test", verb: verb, object: activity, reg: r1, at: ams(end), duration: duration, cmi5: session}
		}
		w.apply(t,
			personEv(tn, "p1", simplePerson("a@x.test", "Ops", "60.00", "", "", "2026-01-01")),
			// cmi5 session s1: the terminated duration, not the completed one;
			// a second terminated statement is not counted again.
			st(tn, cmi(1, profile.VerbCompleted, "2026-03-10 10:50", "PT50M", "s1")),
			st(tn, cmi(2, profile.VerbTerminated, "2026-03-10 11:00", "PT1H", "s1")),
			st(tn, cmi(3, profile.VerbTerminated, "2026-03-10 11:01", "PT1H1M", "s1")),
			// s2: abandoned, as no terminated came.
			st(tn, cmi(4, profile.VerbAbandoned, "2026-03-11 11:00", "PT30M", "s2")),
			// s3: the terminated statement is voided, the abandoned one counts.
			st(tn, cmi(5, profile.VerbTerminated, "2026-03-12 11:00", "PT3H", "s3")),
			st(tn, cmi(6, profile.VerbAbandoned, "2026-03-12 12:00", "PT20M", "s3")),
			voidOf(tn, sid(7), sid(5), utc("2026-03-13 00:00"), 0),
			// Without cmi5: a completed statement's duration counts only when
			// its registration has no other session.
			st(tn, xs{id: sid(8), actor: "a@x.test", verb: profile.VerbCompleted, object: activity, reg: r1, at: ams("2026-03-13 11:00"), duration: "PT2H"}),
			st(tn, xs{id: sid(9), actor: "a@x.test", verb: profile.VerbCompleted, object: activity, reg: r2, at: ams("2026-03-13 16:00"), duration: "PT1H"}),
		)
		check(t, "minutes", tow(t, tn), []string{
			row("Ops", "2026-03-10", "1", "60", "60", "0", "60.00"),
			row("Ops", "2026-03-11", "1", "30", "30", "0", "30.00"),
			row("Ops", "2026-03-12", "1", "20", "20", "0", "20.00"),
			row("Ops", "2026-03-13", "1", "60", "60", "0", "60.00"),
		})
	})

	t.Run("the tenant's settings apply to unknown learners and to people without their own", func(t *testing.T) {
		const tn = "settings"
		w.apply(t,
			personEv(tn, "p1", simplePerson("a@x.test", "Ops", "60.00", "", "", "2026-01-01")),
			st(tn, session(1, "a@x.test", "2026-03-10 13:00", "PT4H")), // 09:00-13:00
			st(tn, session(2, "u@x.test", "2026-03-10 13:00", "PT4H")),
			st(tn, session(3, "v@x.test", "2026-03-10 13:00", "PT4H")),
		)
		check(t, "default: Monday to Friday 09:00-17:00", tow(t, tn), []string{
			row("Ops", "2026-03-10", "1", "240", "240", "0", "240.00"),
			row("", "2026-03-10", "2", "480", "480", "0", "0.00"),
		})
		w.apply(t, settingsEv(tn, `{"work_schedule":{"tue":["08:00-10:00"]}}`))
		check(t, "after the settings change", tow(t, tn), []string{
			row("Ops", "2026-03-10", "1", "240", "60", "180", "60.00"),
			row("", "2026-03-10", "2", "480", "120", "360", "0.00"),
		})
	})

	t.Run("several learners on a day; one without an hourly cost", func(t *testing.T) {
		const tn = "learners"
		w.apply(t,
			personEv(tn, "p1", simplePerson("a@x.test", "Ops", "33.33", "", "", "2026-01-01")),
			personEv(tn, "p2", simplePerson("b@x.test", "Ops", "", "", "", "2026-01-01")),
			st(tn, session(1, "a@x.test", "2026-03-10 10:00", "PT10M")),
			st(tn, session(2, "a@x.test", "2026-03-10 11:00", "PT25M")),
			st(tn, session(3, "b@x.test", "2026-03-10 11:00", "PT1H")),
		)
		// a: 35 minutes at 33.33 an hour is 19.4425, rounded 19.44.
		check(t, "minutes", tow(t, tn), []string{row("Ops", "2026-03-10", "2", "95", "95", "0", "19.44")})
		check(t, "data quality", w.rows(t, "data_quality", tn, "issue, count, example_statement_id"), []string{
			row("missing_hourly_cost", "1", sid(3)),
		})
	})
}
