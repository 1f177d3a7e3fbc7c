package dashboards

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// TimeOffUID is the uid of the time off work dashboard.
const TimeOffUID = "leerlijn-time-off-work"

// Which learning time the time-off panels count, said once.
const timeOffScope = "Counts learning time on the learners' local days from the range's first to its last UTC date " +
	"(time_off_work), by the learner's org unit when the session started (a chosen unit includes the units below it) and the " +
	"learning form of the session's activity. Working time is the time inside the learner's weekly work schedule in their own " +
	"time zone, or all of it for sessions marked as working time."

// TimeOff is the dashboard of learning time: how much of it falls in
// working time (time off work), what that costs, when in the day and week
// people learn, and in which learning form.
func TimeOff() (Dashboard, error) {
	q := &querySet{dashboard: "timeoff"}
	b := newDashboard("Leerlijn · Time off work").
		Uid(TimeOffUID).
		Description("Learning time inside and outside working time, its cost, and when people learn. "+timeOffScope).
		Tags([]string{"leerlijn", "time-off-work", "learning"}).
		Readonly().
		Timezone("utc").
		Time("now-30d", "now").
		Refresh("15m").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Link(dashboardsLink()).
		WithVariable(orgUnitVariable(q)).
		WithVariable(learningFormVariable()).
		WithVariable(zoneVariable(q)).
		WithPanel(namedStatPanel(panel{
			id:    1,
			title: "Learning hours",
			description: describe("Hours of learning in the range inside working time (time off work) and outside it: "+
				"time_off_work's minutes_work_time and minutes_outside_work_time / 60. "+timeOffScope,
				"timeoff_hours", secTimeOff, secTimeOffV),
			grid: grid(0, 0, 10, 5),
			unit: unitHours,
		}, q.query("hours"))).
		WithPanel(statPanel(panel{
			id:    2,
			title: "Cost of time off work",
			description: describe("Working-time hours x each learner's hourly cost, rounded half up to the cent per learner and "+
				"day, in the tenant's currency (time_off_work.cost_work_time). A known learner without an hourly cost costs 0 and "+
				"is counted in data_quality as missing_hourly_cost; unknown learners cost 0. "+timeOffScope,
				"timeoff_cost", secTimeOff, secTimeOffV),
			grid: grid(10, 0, 7, 5),
			unit: unitMoney,
		}, q.query("cost"))).
		WithPanel(statPanel(panel{
			id:    3,
			title: "Share in working time",
			description: describe("Learning minutes inside working time / all learning minutes in the range, 0 without learning. "+
				timeOffScope,
				"timeoff_work_share", secTimeOff, secTimeOffV),
			grid: grid(17, 0, 7, 5),
			unit: unitPercent,
		}, q.query("work_share"))).
		WithPanel(timeSeriesPanel(panel{
			id:    4,
			title: "Learning hours per week",
			description: describe("Hours of learning per week (Monday to Sunday of the learners' local days) inside and outside "+
				"working time, stacked. The range's first and last weeks count only their days in the range. "+timeOffScope,
				"timeoff_per_week", secTimeOff, secTimeOffV),
			grid: grid(0, 5, 12, 8),
			unit: unitHours,
		}, q.query("per_week"))).
		WithPanel(timeSeriesPanel(panel{
			id:    5,
			title: "Cost of time off work per week",
			description: describe("Cost of time off work per week (Monday to Sunday of the learners' local days), as Cost of time "+
				"off work. "+timeOffScope,
				"timeoff_cost_per_week", secTimeOff, secTimeOffV),
			grid: grid(12, 5, 12, 8),
			unit: unitMoney,
		}, q.query("cost_per_week"))).
		WithPanel(tablePanel(panel{
			id:    6,
			title: "Learning hours per org unit",
			description: describe("Per org unit of the learner when the session started, each unit on its own (not with the units "+
				"below it): hours in and outside working time and the cost of time off work. Learners the directory does not know "+
				"appear as (unknown learner). "+timeOffScope,
				"timeoff_by_org_unit", secLearner, secTimeOff, secTimeOffV),
			grid: grid(0, 13, 12, 8),
			unit: unitHours,
		}, q.query("by_org_unit"), map[string]string{"Org unit": unitText, "Cost of time off work": unitMoney})).
		WithPanel(barChartPanel(panel{
			id:    7,
			title: "Learning hours per learning form",
			description: describe("Hours of learning in and outside working time per learning form of the session's activity (its "+
				"own, else its course's): formal, workplace, social, self-directed, or none. "+timeOffScope,
				"timeoff_by_form", secTimeOff, secTimeOffV),
			grid: grid(12, 13, 12, 8),
			unit: unitHours,
		}, q.query("by_form"), "Learning form", true)).
		WithPanel(heatmapTablePanel(panel{
			id:    8,
			title: "When people learn (${zone})",
			description: describe("Hours of learning per hour of the day (rows) and weekday (columns) in the learners' own local "+
				"time, for the learners of one time zone: the panel repeats for each zone chosen, since ClickHouse converts times "+
				"only to a zone it is given as a constant. A session counts when it started in the range; it is cut into 15-minute "+
				"slots, each counted in the local hour and weekday it starts in. Does learning drift to the edges of the day and "+
				"the weekend? By org unit and learning form as the other panels; sessions come from learning_sessions, the "+
				"sessions time_off_work counts.",
				"timeoff_heatmap", secTimeOff, secDashboardView),
			grid: grid(0, 21, 12, 22),
			unit: unitHours,
		}, q.query("heatmap"), "Hour").
			Repeat(varZone).
			RepeatDirection(dashboard.PanelRepeatDirectionH).
			MaxPerRow(2))
	if q.err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", TimeOffUID, q.err)
	}
	d, err := b.Build()
	if err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", TimeOffUID, err)
	}
	return d, nil
}
