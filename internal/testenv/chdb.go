// This file runs SQL on the current ClickHouse engine through the shared
// chdb-sql tool (chDB, in-process, driven by node): a whole script of DDL,
// fixtures and queries in one session, with each query's rows returned as
// Go values.

package testenv

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// ChDBEnv names the variable that points at chdb-sql's index.mjs when the
// tool is not at ../shared/tools/chdb-sql beside the checkout.
const ChDBEnv = "LEERLIJN_CHDB_SQL"

// ChDBRunner runs SQL scripts with the chdb-sql tool. Each Run is one node
// process and one chDB session (a fresh temporary database directory).
type ChDBRunner struct {
	Node   string // the node executable
	Script string // chdb-sql's index.mjs
	// Settings are applied to the session before the script (chdb-sql -s).
	// ChDB sets session_timezone=UTC, the zone of the 18.16 test server, so
	// that a DateTime without a zone means the same on both engines.
	Settings []string
}

// ChDB returns a runner for chdb-sql, found at $LEERLIJN_CHDB_SQL or at
// ../shared/tools/chdb-sql/index.mjs beside the checkout. A missing tool,
// a tool without its node_modules, or a missing node fails the test with
// the fix; only a missing shared folder (not ours to ship, as for Corpus)
// skips it, and not under CI=true.
func ChDB(tb testing.TB) *ChDBRunner {
	tb.Helper()
	script := os.Getenv(ChDBEnv)
	if script == "" {
		shared := filepath.Join(repoRoot(), "..", "shared")
		if st, err := os.Stat(shared); err != nil || !st.IsDir() {
			msg := "shared folder not found at " + shared + ": chdb-sql lives in shared/tools/chdb-sql; set " + ChDBEnv + " to its index.mjs"
			if os.Getenv("CI") == "true" {
				tb.Fatal(msg + " (CI=true: a missing tool fails)")
			}
			tb.Skip(msg + " (skipped outside CI)")
		}
		script = filepath.Join(shared, "tools", "chdb-sql", "index.mjs")
	}
	dir := filepath.Dir(script)
	if _, err := os.Stat(script); err != nil {
		tb.Fatalf("chdb-sql not found at %s: set %s to chdb-sql's index.mjs", script, ChDBEnv)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "chdb", "package.json")); err != nil {
		tb.Fatalf("chdb-sql at %s has no node_modules/chdb: run `make test`, which installs it, or `npm install` in %s", dir, dir)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		tb.Fatalf("node not found on PATH, needed to run chdb-sql: install Node.js 18 or later (`make test` does)")
	}
	return &ChDBRunner{Node: node, Script: script, Settings: []string{"session_timezone=UTC"}}
}

// ChDBScript is the SQL of one chdb-sql run, in order: statements whose
// output is ignored (Exec) and queries whose rows are returned (Query).
type ChDBScript struct {
	steps []chdbStep
}

type chdbStep struct {
	name  string
	sql   string
	query bool
}

// Exec adds statements (DDL, INSERT … VALUES, several separated by ';')
// whose output is ignored. name identifies them in errors.
func (s *ChDBScript) Exec(name, sql string) {
	s.steps = append(s.steps, chdbStep{name: name, sql: sql})
}

// Query adds one statement whose result Run returns under name (names
// must be unique).
func (s *ChDBScript) Query(name, sql string) {
	s.steps = append(s.steps, chdbStep{name: name, sql: sql, query: true})
}

// ChDBResult is one query's result. Values are Go values of the types
// clickhouse-go scans the same ClickHouse types into, so that results from
// both engines compare: UInt8…UInt64 and Int8…Int64 as uint8…int64,
// Float32/Float64, Bool, String-like types (FixedString, UUID, Enum, IP) as
// string, Decimal as decimal.Decimal, Date and DateTime as time.Time (in
// the column's zone, else UTC), Nullable as nil or the value,
// LowCardinality as its inner type, and Array as []any.
type ChDBResult struct {
	Columns []string
	Types   []string
	Rows    [][]any
	// Err is the engine's error when the query failed ("FILE:LINE: …" as
	// chdb-sql reports it); Columns and Rows are empty then.
	Err error
}

