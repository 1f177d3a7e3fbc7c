package dashboards_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/leerlijn/leerlijn/dashboards"
	"github.com/leerlijn/leerlijn/internal/testenv"
)

// headingAnchors returns the GitHub anchors of the headings of a Markdown
// file in docs/.
func headingAnchors(t *testing.T, file string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "docs", file))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	inCode := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		if inCode || !strings.HasPrefix(line, "#") {
			continue
		}
		anchors[githubAnchor(strings.TrimLeft(line, "# "))] = true
	}
	return anchors
}

// githubAnchor is the anchor GitHub gives a heading: lower case, letters,
// digits, '_' and '-' kept, spaces as '-', everything else dropped.
func githubAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

var docLink = regexp.MustCompile(`\[docs/(metrics|dashboards)\.md#([^\]]+)\]\((https://[^)#]+)#([^)]+)\)`)

// TestDescriptions: every panel of the metric dashboards says how its
// numbers are defined, links the sections of docs/metrics.md (or, for the
// dashboard views, docs/dashboards.md) that define them in one form, names
// the SQL file it runs, and has thresholds.
func TestDescriptions(t *testing.T) {
	anchors := map[string]map[string]bool{
		"metrics":    headingAnchors(t, "metrics.md"),
		"dashboards": headingAnchors(t, "dashboards.md"),
	}
	urls := map[string]string{"metrics": dashboards.MetricsDocURL, "dashboards": dashboards.DashboardsDocURL}
	files := sqlFiles(t)
	for _, d := range allDashboards(t) {
		if deref(d.Uid) == dashboards.StatementsUID {
			continue // the LRS's own numbers, not metrics
		}
		for _, pr := range d.Panels {
			p := pr.Panel
			title, desc := deref(p.Title), deref(p.Description)
			links := docLink.FindAllStringSubmatch(desc, -1)
			if len(links) == 0 {
				t.Errorf("%s, panel %q: the description links no section of docs/metrics.md", deref(d.Uid), title)
			}
			for _, l := range links {
				doc, anchor, url, urlAnchor := l[1], l[2], l[3], l[4]
				if url != urls[doc] || urlAnchor != anchor {
					t.Errorf("panel %q: link %s points to %s#%s", title, l[0], url, urlAnchor)
				}
				if !anchors[doc][anchor] {
					t.Errorf("panel %q: docs/%s.md has no heading with anchor #%s", title, doc, anchor)
				}
			}
			sql := p.Targets[0].(dashboards.ClickHouseQuery).RawSQL
			if name := "dashboards/queries/" + fileOf(files, sql); !strings.Contains(desc, "Query: "+name+".") {
				t.Errorf("panel %q: the description does not name its query, %s", title, name)
			}
			if p.FieldConfig.Defaults.Thresholds == nil || len(p.FieldConfig.Defaults.Thresholds.Steps) == 0 {
				t.Errorf("panel %q has no thresholds", title)
			}
		}
	}
}

func fileOf(files map[string]string, sql string) string {
	for name, content := range files {
		if content == sql {
			return name
		}
	}
	return "?"
}

// TestQueryCommentsLinkSections: a docs/metrics.md#anchor in an SQL
// comment names a heading too.
func TestQueryCommentsLinkSections(t *testing.T) {
	anchors := headingAnchors(t, "metrics.md")
	ref := regexp.MustCompile(`docs/metrics\.md#([a-z0-9_-]+)`)
	for name, sql := range sqlFiles(t) {
		for _, m := range ref.FindAllStringSubmatch(sql, -1) {
			if !anchors[m[1]] {
				t.Errorf("queries/%s: docs/metrics.md has no heading with anchor #%s", name, m[1])
			}
		}
	}
}
