package dashboards_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/dashboards"
)

// The fixed request of the expansion tests: 2026-03-02T00:00:00Z is Unix
// 1772409600; the end, 2026-03-04T23:59:59.999Z, truncates to 1772668799.
var (
	goldenFrom = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	goldenTo   = time.Date(2026, 3, 4, 23, 59, 59, 999_000_000, time.UTC)
)

func goldenRequest(interval time.Duration, vars ...dashboards.Variable) dashboards.Request {
	return dashboards.Request{From: goldenFrom, To: goldenTo, Interval: interval, Variables: vars}
}

// TestExpandBackend pins the backend macro table (GRAFANA.md §2.3) and the
// plugin's comment handling.
func TestExpandBackend(t *testing.T) {
	tests := []struct {
		name     string
		interval time.Duration
		sql      string
		want     string
	}{
		{"timeFilter", time.Hour, "WHERE $__timeFilter(timestamp)",
			"WHERE timestamp >= toDateTime(1772409600) AND timestamp <= toDateTime(1772668799)"},
		{"timeFilter_ms", time.Hour, "$__timeFilter_ms(ts)",
			"ts >= fromUnixTimestamp64Milli(1772409600000) AND ts <= fromUnixTimestamp64Milli(1772668799999)"},
		{"fromTime toTime", time.Hour, "$__fromTime, $__toTime", "toDateTime(1772409600), toDateTime(1772668799)"},
		{"fromTime_ms toTime_ms", time.Hour, "$__fromTime_ms, $__toTime_ms",
			"fromUnixTimestamp64Milli(1772409600000), fromUnixTimestamp64Milli(1772668799999)"},
		{"dateFilter", time.Hour, "$__dateFilter(d)", "d >= toDate('2026-03-02') AND d <= toDate('2026-03-04')"},
		{"dateTimeFilter", time.Hour, "$__dateTimeFilter(d, ts)",
			"(d >= toDate('2026-03-02') AND d <= toDate('2026-03-04')) AND (ts >= toDateTime(1772409600) AND ts <= toDateTime(1772668799))"},
		{"dt", time.Hour, "$__dt(d, ts)",
			"(d >= toDate('2026-03-02') AND d <= toDate('2026-03-04')) AND (ts >= toDateTime(1772409600) AND ts <= toDateTime(1772668799))"},
		{"timeFrom timeTo", time.Hour, "$__timeFrom(ts) AND $__timeTo(ts)",
			"ts >= toDateTime(1772409600) AND ts <= toDateTime(1772668799)"},
		{"timeInterval", time.Hour, "$__timeInterval(ts)", "toStartOfInterval(toDateTime(ts), INTERVAL 3600 second)"},
		{"timeInterval below a second", 250 * time.Millisecond, "$__timeInterval(ts)",
			"toStartOfInterval(toDateTime(ts), INTERVAL 1 second)"},
		{"timeInterval_ms", 250 * time.Millisecond, "$__timeInterval_ms(ts)",
			"toStartOfInterval(toDateTime64(ts, 3), INTERVAL 250 millisecond)"},
		{"timeGroup", time.Hour, "$__timeGroup(ts, '5m')", "toStartOfInterval(toDateTime(ts), INTERVAL 300 second)"},
		{"interval_s", 24 * time.Hour, "$__interval_s", "86400"},
		{"interval_s truncates", 90500 * time.Millisecond, "$__interval_s", "90"},
		{"interval_s at least 1", 250 * time.Millisecond, "$__interval_s", "1"},
		{"the bucket", 24 * time.Hour, "toDateTime(intDiv(toUInt32(timestamp), $__interval_s) * $__interval_s, 'UTC')",
			"toDateTime(intDiv(toUInt32(timestamp), 86400) * 86400, 'UTC')"},
		{"interval (macropro default)", 90 * time.Second, "$__interval", "90s"},
		{"interval_ms (macropro default)", time.Hour, "$__interval_ms", "3600000"},
		{"line comment blanked", time.Hour, "SELECT 1 -- $__timeFilter(ts)\nFROM t",
			"SELECT 1 " + strings.Repeat(" ", len("-- $__timeFilter(ts)")) + "\nFROM t"},
		{"block comment blanked", time.Hour, "/* $__fromTime */ $__toTime",
			strings.Repeat(" ", len("/* $__fromTime */")) + " toDateTime(1772668799)"},
		{"inside a string literal", time.Hour, "SELECT '$__fromTime'", "SELECT 'toDateTime(1772409600)'"},
		{"backslash escape keeps the string open", time.Hour, `SELECT 'it\'s -- no comment', $__fromTime`,
			`SELECT 'it\'s -- no comment', toDateTime(1772409600)`},
		{"backquoted identifier", time.Hour, "SELECT `a -- b`, $__fromTime", "SELECT `a -- b`, toDateTime(1772409600)"},
		{"unknown macro left", time.Hour, "$__nope(x) AND $__conditionalAll(a, $b)", "$__nope(x) AND $__conditionalAll(a, $b)"},
		{"no macro", time.Hour, "SELECT 1", "SELECT 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dashboards.ExpandBackend(tt.sql, goldenRequest(tt.interval))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ExpandBackend(%q)\n got: %q\nwant: %q", tt.sql, got, tt.want)
			}
		})
	}
}

