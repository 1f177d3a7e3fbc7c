package processor_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/ddl"
)

// metricTables are the tables the metric projections write.
var metricTables = []string{
	"people", "tenant_settings", "budget_versions", "budget_expenses", "learning_statements", "learning_voids",
	"timeoff_sessions", "timeoff_minutes", "timeoff_people", "timeoff_settings", "timeoff_voids",
}

// TestMetricViewsOnCurrentClickHouse runs every migration on the current
// engine (chDB), loads the rows the projections wrote on 18.16 for the
// scenario, and reads every view of the contract: the rows must be the
// same as on 18.16. It also filters each view on each of its columns,
// which on the current engine goes through join rewrites that 18.16 does
// not have.
func TestMetricViewsOnCurrentClickHouse(t *testing.T) {
	runner := testenv.ChDB(t)
	db := schemaDB(t)
	applyAll(t, metricProjections(db.Conn), scenarioEvents(), 10)
	want := snapshot(t, db.Conn)

	var s testenv.ChDBScript
	ms, err := ddl.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		for i, stmt := range m.Statements {
			s.Exec(fmt.Sprintf("%s#%d", m.Name, i+1), stmt)
		}
	}
	for _, table := range metricTables {
		if ins, err := testenv.InsertStatement(t.Context(), db.Conn, table); err != nil {
			t.Fatal(err)
		} else if ins != "" {
			s.Exec("fixture "+table, ins)
		}
	}
	columns := map[string][]string{}
	for _, v := range metricViews {
		s.Query(v, "SELECT * FROM "+v)
		columns[v] = columnNames(t, db.Conn, v)
		for _, c := range columns[v] {
			s.Query(v+" where "+c, fmt.Sprintf("SELECT count() FROM %s WHERE %s = (SELECT any(%s) FROM %s)", v, c, c, v))
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	res, err := runner.Run(ctx, &s)
	if err != nil {
		t.Fatalf("current engine: %v", err)
	}
	for _, v := range metricViews {
		r := res[v]
		if r.Err != nil {
			t.Errorf("SELECT * FROM %s on the current engine: %v", v, r.Err)
			continue
		}
		var got []string
		for _, row := range r.Rows {
			cells := make([]string, len(row))
			for i, x := range row {
				cells[i] = cell(x, r.Types[i])
			}
			got = append(got, strings.Join(cells, " | "))
		}
		slices.Sort(got)
		if !slices.Equal(got, want[v]) {
			t.Errorf("view %s differs between the engines\ncurrent: %q\n  18.16: %q", v, got, want[v])
		}
		for _, c := range columns[v] {
			if e := res[v+" where "+c].Err; e != nil {
				t.Errorf("filtering %s on %s fails on the current engine: %v", v, c, e)
			}
		}
	}
}

func columnNames(t *testing.T, conn driver.Conn, table string) []string {
	t.Helper()
	rows, err := conn.Query(t.Context(), "SELECT * FROM "+table+" LIMIT 0")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	return rows.Columns()
}
