package processor_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/event"
)

type lrsRow struct {
	ID                string   `ch:"statement_id"`
	StoredMs          int64    `ch:"stored_ms"`
	RefTarget         string   `ch:"ref_target"`
	Voiding           uint8    `ch:"voiding"`
	Registration      string   `ch:"registration"`
	Agents            []string `ch:"agents"`
	RelatedAgents     []string `ch:"related_agents"`
	RelatedActivities []string `ch:"related_activities"`
}

// TestLRSReadModel: given statement events, lrs_statements holds one row
// per statement with what the statement filters match, and lrs_activities
// the definitions; redelivery changes nothing, and a voiding statement is
// never marked voided in the fact table.
func TestLRSReadModel(t *testing.T) {
	db := schemaDB(t)
	p := processor.NewStatements(db.Conn)
	ctx := t.Context()
	apply := func(batch ...event.Envelope) {
		t.Helper()
		if err := p.Apply(ctx, batch); err != nil {
			t.Fatalf("apply: %v", err)
		}
	}
	s1, v1, v2 := uuidN(1), uuidN(2), uuidN(3)
	reg := "AAAAAAAA-0000-4000-8000-000000000001"
	body := fmt.Appendf(nil, `{"id":%q,"actor":{"objectType":"Group","member":[{"mbox":"mailto:ann@example.com"}]},"verb":{"id":%q},`+
		`"object":{"id":"http://x/course/1","definition":{"name":{"en":"Course 1"}}},`+
		`"context":{"registration":%q,"instructor":{"mbox":"mailto:teacher@example.com"},"contextActivities":{"parent":[{"id":"http://x/program","definition":{"name":{"en":"Program"}}}]}},`+
		`"timestamp":"2026-03-02T09:00:00.000Z","stored":"2026-03-02T09:00:00.000Z","version":"1.0.0"}`, s1, completed, reg)
	e1 := env("acme", s1, 1, body)
	e1.Stored = base.Add(1500 * time.Millisecond)
	apply(e1, env("acme", v1, 2, voiding(v1, s1, 1)))
	apply(e1) // redelivery
	apply(env("acme", v2, 3, voiding(v2, v1, 2)))

	var rs []lrsRow
	cctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := db.Conn.Select(cctx, &rs, "SELECT statement_id, stored_ms, ref_target, voiding, registration, agents, related_agents, related_activities FROM lrs_statements FINAL WHERE tenant = 'acme' ORDER BY stored_ms, statement_id"); err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 {
		t.Fatalf("lrs_statements has %d rows, want 3 (one per statement after redelivery): %+v", len(rs), rs)
	}
	byID := map[string]lrsRow{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	r := byID[s1]
	if r.StoredMs != e1.Stored.UnixMilli() || r.Registration != "aaaaaaaa-0000-4000-8000-000000000001" || r.Voiding != 0 || r.RefTarget != "" {
		t.Errorf("s1 row = %+v", r)
	}
	if !slices.Equal(r.Agents, []string{"mbox:mailto:ann@example.com"}) {
		t.Errorf("s1 agents = %q: a Group actor matches its members", r.Agents)
	}
	if !slices.Contains(r.RelatedAgents, "mbox:mailto:teacher@example.com") || !slices.Equal(r.RelatedActivities, []string{"http://x/course/1", "http://x/program"}) {
		t.Errorf("s1 related = %q / %q", r.RelatedAgents, r.RelatedActivities)
	}
	if v := byID[v1]; v.Voiding != 1 || v.RefTarget != s1 {
		t.Errorf("voiding row = %+v", v)
	}

	// The fact table: s1 voided, v1 (voided by v2, but a voiding statement) not.
	got := rows(t, db.Conn, "acme")
	if got[s1].Voided != 1 || got[v1].Voided != 0 {
		t.Errorf("voided flags: s1 %d, v1 %d; want 1 and 0 (a voiding statement cannot be voided)", got[s1].Voided, got[v1].Voided)
	}

	var defs []struct {
		ID  string `ch:"activity_id"`
		Def string `ch:"definition"`
	}
	if err := db.Conn.Select(cctx, &defs, "SELECT activity_id, definition FROM lrs_activities FINAL WHERE tenant = 'acme' ORDER BY activity_id"); err != nil {
		t.Fatal(err)
	}
	if len(defs) != 2 || defs[0].ID != "http://x/course/1" || defs[1].Def != `{"name":{"en":"Program"}}` {
		t.Errorf("lrs_activities = %+v", defs)
	}

	// A statement from a client without the define scope is projected,
	// but its definitions do not reach lrs_activities.
	s2 := uuidN(4)
	e2 := env("acme", s2, 4, fmt.Appendf(nil, `{"id":%q,"actor":{"mbox":"mailto:bob@example.com"},"verb":{"id":%q},`+
		`"object":{"id":"http://x/course/2","definition":{"name":{"en":"Renamed"}}},"timestamp":"2026-03-02T09:00:00.000Z","stored":"2026-03-02T09:00:00.000Z"}`, s2, completed))
	e2.NoDefine = true
	apply(e2)
	if got := rows(t, db.Conn, "acme"); got[s2].Verb != completed {
		t.Errorf("the statement without define scope is not projected: %+v", got[s2])
	}
	if n := count(t, db.Conn, "SELECT count() FROM lrs_activities WHERE tenant = 'acme' AND activity_id = 'http://x/course/2'"); n != 0 {
		t.Errorf("lrs_activities has %d definitions from a client without define scope", n)
	}

	if err := p.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db.Conn, "SELECT count() FROM lrs_statements"); n != 0 {
		t.Fatalf("after reset lrs_statements has %d rows", n)
	}
}