// Run executes the script in one chdb-sql process and returns each query's
// result by name. It returns an error when the tool cannot run, when an
// Exec step fails (with every failure) or when its output cannot be read;
// a failing query is reported in its result's Err, and the other steps
// still run (chdb-sql -k).
func (r *ChDBRunner) Run(ctx context.Context, s *ChDBScript) (map[string]*ChDBResult, error) {
	dir, err := os.MkdirTemp("", "leerlijn-chdb-")
	if err != nil {
		return nil, fmt.Errorf("make chdb-sql script dir: %w", err)
	}
	defer os.RemoveAll(dir)

	nonce := randomHex(8)
	args := []string{r.Script, "-k", "-f", "JSONCompactEachRowWithNamesAndTypes"}
	for _, kv := range r.Settings {
		args = append(args, "-s", kv)
	}
	results := make(map[string]*ChDBResult)
	for i, st := range s.steps {
		if st.query {
			if _, dup := results[st.name]; dup {
				return nil, fmt.Errorf("chdb script: query name %q used twice", st.name)
			}
			results[st.name] = &ChDBResult{}
		}
		// Each step gets its own file, so that chdb-sql's FILE:LINE names the
		// step, and starts with a marker query on the same line as the
		// step's SQL, so that line numbers stay those of the SQL.
		file := filepath.Join(dir, fmt.Sprintf("%04d-%s.sql", i, fileSafe(st.name)))
		body := fmt.Sprintf("SELECT '%s %d' AS %s; %s\n", nonce, i, chdbMarkerColumn, st.sql)
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			return nil, fmt.Errorf("write chdb-sql script: %w", err)
		}
		args = append(args, file)
	}

	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, r.Node, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var exit *exec.ExitError
	switch {
	case runErr == nil:
	case errors.As(runErr, &exit) && exit.ExitCode() == 1: // some statement failed
	default:
		return nil, fmt.Errorf("run chdb-sql: %w\n%s", runErr, strings.TrimSpace(stderr.String()))
	}

	failed := parseChDBErrors(stderr.String(), dir)
	var execErrs []error
	for i, st := range s.steps {
		msg, ok := failed[i]
		switch {
		case !ok:
		case st.query:
			results[st.name].Err = errors.New(msg)
		default:
			execErrs = append(execErrs, fmt.Errorf("%s: %s", st.name, msg))
		}
	}
	if len(execErrs) > 0 {
		return nil, fmt.Errorf("chdb-sql: %w", errors.Join(execErrs...))
	}
	if runErr != nil && len(failed) == 0 {
		return nil, fmt.Errorf("run chdb-sql: %w\n%s", runErr, strings.TrimSpace(stderr.String()))
	}
	if err := parseChDBOutput(stdout.Bytes(), nonce, s.steps, results); err != nil {
		return nil, err
	}
	return results, nil
}

// chdbMarkerColumn names the marker query's column.
const chdbMarkerColumn = "leerlijn_chdb_step"

// fileSafe keeps a step name readable in a file name.
func fileSafe(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, name)
}

// parseChDBErrors maps step index to chdb-sql's report of its failure
// ("FILE:LINE: <ClickHouse error>", possibly several lines, then
// "  in: <statement>").
func parseChDBErrors(stderr, dir string) map[int]string {
	head := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(dir+string(filepath.Separator)) + `(\d{4})-[^\n:]*\.sql:(\d+): `)
	locs := head.FindAllStringSubmatchIndex(stderr, -1)
	out := make(map[int]string, len(locs))
	for k, loc := range locs {
		end := len(stderr)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		step, _ := strconv.Atoi(stderr[loc[2]:loc[3]])
		line := stderr[loc[4]:loc[5]]
		msg := stderr[loc[1]:end]
		if i := strings.Index(msg, "\n  in: "); i >= 0 {
			msg = msg[:i]
		}
		msg = strings.TrimSpace(strings.Split(msg, "\nchdb-sql: ")[0])
		out[step] = "line " + line + ": " + msg
	}
	return out
}

// parseChDBOutput splits chdb-sql's output at the markers and fills in each
// query's columns, types and rows.
func parseChDBOutput(out []byte, nonce string, steps []chdbStep, results map[string]*ChDBResult) error {
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 1<<20), 1<<30)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			lines = append(lines, append([]byte(nil), sc.Bytes()...))
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read chdb-sql output: %w", err)
	}
	markerNames, _ := json.Marshal([]string{chdbMarkerColumn})
	step := -1
	var cur *ChDBResult
	for i := 0; i < len(lines); {
		if bytes.Equal(lines[i], markerNames) && i+2 < len(lines) {
			var v []string
			if json.Unmarshal(lines[i+2], &v) == nil && len(v) == 1 && strings.HasPrefix(v[0], nonce+" ") {
				n, err := strconv.Atoi(strings.TrimPrefix(v[0], nonce+" "))
				if err != nil || n < 0 || n >= len(steps) {
					return fmt.Errorf("chdb-sql output: bad step marker %q", v[0])
				}
				step, cur, i = n, nil, i+3
				if steps[n].query {
					cur = results[steps[n].name]
				}
				continue
			}
		}
		if step < 0 {
			return fmt.Errorf("chdb-sql output: output before the first step: %s", lines[i])
		}
		if cur == nil { // an Exec step's output is ignored
			i++
			continue
		}
		if cur.Columns == nil {
			if i+1 >= len(lines) {
				return fmt.Errorf("chdb-sql output of %s: header without types", steps[step].name)
			}
			if err := json.Unmarshal(lines[i], &cur.Columns); err != nil {
				return fmt.Errorf("chdb-sql output of %s: column names: %w", steps[step].name, err)
			}
			if err := json.Unmarshal(lines[i+1], &cur.Types); err != nil {
				return fmt.Errorf("chdb-sql output of %s: column types: %w", steps[step].name, err)
			}
			i += 2
			continue
		}
		row, err := chdbRow(lines[i], cur.Types)
		if err != nil {
			return fmt.Errorf("chdb-sql output of %s: %w", steps[step].name, err)
		}
		cur.Rows = append(cur.Rows, row)
		i++
	}
	return nil
}

