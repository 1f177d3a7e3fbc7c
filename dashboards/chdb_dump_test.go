package dashboards_test

// metricTables are the tables the metric projections write: what the
// current engine gets from 18.16 to run the panels on the same rows.
var metricTables = []string{
	"people", "tenant_settings", "budget_versions", "budget_expenses", "learning_statements", "learning_voids",
	"timeoff_sessions", "timeoff_minutes", "timeoff_people", "timeoff_settings", "timeoff_voids",
}
