package dashboards

import (
	"slices"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/leerlijn/leerlijn/schema/profile"
)

// The template variables the budget, completion, time-off and overview
// dashboards share, each named as the SQL references it. How each filters
// is said once, in the variable's description and in docs/dashboards.md
// ("Selectors").
const (
	varOrgUnit       = "org_unit"
	varBudget        = "budget"
	varLearningForm  = "learning_form"
	varActivity      = "activity"
	varCurrency      = "currency"
	varZone          = "zone"
	varMinEnrolments = "min_enrolments"
)

// LearningForms are the options of the learning form selector: the forms
// of Leerlijn's xAPI profile (docs/profile.md).
var LearningForms = []string{profile.FormFormal, profile.FormWorkplace, profile.FormSocial, profile.FormSelfDirected}

// minEnrolmentOptions are the options of the completion dashboard's
// "Minimum enrolments" selector.
var minEnrolmentOptions = []string{"1", "3", "5", "10", "20", "50"}

const defaultMinEnrolments = "5"

// defaultCurrency is the currency selected when a dashboard opens.
const defaultCurrency = "EUR"

// multiSelect makes a selector of several values, all chosen at first, in
// the order its query gives them.
func multiSelect(b *dashboard.QueryVariableBuilder) *dashboard.QueryVariableBuilder {
	return b.
		Sort(dashboard.VariableSortDisabled).
		Multi(true).
		IncludeAll(true).
		AllowCustomValue(false).
		Current(allSelected())
}

// orgUnitVariable selects org units, hierarchically: a chosen unit stands
// for itself and every unit below it.
func orgUnitVariable(q *querySet) *dashboard.QueryVariableBuilder {
	return multiSelect(q.sharedVariable(varOrgUnit, "var_org_unit").
		Label("Org unit").
		Description("Org units of the directory and of team budgets, with their ancestors. A chosen unit includes every unit below it " +
			"(Acme/Ops includes Acme/Ops/Logistics). All includes learners the directory does not know.").
		Refresh(dashboard.VariableRefreshOnDashboardLoad))
}

// budgetVariable selects budgets whose period overlaps the range, of the
// chosen org units.
func budgetVariable(q *querySet) *dashboard.QueryVariableBuilder {
	return multiSelect(q.sharedVariable(varBudget, "var_budget").
		Label("Budget").
		Description("Budgets whose period overlaps the time range, of the chosen org units (an individual budget by its person's org unit).").
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged))
}

// activityVariable selects activities (courses) with enrolments in the
// range, of the chosen org units and learning forms.
func activityVariable(q *querySet) *dashboard.QueryVariableBuilder {
	return multiSelect(q.sharedVariable(varActivity, "var_activity").
		Label("Activity").
		Description("Activities (courses) with enrolments in the time range, of the chosen org units and learning forms.").
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged))
}

// currencyVariable selects the one currency the money panels show: amounts
// in different currencies are never added.
func currencyVariable(q *querySet) *dashboard.QueryVariableBuilder {
	selected := true
	return q.sharedVariable(varCurrency, "var_currency").
		Label("Currency").
		Description("The currency of the budgets shown. Budgets in other currencies are left out, never converted or added.").
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
		Sort(dashboard.VariableSortDisabled).
		Multi(false).
		IncludeAll(false).
		AllowCustomValue(false).
		Current(dashboard.VariableOption{
			Selected: &selected,
			Text:     dashboard.StringOrArrayOfString{String: cog.ToPtr(defaultCurrency)},
			Value:    dashboard.StringOrArrayOfString{String: cog.ToPtr(defaultCurrency)},
		})
}

// learningFormVariable selects learning forms, from the profile's fixed
// list.
func learningFormVariable() *dashboard.CustomVariableBuilder {
	return customVariable(varLearningForm, LearningForms, true, "").
		Label("Learning form").
		Description("The learning form of the activity (docs/profile.md). Rows without a learning form (expenses, activities that " +
			"do not say) count only under All.")
}

// minEnrolmentsVariable is the completion dashboard's threshold for the
// worst-completion list.
func minEnrolmentsVariable() *dashboard.CustomVariableBuilder {
	return customVariable(varMinEnrolments, minEnrolmentOptions, false, defaultMinEnrolments).
		Label("Minimum enrolments").
		Description("Activities need at least this many enrolments that were not cancelled to appear among the worst completion rates.")
}

// zoneVariable lists the learners' time zones; the heatmap repeats per
// zone, since ClickHouse converts times only to a constant zone.
func zoneVariable(q *querySet) *dashboard.QueryVariableBuilder {
	return multiSelect(q.variable(varZone, "var_zone").
		Label("Time zone").
		Description("Time zones of the learners with learning in the time range. The heatmap of when people learn repeats per zone, " +
			"each in that zone's local time.").
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged))
}

// customVariable is a variable with fixed options: multi-value with All
// selected, or single-value with current selected.
func customVariable(name string, options []string, multi bool, current string) *dashboard.CustomVariableBuilder {
	selected := true
	opts := make([]dashboard.VariableOption, 0, len(options))
	for _, o := range options {
		opts = append(opts, dashboard.VariableOption{
			Selected: cog.ToPtr(!multi && o == current),
			Text:     dashboard.StringOrArrayOfString{String: cog.ToPtr(o)},
			Value:    dashboard.StringOrArrayOfString{String: cog.ToPtr(o)},
		})
	}
	b := dashboard.NewCustomVariableBuilder(name).
		Values(dashboard.StringOrMap{String: cog.ToPtr(strings.Join(options, ","))}).
		Options(opts).
		Multi(multi).
		IncludeAll(multi).
		AllowCustomValue(false)
	if multi {
		return b.Current(allSelected())
	}
	if !slices.Contains(options, current) {
		panic("custom variable " + name + ": current value " + current + " is not an option")
	}
	return b.Current(dashboard.VariableOption{
		Selected: &selected,
		Text:     dashboard.StringOrArrayOfString{String: cog.ToPtr(current)},
		Value:    dashboard.StringOrArrayOfString{String: cog.ToPtr(current)},
	})
}

// allSelected is a multi-value variable's "All" selection.
func allSelected() dashboard.VariableOption {
	selected := true
	return dashboard.VariableOption{
		Selected: &selected,
		Text:     dashboard.StringOrArrayOfString{ArrayOfString: []string{"All"}},
		Value:    dashboard.StringOrArrayOfString{ArrayOfString: []string{allValue}},
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
