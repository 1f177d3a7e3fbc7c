package dashboards_test

// wantBudget: the training budget dashboard on the metrics fixture
// (metrics_fixture_test.go), range 2 to 15 March 2026. Decimals are written
// as their shortest text, times and dates as "YYYY-MM-DD hh:mm:ss".
//
// Budgets in scope (period overlaps the range, EUR): b-ann, b-ops, b-sales.
// b-usd is in USD, b-old's period is 2025. Their ledger up to 15 March
// 23:59:59 (metrics_fixture_test.go):
//
//	b-ann    committed 300 + 600 - 300 - 600 = 0      spent 300 + 600 = 900          unspent 1,000 - 0 - 900 = 100
//	b-ops    committed 600 + 300 - 600 - 300 = 0      spent 600 + 250 = 850          unspent 10,000 - 850 = 9,150
//	b-sales  committed 1,200 + 100 - 100 = 1,200      spent 100                      unspent 4,000 - 1,300 = 2,700
//
// Utilisation (committed + spent) / allocated: b-ann 900 / 1,000 = 0.9;
// b-ops 850 / 10,000 = 0.085; b-sales 1,300 / 4,000 = 0.325.
//
// Forecast: periods of 365 days; 1 January to 15 March is 31 + 28 + 15 = 74
// days elapsed; allocated - used x 365 / 74, the quotient truncated to the
// cent:
//
//	b-ann    900 x 365 = 328,500 / 74 = 4,439.189… -> 4,439.18;  1,000 - 4,439.18 = -3,439.18
//	b-ops    850 x 365 = 310,250 / 74 = 4,192.567… -> 4,192.56; 10,000 - 4,192.56 =  5,807.44
//	b-sales  1,300 x 365 = 474,500 / 74 = 6,412.162… -> 6,412.16; 4,000 - 6,412.16 = -2,412.16
//
// The selectors: org_unit=Acme/Ops keeps b-ops (Acme/Ops) and b-ann (its
// person p-ann is in Acme/Ops/Logistics, below Acme/Ops); budget=b-ops keeps
// b-ops.
var wantBudget = map[string]map[string][][]any{
	"budget_state.sql": {
		// allocated 1,000 + 10,000 + 4,000; committed 0 + 0 + 1,200; spent 900 + 850 + 100; unspent 100 + 9,150 + 2,700
		"all": {{"15000", "1200", "1850", "11950"}},
		// b-ann + b-ops: 1,000 + 10,000; 0; 900 + 850; 100 + 9,150
		"org_unit=Acme/Ops": {{"11000", "0", "1750", "9250"}},
		"budget=b-ops":      {{"10000", "0", "850", "9150"}},
	},
	"budget_utilisation.sql": {
		"all":               {{3050.0 / 15000}}, // (1,200 + 1,850) / 15,000
		"org_unit=Acme/Ops": {{1750.0 / 11000}}, // (0 + 1,750) / 11,000
		"budget=b-ops":      {{0.085}},          // 850 / 10,000
	},
	"budget_forecast.sql": {
		"all":               {{"-43.9"}},   // -3,439.18 + 5,807.44 - 2,412.16
		"org_unit=Acme/Ops": {{"2368.26"}}, // -3,439.18 + 5,807.44
		"budget=b-ops":      {{"5807.44"}},
	},
	"budget_by_budget.sql": {
		"all": {
			{"Ann's learning budget", "b-ann", "individual", "Acme/Ops/Logistics", "2026-01-01 00:00:00", "2026-12-31 00:00:00",
				"1000", "0", "900", "100", 0.9, "-3439.18"},
			{"Operations 2026", "b-ops", "team", "Acme/Ops", "2026-01-01 00:00:00", "2026-12-31 00:00:00",
				"10000", "0", "850", "9150", 0.085, "5807.44"},
			{"Sales 2026", "b-sales", "team", "Acme/Sales", "2026-01-01 00:00:00", "2026-12-31 00:00:00",
				"4000", "1200", "100", "2700", 0.325, "-2412.16"},
		},
		"org_unit=Acme/Ops": {
			{"Ann's learning budget", "b-ann", "individual", "Acme/Ops/Logistics", "2026-01-01 00:00:00", "2026-12-31 00:00:00",
				"1000", "0", "900", "100", 0.9, "-3439.18"},
			{"Operations 2026", "b-ops", "team", "Acme/Ops", "2026-01-01 00:00:00", "2026-12-31 00:00:00",
				"10000", "0", "850", "9150", 0.085, "5807.44"},
		},
		"budget=b-ops": {
			{"Operations 2026", "b-ops", "team", "Acme/Ops", "2026-01-01 00:00:00", "2026-12-31 00:00:00",
				"10000", "0", "850", "9150", 0.085, "5807.44"},
		},
	},
	// One row per org unit the budgets belong to, each on its own: b-ann
	// counts under Acme/Ops/Logistics, not under Acme/Ops.
	"budget_by_org_unit.sql": {
		"all": {
			{"Acme/Ops", "0", "850", "9150"},
			{"Acme/Ops/Logistics", "0", "900", "100"},
			{"Acme/Sales", "1200", "100", "2700"},
		},
		"org_unit=Acme/Ops": {
			{"Acme/Ops", "0", "850", "9150"},
			{"Acme/Ops/Logistics", "0", "900", "100"},
		},
		"budget=b-ops": {{"Acme/Ops", "0", "850", "9150"}},
	},
	"budget_top_unspent.sql": {
		"all":               {{"Operations 2026", "9150"}, {"Sales 2026", "2700"}, {"Ann's learning budget", "100"}},
		"org_unit=Acme/Ops": {{"Operations 2026", "9150"}, {"Ann's learning budget", "100"}},
		"budget=b-ops":      {{"Operations 2026", "9150"}},
	},
	// individual: b-ann; team: b-ops + b-sales = committed 0 + 1,200, spent
	// 850 + 100, unspent 9,150 + 2,700.
	"budget_by_type.sql": {
		"all":               {{"individual", "0", "900", "100"}, {"team", "1200", "950", "11850"}},
		"org_unit=Acme/Ops": {{"individual", "0", "900", "100"}, {"team", "0", "850", "9150"}},
		"budget=b-ops":      {{"team", "0", "850", "9150"}},
	},
	// Per day (UTC) of 2 to 15 March: the use booked by the end of the day,
	// a running total over the ledger's commitments, releases and spend of
	// the budgets in scope, and the plan, allocated x days elapsed / 365 (2
	// March is day 31 + 28 + 2 = 61).
	//
	// All (allocated 15,000): R5's commitment of 300 (20 February) counts on
	// 2 March with R1's 600: 900. 3 March: + R2 600, R5 -300 + 300: 1,500.
	// 4 March: + R3 1,200: 2,700. 5 March: R1 -600 + 600: 2,700. 9 March: +
	// R4 300: 3,000. 10 March: + R7 100, R2 -600 + 600: 3,100. 11 March: R4
	// -300: 2,800. 12 March: + e-1 250: 3,050. 13 March: R7 -100 + 100:
	// 3,050. Plan on day n: 15,000 x n / 365 (day 73, 14 March: 3,000).
	"budget_burnup.sql": {
		"all": burnup(15000, []float64{900, 1500, 2700, 2700, 2700, 2700, 2700, 3000, 3100, 2800, 3050, 3050, 3050, 3050}),
		// b-ann + b-ops (11,000): 900; + R2 600 = 1,500; + R4 300 = 1,800 on
		// 9 March; - 300 = 1,500 on 11 March; + e-1 250 = 1,750.
		"org_unit=Acme/Ops": burnup(11000, []float64{900, 1500, 1500, 1500, 1500, 1500, 1500, 1800, 1800, 1500, 1750, 1750, 1750, 1750}),
		// b-ops (10,000): R2 600 on 3 March, R4 300 on 9 March, -300 on 11
		// March, e-1 250 on 12 March.
		"budget=b-ops": burnup(10000, []float64{0, 600, 600, 600, 600, 600, 600, 900, 900, 600, 850, 850, 850, 850}),
	},
	// Spend booked in the range on b-ann, b-ops, b-sales: R5 300
	// (self-directed, 3 March), R1 600 (formal, 5 March), R2 600 (formal, 10
	// March), e-1 250 (expense, 12 March), R7 100 (workplace, 13 March).
	"budget_spend_by_form.sql": {
		"all":                  {{"formal", "1200"}, {"self-directed", "300"}, {"expenses", "250"}, {"workplace", "100"}},
		"org_unit=Acme/Ops":    {{"formal", "1200"}, {"self-directed", "300"}, {"expenses", "250"}}, // R7 is b-sales'
		"budget=b-ops":         {{"formal", "600"}, {"expenses", "250"}},                            // R2, e-1
		"learning_form=formal": {{"formal", "1200"}},                                                // an expense has no form
		"activity=safety":      {{"formal", "1200"}},                                                // R1, R2
	},
	"budget_spend_by_activity.sql": {
		"all":                  {{"Safety 101", "1200"}, {"Excel", "300"}, {"expenses", "250"}, {"Coaching circle", "100"}},
		"org_unit=Acme/Ops":    {{"Safety 101", "1200"}, {"Excel", "300"}, {"expenses", "250"}},
		"budget=b-ops":         {{"Safety 101", "600"}, {"expenses", "250"}},
		"learning_form=formal": {{"Safety 101", "1200"}},
		"activity=safety":      {{"Safety 101", "1200"}},
	},
	// R6 (dan, registered 6 March, 600.00 EUR, Safety 101, formal): dan is
	// in no person, so no budget fits it. Under Acme/Ops it is not counted
	// (dan has no org unit): 0 over no registrations.
	"budget_unbooked.sql": {
		"all":                  {{"600", uint64(1)}},
		"org_unit=Acme/Ops":    {{"0", uint64(0)}},
		"learning_form=formal": {{"600", uint64(1)}},
		"activity=safety":      {{"600", uint64(1)}},
	},
	// data_quality: R6's cost fits no budget (statement 14); dan's two
	// statements (14, 15) name an actor no person lists. The smallest id is
	// the example.
	"budget_data_quality.sql": {
		"all": {
			{"unbudgeted_cost", uint64(1), sid(14)},
			{"unknown_learner", uint64(2), sid(14)},
		},
	},
}

// burnup builds the burn-up rows for 2 to 15 March: the time of each day,
// the use by its end and the plan, allocated x (61 + i) / 365 on day i
// (0 = 2 March, the 61st day of 2026).
func burnup(allocated float64, used []float64) [][]any {
	var rows [][]any
	for i, u := range used {
		rows = append(rows, []any{metricsDay(i), u, allocated * float64(61+i) / 365})
	}
	return rows
}

// metricsDay is the time of day i (0 = 2 March) of the metrics range.
func metricsDay(i int) string {
	return metricsRequest.From.AddDate(0, 0, i).Format("2006-01-02 15:04:05")
}
