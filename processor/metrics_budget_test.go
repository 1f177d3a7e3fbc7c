package processor_test

import (
	"slices"
	"testing"

	"github.com/leerlijn/leerlijn/schema/profile"
)

// TestBudgetLedgerRules checks the budget rules of docs/metrics.md one at
// a time: given these events, the ledger and utilisation hold these rows.
func TestBudgetLedgerRules(t *testing.T) {
	w := newWorld(t)
	const course = "https://lms.example.com/course/c1"
	reg := func(n int, actor, registration string, day string, cost, budget string) xs {
		return xs{id: sid(n), actor: actor, verb: profile.VerbRegistered, object: course, objectCourse: true,
			reg: registration, at: utc(day + " 10:00"), cost: cost, budget: budget}
	}
	done := func(n int, verb, actor, registration, day string) xs {
		return xs{id: sid(n), actor: actor, verb: verb, object: course, reg: registration, at: utc(day + " 12:00")}
	}
	yearBudget := func(org, person, amount, currency string) string {
		owner := `"org_unit":"` + org + `"`
		if person != "" {
			owner = `"person_id":"` + person + `"`
		}
		return `{"name":"b",` + owner + `,"period_start":"2026-01-01","period_end":"2026-12-31","amount":"` + amount + `","currency":"` + currency + `"}`
	}
	ledger := func(t *testing.T, tenant string) []string {
		return w.rows(t, "budget_ledger", tenant, "budget_id, entry_time, kind, amount, statement_id")
	}
	util := func(t *testing.T, tenant string) []string {
		return w.rows(t, "budget_utilisation", tenant, "budget_id, allocated, committed, spent, unspent, utilisation")
	}
	check := func(t *testing.T, what string, got, want []string) {
		t.Helper()
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n%s", what, diffRows(got, want))
		}
	}
	r1 := "c0000000-0000-4000-8000-000000000001"

	t.Run("named budget, else individual, else nearest org unit covering the day", func(t *testing.T) {
		const tn = "resolve"
		w.apply(t,
			personEv(tn, "p1", simplePerson("a@x.test", "Acme/Ops/Logistics", "", "", "", "2026-01-01")),
			budgetEv(tn, "acme", utc("2026-01-01 00:00"), yearBudget("Acme", "", "100.00", "EUR")),
			budgetEv(tn, "ops", utc("2026-01-01 00:00"), yearBudget("Acme/Ops", "", "100.00", "EUR")),
			budgetEv(tn, "own", utc("2026-01-01 00:00"),
				`{"name":"own","person_id":"p1","period_start":"2026-02-01","period_end":"2026-02-28","amount":"100.00","currency":"EUR"}`),
			budgetEv(tn, "named", utc("2026-01-01 00:00"), yearBudget("Elsewhere", "", "100.00", "EUR")),
			st(tn, reg(1, "a@x.test", "", "2026-01-15", "10.00 EUR", "")),      // Ops, the nearest ancestor
			st(tn, reg(2, "a@x.test", "", "2026-02-15", "20.00 EUR", "")),      // her own, in its period
			st(tn, reg(3, "a@x.test", "", "2026-02-16", "30.00 EUR", "named")), // named wins
			st(tn, reg(4, "b@x.test", "", "2026-02-16", "40.00 EUR", "")),      // unknown learner: none
		)
		check(t, "ledger", ledger(t, tn), []string{
			row("acme", "2026-01-01 00:00:00", "allocation", "100.00", ""),
			row("named", "2026-01-01 00:00:00", "allocation", "100.00", ""),
			row("named", "2026-02-16 10:00:00", "commitment", "30.00", sid(3)),
			row("ops", "2026-01-01 00:00:00", "allocation", "100.00", ""),
			row("ops", "2026-01-15 10:00:00", "commitment", "10.00", sid(1)),
			row("own", "2026-01-01 00:00:00", "allocation", "100.00", ""),
			row("own", "2026-02-15 10:00:00", "commitment", "20.00", sid(2)),
		})
		check(t, "data quality", w.rows(t, "data_quality", tn, "issue, count, example_statement_id"), []string{
			row("unbudgeted_cost", "1", sid(4)),
			row("unknown_learner", "1", sid(4)),
		})
	})

	t.Run("out of order: the budget and the person arrive after the registration", func(t *testing.T) {
		const tn = "late"
		w.apply(t,
			st(tn, reg(1, "a@x.test", r1, "2026-03-02", "1250.00 EUR", "")),
			st(tn, done(2, profile.VerbPassed, "a@x.test", r1, "2026-03-09")),
		)
		check(t, "before the reference data", w.rows(t, "data_quality", tn, "issue, count"), []string{
			row("unbudgeted_cost", "1"), row("unknown_learner", "2"),
		})
		w.apply(t,
			budgetEv(tn, "ops", utc("2026-03-20 00:00"), yearBudget("Acme/Ops", "", "5000.00", "EUR")),
			personEv(tn, "p1", simplePerson("a@x.test", "Acme/Ops", "", "", "", "2026-03-10")),
		)
		check(t, "ledger", ledger(t, tn), []string{
			row("ops", "2026-03-02 10:00:00", "commitment", "1250.00", sid(1)),
			row("ops", "2026-03-09 12:00:00", "release", "-1250.00", sid(2)),
			row("ops", "2026-03-09 12:00:00", "spend", "1250.00", sid(2)),
			row("ops", "2026-03-20 00:00:00", "allocation", "5000.00", ""),
		})
		check(t, "utilisation", util(t, tn), []string{row("ops", "5000.00", "0.00", "1250.00", "3750.00", "0.25")})
		check(t, "data quality", w.rows(t, "data_quality", tn, "issue, count"), nil)
	})

	t.Run("a statement voided after its enrolment was spent", func(t *testing.T) {
		const tn = "voidspent"
		w.apply(t,
			personEv(tn, "p1", simplePerson("a@x.test", "Ops", "", "", "", "2026-01-01")),
			budgetEv(tn, "ops", utc("2026-01-01 00:00"), yearBudget("Ops", "", "1000.00", "EUR")),
			st(tn, reg(1, "a@x.test", r1, "2026-03-02", "100.00 EUR", "")),
			st(tn, done(2, profile.VerbCompleted, "a@x.test", r1, "2026-03-05")),
			voidOf(tn, sid(3), sid(1), utc("2026-04-01 08:00"), 0), // the registration
		)
		check(t, "registration voided: the spend is reversed at the void", ledger(t, tn), []string{
			row("ops", "2026-01-01 00:00:00", "allocation", "1000.00", ""),
			row("ops", "2026-03-02 10:00:00", "commitment", "100.00", sid(1)),
			row("ops", "2026-03-05 12:00:00", "release", "-100.00", sid(2)),
			row("ops", "2026-03-05 12:00:00", "spend", "100.00", sid(2)),
			row("ops", "2026-04-01 08:00:00", "spend", "-100.00", sid(3)),
		})
		check(t, "utilisation", util(t, tn), []string{row("ops", "1000.00", "0.00", "0.00", "1000.00", "0")})

		r2 := "c0000000-0000-4000-8000-000000000002"
		w.apply(t,
			st(tn, reg(11, "a@x.test", r2, "2026-03-02", "200.00 EUR", "")),
			st(tn, done(12, profile.VerbCompleted, "a@x.test", r2, "2026-03-05")),
			voidOf(tn, sid(13), sid(12), utc("2026-04-01 08:00"), 0), // the completion
		)
		check(t, "completion voided: committed again, never spent", w.rows(t, "budget_ledger", tn, "kind, amount, statement_id"), []string{
			row("allocation", "1000.00", ""),
			row("commitment", "100.00", sid(1)), row("release", "-100.00", sid(2)), row("spend", "100.00", sid(2)), row("spend", "-100.00", sid(3)),
			row("commitment", "200.00", sid(11)),
		})
		check(t, "utilisation", util(t, tn), []string{row("ops", "1000.00", "200.00", "0.00", "800.00", "0.2")})
	})

	t.Run("unregistering or voiding the registration releases; failing spends", func(t *testing.T) {
		const tn = "release"
		r2, r3 := "c0000000-0000-4000-8000-000000000002", "c0000000-0000-4000-8000-000000000003"
		w.apply(t,
			personEv(tn, "p1", simplePerson("a@x.test", "Ops", "", "", "", "2026-01-01")),
			budgetEv(tn, "ops", utc("2026-01-01 00:00"), yearBudget("Ops", "", "1000.00", "EUR")),
			// The void arrives before the registration it voids.
			voidOf(tn, sid(9), sid(3), utc("2026-03-04 09:00"), 0),
			st(tn, reg(1, "a@x.test", r1, "2026-03-02", "100.00 EUR", "")),
			st(tn, done(2, profile.VerbUnregistered, "a@x.test", r1, "2026-03-03")),
			st(tn, reg(3, "a@x.test", r2, "2026-03-02", "200.00 EUR", "")),
			st(tn, reg(4, "a@x.test", r3, "2026-03-02", "300.00 EUR", "")),
			st(tn, done(5, profile.VerbFailed, "a@x.test", r3, "2026-03-06")),
			// Unregistering after the spend changes nothing.
			st(tn, done(6, profile.VerbUnregistered, "a@x.test", r3, "2026-03-07")),
		)
		check(t, "ledger", w.rows(t, "budget_ledger", tn, "entry_time, kind, amount, statement_id"), []string{
			row("2026-01-01 00:00:00", "allocation", "1000.00", ""),
			row("2026-03-02 10:00:00", "commitment", "100.00", sid(1)),
			row("2026-03-03 12:00:00", "release", "-100.00", sid(2)),
			row("2026-03-02 10:00:00", "commitment", "200.00", sid(3)),
			row("2026-03-04 09:00:00", "release", "-200.00", sid(9)),
			row("2026-03-02 10:00:00", "commitment", "300.00", sid(4)),
			row("2026-03-06 12:00:00", "release", "-300.00", sid(5)),
			row("2026-03-06 12:00:00", "spend", "300.00", sid(5)),
		})
		check(t, "utilisation", util(t, tn), []string{row("ops", "1000.00", "0.00", "300.00", "700.00", "0.3")})
	})

	t.Run("adjustments, expenses, and what is not booked", func(t *testing.T) {
		const tn = "money"
		w.apply(t,
			personEv(tn, "p1", simplePerson("a@x.test", "Ops", "", "", "", "2026-01-01")),
			budgetEv(tn, "ops", utc("2026-01-01 00:00"), yearBudget("Ops", "", "1000.00", "EUR")),
			budgetEv(tn, "ops", utc("2026-02-01 00:00"), yearBudget("Ops", "", "1000.00", "EUR")), // same amount: no entry
			budgetEv(tn, "ops", utc("2026-03-01 00:00"), yearBudget("Ops", "", "800.00", "EUR")),
			expenseEv(tn, "inv-1", `{"expense_id":"inv-1","budget_id":"ops","amount":"99.95","currency":"EUR","time":"2026-03-03T10:00:00Z"}`),
			expenseEv(tn, "inv-2", `{"expense_id":"inv-2","budget_id":"ops","amount":"-9.95","currency":"EUR","time":"2026-03-04T10:00:00Z","description":"credit note"}`),
			expenseEv(tn, "inv-3", `{"expense_id":"inv-3","budget_id":"ops","amount":"5.00","currency":"GBP","time":"2026-03-04T10:00:00Z"}`),
			expenseEv(tn, "inv-4", `{"expense_id":"inv-4","budget_id":"gone","amount":"5.00","currency":"EUR","time":"2026-03-04T10:00:00Z"}`),
			st(tn, reg(1, "a@x.test", "", "2026-03-02", "50.00 USD", "")),
			st(tn, reg(2, "a@x.test", "", "2026-03-02", "50.00 EUR", "missing")),
		)
		check(t, "ledger", w.rows(t, "budget_ledger", tn, "entry_time, kind, amount, currency"), []string{
			row("2026-01-01 00:00:00", "allocation", "1000.00", "EUR"),
			row("2026-03-01 00:00:00", "adjustment", "-200.00", "EUR"),
			row("2026-03-03 10:00:00", "spend", "99.95", "EUR"),
			row("2026-03-04 10:00:00", "spend", "-9.95", "EUR"),
		})
		check(t, "utilisation", util(t, tn), []string{row("ops", "800.00", "0.00", "90.00", "710.00", "0.1125")})
		check(t, "data quality", w.rows(t, "data_quality", tn, "issue, count, example_statement_id"), []string{
			row("currency_mismatch", "1", sid(1)),
			row("expense_currency_mismatch", "1", "inv-3"),
			row("expense_unknown_budget", "1", "inv-4"),
			row("unknown_budget", "1", sid(2)),
		})
	})

	t.Run("tenants do not share budgets, people or statements", func(t *testing.T) {
		w.apply(t,
			personEv("iso-a", "p1", simplePerson("a@x.test", "Ops", "", "", "", "2026-01-01")),
			budgetEv("iso-b", "ops", utc("2026-01-01 00:00"), yearBudget("Ops", "", "1000.00", "EUR")),
			st("iso-a", reg(1, "a@x.test", "", "2026-03-02", "10.00 EUR", "ops")),
		)
		check(t, "ledger of b", ledger(t, "iso-b"), []string{row("ops", "2026-01-01 00:00:00", "allocation", "1000.00", "")})
		check(t, "data quality of a", w.rows(t, "data_quality", "iso-a", "issue, count"), []string{row("unknown_budget", "1")})
		check(t, "data quality of b", w.rows(t, "data_quality", "iso-b", "issue, count"), nil)
	})
}
