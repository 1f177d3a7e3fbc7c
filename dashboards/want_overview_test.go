package dashboards_test

// wantOverview: the overview dashboard on the metrics fixture. Each query
// returns the period before the range (16 February to 1 March, at its
// start) and the range (2 to 15 March).
//
// Previous period: enrolments R5 (ann, Excel, completed 3 March) and ann's
// forklift (abandoned); sessions S5 (ann, 24 February, self-directed, 60 min
// in working time, 60.00) and S8 (ann, 26 February, workplace, 30 min in
// working time, 30 min x 60.00/h = 30.00). The range: as in
// want_completion_test.go and want_timeoff_test.go. org_unit=Acme/Ops keeps
// ann (Logistics) and bob (Ops).
var wantOverview = map[string]map[string][][]any{
	// As of 1 March 23:59:59 (day 31 + 28 + 1 = 60 of 365): only R5's
	// commitment of 300 is booked, on b-ann: 1,000 - 300 x 365 / 60 =
	// 1,000 - 1,825.00 = -825.00; b-ops 10,000 and b-sales 4,000 are unused
	// (their unspent amount: 10,000 - 0 x 365 / 60). As of 15 March: see
	// want_budget_test.go.
	"overview_forecast.sql": {
		"all": {
			{"2026-02-16 00:00:00", "13175"}, // -825 + 10,000 + 4,000
			{"2026-03-02 00:00:00", "-43.9"},
		},
		"org_unit=Acme/Ops": {
			{"2026-02-16 00:00:00", "9175"}, // -825 + 10,000
			{"2026-03-02 00:00:00", "2368.26"},
		},
	},
	"overview_completion_rate.sql": {
		"all": {
			{"2026-02-16 00:00:00", 0.5},     // R5 completed, forklift not: 1 / 2
			{"2026-03-02 00:00:00", 2.0 / 7}, // 2 / (8 - 1)
		},
		"org_unit=Acme/Ops": {
			{"2026-02-16 00:00:00", 0.5},
			{"2026-03-02 00:00:00", 0.25}, // 1 / (5 - 1)
		},
	},
	// Formal and workplace minutes / all minutes.
	"overview_share.sql": {
		"all": {
			{"2026-02-16 00:00:00", 0.0, 30.0 / 90},           // S5 self-directed 60, S8 workplace 30
			{"2026-03-02 00:00:00", 180.0 / 405, 180.0 / 405}, // formal S1 + S3 + S6 = 180; workplace S2 + S7 = 180; of 405
		},
		"org_unit=Acme/Ops": {
			{"2026-02-16 00:00:00", 0.0, 30.0 / 90},
			{"2026-03-02 00:00:00", 60.0 / 225, 120.0 / 225}, // S1 formal 60, S2 workplace 120, S4 social 45
		},
	},
	// Hours in working time.
	"overview_hours.sql": {
		"all":               {{"2026-02-16 00:00:00", 1.5}, {"2026-03-02 00:00:00", 3.0}}, // 60 + 30 min; 180 min
		"org_unit=Acme/Ops": {{"2026-02-16 00:00:00", 1.5}, {"2026-03-02 00:00:00", 1.0}}, // S1
	},
	"overview_cost.sql": {
		"all":               {{"2026-02-16 00:00:00", "90"}, {"2026-03-02 00:00:00", "135"}}, // 60 + 30; 60 + 25 + 50
		"org_unit=Acme/Ops": {{"2026-02-16 00:00:00", "90"}, {"2026-03-02 00:00:00", "60"}},
	},
}
