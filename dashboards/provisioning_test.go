package dashboards_test

import (
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/leerlijn/leerlijn/dashboards"
	"github.com/leerlijn/leerlijn/internal/testenv"
)

func provisioningFile(t *testing.T, rel string, v any) {
	t.Helper()
	path := filepath.Join(testenv.RepoRoot(), "deploy", "grafana", "provisioning", rel)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
}

// TestProvisioningDatasource checks that Grafana provisions the datasource
// the dashboards reference, with the password from the environment.
func TestProvisioningDatasource(t *testing.T) {
	var f struct {
		APIVersion  int `yaml:"apiVersion"`
		Datasources []struct {
			Name     string         `yaml:"name"`
			UID      string         `yaml:"uid"`
			Type     string         `yaml:"type"`
			Editable *bool          `yaml:"editable"`
			JSONData map[string]any `yaml:"jsonData"`
			Secure   map[string]any `yaml:"secureJsonData"`
		} `yaml:"datasources"`
	}
	provisioningFile(t, "datasources/clickhouse.yaml", &f)
	if f.APIVersion != 1 || len(f.Datasources) != 1 {
		t.Fatalf("want apiVersion 1 and one datasource, got apiVersion %d and %d", f.APIVersion, len(f.Datasources))
	}
	ds := f.Datasources[0]
	if ds.UID != dashboards.DatasourceUID || ds.Type != dashboards.DatasourceType {
		t.Errorf("datasource uid %q type %q, want %q %q", ds.UID, ds.Type, dashboards.DatasourceUID, dashboards.DatasourceType)
	}
	if ds.Editable == nil || *ds.Editable {
		t.Error("datasource must say editable: false")
	}
	for key, want := range map[string]any{
		"host":            "clickhouse",
		"port":            9000,
		"protocol":        "native",
		"username":        "grafana_reader",
		"defaultDatabase": "leerlijn",
	} {
		if got := ds.JSONData[key]; got != want {
			t.Errorf("jsonData.%s = %v (%T), want %v (%T)", key, got, got, want, want)
		}
	}
	if got := ds.Secure["password"]; got != "${CLICKHOUSE_GRAFANA_PASSWORD}" {
		t.Errorf("secureJsonData.password = %v, want ${CLICKHOUSE_GRAFANA_PASSWORD}", got)
	}
}

// TestProvisioningDashboards checks the provider that loads the generated
// JSON into the Leerlijn folder.
func TestProvisioningDashboards(t *testing.T) {
	var f struct {
		APIVersion int `yaml:"apiVersion"`
		Providers  []struct {
			Name           string `yaml:"name"`
			Folder         string `yaml:"folder"`
			FolderUID      string `yaml:"folderUid"`
			Type           string `yaml:"type"`
			AllowUIUpdates *bool  `yaml:"allowUiUpdates"`
			Options        struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	provisioningFile(t, "dashboards/leerlijn.yaml", &f)
	if f.APIVersion != 1 || len(f.Providers) != 1 {
		t.Fatalf("want apiVersion 1 and one provider, got apiVersion %d and %d", f.APIVersion, len(f.Providers))
	}
	p := f.Providers[0]
	if p.Folder != "Leerlijn" || p.FolderUID != "leerlijn" || p.Type != "file" {
		t.Errorf("provider folder %q folderUid %q type %q, want Leerlijn, leerlijn, file", p.Folder, p.FolderUID, p.Type)
	}
	if p.Options.Path != "/var/lib/grafana/dashboards/leerlijn" {
		t.Errorf("provider path %q, want /var/lib/grafana/dashboards/leerlijn", p.Options.Path)
	}
	if p.AllowUIUpdates == nil || *p.AllowUIUpdates {
		t.Error("provider must say allowUiUpdates: false: the JSON is generated")
	}
}
