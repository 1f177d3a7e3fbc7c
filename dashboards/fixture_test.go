package dashboards_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/leerlijn/leerlijn/dashboards"
)

// The fixture of the statements dashboard: rows of the statements table
// (schema/ddl 0001) for one tenant over 1 to 5 March 2026, in two
// deliveries that land as two parts, so that FINAL has work to do. (The
// other dashboards run on metrics_fixture_test.go.)
//
// Verbs: A attempted, C completed, E experienced, V voided (adlnet.gov),
// M mentored (id.tincanapi.com). Actors: ann, bob, cas, admin.
//
//	id   timestamp (UTC)       actor  verb obj           seq  delivery
//	s01  2026-03-01 23:59:59   ann    C    Activity        1  1  before the range
//	s02  2026-03-02 00:00:00   ann    E    Activity        2  1  = From: in
//	s03  2026-03-02 09:15:00   ann    A    Activity        3  1
//	s04  2026-03-02 10:30:00   bob    E    Activity        4  1
//	s05  2026-03-02 11:00:00   bob    C    Activity        5  1  redelivered in 2
//	s06  2026-03-02 23:59:59   cas    E    Activity        6  1
//	s07  2026-03-03 08:00:00   ann    C    Activity        7  1
//	s08  2026-03-03 08:30:00   cas    A    Activity        8  1
//	s09  2026-03-03 09:00:00   ann    E    Activity        9  1
//	s10  2026-03-03 12:00:00   cas    C    Activity       10  1  voided by s12
//	s11  2026-03-03 12:05:00   bob    M    Agent          11  1
//	s05  (the same row again)                               5  2  duplicate
//	s12  2026-03-04 14:00:00   admin  V    StatementRef   12  2  voids s10
//	s10  (again, voided = 1)                               12  2  the void
//	s13  2026-03-04 15:00:00   ann    C    Activity       13  2
//	s14  2026-03-04 23:59:59   bob    A    Activity       14  2  = To (…:59.999 truncates): in
//	s15  2026-03-05 00:00:00   bob    C    Activity       15  2  after the range
//
// The range is 2026-03-02T00:00:00Z to 2026-03-04T23:59:59.999Z with a
// one-day interval. In it, counting s05 once and leaving s10 (voided) out:
//
//	2026-03-02: s02 E, s03 A, s04 E, s05 C, s06 E  -> A 1, C 1, E 3   (5)
//	2026-03-03: s07 C, s08 A, s09 E, s11 M         -> A 1, C 1, E 1, M 1 (4)
//	2026-03-04: s12 V, s13 C, s14 A                -> A 1, C 1, V 1   (3)
//
// Total 12; actors ann, bob, cas, admin: 4. Per verb (statements, actors):
// E 4 (ann, bob, cas: 3), A 3 (ann, cas, bob: 3), C 3 (bob, ann: 2), V 1
// (admin), M 1 (bob). Object types: Agent 1 (s11), StatementRef 1 (s12),
// Activity the other 10.
//
// With verb = completed: s05, s07, s13, one a day: 3 statements by 2 actors
// (bob, ann), all about an Activity. Without FINAL the duplicate s05 would
// make it 4; if voiding were ignored s10 would make it 4 and cas a third
// actor; a filter off by a second would add s01 or s15, or lose s02 or s14.
type fixtureRow struct {
	id, ts, actor, verb, objectType string
	voided                          uint8
	voidingTarget                   string
	seq                             uint64
}

const (
	verbAttempted   = "http://adlnet.gov/expapi/verbs/attempted"
	verbCompleted   = "http://adlnet.gov/expapi/verbs/completed"
	verbExperienced = "http://adlnet.gov/expapi/verbs/experienced"
	verbVoided      = "http://adlnet.gov/expapi/verbs/voided"
	verbMentored    = "http://id.tincanapi.com/verb/mentored"
)

const fixtureTenant = "acme"

