package processor_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// row joins cells as viewRows formats a row.
func row(cells ...string) string { return strings.Join(cells, " | ") }

// forecastUnspent is the documented forecast: allocated minus what is used
// so far, extrapolated from the days of the period elapsed by today to the
// whole period (truncated to the cent); before the period starts and after
// it ends, the unspent amount itself.
func forecastUnspent(allocated, used string, start, end string, today time.Time) string {
	a, u := decimal.RequireFromString(allocated), decimal.RequireFromString(used)
	s, _ := time.Parse(time.DateOnly, start)
	e, _ := time.Parse(time.DateOnly, end)
	days := int64(e.Sub(s).Hours()/24) + 1
	elapsed := int64(today.Sub(s).Hours()/24) + 1
	if elapsed <= 0 || elapsed >= days {
		return a.Sub(u).StringFixed(2)
	}
	return a.Sub(u.Mul(decimal.NewFromInt(days)).Div(decimal.NewFromInt(elapsed)).Truncate(2)).StringFixed(2)
}

// TestMetricsScenario checks every view of the contract against numbers
// worked out by hand for the scenario (metrics_scenario_test.go). Times
// are UTC: 10:00 in Amsterdam in March is 09:00 UTC.
func TestMetricsScenario(t *testing.T) {
	db := schemaDB(t)
	applyAll(t, metricProjections(db.Conn), scenarioEvents(), 10)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	const (
		safety, negotiation, excel = courseSafety, courseNegotiation, courseExcel
		pAnn, pBob                 = "p-ann", "p-bob"
		logistics, ops, sales      = "Acme/Ops/Logistics", "Acme/Ops", "Acme/Sales"
	)
	want := map[string][]string{
		"budget_ledger": {
			// Ann's individual budget pays Safety 101 (spent when completed)
			// and Excel, whose registration is voided after it was spent.
			row("acme", "b-ann", "2026-01-02 09:05:00", "allocation", "1500.00", "EUR", "", "", "", "", ""),
			row("acme", "b-ann", "2026-03-02 09:00:00", "commitment", "1200.00", "EUR", sid(1), regAnnSafety, pAnn, safety, "formal"),
			row("acme", "b-ann", "2026-03-09 08:00:00", "commitment", "500.00", "EUR", sid(30), regAnnExcel, pAnn, excel, "self-directed"),
			row("acme", "b-ann", "2026-03-10 14:00:00", "release", "-1200.00", "EUR", sid(5), regAnnSafety, pAnn, safety, "formal"),
			row("acme", "b-ann", "2026-03-10 14:00:00", "spend", "1200.00", "EUR", sid(5), regAnnSafety, pAnn, safety, "formal"),
			row("acme", "b-ann", "2026-03-11 16:00:00", "release", "-500.00", "EUR", sid(31), regAnnExcel, pAnn, excel, "self-directed"),
			row("acme", "b-ann", "2026-03-11 16:00:00", "spend", "500.00", "EUR", sid(31), regAnnExcel, pAnn, excel, "self-directed"),
			row("acme", "b-ann", "2026-03-18 09:00:00", "spend", "-500.00", "EUR", sid(32), regAnnExcel, pAnn, excel, "self-directed"),
			// Bob has no individual budget: his org unit's pays; the First
			// aid registration is voided before anything happened.
			row("acme", "b-ops", "2026-01-02 09:00:00", "allocation", "10000.00", "EUR", "", "", "", "", ""),
			row("acme", "b-ops", "2026-03-04 08:00:00", "commitment", "1200.00", "EUR", sid(10), regBobSafety, pBob, safety, "formal"),
			row("acme", "b-ops", "2026-03-07 08:00:00", "commitment", "100.00", "EUR", sid(15), regBobFirstAid, pBob, courseFirstAid, "formal"),
			row("acme", "b-ops", "2026-03-08 11:00:00", "release", "-100.00", "EUR", sid(16), regBobFirstAid, pBob, courseFirstAid, "formal"),
			row("acme", "b-ops", "2026-03-10 12:00:00", "spend", "250.00", "EUR", "", "", "", "", ""),
			row("acme", "b-ops", "2026-03-12 15:00:00", "release", "-1200.00", "EUR", sid(12), regBobSafety, pBob, safety, "formal"),
			row("acme", "b-ops", "2026-03-12 15:00:00", "spend", "1200.00", "EUR", sid(12), regBobSafety, pBob, safety, "formal"),
			row("acme", "b-ops", "2026-04-01 09:00:00", "adjustment", "2000.00", "EUR", "", "", "", "", ""),
			// After her move, Sales pays for Ann (a budget created after the
			// registration); she unregisters.
			row("acme", "b-sales", "2026-03-20 09:00:00", "commitment", "800.00", "EUR", sid(60), regAnnNegotiation, pAnn, negotiation, "social"),
			row("acme", "b-sales", "2026-03-21 09:00:00", "allocation", "5000.00", "EUR", "", "", "", "", ""),
			row("acme", "b-sales", "2026-03-25 09:00:00", "release", "-800.00", "EUR", sid(62), regAnnNegotiation, pAnn, negotiation, "social"),
			row("acme", "b-usd", "2026-01-02 09:10:00", "allocation", "1000.00", "USD", "", "", "", "", ""),
			row("globex", "b-ops", "2026-01-02 09:00:00", "allocation", "777.00", "EUR", "", "", "", "", ""),
			row("globex", "b-ops", "2026-03-02 09:00:00", "commitment", "70.00", "EUR", sid(90), "b1000000-0000-4000-8000-000000000001", pAnn, safety, ""),
		},
		"budget_utilisation": {
			row("acme", "b-ann", "Ann's learning budget", "", pAnn, "2026-01-01", "2026-03-15", "EUR", "1500.00", "0.00", "1200.00", "300.00", "0.8",
				forecastUnspent("1500.00", "1200.00", "2026-01-01", "2026-03-15", today)),
			row("acme", "b-ops", "Operations 2026", ops, "", "2026-01-01", "2026-12-31", "EUR", "12000.00", "0.00", "1450.00", "10550.00", "0.120833333",
				forecastUnspent("12000.00", "1450.00", "2026-01-01", "2026-12-31", today)),
			row("acme", "b-sales", "Sales 2026", sales, "", "2026-01-01", "2026-12-31", "EUR", "5000.00", "0.00", "0.00", "5000.00", "0", "5000.00"),
			row("acme", "b-usd", "US training", "Acme/US", "", "2026-01-01", "2026-12-31", "USD", "1000.00", "0.00", "0.00", "1000.00", "0", "1000.00"),
			row("globex", "b-ops", "Globex", "Globex", "", "2026-01-01", "2026-12-31", "EUR", "777.00", "70.00", "0.00", "707.00", "0.0900900901",
				forecastUnspent("777.00", "70.00", "2026-01-01", "2026-12-31", today)),
		},
		"enrolments": {
			row("acme", regAnnSafety, pAnn, "mbox:mailto:ann@acme.test", logistics, safety, "Safety 101", "formal",
				"2026-03-02 09:00:00", "2026-03-03 09:00:00", "2026-03-10 14:00:00", "2026-03-10 14:01:00", "passed", "1", "0.9", "1200.00"),
			row("acme", regAnnNegotiation, pAnn, "mbox:mailto:ann@acme.test", sales, negotiation, "Negotiation", "social",
				"2026-03-20 09:00:00", "NULL", "NULL", "2026-03-25 09:00:00", "cancelled", "NULL", "NULL", "800.00"),
			row("acme", regBobSafety, pBob, "mbox:mailto:bob@acme.test", ops, safety, "Safety 101", "formal",
				"2026-03-04 08:00:00", "2026-03-05 14:00:00", "NULL", "2026-03-12 15:00:00", "failed", "0", "0.4", "1200.00"),
			row("acme", regEveSafety, "", "mbox:mailto:eve@acme.test", "", safety, "Safety 101", "formal",
				"2026-03-05 08:00:00", "2026-03-05 09:00:00", "NULL", "2026-03-05 10:30:00", "abandoned", "NULL", "NULL", "1200.00"),
			row("acme", regBobExcel, pBob, "mbox:mailto:bob@acme.test", ops, excel, "Excel", "self-directed",
				"2026-03-06 08:00:00", "NULL", "NULL", "2026-03-06 08:00:00", "enrolled", "NULL", "NULL", "300.00"),
			// The registration is voided; the completion stays.
			row("acme", regAnnExcel, pAnn, "mbox:mailto:ann@acme.test", logistics, excel, "", "",
				"2026-03-11 16:00:00", "2026-03-11 16:00:00", "2026-03-11 16:00:00", "2026-03-11 16:00:00", "completed", "NULL", "NULL", "0.00"),
			// cmi5: AU statements count toward the course in their grouping,
			// an AU's completion does not complete the course; the last
			// statement is abandoned.
			row("acme", regAnnLeadership, pAnn, "mbox:mailto:ann@acme.test", logistics, courseLeadership, "Leadership", "formal",
				"2026-03-02 07:00:00", "2026-03-06 15:00:00", "NULL", "2026-03-09 11:00:00", "abandoned", "NULL", "NULL", "0.00"),
			row("acme", "", pAnn, "mbox:mailto:ann@acme.test", logistics, forkliftPractice, "", "workplace",
				"2026-03-14 11:00:00", "2026-03-14 11:00:00", "2026-03-14 11:05:00", "2026-03-14 11:05:00", "completed", "NULL", "NULL", "0.00"),
			row("acme", "", pBob, "mbox:mailto:bob@acme.test", ops, forkliftPractice, "", "workplace",
				"2026-03-02 15:00:00", "2026-03-02 15:00:00", "NULL", "2026-03-02 15:00:00", "abandoned", "NULL", "NULL", "0.00"),
			row("acme", "", pAnn, "mbox:mailto:ann@acme.test", sales, mentoring, "", "social",
				"2026-03-17 14:00:00", "2026-03-17 14:00:00", "NULL", "2026-03-17 14:00:00", "abandoned", "NULL", "NULL", "0.00"),
			row("globex", "b1000000-0000-4000-8000-000000000001", pAnn, "mbox:mailto:ann@acme.test", "Globex", safety, "", "",
				"2026-03-02 09:00:00", "NULL", "NULL", "2026-03-02 09:00:00", "enrolled", "NULL", "NULL", "70.00"),
		},
		"completion": {
			row("acme", "", safety, "2026-03-01", "1", "1", "0", "0", "0", "1", "0", "0", "NULL"),
			row("acme", ops, excel, "2026-03-01", "1", "0", "0", "0", "0", "0", "0", "0", "NULL"),
			row("acme", ops, safety, "2026-03-01", "1", "1", "0", "0", "1", "0", "0", "0", "NULL"),
			row("acme", ops, forkliftPractice, "2026-03-01", "1", "1", "0", "0", "0", "1", "0", "0", "NULL"),
			row("acme", logistics, excel, "2026-03-01", "1", "1", "1", "0", "0", "0", "0", "1", "0"),
			row("acme", logistics, courseLeadership, "2026-03-01", "1", "1", "0", "0", "0", "1", "0", "0", "NULL"),
			// 2 March 09:00 to 10 March 14:00: 8 days and 5 hours.
			row("acme", logistics, safety, "2026-03-01", "1", "1", "1", "1", "0", "0", "0", "1", "8.20833333"),
			// five minutes
			row("acme", logistics, forkliftPractice, "2026-03-01", "1", "1", "1", "0", "0", "0", "0", "1", "0.00347222222"),
			row("acme", sales, negotiation, "2026-03-01", "1", "0", "0", "0", "0", "0", "1", "0", "NULL"),
			row("acme", sales, mentoring, "2026-03-01", "1", "1", "0", "0", "0", "1", "0", "0", "NULL"),
			row("globex", "Globex", safety, "2026-03-01", "1", "0", "0", "0", "0", "0", "0", "0", "NULL"),
		},
		"time_off_work": {
			// Eve is unknown: the tenant's schedule, no org unit, no cost.
			row("acme", "", "", "2026-03-05", "1", "30", "30", "0", "0.00"),
			// Bob in New York: 08:00-10:00 local, one hour in his schedule.
			row("acme", ops, "workplace", "2026-03-02", "1", "120", "60", "60", "40.00"),
			// A lesson of Safety 101; the completed statement's PT5H in the
			// same registration is not counted again.
			row("acme", logistics, "formal", "2026-03-03", "1", "90", "90", "0", "90.00"),
			// The cmi5 session Friday 16:00 to Saturday 02:00 (PT10H, not the
			// completed statement's PT9H): split at midnight.
			row("acme", logistics, "self-directed", "2026-03-06", "1", "480", "60", "420", "60.00"),
			row("acme", logistics, "self-directed", "2026-03-07", "1", "120", "0", "120", "0.00"),
			// Saturday, but the statement says it was working time.
			row("acme", logistics, "workplace", "2026-03-14", "1", "60", "60", "0", "60.00"),
			// After the move on 16 March: Sales.
			row("acme", sales, "social", "2026-03-17", "1", "60", "60", "0", "60.00"),
			row("globex", "Globex", "", "2026-03-02", "1", "60", "60", "0", "99.00"),
		},
		"data_quality": {
			row("acme", "currency_mismatch", "1", sid(14)),
			row("acme", "expense_currency_mismatch", "1", "e-2"),
			row("acme", "expense_unknown_budget", "1", "e-3"),
			row("acme", "unbudgeted_cost", "1", sid(20)),
			row("acme", "unknown_learner", "3", sid(20)),
		},
	}
	got := snapshot(t, db.Conn)
	for _, v := range metricViews {
		w := slices.Clone(want[v])
		slices.Sort(w)
		if !slices.Equal(got[v], w) {
			t.Errorf("view %s:\n%s", v, diffRows(got[v], w))
		}
	}
}

// diffRows lists the rows only one side has.
func diffRows(got, want []string) string {
	var b strings.Builder
	for _, g := range got {
		if !slices.Contains(want, g) {
			b.WriteString("  unexpected: " + g + "\n")
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			b.WriteString("  missing:    " + w + "\n")
		}
	}
	return b.String()
}