// chdbRow decodes one JSONCompactEachRow line into Go values.
func chdbRow(line []byte, types []string) ([]any, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		return nil, fmt.Errorf("row %s: %w", line, err)
	}
	if len(raw) != len(types) {
		return nil, fmt.Errorf("row %s: %d values for %d columns", line, len(raw), len(types))
	}
	row := make([]any, len(raw))
	for j, v := range raw {
		val, err := chdbValue(types[j], v)
		if err != nil {
			return nil, fmt.Errorf("row %s, column %d (%s): %w", line, j+1, types[j], err)
		}
		row[j] = val
	}
	return row, nil
}

// chdbValue converts one JSON value of ClickHouse type typ (see ChDBResult).
func chdbValue(typ string, raw json.RawMessage) (any, error) {
	typ = strings.TrimSpace(typ)
	if inner, ok := typeArg(typ, "LowCardinality"); ok {
		return chdbValue(inner, raw)
	}
	if inner, ok := typeArg(typ, "Nullable"); ok {
		if string(raw) == "null" {
			return nil, nil
		}
		return chdbValue(inner, raw)
	}
	if inner, ok := typeArg(typ, "Array"); ok {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		out := make([]any, len(items))
		for i, it := range items {
			v, err := chdbValue(inner, it)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	base, args, _ := strings.Cut(typ, "(")
	text := jsonText(raw)
	switch base {
	case "UInt8", "UInt16", "UInt32", "UInt64":
		bits, _ := strconv.Atoi(strings.TrimPrefix(base, "UInt"))
		u, err := strconv.ParseUint(text, 10, bits)
		if err != nil {
			return nil, err
		}
		switch bits {
		case 8:
			return uint8(u), nil
		case 16:
			return uint16(u), nil
		case 32:
			return uint32(u), nil
		}
		return u, nil
	case "Int8", "Int16", "Int32", "Int64":
		bits, _ := strconv.Atoi(strings.TrimPrefix(base, "Int"))
		n, err := strconv.ParseInt(text, 10, bits)
		if err != nil {
			return nil, err
		}
		switch bits {
		case 8:
			return int8(n), nil
		case 16:
			return int16(n), nil
		case 32:
			return int32(n), nil
		}
		return n, nil
	case "Float32":
		f, err := strconv.ParseFloat(text, 32)
		return float32(f), err
	case "Float64":
		return strconv.ParseFloat(text, 64)
	case "Bool":
		return strconv.ParseBool(text)
	case "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256":
		return decimal.NewFromString(text)
	case "Date", "Date32":
		return time.ParseInLocation(time.DateOnly, text, time.UTC)
	case "DateTime", "DateTime64":
		loc := time.UTC
		if i := strings.Index(args, "'"); i >= 0 {
			zone := strings.Trim(args[i:], "')")
			l, err := time.LoadLocation(zone)
			if err != nil {
				return nil, err
			}
			loc = l
		}
		return time.ParseInLocation("2006-01-02 15:04:05.999999999", text, loc)
	case "String", "FixedString", "UUID", "Enum8", "Enum16", "IPv4", "IPv6":
		return text, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// typeArg returns the argument of a one-argument type such as
// Nullable(String).
func typeArg(typ, name string) (string, bool) {
	if !strings.HasPrefix(typ, name+"(") || !strings.HasSuffix(typ, ")") {
		return "", false
	}
	return typ[len(name)+1 : len(typ)-1], true
}

// jsonText is a JSON scalar as text: a string's content, a number's
// digits (ClickHouse may quote 64-bit numbers).
func jsonText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}
