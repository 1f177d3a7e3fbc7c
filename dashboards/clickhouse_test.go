package dashboards_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/stat"

	"github.com/leerlijn/leerlijn/dashboards"
)

func readQuery(t *testing.T, name string) string {
	t.Helper()
	sql, ok := sqlFiles(t)[name]
	if !ok {
		t.Fatalf("no query file %s", name)
	}
	return sql
}

func TestClickHouseQueryValidate(t *testing.T) {
	tests := []struct {
		name    string
		sql     string
		wantErr string // "" for valid
	}{
		{"portable", "SELECT count() FROM t WHERE $__timeFilter(ts)", ""},
		{"empty", "  \n", "rawSql is empty"},
		{"timeInterval", "SELECT $__timeInterval(ts) AS t FROM x", "$__timeInterval"},
		{"timeGroup", "SELECT $__timeGroup(ts, '1h') AS t FROM x", "$__timeGroup"},
		{"an _ms macro", "SELECT 1 WHERE ts > $__fromTime_ms", "$__fromTime_ms"},
		{"macro in a comment is harmless", "SELECT 1 -- $__timeInterval(ts)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := dashboards.NewClickHouseQueryBuilder(tt.sql).Build()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Build: %v", err)
				}
				if q.DataqueryType() != dashboards.DatasourceType {
					t.Errorf("DataqueryType = %q", q.DataqueryType())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Build error = %v, want one mentioning %q", err, tt.wantErr)
			}
			// Panel builders type-assert target errors to cog.BuildErrors.
			var buildErrs cog.BuildErrors
			if !errors.As(err, &buildErrs) {
				t.Errorf("Build error is %T, want cog.BuildErrors", err)
			}
		})
	}
}

// TestClickHouseQueryInPanel checks that a panel built with an invalid
// query reports the error instead of panicking (GRAFANA.md §1.5, pitfall 4).
func TestClickHouseQueryInPanel(t *testing.T) {
	_, err := stat.NewPanelBuilder().
		Title("bad").
		WithTarget(dashboards.NewClickHouseQueryBuilder("SELECT $__timeInterval(ts)")).
		Build()
	if err == nil || !strings.Contains(err.Error(), "$__timeInterval") {
		t.Errorf("panel Build error = %v, want the query's", err)
	}
}

func TestClickHouseQueryEquals(t *testing.T) {
	a, err := dashboards.NewClickHouseQueryBuilder("SELECT 1").TimeSeries().Build()
	if err != nil {
		t.Fatal(err)
	}
	b, err := dashboards.NewClickHouseQueryBuilder("SELECT 1").TimeSeries().Build()
	if err != nil {
		t.Fatal(err)
	}
	c, err := dashboards.NewClickHouseQueryBuilder("SELECT 1").Table().Build()
	if err != nil {
		t.Fatal(err)
	}
	if !a.Equals(b) || a.Equals(c) {
		t.Errorf("Equals: same %v (want true), different format %v (want false)", a.Equals(b), a.Equals(c))
	}
}
