package dashboards_test

import (
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/dashboards"
)

// orgUnitFilter is how every query filters on org units: a row's org unit
// matches when it is a chosen unit or lies below one. The second argument
// of $__conditionalAll is the plain $org_unit (the plugin finds the
// variable there, not in ${org_unit:singlequote}); singlequote escapes a
// quote in a unit's name.
const orgUnitFilter = "$__conditionalAll((org_unit IN (${org_unit:singlequote}) OR " +
	"arrayExists(u -> startsWith(org_unit, concat(u, '/')), [${org_unit:singlequote}])), $org_unit)"

// TestOrgUnitFilterEverywhere: every query that uses the org unit selector
// filters with orgUnitFilter, and only with it.
func TestOrgUnitFilterEverywhere(t *testing.T) {
	n := 0
	for name, sql := range sqlFiles(t) {
		uses := strings.Count(sql, "$org_unit") + strings.Count(sql, "${org_unit")
		filters := strings.Count(sql, orgUnitFilter)
		if uses != 3*filters {
			t.Errorf("queries/%s uses the org unit selector %d times outside the common filter:\n%s", name, uses-3*filters, orgUnitFilter)
		}
		n += filters
	}
	if n < 30 {
		t.Errorf("only %d org unit filters in the queries", n)
	}
}

// TestExpandOrgUnitFilter pins what the plugin sends for the org unit
// filter: nothing to filter for All (or nothing selected), and for chosen
// units the units themselves or anything below them.
func TestExpandOrgUnitFilter(t *testing.T) {
	options := []string{"Acme", "Acme/Ops", "Acme/Ops/Logistics", "O'Neil & Sons"}
	org := func(all bool, values ...string) dashboards.Variable {
		return dashboards.Variable{Name: "org_unit", Multi: true, All: all, Values: values, Options: options}
	}
	tests := []struct {
		name string
		v    dashboards.Variable
		want string
	}{
		{"All", org(true), "1=1"},
		{"nothing selected", org(false), "1=1"},
		{"one unit", org(false, "Acme/Ops"),
			"(org_unit IN ('Acme/Ops') OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), ['Acme/Ops']))"},
		{"two units, one with a quote", org(false, "Acme/Ops", "O'Neil & Sons"),
			`(org_unit IN ('Acme/Ops','O\'Neil & Sons') OR arrayExists(u -> startsWith(org_unit, concat(u, '/')), ['Acme/Ops','O\'Neil & Sons']))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dashboards.Expand("WHERE "+orgUnitFilter, goldenRequest(0, tt.v))
			if err != nil {
				t.Fatal(err)
			}
			if want := "WHERE " + tt.want; got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}
