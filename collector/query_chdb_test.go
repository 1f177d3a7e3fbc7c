package collector_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/ddl"
)

// TestStatementQuerySQLOnCurrentClickHouse runs the statement query SQL on
// the current engine (chDB) over a small lrs_statements fixture: the same
// SQL runs on the 18.16 test server in TestStatementQueries.
func TestStatementQuerySQLOnCurrentClickHouse(t *testing.T) {
	r := testenv.ChDB(t)
	ms, err := ddl.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var s testenv.ChDBScript
	for _, m := range ms {
		for i, stmt := range m.Statements {
			s.Exec(fmt.Sprintf("%s#%d", m.Name, i+1), stmt)
		}
	}
	// s1 completed by ann; s2 voided by v1; r1 targets s2; r2 targets r1;
	// g1 in another tenant.
	s1, s2, v1, r1, r2, g1 := "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003",
		"00000000-0000-4000-8000-000000000004", "00000000-0000-4000-8000-000000000005", "00000000-0000-4000-8000-000000000006"
	sq := func(id string) string { return "'" + id + "'" }
	row := func(tenant string, ms int, id, verb, objType, objID, ref string, voiding int, agents string) string {
		return fmt.Sprintf("('%s', toDateTime(%d, 'UTC'), %d, '%s', '%s', '%s', '%s', '%s', %d, '', %s, %s, [], 'c', '{}', 1)",
			tenant, ms/1000, ms, id, verb, objType, objID, ref, voiding, agents, agents)
	}
	const completed, passed, voided = "http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed", "http://adlnet.gov/expapi/verbs/voided"
	s.Exec("fixture", "INSERT INTO lrs_statements (tenant, stored, stored_ms, statement_id, verb_id, object_type, object_id, ref_target, voiding, registration, agents, related_agents, related_activities, client, raw, seq) VALUES "+
		strings.Join([]string{
			row("acme", 1_000_000, s1, completed, "Activity", "http://x/c", "", 0, "['mbox:mailto:ann@example.com']"),
			row("acme", 2_000_000, s2, passed, "Activity", "http://x/c", "", 0, "['mbox:mailto:bob@example.com']"),
			row("acme", 3_000_000, v1, voided, "StatementRef", s2, s2, 1, "['mbox:mailto:admin@example.com']"),
			row("acme", 4_000_000, r1, "http://x/confirmed", "StatementRef", s2, s2, 0, "['mbox:mailto:cy@example.com']"),
			row("acme", 5_000_000, r2, "http://x/noted", "StatementRef", r1, r1, 0, "['mbox:mailto:dee@example.com']"),
			row("globex", 1_500_000, g1, passed, "Activity", "http://x/c", "", 0, "['mbox:mailto:ann@example.com']"),
		}, ", "))
	s.Exec("voids", "INSERT INTO statement_voids (tenant, target_id, voiding_id, seq) VALUES ('acme', toUUID("+sq(s2)+"), toUUID("+sq(v1)+"), 3)")
	cases := []struct {
		name   string
		params url.Values
		want   []string
	}{
		{"all but the voided", url.Values{}, []string{r2, r1, v1, s1}},
		{"verb passed through StatementRefs to the voided", url.Values{"verb": {passed}}, []string{r2, r1, v1}},
		{"agent", url.Values{"agent": {`{"mbox":"mailto:ann@example.com"}`}}, []string{s1}},
		{"ascending, limit", url.Values{"ascending": {"true"}, "limit": {"2"}}, []string{s1, v1, r1}},
		{"since, until", url.Values{"since": {time.UnixMilli(1_000_000).UTC().Format(time.RFC3339Nano)}, "until": {time.UnixMilli(4_000_000).UTC().Format(time.RFC3339Nano)}}, []string{r1, v1}},
	}
	for _, c := range cases {
		sql, err := collector.StatementQuerySQL("acme", c.params, 100)
		if err != nil {
			t.Fatal(err)
		}
		s.Query(c.name, sql)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	res, err := r.Run(ctx, &s)
	if err != nil {
		t.Fatalf("statement query SQL on the current engine: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := res[c.name]
			if got.Err != nil {
				t.Fatal(got.Err)
			}
			var ids []string
			for _, row := range got.Rows {
				ids = append(ids, row[0].(string))
			}
			if !slices.Equal(ids, c.want) {
				t.Fatalf("ids %v, want %v", ids, c.want)
			}
		})
	}
}
