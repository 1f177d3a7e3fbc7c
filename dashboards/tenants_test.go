package dashboards_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/leerlijn/leerlijn/dashboards"
	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/ddl"
)

// addTenant runs deploy/grafana/tenants/add-tenant.sh.
func addTenant(t *testing.T, password string, args ...string) (string, error) {
	t.Helper()
	script := filepath.Join(testenv.RepoRoot(), "deploy", "grafana", "tenants", "add-tenant.sh")
	cmd := exec.Command("sh", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), "LEERLIJN_TENANT_PASSWORD="+password)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestAddTenant generates the set-up of two tenants and checks it: the
// Grafana provisioning of each organisation parses and matches the
// single-tenant files but for the organisation and the user; the
// ClickHouse SQL puts a row policy on every table of the schema that has a
// tenant column (on the 18.16 test server, after every migration), keeps
// every row for the trusted users, holds no password, and parses on the
// current engine. (Row policies need ClickHouse 20.x or later, so their
// effect is not tested here: 18.16 has none, and chDB has no access
// management, so each statement must fail there with ACCESS_DENIED or
// UNKNOWN_ROLE, never with a syntax error.)
func TestAddTenant(t *testing.T) {
	out := t.TempDir()
	const password = "tenant-test-password"
	for _, tc := range []struct{ tenant, org string }{{"acme", "2"}, {"globex-eu", "3"}} {
		if msg, err := addTenant(t, password, tc.tenant, tc.org, out); err != nil {
			t.Fatalf("add-tenant.sh %s %s: %v\n%s", tc.tenant, tc.org, err, msg)
		}
	}
	for _, bad := range [][]string{{"Acme", "2"}, {"-acme", "2"}, {"acme", "0"}, {"acme", "two"}, {"acme"}} {
		if msg, err := addTenant(t, password, append(bad, t.TempDir())...); err == nil {
			t.Errorf("add-tenant.sh %q accepted it:\n%s", bad, msg)
		}
	}
	if msg, err := addTenant(t, "", "acme", "2", t.TempDir()); err == nil {
		t.Errorf("add-tenant.sh without a password accepted it:\n%s", msg)
	}

	t.Run("grafana", func(t *testing.T) {
		checkTenantDatasource(t, filepath.Join(out, "grafana", "provisioning", "datasources", "leerlijn-globex-eu.yaml"),
			3, "grafana_tenant_globex-eu", "${CLICKHOUSE_PASSWORD_GLOBEX_EU}")
		checkTenantProvider(t, filepath.Join(out, "grafana", "provisioning", "dashboards", "leerlijn-acme.yaml"), 2)
	})

	sql, err := os.ReadFile(filepath.Join(out, "clickhouse", "tenant-acme.sql"))
	if err != nil {
		t.Fatal(err)
	}
	statements := ddl.SplitStatements(string(sql))

	t.Run("tables", func(t *testing.T) {
		sum := sha256.Sum256([]byte(password))
		if strings.Contains(string(sql), password) || !strings.Contains(string(sql), hex.EncodeToString(sum[:])) {
			t.Error("the SQL must hold the password's SHA-256, never the password")
		}
		all := policyTables(statements, "leerlijn_all_tenants ON leerlijn.", " USING 1 TO `leerlijn`, `grafana_reader`")
		mine := policyTables(statements, "`leerlijn_tenant_acme` ON leerlijn.", " USING tenant = 'acme' TO `grafana_tenant_acme`")
		want := tenantTables(t)
		if !slices.Equal(all, want) || !slices.Equal(mine, want) {
			t.Errorf("row policies on\n  all tenants: %q\n  acme:        %q\nwant every table with a tenant column: %q\n"+
				"(add the table to deploy/grafana/tenants/add-tenant.sh)", all, mine, want)
		}
	})

	t.Run("current engine", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		var script testenv.ChDBScript
		script.Exec("database", "CREATE DATABASE IF NOT EXISTS leerlijn")
		for i, s := range statements {
			script.Query(fmt.Sprint(i), s)
		}
		res, err := testenv.ChDB(t).Run(ctx, &script)
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range statements {
			if e := res[fmt.Sprint(i)].Err; e != nil && !strings.Contains(e.Error(), "(ACCESS_DENIED)") &&
				!strings.Contains(e.Error(), "(UNKNOWN_ROLE)") {
				t.Errorf("%s\n  fails on the current engine with %v", s, e)
			}
		}
	})
}

