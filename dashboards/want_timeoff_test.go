package dashboards_test

// wantTimeOff: the time off work dashboard on the metrics fixture, range 2
// to 15 March 2026 (local days 2 to 15 March). The sessions in it
// (metrics_fixture_test.go; minutes total / in working time, cost):
//
//	S1  ann  Tue 03-03  Logistics  formal      60 / 60   60.00   10:00-11:00 Amsterdam
//	S3  cas  Wed 03-04  Sales      formal      90 / 30   25.00   16:30-18:00 Kolkata; 30 min x 50.00/h
//	S6  dan  Fri 03-06  ''         formal      30 / 30    0.00   11:30-12:00 Amsterdam (the tenant's zone); unknown: no cost
//	S2  bob  Sat 03-07  Ops        workplace  120 /  0    0.00   10:00-12:00 Amsterdam
//	S4  ann  Tue 03-10  Logistics  social      45 /  0    0.00   19:00-19:45 Amsterdam
//	S7  cas  Thu 03-12  Sales      workplace   60 / 60   50.00   09:00-10:00 Kolkata
//
// In working time 60 + 30 + 30 + 60 = 180 min = 3 h; outside 60 + 120 + 45
// = 225 min = 3.75 h; cost 60 + 25 + 50 = 135.00. org_unit=Acme/Ops keeps
// S1, S2, S4; learning_form=formal keeps S1, S3, S6.
var wantTimeOff = map[string]map[string][][]any{
	// hours in working time, outside it
	"timeoff_hours.sql": {
		"all":                  {{3.0, 3.75}},
		"org_unit=Acme/Ops":    {{1.0, 2.75}}, // S1 60 in; S2 120 + S4 45 = 165 out
		"learning_form=formal": {{2.0, 1.0}},  // 60 + 30 + 30 in; S3's 60 out
	},
	"timeoff_cost.sql": {
		"all":                  {{"135"}},
		"org_unit=Acme/Ops":    {{"60"}}, // S1
		"learning_form=formal": {{"85"}}, // 60 + 25 + 0
	},
	"timeoff_work_share.sql": {
		"all":                  {{180.0 / 405}},
		"org_unit=Acme/Ops":    {{60.0 / 225}},
		"learning_form=formal": {{120.0 / 180}},
	},
	// Weeks of 2 March (S1, S3, S6, S2) and 9 March (S4, S7).
	"timeoff_per_week.sql": {
		"all": {
			{"2026-03-02 00:00:00", 2.0, 3.0},  // 60 + 30 + 30 in; 60 + 120 out
			{"2026-03-09 00:00:00", 1.0, 0.75}, // S7 60 in; S4 45 out
		},
		"org_unit=Acme/Ops": {
			{"2026-03-02 00:00:00", 1.0, 2.0},  // S1; S2
			{"2026-03-09 00:00:00", 0.0, 0.75}, // S4
		},
		"learning_form=formal": {
			{"2026-03-02 00:00:00", 2.0, 1.0},
		},
	},
	"timeoff_cost_per_week.sql": {
		"all":                  {{"2026-03-02 00:00:00", "85"}, {"2026-03-09 00:00:00", "50"}}, // 60 + 25; 50
		"org_unit=Acme/Ops":    {{"2026-03-02 00:00:00", "60"}, {"2026-03-09 00:00:00", "0"}},
		"learning_form=formal": {{"2026-03-02 00:00:00", "85"}},
	},
	// hours in, hours out, cost; each org unit on its own
	"timeoff_by_org_unit.sql": {
		"all": {
			{"(unknown learner)", 0.5, 0.0, "0"},    // S6
			{"Acme/Ops", 0.0, 2.0, "0"},             // S2
			{"Acme/Ops/Logistics", 1.0, 0.75, "60"}, // S1, S4
			{"Acme/Sales", 1.5, 1.0, "75"},          // S3 30 + S7 60 in, S3 60 out; 25 + 50
		},
		"org_unit=Acme/Ops": {
			{"Acme/Ops", 0.0, 2.0, "0"},
			{"Acme/Ops/Logistics", 1.0, 0.75, "60"},
		},
		"learning_form=formal": {
			{"(unknown learner)", 0.5, 0.0, "0"},
			{"Acme/Ops/Logistics", 1.0, 0.0, "60"},
			{"Acme/Sales", 0.5, 1.0, "25"},
		},
	},
	// hours in, hours out per learning form
	"timeoff_by_form.sql": {
		"all": {
			{"formal", 2.0, 1.0},    // S1, S3, S6
			{"social", 0.0, 0.75},   // S4
			{"workplace", 1.0, 2.0}, // S7 in; S2 out
		},
		"org_unit=Acme/Ops": {
			{"formal", 1.0, 0.0},
			{"social", 0.0, 0.75},
			{"workplace", 0.0, 2.0},
		},
		"learning_form=formal": {{"formal", 2.0, 1.0}},
	},
	// Hours per local hour (row) and weekday (Mon..Sun), for the learners
	// of one zone. Amsterdam (ann, bob, and dan in the tenant's zone): S1
	// Tue 10-11; S6 Fri 11:30-12:00; S2 Sat 10-12; S4 Tue 19:00-19:45. Bob's
	// session of 16 March started after the range. Kolkata (cas): S3 Wed
	// 16:30-18:00 (half an hour at 16, a whole one at 17), S7 Thu 09-10.
	"timeoff_heatmap.sql": {
		"all": heatmap(map[int][7]float64{
			10: {1: 1, 5: 1},   // Tue S1, Sat S2
			11: {4: 0.5, 5: 1}, // Fri S6, Sat S2
			19: {1: 0.75},      // Tue S4
		}),
		"org_unit=Acme/Ops": heatmap(map[int][7]float64{ // not dan's S6
			10: {1: 1, 5: 1},
			11: {5: 1},
			19: {1: 0.75},
		}),
		"learning_form=formal": heatmap(map[int][7]float64{ // S1, S6
			10: {1: 1},
			11: {4: 0.5},
		}),
		"zone=Asia/Kolkata": heatmap(map[int][7]float64{
			9:  {3: 1},   // Thu S7
			16: {2: 0.5}, // Wed S3
			17: {2: 1},
		}),
	},
	// The zones of the sessions that started in the range.
	"timeoff_var_zone.sql": {
		"all": {{"Asia/Kolkata"}, {"Europe/Amsterdam"}},
	},
}

// heatmap builds the 24 rows of the heatmap: the hour, then the hours of
// learning Monday to Sunday (0 where cells has none).
func heatmap(cells map[int][7]float64) [][]any {
	rows := make([][]any, 24)
	for h := range rows {
		rows[h] = []any{uint8(h)}
		for _, v := range cells[h] {
			rows[h] = append(rows[h], v)
		}
	}
	return rows
}
