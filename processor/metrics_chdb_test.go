package processor_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/shopspring/decimal"

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
		if ins := insertStatement(t, db.Conn, table); ins != "" {
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

// insertStatement returns an INSERT … VALUES of every row of table as it
// is on the 18.16 server (duplicates included), or "" for an empty table.
func insertStatement(t *testing.T, conn driver.Conn, table string) string {
	t.Helper()
	rows, err := conn.Query(t.Context(), "SELECT * FROM "+table)
	if err != nil {
		t.Fatalf("dump %s: %v", table, err)
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	var values []string
	for rows.Next() {
		dest := make([]any, len(types))
		for i, ct := range types {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		lits := make([]string, len(dest))
		for i, d := range dest {
			lits[i] = literal(reflect.ValueOf(d).Elem().Interface(), types[i].DatabaseTypeName())
		}
		values = append(values, "("+strings.Join(lits, ", ")+")")
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("dump %s: %v", table, err)
	}
	if len(values) == 0 {
		return ""
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", table, strings.Join(rows.Columns(), ", "), strings.Join(values, ", "))
}

// literal writes a value scanned from a column of type typ as SQL.
func literal(v any, typ string) string {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return "NULL"
	}
	if rv.Kind() == reflect.Pointer {
		return literal(rv.Elem().Interface(), typ)
	}
	switch x := v.(type) {
	case string:
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(x) + "'"
	case time.Time:
		if strings.Contains(typ, "DateTime") {
			return "'" + x.UTC().Format("2006-01-02 15:04:05") + "'"
		}
		return "'" + x.Format(time.DateOnly) + "'"
	case decimal.Decimal:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []string:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = literal(e, "String")
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if s, ok := v.(fmt.Stringer); ok { // UUID
		return literal(s.String(), typ)
	}
	return fmt.Sprint(v)
}