// policyTables returns the tables of the row policies among statements
// that start with CREATE ROW POLICY IF NOT EXISTS <name> and end with
// using, sorted.
func policyTables(statements []string, name, using string) []string {
	var tables []string
	for _, s := range statements {
		rest, ok := strings.CutPrefix(s, "CREATE ROW POLICY IF NOT EXISTS "+name)
		if table, ok2 := strings.CutSuffix(rest, using); ok && ok2 {
			tables = append(tables, table)
		}
	}
	slices.Sort(tables)
	return tables
}

// tenantTables returns the tables (not views) with a tenant column on the
// 18.16 test server after every migration, sorted.
func tenantTables(t *testing.T) []string {
	t.Helper()
	db := testenv.ClickHouse(t)
	if err := ddl.Migrate(t.Context(), db.Conn, nil); err != nil {
		t.Fatal(err)
	}
	var tables []string
	rows, err := db.Conn.Query(t.Context(), `SELECT name FROM system.tables
		WHERE database = currentDatabase() AND engine NOT LIKE '%View'
			AND name IN (SELECT table FROM system.columns WHERE database = currentDatabase() AND name = 'tenant')
		ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if len(tables) < 10 {
		t.Fatalf("only %d tables with a tenant column: %q", len(tables), tables)
	}
	return tables
}

// checkTenantDatasource compares a tenant's datasource with the
// single-tenant one: the same plugin, uid, server and database; its own
// organisation, user and password variable.
func checkTenantDatasource(t *testing.T, path string, org int, user, password string) {
	t.Helper()
	type datasources struct {
		APIVersion  int `yaml:"apiVersion"`
		Datasources []struct {
			Name     string         `yaml:"name"`
			UID      string         `yaml:"uid"`
			OrgID    int            `yaml:"orgId"`
			Type     string         `yaml:"type"`
			Default  bool           `yaml:"isDefault"`
			Editable *bool          `yaml:"editable"`
			JSONData map[string]any `yaml:"jsonData"`
			Secure   map[string]any `yaml:"secureJsonData"`
		} `yaml:"datasources"`
	}
	var got, base datasources
	readYAML(t, path, &got)
	provisioningFile(t, "datasources/clickhouse.yaml", &base)
	if got.APIVersion != 1 || len(got.Datasources) != 1 {
		t.Fatalf("%s: want apiVersion 1 and one datasource", path)
	}
	ds, b := got.Datasources[0], base.Datasources[0]
	if ds.UID != dashboards.DatasourceUID || ds.Type != dashboards.DatasourceType || ds.OrgID != org || !ds.Default ||
		ds.Editable == nil || *ds.Editable {
		t.Errorf("%s: uid %q type %q orgId %d isDefault %v, want %q %q %d true, editable false", path, ds.UID, ds.Type, ds.OrgID,
			ds.Default, dashboards.DatasourceUID, dashboards.DatasourceType, org)
	}
	for key, want := range b.JSONData {
		if key == "username" {
			want = user
		}
		if got := ds.JSONData[key]; got != want {
			t.Errorf("%s: jsonData.%s = %v, want %v", path, key, got, want)
		}
	}
	if got := ds.Secure["password"]; got != password {
		t.Errorf("%s: secureJsonData.password = %v, want %s", path, got, password)
	}
}

// checkTenantProvider compares a tenant's dashboard provider with the
// single-tenant one: the same folder, path and settings in organisation org.
func checkTenantProvider(t *testing.T, path string, org int) {
	t.Helper()
	type providers struct {
		APIVersion int              `yaml:"apiVersion"`
		Providers  []map[string]any `yaml:"providers"`
	}
	var got, base providers
	readYAML(t, path, &got)
	provisioningFile(t, "dashboards/leerlijn.yaml", &base)
	if got.APIVersion != 1 || len(got.Providers) != 1 {
		t.Fatalf("%s: want apiVersion 1 and one provider", path)
	}
	p, b := got.Providers[0], base.Providers[0]
	for key, want := range b {
		switch key {
		case "orgId":
			want = org
		case "name":
			continue
		}
		if fmt.Sprint(p[key]) != fmt.Sprint(want) {
			t.Errorf("%s: %s = %v, want %v", path, key, p[key], want)
		}
	}
	if name, _ := p["name"].(string); !regexp.MustCompile(`^leerlijn-[a-z0-9_-]+$`).MatchString(name) {
		t.Errorf("%s: provider name %q", path, name)
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
}
