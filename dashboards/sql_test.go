package dashboards_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/shopspring/decimal"

	"github.com/leerlijn/leerlijn/dashboards"
	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/ddl"
)

// sqlTimeout bounds each engine's part of TestPanelSQL.
const sqlTimeout = 3 * time.Minute

// expandedQuery is one query file expanded for one state of the variables.
type expandedQuery struct {
	name string // <file>/<case>, the subtest name
	file string
	verb string // the verb case
	sql  string
}

// TestPanelSQL runs every panel and variable query of every dashboard, its
// macros expanded as Grafana's ClickHouse plugin does, on the fixture
// (fixture_test.go), on the ClickHouse 18.16 test server and on the current
// engine (chDB), and compares both with the numbers computed by hand.
func TestPanelSQL(t *testing.T) {
	queries := expandAll(t)

	t.Run("clickhouse-server", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), sqlTimeout)
		defer cancel()
		db := testenv.ClickHouse(t)
		if v, err := db.Conn.ServerVersion(); err == nil {
			t.Logf("server: %s", v)
		}
		if err := ddl.Migrate(ctx, db.Conn, nil); err != nil {
			t.Fatal(err)
		}
		for i, rows := range fixtureDeliveries {
			insertDelivery(ctx, t, db.Conn, i+1, rows)
		}
		for _, q := range queries {
			t.Run(q.name, func(t *testing.T) {
				checkRows(t, q, queryRows(ctx, t, db.Conn, q.sql))
			})
		}
	})

	t.Run("chdb", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), sqlTimeout)
		defer cancel()
		chdb := testenv.ChDB(t)
		var script testenv.ChDBScript
		migrations, err := ddl.Migrations()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range migrations {
			for i, stmt := range m.Statements {
				script.Exec(fmt.Sprintf("%s statement %d", m.Name, i+1), stmt)
			}
		}
		for i, rows := range fixtureDeliveries {
			script.Exec(fmt.Sprintf("delivery %d", i+1), fixtureInsertSQL(rows))
		}
		for _, q := range queries {
			script.Query(q.name, q.sql)
		}
		start := time.Now()
		results, err := chdb.Run(ctx, &script)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("chdb-sql: schema, fixture and %d queries in one run: %s", len(queries), time.Since(start).Round(time.Millisecond))
		for _, q := range queries {
			t.Run(q.name, func(t *testing.T) {
				res := results[q.name]
				if res.Err != nil {
					t.Fatalf("%s failed on the current engine: %v\n%s", q.file, res.Err, q.sql)
				}
				checkRows(t, q, res.Rows)
			})
		}
	})
}

// expandAll collects every panel and variable query of every dashboard
// and expands it for each verb case. Every query must have expectations.
func expandAll(t *testing.T) []expandedQuery {
	t.Helper()
	var out []expandedQuery
	for _, q := range dashboardQueries(t) {
		if _, ok := want[q.file]; !ok {
			t.Errorf("queries/%s has no expected rows: compute them by hand from the fixture and add them to want", q.file)
			continue
		}
		for _, c := range verbCases {
			r := fixtureRequest
			r.Variables = []dashboards.Variable{c.v}
			sql, err := dashboards.Expand(q.sql, r)
			if err != nil {
				t.Fatalf("expand queries/%s for %s: %v", q.file, c.name, err)
			}
			out = append(out, expandedQuery{name: q.file + "/" + c.name, file: q.file, verb: c.name, sql: sql})
		}
	}
	if len(out) == 0 {
		t.Fatal("no query to run")
	}
	return out
}

// dashboardQueries returns each query file a dashboard panel or variable
// uses, with its SQL as the dashboard JSON holds it.
func dashboardQueries(t *testing.T) []struct{ file, sql string } {
	t.Helper()
	byContent := map[string]string{}
	for name, content := range sqlFiles(t) {
		byContent[content] = name
	}
	var out []struct{ file, sql string }
	add := func(what, sql string) {
		file, ok := byContent[sql]
		if !ok {
			t.Fatalf("%s: SQL is not one of dashboards/queries/*.sql", what)
		}
		out = append(out, struct{ file, sql string }{file, sql})
	}
	for _, d := range allDashboards(t) {
		for _, pr := range d.Panels {
			if pr.Panel == nil {
				continue
			}
			for _, target := range pr.Panel.Targets {
				q, ok := target.(dashboards.ClickHouseQuery)
				if !ok {
					t.Fatalf("panel %q: target is %T", deref(pr.Panel.Title), target)
				}
				add("panel "+deref(pr.Panel.Title), q.RawSQL)
			}
		}
		for _, v := range d.Templating.List {
			if v.Query != nil && v.Query.Map != nil {
				sql, _ := v.Query.Map["rawSql"].(string)
				add("variable "+v.Name, sql)
			}
		}
	}
	return out
}

// insertDelivery loads one delivery through a batch with an explicit column
// list, the only insert that works on 18.16.
func insertDelivery(ctx context.Context, t *testing.T, conn driver.Conn, n int, rows []fixtureRow) {
	t.Helper()
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO statements ("+fixtureColumns+")")
	if err != nil {
		t.Fatalf("prepare delivery %d: %v", n, err)
	}
	for _, r := range rows {
		if err := batch.Append(fixtureValues(r)...); err != nil {
			t.Fatalf("append %s to delivery %d: %v", r.id, n, err)
		}
	}
	if err := batch.Send(); err != nil {
		t.Fatalf("send delivery %d: %v", n, err)
	}
}

// queryRows runs sql and scans every value into the Go type clickhouse-go
// chooses for its column.
func queryRows(ctx context.Context, t *testing.T, conn driver.Conn, sql string) [][]any {
	t.Helper()
	rows, err := conn.Query(ctx, sql)
	if err != nil {
		t.Fatalf("query: %v\n%s", err, sql)
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	var out [][]any
	for rows.Next() {
		ptrs := make([]any, len(types))
		for i, ct := range types {
			ptrs[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("scan: %v\n%s", err, sql)
		}
		row := make([]any, len(ptrs))
		for i, p := range ptrs {
			row[i] = reflect.ValueOf(p).Elem().Interface()
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read rows: %v\n%s", err, sql)
	}
	return out
}

// checkRows compares a query's rows, as values, with the expected ones.
func checkRows(t *testing.T, q expandedQuery, got [][]any) {
	t.Helper()
	if len(got) == 0 {
		t.Fatalf("%s returned no rows on the fixture\n%s", q.file, q.sql)
	}
	norm := make([][]any, len(got))
	for i, row := range got {
		norm[i] = make([]any, len(row))
		for j, v := range row {
			norm[i][j] = normalize(v)
		}
	}
	exp := want[q.file][q.verb]
	if !reflect.DeepEqual(norm, exp) {
		t.Errorf("%s, %s:\n got: %s\nwant: %s\nSQL:\n%s", q.file, q.verb, formatRows(norm), formatRows(exp), q.sql)
	}
}

// normalize makes values from either engine comparable with the expected
// ones: times as UTC "YYYY-MM-DD hh:mm:ss", decimals as their shortest text
// (the engines print Decimals differently, their values are equal),
// pointers dereferenced.
func normalize(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.DateTime)
	case decimal.Decimal:
		return x.String()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		return normalize(rv.Elem().Interface())
	}
	return v
}

func formatRows(rows [][]any) string {
	s := ""
	for _, r := range rows {
		s += "\n    " + fmt.Sprintf("%#v", slices.Clone(r))
	}
	return s
}
