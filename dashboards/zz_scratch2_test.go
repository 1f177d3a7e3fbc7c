package dashboards_test

import (
	"reflect"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

func queryRowsAny(t *testing.T, rows driver.Rows) [][]any {
	defer rows.Close()
	types := rows.ColumnTypes()
	var out [][]any
	for rows.Next() {
		ptrs := make([]any, len(types))
		for i, ct := range types {
			ptrs[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Logf("scan: %v", err)
			return out
		}
		row := make([]any, len(ptrs))
		for i, p := range ptrs {
			row[i] = normalize(reflect.ValueOf(p).Elem().Interface())
		}
		out = append(out, row)
	}
	return out
}