var fixtureDeliveries = [][]fixtureRow{
	{
		{id: "s01", ts: "2026-03-01 23:59:59", actor: "ann", verb: verbCompleted, objectType: "Activity", seq: 1},
		{id: "s02", ts: "2026-03-02 00:00:00", actor: "ann", verb: verbExperienced, objectType: "Activity", seq: 2},
		{id: "s03", ts: "2026-03-02 09:15:00", actor: "ann", verb: verbAttempted, objectType: "Activity", seq: 3},
		{id: "s04", ts: "2026-03-02 10:30:00", actor: "bob", verb: verbExperienced, objectType: "Activity", seq: 4},
		{id: "s05", ts: "2026-03-02 11:00:00", actor: "bob", verb: verbCompleted, objectType: "Activity", seq: 5},
		{id: "s06", ts: "2026-03-02 23:59:59", actor: "cas", verb: verbExperienced, objectType: "Activity", seq: 6},
		{id: "s07", ts: "2026-03-03 08:00:00", actor: "ann", verb: verbCompleted, objectType: "Activity", seq: 7},
		{id: "s08", ts: "2026-03-03 08:30:00", actor: "cas", verb: verbAttempted, objectType: "Activity", seq: 8},
		{id: "s09", ts: "2026-03-03 09:00:00", actor: "ann", verb: verbExperienced, objectType: "Activity", seq: 9},
		{id: "s10", ts: "2026-03-03 12:00:00", actor: "cas", verb: verbCompleted, objectType: "Activity", seq: 10},
		{id: "s11", ts: "2026-03-03 12:05:00", actor: "bob", verb: verbMentored, objectType: "Agent", seq: 11},
	},
	{
		{id: "s05", ts: "2026-03-02 11:00:00", actor: "bob", verb: verbCompleted, objectType: "Activity", seq: 5},
		{id: "s12", ts: "2026-03-04 14:00:00", actor: "admin", verb: verbVoided, objectType: "StatementRef", voidingTarget: "s10", seq: 12},
		{id: "s10", ts: "2026-03-03 12:00:00", actor: "cas", verb: verbCompleted, objectType: "Activity", voided: 1, seq: 12},
		{id: "s13", ts: "2026-03-04 15:00:00", actor: "ann", verb: verbCompleted, objectType: "Activity", seq: 13},
		{id: "s14", ts: "2026-03-04 23:59:59", actor: "bob", verb: verbAttempted, objectType: "Activity", seq: 14},
		{id: "s15", ts: "2026-03-05 00:00:00", actor: "bob", verb: verbCompleted, objectType: "Activity", seq: 15},
	},
}

// The request the statements panels are expanded for, and the verbs of the
// fixture (the verb selector's options).
var (
	fixtureRequest = dashboards.Request{
		From:     time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		To:       time.Date(2026, 3, 4, 23, 59, 59, 999_000_000, time.UTC),
		Interval: 24 * time.Hour,
	}
	fixtureVerbs = []string{verbAttempted, verbCompleted, verbExperienced, verbVoided, verbMentored}
)

// The statements columns the fixture fills, in the order of fixtureValues.
const fixtureColumns = "tenant, statement_id, verb_id, actor_ifi, object_type, object_id, registration, " +
	"timestamp, timestamp_ms, stored, stored_ms, voided, voiding_target, client, raw, seq"

// fixtureUUID makes a statement id from a fixture id ("s12").
func fixtureUUID(id string) string {
	return fmt.Sprintf("00000000-0000-4000-8000-0000000000%s", strings.TrimPrefix(id, "s"))
}

// fixtureValues returns a row's values for fixtureColumns, as Go values for
// clickhouse-go.
func fixtureValues(r fixtureRow) []any {
	ts, err := time.ParseInLocation(time.DateTime, r.ts, time.UTC)
	if err != nil {
		panic(err)
	}
	stored := ts.Add(time.Second)
	var target *string
	if r.voidingTarget != "" {
		t := fixtureUUID(r.voidingTarget)
		target = &t
	}
	return []any{
		fixtureTenant, fixtureUUID(r.id), r.verb, "mailto:" + r.actor + "@example.org", r.objectType,
		"https://example.org/xapi/objects/" + r.id, (*string)(nil),
		ts, ts.UnixMilli(), stored, stored.UnixMilli(), r.voided, target, "lms", `{"id":"` + fixtureUUID(r.id) + `"}`, r.seq,
	}
}

// fixtureInsertSQL renders one delivery as an INSERT … VALUES statement, for
// chDB (never for 18.16, where Exec of INSERT … VALUES hangs).
func fixtureInsertSQL(rows []fixtureRow) string {
	var b strings.Builder
	b.WriteString("INSERT INTO statements (" + fixtureColumns + ") VALUES\n")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("(")
		for j, v := range fixtureValues(r) {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(sqlLiteral(v))
		}
		b.WriteString(")")
	}
	return b.String()
}

func sqlLiteral(v any) string {
	switch x := v.(type) {
	case string:
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(x) + "'"
	case *string:
		if x == nil {
			return "NULL"
		}
		return sqlLiteral(*x)
	case time.Time:
		return "'" + x.UTC().Format(time.DateTime) + "'"
	default:
		return fmt.Sprint(x)
	}
}
