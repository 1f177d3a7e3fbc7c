package dashboards

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// BudgetUID is the uid of the training budget dashboard.
const BudgetUID = "leerlijn-budget"

// How the budget panels choose budgets and read the ledger, said once.
const budgetScope = "Budgets in scope: their period overlaps the time range, they are in the chosen currency and budgets, and they " +
	"belong to a chosen org unit or one below it (an individual budget by its person's org unit). Amounts are as they stood at the " +
	"end of the time range: allocated is each budget's latest amount, committed and spent add up its ledger up to the range's end."

// Budget is the finance dashboard: what the training budgets hold, what is
// committed, spent and left, how use runs against a straight-line plan,
// what is forecast to be left at the end of the period, and what the money
// buys.
func Budget() (Dashboard, error) {
	q := &querySet{dashboard: "budget"}
	b := newDashboard("Leerlijn · Training budget").
		Uid(BudgetUID).
		Description("Training budgets for finance: allocated, committed, spent and unspent per budget and org unit, burn-up against "+
			"plan, forecast, and what the money is spent on. "+budgetScope).
		Tags([]string{"leerlijn", "budget", "finance"}).
		Readonly().
		Timezone("utc").
		Time("now/y", "now").
		Refresh("15m").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Link(dashboardsLink()).
		WithVariable(orgUnitVariable(q)).
		WithVariable(currencyVariable(q)).
		WithVariable(budgetVariable(q)).
		WithVariable(learningFormVariable()).
		WithVariable(activityVariable(q)).
		WithPanel(namedStatPanel(panel{
			id:    1,
			title: "Allocated, committed, spent, unspent",
			description: describe("Over the budgets in scope: allocated (the latest amounts), committed (commitments not yet spent or "+
				"released), spent (spend from enrolments and expenses) and unspent = allocated - committed - spent. "+budgetScope,
				"budget_state", secLedger, secUtilisationV),
			grid:       grid(0, 0, 10, 6),
			unit:       unitMoney,
			thresholds: moneyLeftThresholds(),
		}, q.query("state")).
			ColorMode(common.BigValueColorModeValue)).
		WithPanel(gaugePanel(panel{
			id:    2,
			title: "Utilisation",
			description: describe("(committed + spent) / allocated over the budgets in scope at the end of the range, 0 when nothing "+
				"is allocated. Red below 50 %, orange to 80 %, green to 100 %, red above. "+budgetScope,
				"budget_utilisation", secUtilisationV),
			grid:       grid(10, 0, 4, 6),
			unit:       unitPercent,
			thresholds: utilisationThresholds(),
		}, q.query("utilisation"))).
		WithPanel(statPanel(panel{
			id:    3,
			title: "Forecast unspent at period end",
			description: describe("What the budgets in scope will have left at the end of their periods if use goes on at the rate "+
				"so far: per budget allocated - (committed + spent) x period days / days elapsed by the range's last day, truncated to "+
				"the cent, while the period runs (before it starts and after it ends, the unspent amount); summed. With the range "+
				"ending today this is budget_utilisation.forecast_unspent. Negative: more will be used than allocated. "+budgetScope,
				"budget_forecast", secLedger, secUtilisationV),
			grid:       grid(14, 0, 5, 6),
			unit:       unitMoney,
			thresholds: moneyLeftThresholds(),
		}, q.query("forecast")).
			ColorMode(common.BigValueColorModeValue)).
		WithPanel(namedStatPanel(panel{
			id:    4,
			title: "Costs no budget books",
			description: describe("Costed registrations in the range, not voided, that the ledger does not book: no budget fits "+
				"(unbudgeted_cost), the named budget does not exist (unknown_budget) or is in another currency (currency_mismatch); "+
				"their cost in the chosen currency and how many. By the learner's org unit on the day of registration; learners the "+
				"directory does not know count only under All. Filtered by learning form and activity, not by budget.",
				"budget_unbooked", secLedger, secDataQualityV, secDashboardView),
			grid:       grid(19, 0, 5, 6),
			unit:       unitMoney,
			thresholds: steps("green", 0.01, "orange"),
		}, q.query("unbooked")).
			ColorMode(common.BigValueColorModeValue).
			WithOverride(byName("Registrations"), unitOverride(unitCount))).
		WithPanel(linePanel(panel{
			id:    5,
			title: "Burn-up against plan",
			description: describe("Per day of the range (UTC): the use of the budgets in scope booked by the end of that day "+
				"(committed + spent, a running total of the ledger since the start of each budget; use before the range is counted "+
				"on its first day) against the plan, each budget's allocation spread evenly over its period (allocated x days "+
				"elapsed / period days). Above the plan: used faster than a straight line. "+budgetScope,
				"budget_burnup", secLedger, secLedgerV),
			grid: grid(0, 6, 16, 9),
			unit: unitMoney,
		}, q.query("burnup"))).
		WithPanel(barGaugePanel(panel{
			id:    6,
			title: "Top unspent budgets",
			description: describe("The ten budgets in scope with the most left unspent (allocated - committed - spent) at the end "+
				"of the range. "+budgetScope,
				"budget_top_unspent", secUtilisationV),
			grid:       grid(16, 6, 8, 9),
			unit:       unitMoney,
			thresholds: moneyLeftThresholds(),
		}, q.query("top_unspent"))).
		WithPanel(tablePanel(panel{
			id:    7,
			title: "Budgets",
			description: describe("Each budget in scope at the end of the range: its type (team or individual), org unit (an "+
				"individual budget's person's on the last day of the period), period, allocated, committed, spent, unspent, "+
				"utilisation = (committed + spent) / allocated and the forecast unspent at the end of its period (see Forecast "+
				"unspent at period end). "+budgetScope,
				"budget_by_budget", secLedger, secUtilisationV, secDashboardView),
			grid: grid(0, 15, 24, 8),
			unit: unitMoney,
		}, q.query("by_budget"), map[string]string{
			"Budget": unitText, "Id": unitText, "Type": unitText, "Org unit": unitText,
			"Period start": unitDate, "Period end": unitDate, "Utilisation": unitPercent,
		})).
		WithPanel(barChartPanel(panel{
			id:    8,
			title: "Committed, spent and unspent per org unit",
			description: describe("The budgets in scope added up by the org unit they belong to (a team budget's own, an individual "+
				"budget's person's), each unit on its own: committed, spent and unspent at the end of the range; the bar's length "+
				"is what is allocated. "+budgetScope,
				"budget_by_org_unit", secUtilisationV, secDashboardView),
			grid: grid(0, 23, 12, 8),
			unit: unitMoney,
		}, q.query("by_org_unit"), "Org unit", true)).
		WithPanel(barChartPanel(panel{
			id:    9,
			title: "Team and individual budgets",
			description: describe("Team budgets (of an org unit) against individual learning budgets (of a person): committed, "+
				"spent and unspent at the end of the range over the budgets in scope of each type. "+budgetScope,
				"budget_by_type", secUtilisationV, secDashboardView),
			grid: grid(12, 23, 12, 8),
			unit: unitMoney,
		}, q.query("by_type"), "Type", true)).
		WithPanel(pieChartPanel(panel{
			id:    10,
			title: "Spend by learning form",
			description: describe("Spend booked in the range on the budgets in scope by the learning form of the course it paid for "+
				"(formal against workplace, social and self-directed learning); expenses, which pay for no course, on their own. "+
				"Spend is booked when an enrolment completes, passes or fails, or when an expense is posted. Filtered by learning "+
				"form and activity.",
				"budget_spend_by_form", secLedger, secLedgerV),
			grid: grid(0, 31, 8, 9),
			unit: unitMoney,
		}, q.query("spend_by_form"))).
		WithPanel(tablePanel(panel{
			id:    11,
			title: "Spend by activity",
			description: describe("The ten activities with the most spend booked in the range on the budgets in scope (as in Spend "+
				"by learning form), named as their enrolments name them; expenses on their own.",
				"budget_spend_by_activity", secLedger, secLedgerV),
			grid: grid(8, 31, 8, 9),
			unit: unitMoney,
		}, q.query("spend_by_activity"), map[string]string{"Activity": unitText})).
		WithPanel(tablePanel(panel{
			id:    12,
			title: "Data quality",
			description: describe("What the metrics could not place, per issue, with the smallest example id: unknown learners, "+
				"unbudgeted costs, unknown budgets, currency mismatches, invalid extensions, sessions without an hourly cost and more. "+
				"Counted over everything the tenant sent: the view has no time or org unit, so neither the time range nor the "+
				"selectors change it.",
				"budget_data_quality", secDataQualityV),
			grid: grid(16, 31, 8, 9),
			unit: unitCount,
		}, q.query("data_quality"), map[string]string{"Issue": unitText, "Example": unitText}))
	if q.err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", BudgetUID, q.err)
	}
	d, err := b.Build()
	if err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", BudgetUID, err)
	}
	return d, nil
}

// dashboardsLink links the other Leerlijn dashboards, keeping the time
// range and the selectors.
func dashboardsLink() *dashboard.DashboardLinkBuilder {
	return dashboard.NewDashboardLinkBuilder("Leerlijn").
		Type(dashboard.DashboardLinkTypeDashboards).
		Tags([]string{"leerlijn"}).
		AsDropdown(true).
		IncludeVars(true).
		KeepTime(true).
		TargetBlank(false).
		Icon("external link").
		Tooltip("Other Leerlijn dashboards").
		Url("/dashboards")
}
