package dashboards

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// OverviewUID is the uid of the overview dashboard.
const OverviewUID = "leerlijn-overview"

// How every overview panel shows its trend, said once.
const overviewTrend = "Each value is shown for the time range beside the same number for the period of the same length just " +
	"before it (the sparkline's first point and the percentage: the change from that period). By the chosen org units (a " +
	"chosen unit includes the units below it)."

// Overview is the one screen for a director: the unspent budget forecast,
// the completion rate, hours and cost of time off work and the share of
// formal and workplace learning, each with its trend.
func Overview() (Dashboard, error) {
	q := &querySet{dashboard: "overview"}
	b := newDashboard("Leerlijn · Overview").
		Uid(OverviewUID).
		Description("Learning at a glance: the training budget forecast, completion, time off work and the mix of formal and "+
			"workplace learning, each against the period before. The Training budget, Completion and Time off work dashboards "+
			"break each number down. "+overviewTrend).
		Tags([]string{"leerlijn", "overview"}).
		Readonly().
		Timezone("utc").
		Time("now-90d", "now").
		Refresh("15m").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Link(dashboardsLink()).
		WithVariable(orgUnitVariable(q)).
		WithVariable(currencyVariable(q)).
		WithPanel(trendStatPanel(panel{
			id:    1,
			title: "Forecast unspent at period end",
			description: describe("What the training budgets in the chosen currency and org units will have left at the end of "+
				"their periods if use goes on at the rate so far (as Forecast unspent at period end on the Training budget "+
				"dashboard), as it stood at the end of the range and at the end of the period before. Negative: more will be used "+
				"than allocated. "+overviewTrend,
				"overview_forecast", secLedger, secUtilisationV),
			grid:       grid(0, 0, 8, 7),
			unit:       unitMoney,
			thresholds: moneyLeftThresholds(),
		}, q.query("forecast"))).
		WithPanel(trendStatPanel(panel{
			id:    2,
			title: "Completion rate",
			description: describe("completed / (enrolled - cancelled) over the enrolments made in the range, and over those made "+
				"in the period before (as on the Completion dashboard). Enrolments made recently have had less time to complete. "+
				overviewTrend,
				"overview_completion_rate", secEnrolments, secCompletionV),
			grid:       grid(8, 0, 8, 7),
			unit:       unitPercent,
			thresholds: completionThresholds(),
		}, q.query("completion_rate"))).
		WithPanel(trendStatPanel(panel{
			id:    3,
			title: "Formal and workplace learning",
			description: describe("Shares of all learning hours spent in formal learning (courses, classroom, e-learning) and in "+
				"workplace learning, by the learning form of the session's activity (time_off_work.minutes_total). "+overviewTrend,
				"overview_share", secTimeOff, secTimeOffV),
			grid: grid(16, 0, 8, 7),
			unit: unitPercent,
		}, q.query("share")).
			ColorMode(common.BigValueColorModeNone)).
		WithPanel(trendStatPanel(panel{
			id:    4,
			title: "Time off work",
			description: describe("Hours of learning inside working time (time_off_work.minutes_work_time / 60). "+overviewTrend,
				"overview_hours", secTimeOff, secTimeOffV),
			grid: grid(0, 7, 12, 7),
			unit: unitHours,
		}, q.query("hours")).
			ColorMode(common.BigValueColorModeNone)).
		WithPanel(trendStatPanel(panel{
			id:    5,
			title: "Cost of time off work",
			description: describe("Working-time hours x each learner's hourly cost, rounded per learner and day, in the tenant's "+
				"currency (time_off_work.cost_work_time). "+overviewTrend,
				"overview_cost", secTimeOff, secTimeOffV),
			grid: grid(12, 7, 12, 7),
			unit: unitMoney,
		}, q.query("cost")).
			ColorMode(common.BigValueColorModeNone))
	if q.err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", OverviewUID, q.err)
	}
	d, err := b.Build()
	if err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", OverviewUID, err)
	}
	return d, nil
}
