package dashboards_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
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
	cse  string // the variables case
	sql  string
}

// TestPanelSQL runs every panel and variable query of every dashboard, its
// macros and template variables expanded as Grafana and its ClickHouse
// plugin do, for the baseline (every selector on All) and for each
// selector the query uses set to one value (sqlCases), on the fixtures
// (fixture_test.go: statements rows; metrics_fixture_test.go: events
// through the real metric projections), on the ClickHouse 18.16 test
// server and on the current engine (chDB), and compares both with the
// numbers computed by hand in want_*_test.go. A query that fails, returns
// no rows, or has no hand-computed answer for a case fails the test.
func TestPanelSQL(t *testing.T) {
	queries := expandAll(t)

	ctx, cancel := context.WithTimeout(t.Context(), 2*sqlTimeout)
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
	applyMetricsFixture(ctx, t, db.Conn)
	// What the projections wrote on 18.16 is what the current engine reads.
	var dump []string
	for _, table := range metricTables {
		if ins, err := testenv.InsertStatement(ctx, db.Conn, table); err != nil {
			t.Fatal(err)
		} else if ins != "" {
			dump = append(dump, ins)
		}
	}

	t.Run("clickhouse-server", func(t *testing.T) {
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
		migrations, err := ddl.Migrations()
		if err != nil {
			t.Fatal(err)
		}
		// The queries run in one chdb-sql process per CPU, each with the
		// schema and the fixtures: the engine plans every query anew, which
		// costs more than loading the few fixture rows.
		parts := min(runtime.NumCPU(), 4)
		results := make([]map[string]*testenv.ChDBResult, parts)
		errs := make([]error, parts)
		start := time.Now()
		var wg sync.WaitGroup
		for p := range parts {
			var script testenv.ChDBScript
			for _, m := range migrations {
				for i, stmt := range m.Statements {
					script.Exec(fmt.Sprintf("%s statement %d", m.Name, i+1), stmt)
				}
			}
			for i, rows := range fixtureDeliveries {
				script.Exec(fmt.Sprintf("delivery %d", i+1), fixtureInsertSQL(rows))
			}
			for i, ins := range dump {
				script.Exec(fmt.Sprintf("projection rows %d", i+1), ins)
			}
			for i, q := range queries {
				if i%parts == p {
					script.Query(q.name, q.sql)
				}
			}
			wg.Go(func() { results[p], errs[p] = chdb.Run(ctx, &script) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		t.Logf("chdb-sql: schema, fixtures and %d queries in %d runs: %s", len(queries), parts, time.Since(start).Round(time.Millisecond))
		for i, q := range queries {
			t.Run(q.name, func(t *testing.T) {
				res := results[i%parts][q.name]
				if res.Err != nil {
					t.Fatalf("%s failed on the current engine: %v\n%s", q.file, res.Err, q.sql)
				}
				checkRows(t, q, res.Rows)
			})
		}
	})
}

// sqlCase is a state of the template variables a query is expanded for:
// the baseline, or the baseline with one selector (vary) changed.
type sqlCase struct {
	name string
	vary string // the variable this case changes; "" for the baseline
	v    dashboards.Variable
}

// The variables' options in the fixtures, and the baseline: every
// multi-value selector on All, the currency EUR, the heatmap's zone
// Europe/Amsterdam (a repeated panel sees one value of its variable), the
// minimum enrolments 1.
var (
	fixtureOrgUnits   = []string{"Acme", "Acme/Ops", "Acme/Ops/Logistics", "Acme/Sales", "Acme/Sales/US"}
	fixtureBudgets    = []string{"b-ann", "b-ops", "b-sales", "b-usd"}
	fixtureActivities = []string{actCoaching, actExcel, actForklift, actMentoring, actNegotiation, actSafety}
	baseline          = []dashboards.Variable{
		{Name: "verb", Multi: true, All: true, Options: fixtureVerbs},
		{Name: "org_unit", Multi: true, All: true, Options: fixtureOrgUnits},
		{Name: "budget", Multi: true, All: true, Options: fixtureBudgets},
		{Name: "learning_form", Multi: true, All: true, Options: dashboards.LearningForms},
		{Name: "activity", Multi: true, All: true, Options: fixtureActivities},
		{Name: "currency", Values: []string{"EUR"}},
		{Name: "zone", Values: []string{"Europe/Amsterdam"}},
		{Name: "min_enrolments", Values: []string{"1"}},
	}
	sqlCases = []sqlCase{
		{name: "all"},
		{name: "verb=completed", vary: "verb", v: dashboards.Variable{Name: "verb", Multi: true, Values: []string{verbCompleted}, Options: fixtureVerbs}},
		// A unit stands for itself and the units below it: Acme/Ops takes in Acme/Ops/Logistics.
		{name: "org_unit=Acme/Ops", vary: "org_unit", v: dashboards.Variable{Name: "org_unit", Multi: true, Values: []string{"Acme/Ops"}, Options: fixtureOrgUnits}},
		{name: "budget=b-ops", vary: "budget", v: dashboards.Variable{Name: "budget", Multi: true, Values: []string{"b-ops"}, Options: fixtureBudgets}},
		{name: "learning_form=formal", vary: "learning_form", v: dashboards.Variable{Name: "learning_form", Multi: true, Values: []string{"formal"}, Options: dashboards.LearningForms}},
		{name: "activity=safety", vary: "activity", v: dashboards.Variable{Name: "activity", Multi: true, Values: []string{actSafety}, Options: fixtureActivities}},
		{name: "zone=Asia/Kolkata", vary: "zone", v: dashboards.Variable{Name: "zone", Values: []string{"Asia/Kolkata"}}},
	}
)

// variables returns the baseline with c's change.
func (c sqlCase) variables() []dashboards.Variable {
	out := slices.Clone(baseline)
	for i := range out {
		if out[i].Name == c.vary {
			out[i] = c.v
		}
	}
	return out
}

// requestFor is the request a query file is expanded for: the statements
// fixture's three days, or the metrics fixture's two weeks.
func requestFor(file string) dashboards.Request {
	if strings.HasPrefix(file, "statements_") {
		return fixtureRequest
	}
	return metricsRequest
}

// metricsRequest is Monday 2 March to Sunday 15 March 2026 (UTC), with a
// one-day interval.
var metricsRequest = dashboards.Request{
	From:     time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
	To:       time.Date(2026, 3, 15, 23, 59, 59, 999_000_000, time.UTC),
	Interval: 24 * time.Hour,
}

// usesVariable reports whether sql references the template variable name.
func usesVariable(sql, name string) bool {
	return regexp.MustCompile(`\$\{?` + regexp.QuoteMeta(name) + `\b`).MatchString(sql)
}

// expandAll collects every panel and variable query of every dashboard
// and expands it for the baseline and for each case whose variable it
// uses. Every query needs expectations for exactly those cases.
func expandAll(t *testing.T) []expandedQuery {
	t.Helper()
	want := allWant()
	var out []expandedQuery
	seen := map[string]bool{}
	for _, q := range dashboardQueries(t) {
		if seen[q.file] { // a var_*.sql file shared by several dashboards runs once
			continue
		}
		seen[q.file] = true
		var cases []string
		for _, c := range sqlCases {
			if c.vary != "" && !usesVariable(q.sql, c.vary) {
				continue
			}
			cases = append(cases, c.name)
			r := requestFor(q.file)
			r.Variables = c.variables()
			sql, err := dashboards.Expand(q.sql, r)
			if err != nil {
				t.Fatalf("expand queries/%s for %s: %v", q.file, c.name, err)
			}
			out = append(out, expandedQuery{name: q.file + "/" + c.name, file: q.file, cse: c.name, sql: sql})
		}
		have := sortedKeys(want[q.file])
		if !slices.Equal(have, sortedStrings(cases)) {
			t.Errorf("queries/%s: want has cases %q, the query needs %q (the baseline and one per selector it uses): "+
				"compute the rows by hand from the fixture", q.file, have, sortedStrings(cases))
		}
	}
	for file := range want {
		if !seen[file] {
			t.Errorf("want has rows for %s, which no dashboard uses", file)
		}
	}
	if len(out) == 0 {
		t.Fatal("no query to run")
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sortedStrings(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
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
// Floats compare to 1e-9 relative (the engines may sum in another order).
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
	exp := allWant()[q.file][q.cse]
	if !rowsEqual(norm, exp) {
		t.Errorf("%s, %s:\n got: %s\nwant: %s\nSQL:\n%s", q.file, q.cse, formatRows(norm), formatRows(exp), q.sql)
	}
}

func rowsEqual(got, want [][]any) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if len(got[i]) != len(want[i]) {
			return false
		}
		for j := range got[i] {
			if !valueEqual(got[i][j], want[i][j]) {
				return false
			}
		}
	}
	return true
}

func valueEqual(got, want any) bool {
	w, wok := want.(float64)
	g, gok := got.(float64)
	if wok && gok {
		return g == w || math.Abs(g-w) <= 1e-9*math.Max(math.Abs(g), math.Abs(w))
	}
	return reflect.DeepEqual(got, want)
}

// normalize makes values from either engine comparable with the expected
// ones: times and dates as UTC "YYYY-MM-DD hh:mm:ss",
// decimals as their shortest text (the engines print Decimals differently,
// their values are equal), pointers dereferenced.
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
