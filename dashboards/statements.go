package dashboards

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// StatementsUID is the uid of the statements dashboard.
const StatementsUID = "leerlijn-statements"

// How the statements dashboard counts, said once for every description.
const statementsCounting = "Counts statements whose timestamp lies in the selected time range, " +
	"each stored statement once (a redelivered copy does not count twice). " +
	"Voided statements are not counted; the voiding statements themselves are, under the verb voided. " +
	"The Verb selector limits every panel to the chosen verbs."

// Statements is the LRS overview: how many statements arrive, from how many
// actors, with which verbs and about which kinds of object.
func Statements() (Dashboard, error) {
	q := &querySet{dashboard: "statements"}
	b := newDashboard("Leerlijn · Statements").
		Uid(StatementsUID).
		Description("xAPI statements stored by Leerlijn: volume over time, actors, verbs and object types. "+statementsCounting).
		Tags([]string{"leerlijn", "xapi"}).
		Readonly().
		Timezone("utc").
		Time("now-30d", "now").
		Refresh("5m").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		WithVariable(multiSelect(q.variable("verb", "var_verb").
			Label("Verb").
			Description("Verbs used by statements in the time range. All selects every verb, including verbs that arrive later.").
			Refresh(dashboard.VariableRefreshOnTimeRangeChanged))).
		WithPanel(statPanel(panel{
			id:    1,
			title: "Statements",
			description: "Number of statements in the time range. " + statementsCounting +
				" Query: statements_total.sql.",
			grid: grid(0, 0, 12, 5),
			unit: unitCount,
		}, q.query("total"))).
		WithPanel(statPanel(panel{
			id:    2,
			title: "Distinct learners",
			description: "Number of distinct actors (by inverse functional identifier: mbox, mbox_sha1sum, openid or account) " +
				"among the statements counted in Statements, including whoever issued a voiding statement. " +
				"Query: statements_learners.sql.",
			grid: grid(12, 0, 12, 5),
			unit: unitCount,
		}, q.query("learners"))).
		WithPanel(timeSeriesPanel(panel{
			id:    3,
			title: "Statements over time by verb",
			description: "Statements per time bucket, stacked by verb. A bucket is the panel interval (at least one hour), " +
				"aligned to UTC; a statement falls in the bucket of its timestamp. " + statementsCounting +
				" Query: statements_over_time.sql.",
			grid: grid(0, 5, 24, 10),
			unit: unitCount,
		}, q.query("over_time")).
			Interval("1h").
			MaxDataPoints(200).
			DisplayName("${__field.labels.verb}")).
		WithPanel(tablePanel(panel{
			id:    4,
			title: "Top verbs",
			description: "The ten verbs with the most statements in the time range, with the number of distinct actors " +
				"that used each (ties ordered by verb IRI). " + statementsCounting + " Query: statements_top_verbs.sql.",
			grid: grid(0, 15, 14, 10),
			unit: unitCount,
		}, q.query("top_verbs"), nil)).
		WithPanel(barGaugePanel(panel{
			id:    5,
			title: "Statements by object type",
			description: "Statements in the time range per xAPI object type (Activity, Agent, Group, StatementRef, SubStatement). " +
				statementsCounting + " Query: statements_object_types.sql.",
			grid: grid(14, 15, 10, 10),
			unit: unitCount,
		}, q.query("object_types")))
	if q.err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", StatementsUID, q.err)
	}
	d, err := b.Build()
	if err != nil {
		return Dashboard{}, fmt.Errorf("build dashboard %s: %w", StatementsUID, err)
	}
	return d, nil
}
