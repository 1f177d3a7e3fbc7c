package dashboards

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/macropro"
)

// Request is what Grafana sends with a panel query: the dashboard's time
// range, the panel's interval (Grafana's intervalMs) and the template
// variables' current values.
type Request struct {
	From, To  time.Time
	Interval  time.Duration
	Variables []Variable
}

// Variable is a template variable's state as Grafana holds it when a panel
// query runs.
type Variable struct {
	Name string
	// Multi is set for multi-value variables: their value is an array, which
	// the plugin's default format renders as 'a','b'.
	Multi bool
	// All is set when the "All" option is selected; Values is then ignored.
	All bool
	// Values are the selected values.
	Values []string
	// AllValue is the variable's custom all value; "" means All stands for
	// Options.
	AllValue string
	// Options are the variable's option values (without All): what All
	// stands for when there is no AllValue.
	Options []string
}

// Expand turns panel SQL into the SQL the ClickHouse plugin sends to the
// server: first the browser-side steps (ExpandFrontend), then the backend's
// macro expansion (ExpandBackend). Unlike the plugin, which sends whatever
// is left, it fails when a template variable without a value or a macro
// that nothing expands remains, so a typo fails a test instead of a panel.
func Expand(sql string, r Request) (string, error) {
	front, err := ExpandFrontend(sql, r)
	if err != nil {
		return "", err
	}
	if left := unresolvedVariables(front); len(left) > 0 {
		return "", fmt.Errorf("expand query: template variables without a value: %s", strings.Join(left, ", "))
	}
	out, err := ExpandBackend(front, r)
	if err != nil {
		return "", err
	}
	if left := UsedMacros(out); len(left) > 0 {
		return "", fmt.Errorf("expand query: macros left unexpanded: %s", strings.Join(left, ", "))
	}
	return out, nil
}

// ExpandBackend expands the $__ macros as the plugin's backend does
// (pkg/macros, plugin v4.19+, GRAFANA.md §2.3): macropro with BackendMacros
// and the plugin's comment handling. Comments are blanked to spaces first,
// so a macro inside a comment never expands; unknown macros are left as
// they are; a wrong argument count is an error.
func ExpandBackend(sql string, r Request) (string, error) {
	ctx := macropro.QueryContext[struct{}]{
		TimeRange:  macropro.TimeRange{From: r.From, To: r.To},
		Interval:   r.Interval,
		IntervalMS: r.Interval.Milliseconds(),
	}
	out, err := macropro.Interpolate(sql, BackendMacros(), ctx, macropro.WithComments(backendComments))
	if err != nil {
		return "", fmt.Errorf("expand backend macros: %w", err)
	}
	return out, nil
}

// backendComments is how the plugin lexes SQL before expanding macros:
// -- and /* */ comments are blanked; quotes with backslash escapes,
// backquoted identifiers and $tag$ literals are skipped.
const backendComments = macropro.LineComment | macropro.BlockComment |
	macropro.BackslashEscape | macropro.BacktickQuote | macropro.DollarQuote

// BackendMacros returns the plugin's backend macro table: macropro's
// defaults ($__interval, $__interval_ms, $__table, $__column) with the
// ClickHouse handlers on top. Dates are formatted in UTC, the plugin
// process's zone in the official image.
func BackendMacros() macropro.MacroMap[struct{}] {
	return macropro.MergeMacros(macropro.DefaultMacros[struct{}](), macropro.MacroMap[struct{}]{
		"fromTime":    noArgs(func(c chCtx) string { return toDateTime(c.TimeRange.From) }),
		"toTime":      noArgs(func(c chCtx) string { return toDateTime(c.TimeRange.To) }),
		"fromTime_ms": noArgs(func(c chCtx) string { return toDateTime64(c.TimeRange.From) }),
		"toTime_ms":   noArgs(func(c chCtx) string { return toDateTime64(c.TimeRange.To) }),
		"interval_s":  noArgs(func(c chCtx) string { return strconv.Itoa(intervalSeconds(c)) }),
		"timeFilter": oneArg("timeFilter", func(c chCtx, col string) string {
			return between(col, toDateTime(c.TimeRange.From), toDateTime(c.TimeRange.To))
		}),
		"timeFilter_ms": oneArg("timeFilter_ms", func(c chCtx, col string) string {
			return between(col, toDateTime64(c.TimeRange.From), toDateTime64(c.TimeRange.To))
		}),
		"dateFilter": oneArg("dateFilter", func(c chCtx, col string) string {
			return between(col, toDate(c.TimeRange.From), toDate(c.TimeRange.To))
		}),
		"timeFrom": oneArg("timeFrom", func(c chCtx, col string) string {
			return col + " >= " + toDateTime(c.TimeRange.From)
		}),
		"timeTo": oneArg("timeTo", func(c chCtx, col string) string {
			return col + " <= " + toDateTime(c.TimeRange.To)
		}),
		"timeInterval": oneArg("timeInterval", func(c chCtx, col string) string {
			return fmt.Sprintf("toStartOfInterval(toDateTime(%s), INTERVAL %d second)", col, intervalSeconds(c))
		}),
		"timeInterval_ms": oneArg("timeInterval_ms", func(c chCtx, col string) string {
			ms := int(math.Max(float64(c.IntervalMS), 1))
			return fmt.Sprintf("toStartOfInterval(toDateTime64(%s, 3), INTERVAL %d millisecond)", col, ms)
		}),
		"dateTimeFilter": dateTimeFilter("dateTimeFilter"),
		"dt":             dateTimeFilter("dt"),
		"timeGroup":      timeGroup,
	})
}

