package testenv_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

// factsDDL uses the types and engine our schema relies on; LowCardinality
// needs the 18.16 test server's profile setting.
const factsDDL = `CREATE TABLE facts (
	tenant LowCardinality(String),
	ts DateTime('UTC'),
	amount Decimal(18, 2),
	id UUID,
	parent Nullable(UUID),
	seq UInt64
) ENGINE = ReplacingMergeTree(seq)
ORDER BY (tenant, id)`

type fact struct {
	tenant string
	ts     time.Time
	amount decimal.Decimal
	id     uuid.UUID
	parent *uuid.UUID
	seq    uint64
}

func TestClickHouse(t *testing.T) {
	t.Parallel()
	db := testenv.ClickHouse(t)
	ctx := t.Context()
	if err := db.Conn.Exec(ctx, factsDDL); err != nil {
		t.Fatalf("create table: %v", err)
	}
	first := uuid.MustParse("6f1c1f0e-8d2a-4c59-9d0e-0a5b8f3c2d11")
	second := uuid.MustParse("0b8e2c4d-1f3a-4e6b-8c9d-7a2e5f1b3c44")
	ts := time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)
	rows := []fact{
		{"acme", ts, decimal.RequireFromString("10.00"), first, nil, 1},
		{"acme", ts, decimal.RequireFromString("12.34"), first, nil, 2}, // redelivered, newer
		{"acme", ts.Add(time.Hour), decimal.RequireFromString("-0.50"), second, &first, 3},
	}
	insertFacts(t, db, rows)

	got := readFacts(t, db, "SELECT tenant, ts, amount, id, parent, seq FROM facts FINAL ORDER BY seq")
	want := rows[1:]
	if len(got) != len(want) {
		t.Fatalf("read %d rows with FINAL, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.tenant != w.tenant || !g.ts.Equal(w.ts) || !g.amount.Equal(w.amount) || g.id != w.id || g.seq != w.seq ||
			(g.parent == nil) != (w.parent == nil) || g.parent != nil && *g.parent != *w.parent {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
		if g.ts.Location().String() != "UTC" {
			t.Errorf("row %d: ts in zone %s, want UTC", i, g.ts.Location())
		}
	}
}

func TestClickHouseFreshDatabases(t *testing.T) {
	t.Parallel()
	a, b := testenv.ClickHouse(t), testenv.ClickHouse(t)
	if a.Database == b.Database {
		t.Fatalf("two ClickHouse calls gave the same database %s", a.Database)
	}
	if a.Addr != testenv.ClickHouseServerAddr(t) {
		t.Errorf("database on %s, server at %s", a.Addr, testenv.ClickHouseServerAddr(t))
	}
	ctx := t.Context()
	for _, db := range []*testenv.ClickHouseDB{a, b} {
		var current string
		if err := db.Conn.QueryRow(ctx, "SELECT currentDatabase()").Scan(&current); err != nil {
			t.Fatalf("current database: %v", err)
		}
		if current != db.Database {
			t.Errorf("connection's database = %s, want %s", current, db.Database)
		}
	}
	if err := a.Conn.Exec(ctx, factsDDL); err != nil {
		t.Fatalf("create table: %v", err)
	}
	var n uint64
	if err := b.Conn.QueryRow(ctx, "SELECT count() FROM system.tables WHERE database = currentDatabase()").Scan(&n); err != nil {
		t.Fatalf("count tables: %v", err)
	}
	if n != 0 {
		t.Errorf("second database has %d tables, want 0", n)
	}
}

// TestStopStartClickHouse is not parallel: it stops the server every test
// of the package uses.
func TestStopStartClickHouse(t *testing.T) {
	if addr := os.Getenv("CLICKHOUSE_ADDR"); addr != "" {
		t.Skip("CLICKHOUSE_ADDR=" + addr + " is set: testenv cannot stop a server it did not start")
	}
	db := testenv.ClickHouse(t)
	ctx := t.Context()
	if err := db.Conn.Exec(ctx, factsDDL); err != nil {
		t.Fatalf("create table: %v", err)
	}
	insertFacts(t, db, []fact{{"acme", time.Unix(0, 0).UTC(), decimal.NewFromInt(1), uuid.New(), nil, 1}})

	testenv.StopClickHouse(t)
	conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{db.Addr}, DialTimeout: time.Second})
	if err != nil {
		t.Fatalf("open connection: %v", err)
	}
	defer conn.Close()
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := conn.Ping(pingCtx); err == nil {
		t.Fatal("ping answered while the server is stopped")
	}

	testenv.StartClickHouse(t)
	if addr := testenv.ClickHouseServerAddr(t); addr != db.Addr {
		t.Fatalf("server came back on %s, want %s", addr, db.Addr)
	}
	// The pooled connections died with the server: the first use of each
	// may fail before the pool dials again.
	var n uint64
	eventually(t, 10*time.Second, func(ctx context.Context) error {
		return db.Conn.QueryRow(ctx, "SELECT count() FROM facts").Scan(&n)
	})
	if n != 1 {
		t.Fatalf("facts has %d rows after the restart, want 1", n)
	}
}

// insertFacts inserts through a batch with an explicit column list, the
// only insert 18.16 takes from clickhouse-go.
func insertFacts(t *testing.T, db *testenv.ClickHouseDB, rows []fact) {
	t.Helper()
	batch, err := db.Conn.PrepareBatch(t.Context(), "INSERT INTO facts (tenant, ts, amount, id, parent, seq)")
	if err != nil {
		t.Fatalf("prepare batch: %v", err)
	}
	for _, r := range rows {
		if err := batch.Append(r.tenant, r.ts, r.amount, r.id, r.parent, r.seq); err != nil {
			t.Fatalf("append %+v: %v", r, err)
		}
	}
	if err := batch.Send(); err != nil {
		t.Fatalf("send batch: %v", err)
	}
}

func readFacts(t *testing.T, db *testenv.ClickHouseDB, query string) []fact {
	t.Helper()
	rows, err := db.Conn.Query(t.Context(), query)
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	defer rows.Close()
	var facts []fact
	for rows.Next() {
		var f fact
		if err := rows.Scan(&f.tenant, &f.ts, &f.amount, &f.id, &f.parent, &f.seq); err != nil {
			t.Fatalf("scan: %v", err)
		}
		facts = append(facts, f)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		t.Fatalf("read rows: %v", err)
	}
	return facts
}
