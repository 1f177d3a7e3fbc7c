package dashboards

import "strings"

// Where panel descriptions point for the definition of their numbers.
// Every description links the section of docs/metrics.md (the analytics
// contract) that defines its number, with the same link form, and names
// the SQL file the panel runs; TestDescriptions checks that each anchor is
// a heading of the file.
const (
	MetricsDocURL    = "https://github.com/leerlijn/leerlijn/blob/main/docs/metrics.md"
	DashboardsDocURL = "https://github.com/leerlijn/leerlijn/blob/main/docs/dashboards.md"
)

// Sections of docs/metrics.md (GitHub heading anchors).
const (
	secLearner       = "who-the-learner-is"
	secEnrolments    = "enrolments-and-completion"
	secLedger        = "budget-ledger"
	secTimeOff       = "time-off-work"
	secUtilisationV  = "budget_utilisation--one-row-per-budget"
	secLedgerV       = "budget_ledger--one-row-per-entry"
	secEnrolmentsV   = "enrolments--one-row-per-enrolment"
	secCompletionV   = "completion--one-row-per-org-unit-course-and-month-of-enrolment"
	secTimeOffV      = "time_off_work--one-row-per-org-unit-learning-form-and-local-day"
	secDataQualityV  = "data_quality--one-row-per-issue-that-occurs"
	secDashboardView = "dashboard-views" // in docs/dashboards.md
)

// describe ends a panel description with the links to the definitions of
// its numbers in docs/metrics.md (and, for the dashboard views,
// docs/dashboards.md) and the SQL file it runs.
func describe(text, query string, sections ...string) string {
	var b strings.Builder
	b.WriteString(text)
	if len(sections) > 0 {
		b.WriteString(" Defined in ")
		for i, s := range sections {
			if i > 0 {
				b.WriteString(", ")
			}
			url, doc := MetricsDocURL, "docs/metrics.md"
			if s == secDashboardView {
				url, doc = DashboardsDocURL, "docs/dashboards.md"
			}
			b.WriteString("[" + doc + "#" + s + "](" + url + "#" + s + ")")
		}
		b.WriteString(".")
	}
	b.WriteString(" Query: dashboards/queries/" + query + ".sql.")
	return b.String()
}
