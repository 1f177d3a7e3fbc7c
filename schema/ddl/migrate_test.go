package ddl_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/ddl"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

func TestMigrationsAreNumberedAndSplit(t *testing.T) {
	ms, err := ddl.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range ms {
		if i > 0 && m.Version <= ms[i-1].Version {
			t.Errorf("%s out of order", m.Name)
		}
		if len(m.Statements) == 0 {
			t.Errorf("%s has no statements", m.Name)
		}
		for _, s := range m.Statements {
			if strings.HasSuffix(strings.TrimSpace(s), ";") || strings.Contains(s, "SET allow_experimental") {
				t.Errorf("%s: statement %q must not end in ';' or set version-specific settings", m.Name, s)
			}
		}
	}
}

func TestSplitStatements(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"two statements", "CREATE TABLE a (x UInt8) ENGINE = Memory;\nCREATE TABLE b (y UInt8) ENGINE = Memory;\n", []string{"CREATE TABLE a (x UInt8) ENGINE = Memory", "CREATE TABLE b (y UInt8) ENGINE = Memory"}},
		{"comments dropped", "-- a comment; with a semicolon;\nSELECT 1;\n", []string{"SELECT 1"}},
		{"multi-line", "SELECT\n  1\n;\n", []string{"SELECT\n  1"}},
		{"no final semicolon", "SELECT 1", []string{"SELECT 1"}},
		{"empty", "\n-- nothing\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ddl.SplitStatements(c.in)
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestMigrateOnClickHouse18 applies the schema twice on the 18.16 test
// server: the second run applies nothing and changes nothing.
func TestMigrateOnClickHouse18(t *testing.T) {
	db := testenv.ClickHouse(t)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	var applied []string
	if err := ddl.Migrate(ctx, db.Conn, func(m ddl.Migration) { applied = append(applied, m.Name) }); err != nil {
		t.Fatalf("first migrate: %v", err)
	}
	ms, _ := ddl.Migrations()
	if len(applied) != len(ms) {
		t.Fatalf("applied %v, want all %d", applied, len(ms))
	}
	applied = nil
	if err := ddl.Migrate(ctx, db.Conn, func(m ddl.Migration) { applied = append(applied, m.Name) }); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if len(applied) != 0 {
		t.Fatalf("second run applied %v", applied)
	}
	done, err := ddl.Applied(ctx, db.Conn)
	if err != nil || len(done) != len(ms) {
		t.Fatalf("recorded %v (%v), want %d", done, err, len(ms))
	}
	var rows []struct {
		Name string `ch:"name"`
	}
	if err := db.Conn.Select(ctx, &rows, "SELECT name FROM system.tables WHERE database = ? ORDER BY name", db.Database); err != nil {
		t.Fatal(err)
	}
	var tables []string
	for _, r := range rows {
		tables = append(tables, r.Name)
	}
	for _, want := range []string{"schema_migrations", "statement_voids", "statements"} {
		if !contains(tables, want) {
			t.Errorf("table %s missing; have %v", want, tables)
		}
	}
}

// TestMigrateOnCurrentClickHouse runs every migration statement on the
// current engine (chDB), as production's server would.
func TestMigrateOnCurrentClickHouse(t *testing.T) {
	r := testenv.ChDB(t)
	ms, err := ddl.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var s testenv.ChDBScript
	for _, m := range ms {
		for i, stmt := range m.Statements {
			s.Exec(m.Name+"#"+string(rune('1'+i)), stmt)
		}
	}
	s.Query("tables", "SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name")
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	res, err := r.Run(ctx, &s)
	if err != nil {
		t.Fatalf("schema on the current engine: %v", err)
	}
	tables := res["tables"]
	if tables.Err != nil {
		t.Fatal(tables.Err)
	}
	var names []string
	for _, row := range tables.Rows {
		names = append(names, row[0].(string))
	}
	for _, want := range []string{"statement_voids", "statements"} {
		if !contains(names, want) {
			t.Errorf("table %s missing on the current engine; have %v", want, names)
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
