package dashboards_test

// wantVariables: the selectors' queries (var_*.sql) on the metrics fixture,
// range 2 to 15 March 2026.
var wantVariables = map[string]map[string][][]any{
	// Every org unit of a person or a team budget, with its ancestors:
	// Acme/Ops/Logistics (ann) brings Acme/Ops and Acme; Acme/Sales/US
	// (b-usd) brings Acme/Sales.
	"var_org_unit.sql": {
		"all": {{"Acme"}, {"Acme/Ops"}, {"Acme/Ops/Logistics"}, {"Acme/Sales"}, {"Acme/Sales/US"}},
	},
	// Budgets whose 2026 period overlaps the range (not b-old, 2025), by
	// name; under Acme/Ops: b-ops, and b-ann (p-ann is in Acme/Ops/Logistics).
	"var_budget.sql": {
		"all": {
			{"b-ann", "Ann's learning budget"},
			{"b-ops", "Operations 2026"},
			{"b-sales", "Sales 2026"},
			{"b-usd", "US events"},
		},
		"org_unit=Acme/Ops": {
			{"b-ann", "Ann's learning budget"},
			{"b-ops", "Operations 2026"},
		},
	},
	"var_currency.sql": {
		"all": {{"EUR"}, {"USD"}}, // b-ann, b-ops, b-sales; b-usd
	},
	// Activities with enrolments made in the range (want_completion_test.go),
	// by name.
	"var_activity.sql": {
		"all": {
			{actCoaching, "Coaching circle"},
			{actExcel, "Excel"},
			{actForklift, "Forklift practice"},
			{actMentoring, "Mentoring"},
			{actNegotiation, "Negotiation"},
			{actSafety, "Safety 101"},
		},
		"org_unit=Acme/Ops": { // R1, R2, R4, bob's forklift, ann's mentoring
			{actExcel, "Excel"},
			{actForklift, "Forklift practice"},
			{actMentoring, "Mentoring"},
			{actSafety, "Safety 101"},
		},
		"learning_form=formal": { // R1, R2, R3, R6
			{actNegotiation, "Negotiation"},
			{actSafety, "Safety 101"},
		},
	},
}
