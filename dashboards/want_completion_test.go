package dashboards_test

// wantCompletion: the completion dashboard on the metrics fixture, range 2
// to 15 March 2026. The enrolments made in the range (metrics_fixture_test.go;
// R5 and ann's forklift were made in February and do not count):
//
//	enrolment    org unit    form           started  completed  result  status     score  days to complete  budget
//	R1 safety    Logistics   formal         yes      yes        pass    passed     0.85   3d 5h = 3.208333  b-ann
//	R2 safety    Ops         formal         yes      -          fail    failed     0.45   -                 b-ops
//	R3 negot.    Sales       formal         yes      -          -       abandoned  -      -                 b-sales
//	R4 excel     Ops         self-directed  -        -          -       cancelled  -      -                 b-ops
//	R6 safety    ''          formal         yes      -          -       abandoned  -      -                 -
//	R7 coaching  Sales       workplace      yes      yes        -       completed  0.95   3d 1h = 3.041667  b-sales
//	bob forklift Ops         workplace      yes      -          -       abandoned  -      -                 -
//	ann mentor.  Logistics   social         yes      -          -       abandoned  -      -                 -
//
// (R1: 2 March 09:00 to 5 March 14:00; R7: 10 March 04:00 to 13 March
// 05:00.) Selectors: org_unit=Acme/Ops keeps R1, R2, R4, bob's forklift and
// ann's mentoring; budget=b-ops keeps R2 and R4 (the registrations b-ops
// committed to); learning_form=formal keeps R1, R2, R3, R6;
// activity=safety keeps R1, R2, R6.
var wantCompletion = map[string]map[string][][]any{
	"completion_funnel.sql": {
		"all":                  funnel(8, 7, 2, 1), // all 8; all but R4 started; R1, R7 completed; R1 passed
		"org_unit=Acme/Ops":    funnel(5, 4, 1, 1), // R1, R2, R4, forklift, mentoring; R4 not started
		"budget=b-ops":         funnel(2, 1, 0, 0), // R2, R4
		"learning_form=formal": funnel(4, 4, 1, 1), // R1, R2, R3, R6
		"activity=safety":      funnel(3, 3, 1, 1), // R1, R2, R6
	},
	// completed / (enrolled - cancelled)
	"completion_rate.sql": {
		"all":                  {{2.0 / 7}}, // 2 / (8 - 1)
		"org_unit=Acme/Ops":    {{0.25}},    // 1 / (5 - 1)
		"budget=b-ops":         {{0.0}},     // 0 / (2 - 1)
		"learning_form=formal": {{0.25}},    // 1 / 4
		"activity=safety":      {{1.0 / 3}}, // 1 / 3
	},
	"completion_median_days.sql": {
		"all":                  {{(3.0 + 5.0/24 + 3 + 1.0/24) / 2}}, // R1 and R7: the mean of the two, 3.125
		"org_unit=Acme/Ops":    {{3 + 5.0/24}},                      // R1
		"budget=b-ops":         {{nil}},                             // no completion
		"learning_form=formal": {{3 + 5.0/24}},
		"activity=safety":      {{3 + 5.0/24}},
	},
	// abandoned, cancelled
	"completion_dropoff.sql": {
		"all":                  {{uint64(4), uint64(1)}}, // R3, R6, forklift, mentoring; R4
		"org_unit=Acme/Ops":    {{uint64(2), uint64(1)}}, // forklift, mentoring; R4
		"budget=b-ops":         {{uint64(0), uint64(1)}}, // R4
		"learning_form=formal": {{uint64(2), uint64(0)}}, // R3, R6
		"activity=safety":      {{uint64(1), uint64(0)}}, // R6
	},
	// enrolled, started, completed, passed, failed, abandoned, cancelled,
	// rate, median days; most enrolled first, then by name.
	"completion_by_activity.sql": {
		"all": {
			row("Safety 101", 3, 3, 1, 1, 1, 1, 0, 1.0/3, 3+5.0/24), // R1, R2, R6
			row("Coaching circle", 1, 1, 1, 0, 0, 0, 0, 1.0, 3+1.0/24),
			row("Excel", 1, 0, 0, 0, 0, 0, 1, 0.0, nil), // all cancelled: rate 0
			row("Forklift practice", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),
			row("Mentoring", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),
			row("Negotiation", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),
		},
		"org_unit=Acme/Ops": {
			row("Safety 101", 2, 2, 1, 1, 1, 0, 0, 0.5, 3+5.0/24), // R1, R2
			row("Excel", 1, 0, 0, 0, 0, 0, 1, 0.0, nil),
			row("Forklift practice", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),
			row("Mentoring", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),
		},
		"budget=b-ops": {
			row("Excel", 1, 0, 0, 0, 0, 0, 1, 0.0, nil),      // R4
			row("Safety 101", 1, 1, 0, 0, 1, 0, 0, 0.0, nil), // R2
		},
		"learning_form=formal": {
			row("Safety 101", 3, 3, 1, 1, 1, 1, 0, 1.0/3, 3+5.0/24),
			row("Negotiation", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),
		},
		"activity=safety": {
			row("Safety 101", 3, 3, 1, 1, 1, 1, 0, 1.0/3, 3+5.0/24),
		},
	},
	// Each org unit on its own, by name ('(' sorts before 'A').
	"completion_by_org_unit.sql": {
		"all": {
			row("(unknown learner)", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),       // R6
			row("Acme/Ops", 3, 2, 0, 0, 1, 1, 1, 0.0, nil),                // R2, R4, forklift: 0 / (3 - 1)
			row("Acme/Ops/Logistics", 2, 2, 1, 1, 0, 1, 0, 0.5, 3+5.0/24), // R1, mentoring
			row("Acme/Sales", 2, 2, 1, 0, 0, 1, 0, 0.5, 3+1.0/24),         // R3, R7
		},
		"org_unit=Acme/Ops": {
			row("Acme/Ops", 3, 2, 0, 0, 1, 1, 1, 0.0, nil),
			row("Acme/Ops/Logistics", 2, 2, 1, 1, 0, 1, 0, 0.5, 3+5.0/24),
		},
		"budget=b-ops": {
			row("Acme/Ops", 2, 1, 0, 0, 1, 0, 1, 0.0, nil), // R2, R4: 0 / (2 - 1)
		},
		"learning_form=formal": {
			row("(unknown learner)", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),       // R6
			row("Acme/Ops", 1, 1, 0, 0, 1, 0, 0, 0.0, nil),                // R2
			row("Acme/Ops/Logistics", 1, 1, 1, 1, 0, 0, 0, 1.0, 3+5.0/24), // R1
			row("Acme/Sales", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),              // R3
		},
		"activity=safety": {
			row("(unknown learner)", 1, 1, 0, 0, 0, 1, 0, 0.0, nil),
			row("Acme/Ops", 1, 1, 0, 0, 1, 0, 0, 0.0, nil),
			row("Acme/Ops/Logistics", 1, 1, 1, 1, 0, 0, 0, 1.0, 3+5.0/24),
		},
	},
	// Activities with at least 1 (min_enrolments) enrolment that is not
	// cancelled: Excel (only R4, cancelled) is left out. Lowest rate first,
	// then more enrolments, then by name.
	"completion_worst.sql": {
		"all": {
			{"Forklift practice", int64(1), uint64(0), 0.0},
			{"Mentoring", int64(1), uint64(0), 0.0},
			{"Negotiation", int64(1), uint64(0), 0.0},
			{"Safety 101", int64(3), uint64(1), 1.0 / 3},
			{"Coaching circle", int64(1), uint64(1), 1.0},
		},
		"org_unit=Acme/Ops": {
			{"Forklift practice", int64(1), uint64(0), 0.0},
			{"Mentoring", int64(1), uint64(0), 0.0},
			{"Safety 101", int64(2), uint64(1), 0.5}, // R1, R2
		},
		"budget=b-ops":         {{"Safety 101", int64(1), uint64(0), 0.0}}, // R2; R4 (Excel) is cancelled
		"learning_form=formal": {{"Negotiation", int64(1), uint64(0), 0.0}, {"Safety 101", int64(3), uint64(1), 1.0 / 3}},
		"activity=safety":      {{"Safety 101", int64(3), uint64(1), 1.0 / 3}},
	},
	// Scores 0.45 (R2) -> 45 % -> 40-49; 0.85 (R1) -> 80-89; 0.95 (R7) ->
	// 90-100. Every bucket is listed.
	"completion_scores.sql": {
		"all":                  scores(4, 8, 9),
		"org_unit=Acme/Ops":    scores(4, 8), // R2, R1
		"budget=b-ops":         scores(4),    // R2
		"learning_form=formal": scores(4, 8),
		"activity=safety":      scores(4, 8), // R6 has no score
	},
}

func funnel(enrolled, started, completed, passed uint64) [][]any {
	return [][]any{{"Enrolled", enrolled}, {"Started", started}, {"Completed", completed}, {"Passed", passed}}
}

// row is a completion table row: a name, seven counts, the rate and the
// median days (nil for none).
func row(name string, enrolled, started, completed, passed, failed, abandoned, cancelled uint64, rate float64, median any) []any {
	return []any{name, enrolled, started, completed, passed, failed, abandoned, cancelled, rate, median}
}

// scores is the score distribution with one enrolment in each bucket
// listed (bucket b is b x 10 % to b x 10 + 9 %, the last to 100 %).
func scores(buckets ...int) [][]any {
	labels := []string{"0-9 %", "10-19 %", "20-29 %", "30-39 %", "40-49 %", "50-59 %", "60-69 %", "70-79 %", "80-89 %", "90-100 %"}
	var rows [][]any
	for b, l := range labels {
		n := uint64(0)
		for _, x := range buckets {
			if x == b {
				n++
			}
		}
		rows = append(rows, []any{l, n})
	}
	return rows
}
