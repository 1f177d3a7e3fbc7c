package dashboards

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ExpandFrontend does what runs in the browser before a query reaches the
// plugin's backend (applyTemplateVariables in the plugin's
// src/data/CHDatasource.ts):
//
//  1. $__conditionalAll(cond, $var) becomes 1=1 when the variable's value
//     is All or empty, else cond (applyConditionalAll, ported as is: the
//     last call first, arguments split on commas by bracket depth only);
//  2. Grafana replaces template variables ($var, ${var}, ${var:format},
//     [[var]], [[var:format]]) and the globals $__from, $__to, $__interval
//     and $__interval_ms; a variable without a format gets the plugin's
//     default (an array becomes 'a','b' with quotes not escaped, a single
//     value is inserted raw). Names it does not know are left as they are.
//
// Supported formats: raw, csv, singlequote, doublequote, sqlstring, pipe,
// and date, date:iso, date:seconds for $__from and $__to. Grafana falls back
// to glob for a format it does not know; this port returns an error for any
// format outside that list instead.
func ExpandFrontend(sql string, r Request) (string, error) {
	sql = applyConditionalAll(sql, r.Variables)
	out, err := replaceVariables(sql, r)
	if err != nil {
		return "", fmt.Errorf("expand template variables: %w", err)
	}
	return out, nil
}

const conditionalAll = "$__conditionalAll("

// applyConditionalAll ports the plugin's applyConditionalAll.
func applyConditionalAll(sql string, vars []Variable) string {
	i := strings.LastIndex(sql, conditionalAll)
	for i != -1 {
		params := macroArgs(sql[i+len(conditionalAll)-1:])
		if len(params) != 2 {
			return sql
		}
		phrase := params[0]
		if name := conditionalAllVar(strings.TrimSpace(params[1])); name != "" {
			if v, ok := findVariable(vars, name); ok {
				if value := v.jsString(); value == "" || value == allValue {
					phrase = "1=1"
				}
			}
		}
		sql = jsReplaceFirst(sql, conditionalAll+params[0]+","+params[1]+")", phrase)
		i = strings.LastIndex(sql, conditionalAll)
	}
	return sql
}

// macroArgs ports getMacroArgs: s starts at the macro's "("; the arguments
// are split at commas at bracket depth 1, quotes are not considered.
func macroArgs(s string) []string {
	var args []string
	depth, last := 0, 1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 1 {
				args = append(args, s[last:i])
				last = i + 1
			}
			continue
		default:
			continue
		}
		if depth == 0 {
			return append(args, s[last:i])
		}
	}
	return nil
}

// conditionalAllVar finds the variable name the way the plugin's regular
// expression /(?<=\$\{)[\w\d]+(?=\})|(?<=\$)[\w\d]+/ does: the leftmost
// ${name} or $name. ${name:format} does not match, so the second argument
// must be a plain $name.
func conditionalAllVar(s string) string {
	for i := 1; i < len(s); i++ {
		end := i
		for end < len(s) && isWordByte(s[end]) {
			end++
		}
		if end == i {
			continue
		}
		if i >= 2 && s[i-2:i] == "${" && end < len(s) && s[end] == '}' {
			return s[i:end]
		}
		if s[i-1] == '$' {
			return s[i:end]
		}
	}
	return ""
}

// jsReplaceFirst is JavaScript's String.prototype.replace with a string
// pattern: the first occurrence of old is replaced, and $$, $&, $` and $'
// in repl are substitution patterns.
func jsReplaceFirst(s, old, repl string) string {
	i := strings.Index(s, old)
	if i < 0 {
		return s
	}
	var b strings.Builder
	for j := 0; j < len(repl); j++ {
		if repl[j] != '$' || j+1 == len(repl) {
			b.WriteByte(repl[j])
			continue
		}
		switch repl[j+1] {
		case '$':
			b.WriteByte('$')
		case '&':
			b.WriteString(old)
		case '`':
			b.WriteString(s[:i])
		case '\'':
			b.WriteString(s[i+len(old):])
		default:
			b.WriteByte('$')
			continue
		}
		j++
	}
	return s[:i] + b.String() + s[i+len(old):]
}

// allValue is Grafana's value of the All option.
const allValue = "$__all"

// jsString is the variable's current value as JavaScript's toString gives
// it: arrays joined with commas.
func (v Variable) jsString() string {
	if v.All {
		return allValue
	}
	return strings.Join(v.Values, ",")
}

func findVariable(vars []Variable, name string) (Variable, bool) {
	i := slices.IndexFunc(vars, func(v Variable) bool { return v.Name == name })
	if i < 0 {
		return Variable{}, false
	}
	return vars[i], true
}

// variableRef is Grafana's template variable syntax (templateSrv's regex).
var variableRef = regexp.MustCompile(`\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\}`)

// value is a variable's value as Grafana formats it: a list for
// multi-value variables and All, a scalar otherwise.
type value struct {
	list   []string
	isList bool
}

