package dashboards_test

import (
	"os"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/ddl"
)

// TestScratch runs the statements of $SCRATCH_SQL (separated by ";\n") on a
// fresh 18.16 database with the schema, printing each result. Temporary.
func TestScratch(t *testing.T) {
	path := os.Getenv("SCRATCH_SQL")
	if path == "" {
		t.Skip("no SCRATCH_SQL")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db := testenv.ClickHouse(t)
	if os.Getenv("SCRATCH_MIGRATE") != "" {
		if err := ddl.Migrate(t.Context(), db.Conn, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, stmt := range strings.Split(string(b), ";\n") {
		stmt = strings.TrimSpace(stmt)
		if stmt == "" {
			continue
		}
		rows, err := db.Conn.Query(t.Context(), stmt)
		if err != nil {
			t.Logf("ERR %s\n  -> %v", stmt, err)
			continue
		}
		var out [][]any
		for _, r := range queryRowsAny(t, rows) {
			out = append(out, r)
		}
		t.Logf("OK %s\n  -> %v", stmt, out)
	}
}
