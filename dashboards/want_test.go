package dashboards_test

import "maps"

// allWant is the hand-computed result of every query file of every
// dashboard, by variables case (sql_test.go).
func allWant() map[string]map[string][][]any {
	out := map[string]map[string][][]any{}
	for _, m := range []map[string]map[string][][]any{
		wantStatements, wantVariables, wantBudget, wantCompletion, wantTimeOff, wantOverview,
	} {
		maps.Copy(out, m)
	}
	return out
}