func TestExpandBackendErrors(t *testing.T) {
	for _, sql := range []string{"$__timeFilter(a, b)", "$__timeFilter", "$__dateTimeFilter(d)", "$__timeGroup(ts, 'often')"} {
		t.Run(sql, func(t *testing.T) {
			if got, err := dashboards.ExpandBackend(sql, goldenRequest(time.Hour)); err == nil {
				t.Errorf("ExpandBackend(%q) = %q, want an error", sql, got)
			}
		})
	}
}

// The verb variable in its states.
func verb(values ...string) dashboards.Variable {
	return dashboards.Variable{Name: "verb", Multi: true, Values: values, Options: []string{"attempted", "completed"}}
}

func verbAll() dashboards.Variable {
	v := verb()
	v.All = true
	return v
}

// TestExpandFrontend pins the browser-side steps: $__conditionalAll,
// template variables and their formats, Grafana's globals.
func TestExpandFrontend(t *testing.T) {
	const cond = "WHERE $__conditionalAll(verb_id IN (${verb:singlequote}), $verb)"
	course := dashboards.Variable{Name: "course", Values: []string{"c1"}}
	tests := []struct {
		name     string
		sql      string
		interval time.Duration
		vars     []dashboards.Variable
		want     string
	}{
		{"conditionalAll, All", cond, time.Hour, []dashboards.Variable{verbAll()}, "WHERE 1=1"},
		{"conditionalAll, nothing selected", cond, time.Hour, []dashboards.Variable{verb()}, "WHERE 1=1"},
		{"conditionalAll, one value", cond, time.Hour, []dashboards.Variable{verb("completed")},
			"WHERE verb_id IN ('completed')"},
		{"conditionalAll, two values, quote escaped", cond, time.Hour, []dashboards.Variable{verb("completed", "o'k")},
			`WHERE verb_id IN ('completed','o\'k')`},
		{"conditionalAll, ${verb} names the variable too",
			"$__conditionalAll(verb_id IN (${verb:singlequote}), ${verb})", time.Hour,
			[]dashboards.Variable{verbAll()}, "1=1"},
		{"conditionalAll, ${verb:singlequote} does not name it: cond stays",
			"$__conditionalAll(verb_id IN (${verb:singlequote}), ${verb:singlequote})", time.Hour,
			[]dashboards.Variable{verbAll()}, "verb_id IN ('attempted','completed')"},
		{"conditionalAll, unknown variable: cond stays", "$__conditionalAll(x = 1, $nosuch)", time.Hour, nil, "x = 1"},
		{"conditionalAll, two calls",
			"$__conditionalAll(verb_id IN ($verb), $verb) AND $__conditionalAll(course_id = '$course', $course)",
			time.Hour, []dashboards.Variable{verbAll(), course}, "1=1 AND course_id = 'c1'"},
		{"conditionalAll, JavaScript replacement pattern in cond", "$__conditionalAll(x = '$$', $verb)", time.Hour,
			[]dashboards.Variable{verb("completed")}, "x = '$'"},
		{"conditionalAll, wrong argument count: left alone", "$__conditionalAll(x = 1)", time.Hour,
			[]dashboards.Variable{verbAll()}, "$__conditionalAll(x = 1)"},
		{"default format, array", "$verb", time.Hour, []dashboards.Variable{verb("a", "b")}, "'a','b'"},
		{"default format does not escape", "$verb", time.Hour, []dashboards.Variable{verb("o'k")}, "'o'k'"},
		{"default format, single value", "'$course'", time.Hour, []dashboards.Variable{course}, "'c1'"},
		{"All without allValue: every option", "$verb", time.Hour, []dashboards.Variable{verbAll()}, "'attempted','completed'"},
		{"All with allValue: inserted as is", "${verb:singlequote}", time.Hour,
			[]dashboards.Variable{{Name: "verb", Multi: true, All: true, AllValue: ".*"}}, ".*"},
		{"singlequote, scalar", "${course:singlequote}", time.Hour, []dashboards.Variable{course}, "'c1'"},
		{"csv", "${verb:csv}", time.Hour, []dashboards.Variable{verb("a", "b")}, "a,b"},
		{"raw", "${verb:raw}", time.Hour, []dashboards.Variable{verb("a", "b")}, "a,b"},
		{"pipe", "${verb:pipe}", time.Hour, []dashboards.Variable{verb("a", "b")}, "a|b"},
		{"doublequote", "${verb:doublequote}", time.Hour, []dashboards.Variable{verb(`a"b`, "c")}, `"a\"b","c"`},
		{"sqlstring", "${verb:sqlstring}", time.Hour, []dashboards.Variable{verb("o'k")}, "'o''k'"},
		{"[[var]] and [[var:format]]", "[[verb]] [[verb:csv]]", time.Hour, []dashboards.Variable{verb("a", "b")}, "'a','b' a,b"},
		{"$__from", "$__from", time.Hour, nil, "1772409600000"},
		{"$__to as seconds", "${__to:date:seconds}", time.Hour, nil, "1772668799"},
		{"$__from as ISO 8601", "${__from:date}", time.Hour, nil, "2026-03-02T00:00:00.000Z"},
		{"$__to as ISO 8601", "${__to:date:iso}", time.Hour, nil, "2026-03-04T23:59:59.999Z"},
		{"$__interval", "$__interval", 24 * time.Hour, nil, "1d"},
		{"$__interval names the largest unit only", "$__interval", 90 * time.Second, nil, "1m"},
		{"$__interval below a second", "$__interval", 250 * time.Millisecond, nil, "250ms"},
		{"$__interval_ms", "$__interval_ms", time.Hour, nil, "3600000"},
		{"macros and unknown names left", "$__timeFilter(ts) AND $__interval_s AND $nosuch", time.Hour, nil,
			"$__timeFilter(ts) AND $__interval_s AND $nosuch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dashboards.ExpandFrontend(tt.sql, goldenRequest(tt.interval, tt.vars...))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ExpandFrontend(%q)\n got: %q\nwant: %q", tt.sql, got, tt.want)
			}
		})
	}
}