type chCtx = macropro.QueryContext[struct{}]

func toDateTime(t time.Time) string { return fmt.Sprintf("toDateTime(%d)", t.Unix()) }
func toDateTime64(t time.Time) string {
	return fmt.Sprintf("fromUnixTimestamp64Milli(%d)", t.UnixMilli())
}
func toDate(t time.Time) string { return "toDate('" + t.UTC().Format("2006-01-02") + "')" }

func between(col, from, to string) string { return col + " >= " + from + " AND " + col + " <= " + to }

// intervalSeconds is the interval in whole seconds, at least 1.
func intervalSeconds(c chCtx) int { return int(math.Max(c.Interval.Seconds(), 1)) }

func noArgs(f func(chCtx) string) macropro.MacroFunc[struct{}] {
	return func(c chCtx, _ []string) (string, error) { return f(c), nil }
}

func oneArg(name string, f func(chCtx, string) string) macropro.MacroFunc[struct{}] {
	return func(c chCtx, args []string) (string, error) {
		if len(args) != 1 {
			return "", fmt.Errorf("%s requires 1 argument, received %d", name, len(args))
		}
		return f(c, args[0]), nil
	}
}

func dateTimeFilter(name string) macropro.MacroFunc[struct{}] {
	return func(c chCtx, args []string) (string, error) {
		if len(args) != 2 {
			return "", fmt.Errorf("%s requires 2 arguments, received %d", name, len(args))
		}
		from, to := c.TimeRange.From, c.TimeRange.To
		return "(" + between(args[0], toDate(from), toDate(to)) + ") AND (" +
			between(args[1], toDateTime(from), toDateTime(to)) + ")", nil
	}
}

func timeGroup(_ chCtx, args []string) (string, error) {
	if len(args) != 2 {
		return "", fmt.Errorf("timeGroup requires 2 arguments, received %d", len(args))
	}
	period := strings.Trim(strings.TrimSpace(args[1]), `'"`)
	d, err := time.ParseDuration(period)
	if err != nil {
		return "", fmt.Errorf("timeGroup: invalid interval %q: %w", period, err)
	}
	secs := int64(math.Round(d.Seconds()))
	if secs <= 0 {
		return "", fmt.Errorf("timeGroup: interval must be positive, got %q", period)
	}
	return fmt.Sprintf("toStartOfInterval(toDateTime(%s), INTERVAL %d second)", strings.TrimSpace(args[0]), secs), nil
}

// UsedMacros returns the distinct $__ names in sql outside comments, sorted,
// with their prefix ("$__timeFilter"). Grafana's own variables such as
// $__from are included.
func UsedMacros(sql string) []string {
	work := macropro.StripComments(sql, backendComments)
	var names []string
	for i := 0; ; {
		j := strings.Index(work[i:], "$__")
		if j < 0 {
			break
		}
		start := i + j + len("$__")
		end := start
		for end < len(work) && isWordByte(work[end]) {
			end++
		}
		if end > start {
			names = append(names, "$__"+work[start:end])
		}
		i = end
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// NonPortableMacros returns the macros in sql whose expansion ClickHouse
// 18.16 cannot run: $__timeInterval and $__timeGroup (toStartOfInterval)
// and every _ms macro (toDateTime64, fromUnixTimestamp64Milli).
func NonPortableMacros(sql string) []string {
	var bad []string
	for _, m := range UsedMacros(sql) {
		name := strings.TrimPrefix(m, "$__")
		if name == "timeInterval" || name == "timeGroup" || strings.HasSuffix(name, "_ms") {
			bad = append(bad, m)
		}
	}
	return bad
}

// PortableMacros are the macros dashboard SQL may use: they expand to SQL
// that runs on ClickHouse 18.16 and on current servers, and they are all
// the dashboards need.
var PortableMacros = []string{"$__timeFilter", "$__fromTime", "$__toTime", "$__interval_s", "$__conditionalAll"}

// CheckMacros returns an error naming every macro in sql that is not one of
// PortableMacros.
func CheckMacros(sql string) error {
	var errs []error
	for _, m := range UsedMacros(sql) {
		if !slices.Contains(PortableMacros, m) {
			errs = append(errs, fmt.Errorf("macro %s is not allowed (use %s)", m, strings.Join(PortableMacros, ", ")))
		}
	}
	return errors.Join(errs...)
}

func isWordByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