// replaceVariables ports templateSrv.replace with the plugin's default
// format.
func replaceVariables(sql string, r Request) (string, error) {
	var firstErr error
	out := variableRef.ReplaceAllStringFunc(sql, func(match string) string {
		m := variableRef.FindStringSubmatch(match)
		name := m[1] + m[2] + m[4]
		format := m[3] + m[6]
		if m[5] != "" {
			if firstErr == nil {
				firstErr = fmt.Errorf("%s: field paths are not supported", match)
			}
			return match
		}
		s, ok, err := resolve(name, format, r)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", match, err)
		}
		if !ok {
			return match
		}
		return s
	})
	return out, firstErr
}

// resolve formats one reference; ok is false for names Grafana would not
// know, which stay as written.
func resolve(name, format string, r Request) (string, bool, error) {
	switch name {
	case "__from":
		s, err := formatTime(r.From, format)
		return s, true, err
	case "__to":
		s, err := formatTime(r.To, format)
		return s, true, err
	case "__interval":
		s, err := formatValue(value{list: []string{secondsToHms(r.Interval.Seconds())}}, format)
		return s, true, err
	case "__interval_ms":
		s, err := formatValue(value{list: []string{strconv.FormatInt(r.Interval.Milliseconds(), 10)}}, format)
		return s, true, err
	}
	v, ok := findVariable(r.Variables, name)
	if !ok {
		return "", false, nil
	}
	if v.All {
		if v.AllValue != "" {
			// Grafana inserts a custom all value unformatted (and replaces
			// variables inside it).
			s, err := replaceVariables(v.AllValue, r)
			return s, true, err
		}
		s, err := formatValue(value{list: v.Options, isList: true}, format)
		return s, true, err
	}
	if v.Multi {
		s, err := formatValue(value{list: v.Values, isList: true}, format)
		return s, true, err
	}
	scalar := ""
	if len(v.Values) > 0 {
		scalar = v.Values[0]
	}
	s, err := formatValue(value{list: []string{scalar}}, format)
	return s, true, err
}

// formatValue applies a Grafana variable format ("" is the plugin's
// default).
func formatValue(v value, format string) (string, error) {
	quoted := func(q, escaped string) string {
		parts := make([]string, len(v.list))
		for i, s := range v.list {
			parts[i] = q + strings.ReplaceAll(s, q, escaped) + q
		}
		return strings.Join(parts, ",")
	}
	switch format {
	case "":
		if v.isList {
			return "'" + strings.Join(v.list, "','") + "'", nil
		}
		return v.list[0], nil
	case "raw", "csv":
		return strings.Join(v.list, ","), nil
	case "pipe":
		return strings.Join(v.list, "|"), nil
	case "singlequote":
		return quoted("'", `\'`), nil
	case "doublequote":
		return quoted(`"`, `\"`), nil
	case "sqlstring":
		return quoted("'", "''"), nil
	}
	return "", fmt.Errorf("format %q is not supported by this port of Grafana's templating", format)
}

// formatTime renders $__from or $__to: epoch milliseconds by default, ISO
// 8601 for date and date:iso, epoch seconds for date:seconds.
func formatTime(t time.Time, format string) (string, error) {
	switch format {
	case "":
		return strconv.FormatInt(t.UnixMilli(), 10), nil
	case "date", "date:iso":
		return t.UTC().Format("2006-01-02T15:04:05.000Z"), nil
	case "date:seconds":
		return strconv.FormatInt(t.Unix(), 10), nil
	}
	return "", fmt.Errorf("time format %q is not supported by this port of Grafana's templating", format)
}

// secondsToHms ports Grafana's rangeutil.secondsToHms, which names
// $__interval: the largest whole unit that is not zero.
func secondsToHms(seconds float64) string {
	const year, day = 31536000, 86400
	s := int64(seconds)
	switch {
	case s/year != 0:
		return strconv.FormatInt(s/year, 10) + "y"
	case s%year/day != 0:
		return strconv.FormatInt(s%year/day, 10) + "d"
	case s%year%day/3600 != 0:
		return strconv.FormatInt(s%year%day/3600, 10) + "h"
	case s%year%day%3600/60 != 0:
		return strconv.FormatInt(s%year%day%3600/60, 10) + "m"
	case s%60 != 0:
		return strconv.FormatInt(s%60, 10) + "s"
	case int64(seconds*1000) != 0:
		return strconv.FormatInt(int64(seconds*1000), 10) + "ms"
	}
	return "less than a millisecond"
}

// unresolvedVariables lists the template variable references left in sql
// (other than Grafana's $__ names, which are macros).
func unresolvedVariables(sql string) []string {
	var left []string
	for _, m := range variableRef.FindAllStringSubmatch(sql, -1) {
		if name := m[1] + m[2] + m[4]; !strings.HasPrefix(name, "__") {
			left = append(left, m[0])
		}
	}
	slices.Sort(left)
	return slices.Compact(left)
}
