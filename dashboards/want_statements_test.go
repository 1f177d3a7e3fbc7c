package dashboards_test

// wantStatements holds the hand-computed result of every statements query
// file (fixture_test.go), by variables case (sql_test.go).
// Times are written as UTC "YYYY-MM-DD hh:mm:ss".
var wantStatements = map[string]map[string][][]any{
	"statements_total.sql": {
		"all":            {{uint64(12)}},
		"verb=completed": {{uint64(3)}},
	},
	"statements_learners.sql": {
		"all":            {{uint64(4)}},
		"verb=completed": {{uint64(2)}},
	},
	"statements_over_time.sql": {
		"all": {
			{"2026-03-02 00:00:00", verbAttempted, uint64(1)},
			{"2026-03-02 00:00:00", verbCompleted, uint64(1)},
			{"2026-03-02 00:00:00", verbExperienced, uint64(3)},
			{"2026-03-03 00:00:00", verbAttempted, uint64(1)},
			{"2026-03-03 00:00:00", verbCompleted, uint64(1)},
			{"2026-03-03 00:00:00", verbExperienced, uint64(1)},
			{"2026-03-03 00:00:00", verbMentored, uint64(1)},
			{"2026-03-04 00:00:00", verbAttempted, uint64(1)},
			{"2026-03-04 00:00:00", verbCompleted, uint64(1)},
			{"2026-03-04 00:00:00", verbVoided, uint64(1)},
		},
		"verb=completed": {
			{"2026-03-02 00:00:00", verbCompleted, uint64(1)},
			{"2026-03-03 00:00:00", verbCompleted, uint64(1)},
			{"2026-03-04 00:00:00", verbCompleted, uint64(1)},
		},
	},
	"statements_top_verbs.sql": {
		"all": {
			{verbExperienced, uint64(4), uint64(3)},
			{verbAttempted, uint64(3), uint64(3)},
			{verbCompleted, uint64(3), uint64(2)},
			{verbVoided, uint64(1), uint64(1)},
			{verbMentored, uint64(1), uint64(1)},
		},
		"verb=completed": {{verbCompleted, uint64(3), uint64(2)}},
	},
	"statements_object_types.sql": {
		"all":            {{"Activity", uint64(10)}, {"Agent", uint64(1)}, {"StatementRef", uint64(1)}},
		"verb=completed": {{"Activity", uint64(3)}},
	},
	// The variable does not depend on itself: it runs for the baseline only.
	"statements_var_verb.sql": {
		"all": {{verbAttempted}, {verbCompleted}, {verbExperienced}, {verbVoided}, {verbMentored}},
	},
}
