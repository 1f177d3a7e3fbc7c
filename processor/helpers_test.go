package processor_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/ddl"
	"github.com/leerlijn/leerlijn/schema/event"
)

// schemaDB returns a fresh ClickHouse database with Leerlijn's schema.
func schemaDB(t *testing.T) *testenv.ClickHouseDB {
	t.Helper()
	db := testenv.ClickHouse(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	if err := ddl.Migrate(ctx, db.Conn, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// stmt is a statement body as the collector stores it.
func stmt(id, actor, verb, object string, minute int) []byte {
	ts := base.Add(time.Duration(minute) * time.Minute).Format("2006-01-02T15:04:05.000Z")
	return fmt.Appendf(nil, `{"id":%q,"actor":{"mbox":"mailto:%s@example.com"},"verb":{"id":%q},"object":{"id":%q},"timestamp":%q,"stored":%q,"version":"1.0.0"}`,
		id, actor, verb, object, ts, ts)
}

// voiding is a voiding statement of target.
func voiding(id, target string, minute int) []byte {
	ts := base.Add(time.Duration(minute) * time.Minute).Format("2006-01-02T15:04:05.000Z")
	return fmt.Appendf(nil, `{"id":%q,"actor":{"mbox":"mailto:admin@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":%q},"timestamp":%q,"stored":%q}`,
		id, target, ts, ts)
}

func env(tenant, id string, seq uint64, body []byte) event.Envelope {
	return event.Envelope{Tenant: tenant, Kind: event.KindStatement, ID: id, Stored: base, Body: body, Seq: seq, Client: "test"}
}

func uuidN(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

type stmtRow struct {
	ID     string `ch:"id"`
	Verb   string `ch:"verb_id"`
	Voided uint8  `ch:"voided"`
	Seq    uint64 `ch:"seq"`
}

// rows reads the statements table deduplicated with FINAL.
func rows(t *testing.T, conn driver.Conn, tenant string) map[string]stmtRow {
	t.Helper()
	var rs []stmtRow
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if err := conn.Select(ctx, &rs, "SELECT toString(statement_id) AS id, verb_id, voided, seq FROM statements FINAL WHERE tenant = ? ORDER BY id", tenant); err != nil {
		t.Fatalf("read statements: %v", err)
	}
	out := map[string]stmtRow{}
	for _, r := range rs {
		out[r.ID] = r
	}
	return out
}

func count(t *testing.T, conn driver.Conn, query string, args ...any) uint64 {
	t.Helper()
	var n uint64
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if err := conn.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
