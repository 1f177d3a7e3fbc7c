package dashboards_test

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/shopspring/decimal"
)

// metricTables are the tables the metric projections write: what the
// current engine gets from 18.16 to run the panels on the same rows.
var metricTables = []string{
	"people", "tenant_settings", "budget_versions", "budget_expenses", "learning_statements", "learning_voids",
	"timeoff_sessions", "timeoff_minutes", "timeoff_people", "timeoff_settings", "timeoff_voids",
}

// insertStatement returns an INSERT … VALUES of every row of table as it
// is on the 18.16 server, or "" for an empty table (for chDB only: on 18.16
// Exec of INSERT … VALUES hangs).
func insertStatement(ctx context.Context, t *testing.T, conn driver.Conn, table string) string {
	t.Helper()
	rows, err := conn.Query(ctx, "SELECT * FROM "+table)
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
			return "'" + x.UTC().Format(time.DateTime) + "'"
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
