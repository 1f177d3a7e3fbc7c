package ddl_test

import (
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/ddl"
	"github.com/leerlijn/leerlijn/schema/refdata"
)

// TestMetricViewsSpellTheDefaultSettings: time_off_work resolves learners
// of a tenant without settings to refdata.DefaultSettings, which the view
// has to spell out; it must be the same zone and canonical schedule the
// timeoff projection computes minutes for.
func TestMetricViewsSpellTheDefaultSettings(t *testing.T) {
	d := refdata.DefaultSettings()
	sched, err := refdata.CanonicalSchedule(d.WorkSchedule)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := ddl.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range ms {
		for _, s := range m.Statements {
			if !strings.Contains(s, "VIEW IF NOT EXISTS timeoff_resolved") {
				continue
			}
			found = true
			for _, want := range []string{"'" + d.Timezone + "'", "'" + sched + "'"} {
				if !strings.Contains(s, want) {
					t.Errorf("%s: timeoff_resolved does not spell the default %s", m.Name, want)
				}
			}
		}
	}
	if !found {
		t.Fatal("no timeoff_resolved view in the migrations")
	}
}

// TestMetricViewsAreTenantScoped: every table and view of the analytics
// contract has tenant as its first column.
func TestMetricViewsAreTenantScoped(t *testing.T) {
	ms, err := ddl.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Version < 10 || m.Version > 19 {
			continue
		}
		for _, s := range m.Statements {
			body := s
			if i := strings.Index(s, " AS\nSELECT"); strings.Contains(s, "CREATE VIEW") && i >= 0 {
				body = s[i+len(" AS\nSELECT"):]
			} else if i := strings.Index(s, "(\n"); strings.Contains(s, "CREATE TABLE") && i >= 0 {
				body = s[i+2:]
			}
			if first := strings.TrimSpace(body); !strings.HasPrefix(first, "tenant") {
				t.Errorf("%s: %q does not start with tenant", m.Name, strings.SplitN(s, "\n", 2)[0])
			}
		}
	}
}
