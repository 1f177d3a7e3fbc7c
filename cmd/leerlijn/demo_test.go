package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/internal/demo"
	"github.com/leerlijn/leerlijn/internal/testenv"
)

// TestDemoEndToEnd runs `leerlijn demo` against `leerlijn serve`, both in
// this process: the reference data goes through /api/v1, every generated
// statement arrives in ClickHouse exactly once with the voided ones marked,
// and a second run with the same seed changes nothing.
func TestDemoEndToEnd(t *testing.T) {
	db := testenv.ClickHouse(t)
	s := startServe(t, t.TempDir(), db)
	cfg := demo.Config{Seed: 11, People: 60, OrgUnits: 10, Activities: 40, From: "2025-01-01", To: "2025-02-28"}
	args := []string{"demo", "-url", s.base, "-user", clientKey,
		"-seed", "11", "-people", "60", "-org-units", "10", "-activities", "40", "-from", cfg.From, "-to", cfg.To,
		"-concurrency", "3", "-batch-size", "100", "-progress", "plain", "-log.format", "text"}
	vars := map[string]string{"LEERLIJN_DEMO_PASSWORD": clientSecret}

	stdout, stderr, err := runCommand(t, args, vars)
	if err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, stdout, stderr)
	}
	t.Logf("first run:\n%s", stdout)
	want, err := demo.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, want.Len())
	for i := range ids {
		ids[i] = want.StatementID(i)
	}
	waitForIDs(t, db, ids)
	if got := voidedRows(t, db); got != uint64(want.Stats.Voided) {
		t.Errorf("%d statements marked voided, want %d", got, want.Stats.Voided)
	}
	for _, line := range []string{"settings", "people", "budgets", "expenses", "statements"} {
		if !strings.Contains(stdout, "  "+line) {
			t.Errorf("summary has no %s line:\n%s", line, stdout)
		}
	}
	if !strings.Contains(stderr, "demo statements") {
		t.Errorf("no progress for the statements on stderr:\n%s", stderr)
	}

	// The same seed again: nothing new anywhere.
	stdout, stderr, err = runCommand(t, args, vars)
	if err != nil {
		t.Fatalf("second demo run: %v\n%s\n%s", err, stdout, stderr)
	}
	t.Logf("second run:\n%s", stdout)
	if strings.Contains(stdout, "created") || strings.Contains(stdout, "updated") {
		t.Errorf("a second run with the same seed wrote reference data:\n%s", stdout)
	}
	time.Sleep(500 * time.Millisecond) // let the processor catch up with anything (wrongly) new
	waitForIDs(t, db, ids)
}

// voidedRows counts the projected statements marked voided.
func voidedRows(t *testing.T, db *testenv.ClickHouseDB) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	deadline := time.Now().Add(time.Minute)
	var n uint64
	for {
		row := db.Conn.QueryRow(ctx, "SELECT toUInt64(countIf(voided = 1)) FROM statements FINAL WHERE tenant = 'default'")
		if err := row.Scan(&n); err != nil {
			t.Fatalf("count voided statements: %v", err)
		}
		if n > 0 || time.Now().After(deadline) {
			return n
		}
		time.Sleep(100 * time.Millisecond)
	}
}
