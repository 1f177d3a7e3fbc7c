package testenv

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/shopspring/decimal"
)

// InsertStatement returns an INSERT … VALUES of every row of table as it is
// on conn's server (duplicates included), or "" for an empty table: how a
// test gives the rows its 18.16 server holds to the current engine (chDB),
// to run the same queries on both. (On 18.16, Exec of INSERT … VALUES
// hangs; the statement is for chDB only.)
func InsertStatement(ctx context.Context, conn driver.Conn, table string) (string, error) {
	rows, err := conn.Query(ctx, "SELECT * FROM "+table)
	if err != nil {
		return "", fmt.Errorf("dump %s: %w", table, err)
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
			return "", fmt.Errorf("dump %s: %w", table, err)
		}
		lits := make([]string, len(dest))
		for i, d := range dest {
			lits[i] = sqlLiteral(reflect.ValueOf(d).Elem().Interface(), types[i].DatabaseTypeName())
		}
		values = append(values, "("+strings.Join(lits, ", ")+")")
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("dump %s: %w", table, err)
	}
	if len(values) == 0 {
		return "", nil
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", table, strings.Join(rows.Columns(), ", "), strings.Join(values, ", ")), nil
}

// sqlLiteral writes a value scanned from a column of type typ as SQL.
func sqlLiteral(v any, typ string) string {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return "NULL"
	}
	if rv.Kind() == reflect.Pointer {
		return sqlLiteral(rv.Elem().Interface(), typ)
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
			parts[i] = sqlLiteral(e, "String")
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if s, ok := v.(fmt.Stringer); ok { // UUID
		return sqlLiteral(s.String(), typ)
	}
	return fmt.Sprint(v)
}