func TestExpandFrontendErrors(t *testing.T) {
	for _, sql := range []string{"${verb:json}", "${__from:date:YYYY}", "${verb.field}"} {
		t.Run(sql, func(t *testing.T) {
			if got, err := dashboards.ExpandFrontend(sql, goldenRequest(time.Hour, verb("a"))); err == nil {
				t.Errorf("ExpandFrontend(%q) = %q, want an error", sql, got)
			}
		})
	}
}

// TestExpand pins a whole panel query, for All and for one verb, and the
// strict checks Expand adds.
func TestExpand(t *testing.T) {
	sql := readQuery(t, "statements_total.sql")
	const head = "-- Statements with a timestamp in the range, voided ones left out, each\n-- counted once (FINAL).\n"
	if !strings.HasPrefix(sql, head) {
		t.Fatalf("statements_total.sql changed; update this test:\n%s", sql)
	}
	blank := strings.Repeat(" ", len("-- Statements with a timestamp in the range, voided ones left out, each")) + "\n" +
		strings.Repeat(" ", len("-- counted once (FINAL).")) + "\n"
	tests := []struct {
		name string
		v    dashboards.Variable
		want string
	}{
		{"verb=All", verbAll(), blank + "SELECT count() AS statements\nFROM statements FINAL\n" +
			"WHERE timestamp >= toDateTime(1772409600) AND timestamp <= toDateTime(1772668799)\n" +
			"    AND voided = 0\n    AND 1=1\n"},
		{"verb=completed", verb("http://adlnet.gov/expapi/verbs/completed"), blank +
			"SELECT count() AS statements\nFROM statements FINAL\n" +
			"WHERE timestamp >= toDateTime(1772409600) AND timestamp <= toDateTime(1772668799)\n" +
			"    AND voided = 0\n    AND verb_id IN ('http://adlnet.gov/expapi/verbs/completed')\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dashboards.Expand(sql, goldenRequest(24*time.Hour, tt.v))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Expand(statements_total.sql)\n got: %q\nwant: %q", got, tt.want)
			}
		})
	}
	for _, bad := range []string{"SELECT $nosuch", "SELECT $__nope(1)", "SELECT $__conditionalAll(x)"} {
		t.Run(bad, func(t *testing.T) {
			if got, err := dashboards.Expand(bad, goldenRequest(time.Hour)); err == nil {
				t.Errorf("Expand(%q) = %q, want an error", bad, got)
			}
		})
	}
}

func TestNonPortableMacros(t *testing.T) {
	sql := "SELECT $__timeInterval(ts), $__timeGroup(ts, '1m'), $__interval_ms WHERE $__timeFilter_ms(ts)" +
		" AND $__timeFilter(ts) AND $__fromTime -- $__toTime_ms\n"
	want := []string{"$__interval_ms", "$__timeFilter_ms", "$__timeGroup", "$__timeInterval"}
	if got := dashboards.NonPortableMacros(sql); !slices.Equal(got, want) {
		t.Errorf("NonPortableMacros = %q, want %q", got, want)
	}
	if err := dashboards.CheckMacros("WHERE $__timeFilter(ts) AND $__dateFilter(d)"); err == nil ||
		!strings.Contains(err.Error(), "$__dateFilter") {
		t.Errorf("CheckMacros allowed $__dateFilter: %v", err)
	}
	if err := dashboards.CheckMacros("WHERE $__timeFilter(ts) AND $__conditionalAll(v IN ($v), $v) -- $__dt(a, b)"); err != nil {
		t.Errorf("CheckMacros: %v", err)
	}
}
