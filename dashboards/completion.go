package dashboards

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// CompletionUID is the uid of the completion dashboard.
const CompletionUID = "leerlijn-completion"

// Which enrolments the completion panels count, said once.
const completionScope = "Counts the enrolments made in the time range (enrolled_at in it), by their learner's org unit on the day " +
	"of enrolment (a chosen unit includes the units below it), the learning form and activity (course) chosen and, with budgets " +
	"chosen, only enrolments whose registration those budgets committed to."

// Completion is the L&D dashboard: who enrols, starts, completes and
// passes, how fast, who drops out, how they score, and which activities
// complete worst.
func Completion() (Dashboard, error) {
	q := &querySet{dashboard: "completion"}
	b := newDashboard("Leerlijn · Completion").
		Uid(CompletionUID).
		Description("Enrolment, completion and drop-off for L&D: the funnel, completion rate and days to complete per activity and "+
			"org unit, scores, and the activities that complete worst. "+completionScope).
		Tags([]string{"leerlijn", "completion", "learning"}).
		Readonly().
		Timezone("utc").
		Time("now-90d", "now").
		Refresh("15m").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Link(dashboardsLink()).
		WithVariable(orgUnitVariable(q)).
		WithVariable(budgetVariable(q)).
		WithVariable(learningFormVariable()).
		WithVariable(activityVariable(q)).
		WithVariable(minEnrolmentsVariable()).
		WithPanel(barGaugePanel(panel{
			id:    1,
			title: "Enrolment funnel",
			description: describe("Of the enrolments made in the range: all of them, those started (a launched, initialized, "+
				"attempted, experienced, progressed, completed, passed, failed, terminated, abandoned or satisfied statement), those "+
				"completed (completed, passed, satisfied or waived about the course itself) and those whose latest result is a pass. "+
				completionScope,
				"completion_funnel", secEnrolments, secEnrolmentsV),
			grid: grid(0, 0, 10, 7),
			unit: unitCount,
		}, q.query("funnel"))).
		WithPanel(statPanel(panel{
			id:    2,
			title: "Completion rate",
			description: describe("completed / (enrolled - cancelled) over the enrolments made in the range, 0 when all are "+
				"cancelled: the completion view's completion_rate over the range instead of a month. Enrolments made recently have "+
				"had less time to complete. Red below 50 %, orange to 75 %, green from 75 %. "+completionScope,
				"completion_rate", secEnrolments, secCompletionV),
			grid:       grid(10, 0, 5, 7),
			unit:       unitPercent,
			thresholds: completionThresholds(),
		}, q.query("rate")).
			ColorMode(common.BigValueColorModeValue)).
		WithPanel(statPanel(panel{
			id:    3,
			title: "Median days to complete",
			description: describe("Median of completed_at - enrolled_at, in days, over the enrolments made in the range that "+
				"completed; the mean of the middle two for an even count; no value without completions. "+completionScope,
				"completion_median_days", secEnrolments, secCompletionV),
			grid: grid(15, 0, 4, 7),
			unit: unitDays,
		}, q.query("median_days"))).
		WithPanel(namedStatPanel(panel{
			id:    4,
			title: "Drop-off",
			description: describe("Enrolments made in the range that were abandoned (started, then a cmi5 abandoned statement or "+
				"no statement for longer than the tenant's abandoned_after_days) or cancelled (unregistered before a result). "+
				completionScope,
				"completion_dropoff", secEnrolments, secEnrolmentsV),
			grid:       grid(19, 0, 5, 7),
			unit:       unitCount,
			thresholds: steps("green", 1.0, "orange"),
		}, q.query("dropoff")).
			ColorMode(common.BigValueColorModeValue)).
		WithPanel(tablePanel(panel{
			id:    5,
			title: "Completion per activity",
			description: describe("Per activity (course): the enrolments made in the range, how many started, completed, passed, "+
				"failed, were abandoned or cancelled, the completion rate completed / (enrolled - cancelled) and the median days to "+
				"complete. "+completionScope,
				"completion_by_activity", secEnrolments, secCompletionV),
			grid: grid(0, 7, 24, 9),
			unit: unitCount,
		}, q.query("by_activity"), map[string]string{
			"Activity": unitText, "Completion rate": unitPercent, "Median days to complete": unitDays,
		})).
		WithPanel(tablePanel(panel{
			id:    6,
			title: "Completion per org unit",
			description: describe("Per org unit of the learner on the day of enrolment, each unit on its own (not with the units "+
				"below it): as Completion per activity. Learners the directory does not know appear as (unknown learner). "+
				completionScope,
				"completion_by_org_unit", secLearner, secEnrolments, secCompletionV),
			grid: grid(0, 16, 14, 9),
			unit: unitCount,
		}, q.query("by_org_unit"), map[string]string{
			"Org unit": unitText, "Completion rate": unitPercent, "Median days to complete": unitDays,
		})).
		WithPanel(tablePanel(panel{
			id:    7,
			title: "Worst completion",
			description: describe("The ten activities with the lowest completion rate among the enrolments made in the range, "+
				"counting only activities with at least Minimum enrolments enrolments that were not cancelled; ties by more "+
				"enrolments, then by name. "+completionScope,
				"completion_worst", secEnrolments, secCompletionV),
			grid:       grid(14, 16, 10, 9),
			unit:       unitCount,
			thresholds: completionThresholds(),
		}, q.query("worst"), map[string]string{"Activity": unitText}).
			WithOverride(byName("Completion rate"), []dashboard.DynamicConfigValue{
				{Id: "unit", Value: unitPercent},
				{Id: "custom.cellOptions", Value: cellType(common.TableCellDisplayModeColorText)},
			})).
		WithPanel(barChartPanel(panel{
			id:    8,
			title: "Score distribution",
			description: describe("Enrolments made in the range with a score, by their latest scaled score about the course in "+
				"buckets of ten percentage points (rounded to a whole percent first; 100 % in the top bucket). "+completionScope,
				"completion_scores", secEnrolments, secEnrolmentsV),
			grid: grid(0, 25, 24, 8),
			unit: unitCount,
		}, q.query("scores"), "Score", false))
	if q.err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", CompletionUID, q.err)
	}
	d, err := b.Build()
	if err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", CompletionUID, err)
	}
	return d, nil
}
