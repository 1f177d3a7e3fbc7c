package dashboards

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// Dashboard is the SDK's classic dashboard model (schemaVersion 42), the
// JSON that Grafana's file provisioning loads. The SDK marks it deprecated
// in favour of dashboardv2, which only Grafana 12+ with the v2 dashboard
// API reads; the dashboards stay on the classic model until the deployed
// Grafana and its provisioning move.
//
//lint:ignore SA1019 deliberate: the classic model is what file provisioning loads (see above)
type Dashboard = dashboard.Dashboard

// newDashboard starts a classic dashboard (see Dashboard).
//
//lint:ignore SA1019 deliberate: the classic model is what file provisioning loads (see Dashboard)
func newDashboard(title string) *dashboard.DashboardBuilder {
	//lint:ignore SA1019 as above
	return dashboard.NewDashboardBuilder(title)
}

// generators lists every dashboard in the order All returns them. Adding a
// dashboard is a file with its constructor and its SQL files, and a line
// here.
var generators = []func() (Dashboard, error){
	Overview,
	Budget,
	Completion,
	TimeOff,
	Statements,
}

// All builds every dashboard.
func All() ([]Dashboard, error) {
	out := make([]Dashboard, 0, len(generators))
	for _, gen := range generators {
		d, err := gen()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Write writes every dashboard to dir as <uid>.json (see Marshal), creating
// dir if needed. The output depends only on the code and the SQL files, so
// a second run writes the same bytes.
func Write(dir string) error {
	ds, err := All()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create dashboards directory: %w", err)
	}
	for _, d := range ds {
		b, err := Marshal(d)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, FileName(d))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return fmt.Errorf("write dashboard %s: %w", path, err)
		}
	}
	return nil
}

// FileName is the name Write gives d: its uid with .json.
func FileName(d Dashboard) string {
	uid := ""
	if d.Uid != nil {
		uid = *d.Uid
	}
	return uid + ".json"
}

// Marshal renders d as Grafana dashboard JSON: two-space indent, a trailing
// newline, and <, > and & written as themselves rather than as the \u
// escapes encoding/json uses by default, so that the SQL stays readable in
// the file and in diffs.
func Marshal(d Dashboard) ([]byte, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("marshal dashboard %s: %w", FileName(d), err)
	}
	b = []byte(unescapeHTML.Replace(string(b)))
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return nil, fmt.Errorf("indent dashboard %s: %w", FileName(d), err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// unescapeHTML undoes encoding/json's HTML escaping; the characters are
// valid in JSON strings as they are.
var unescapeHTML = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")

//go:embed queries/*.sql queries/include/*.sql
var queryFiles embed.FS

// includePrefix starts a line of a query file that stands for a shared
// fragment, queries/include/<name>. A fragment begins with a comment header,
// ended by an empty line, that says what it holds and is not included; the
// rest replaces the include line, each line indented as the include line
// was. Fragments may include fragments.
const includePrefix = "-- include: "

// maxIncludeDepth bounds fragments including fragments (and so a cycle).
const maxIncludeDepth = 4

// readQuery returns queries/<file> with its includes expanded: the SQL
// exactly as the generator puts it into the JSON.
func readQuery(file string) (string, error) {
	b, err := fs.ReadFile(queryFiles, "queries/"+file)
	if err != nil {
		return "", fmt.Errorf("read query %s: %w", file, err)
	}
	return expandIncludes(file, string(b), func(name string) ([]byte, error) {
		return fs.ReadFile(queryFiles, "queries/include/"+name)
	})
}

// expandIncludes replaces each include line of sql by its fragment, which
// fragment reads.
func expandIncludes(file, sql string, fragment func(name string) ([]byte, error)) (string, error) {
	return expand(file, sql, fragment, 0)
}

func expand(file, sql string, fragment func(name string) ([]byte, error), depth int) (string, error) {
	var out strings.Builder
	for _, line := range strings.SplitAfter(sql, "\n") {
		name, ok := strings.CutPrefix(strings.TrimSpace(line), includePrefix)
		if !ok {
			out.WriteString(line)
			continue
		}
		if depth >= maxIncludeDepth {
			return "", fmt.Errorf("query %s: include %s: fragments nested deeper than %d (a cycle?)", file, name, maxIncludeDepth)
		}
		frag, err := fragment(name)
		if err != nil {
			return "", fmt.Errorf("query %s: include %s: %w", file, name, err)
		}
		header, body, ok := strings.Cut(string(frag), "\n\n")
		if !ok || !strings.HasPrefix(header, "--") {
			return "", fmt.Errorf("query %s: include %s: a fragment starts with a comment header and an empty line", file, name)
		}
		body, err = expand(name, strings.TrimSuffix(body, "\n"), fragment, depth+1)
		if err != nil {
			return "", fmt.Errorf("query %s: %w", file, err)
		}
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		for i, l := range strings.Split(body, "\n") {
			if i > 0 {
				out.WriteByte('\n')
			}
			if l != "" {
				out.WriteString(indent + l)
			}
		}
		if strings.HasSuffix(line, "\n") {
			out.WriteByte('\n')
		}
	}
	return out.String(), nil
}

// Queries returns the SQL of every panel and variable query file
// (queries/<dashboard>_<panel>.sql, queries/var_<selector>.sql) by file
// name, includes expanded: what the dashboards' JSON holds.
func Queries() (map[string]string, error) {
	entries, err := fs.ReadDir(queryFiles, "queries")
	if err != nil {
		return nil, fmt.Errorf("list queries: %w", err)
	}
	out := make(map[string]string, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		sql, err := readQuery(e.Name())
		if err != nil {
			return nil, err
		}
		out[e.Name()] = sql
	}
	return out, nil
}

// querySet reads one dashboard's SQL files and keeps the first error, so a
// dashboard constructor can stay one fluent expression.
type querySet struct {
	dashboard string
	err       error
}

// sql returns queries/<dashboard>_<name>.sql.
func (s *querySet) sql(name string) string {
	sql, err := readQuery(s.dashboard + "_" + name + ".sql")
	if err != nil && s.err == nil {
		s.err = err
	}
	return sql
}

// query returns a ClickHouse query builder for queries/<dashboard>_<name>.sql.
func (s *querySet) query(name string) *ClickHouseQueryBuilder {
	return NewClickHouseQueryBuilder(s.sql(name))
}

// variable returns a query variable builder whose options come from
// queries/<dashboard>_<name>.sql (one column: value and text; or two: value,
// then text). The SQL is checked like a panel query's.
func (s *querySet) variable(varName, name string) *dashboard.QueryVariableBuilder {
	return s.queryVariable(varName, s.sql(name))
}

// sharedVariable is a variable whose SQL, queries/<file>.sql, several
// dashboards use (the var_*.sql files).
func (s *querySet) sharedVariable(varName, file string) *dashboard.QueryVariableBuilder {
	sql, err := readQuery(file + ".sql")
	if err != nil && s.err == nil {
		s.err = err
	}
	return s.queryVariable(varName, sql)
}

func (s *querySet) queryVariable(varName, sql string) *dashboard.QueryVariableBuilder {
	if _, err := NewClickHouseQueryBuilder(sql).Build(); err != nil && s.err == nil {
		s.err = fmt.Errorf("variable %s: %w", varName, err)
	}
	return dashboard.NewQueryVariableBuilder(varName).
		Datasource(*datasourceRef()).
		Query(dashboard.StringOrMap{Map: map[string]any{
			"refId":      varName,
			"editorType": "sql",
			"queryType":  "sql",
			"rawSql":     sql,
		}}).
		Definition(sql)
}
