package archtest_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

const module = "github.com/leerlijn/leerlijn"

type pkg struct {
	ImportPath string
	Deps       []string
	Imports    []string
	Standard   bool
}

// packages lists every package of the module with its (non-test) deps.
func packages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = testenv.RepoRoot()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var ps []pkg
	dec := json.NewDecoder(out)
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("go list: %v", err)
	}
	return ps
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func TestImportRules(t *testing.T) {
	ps := packages(t)
	if len(ps) < 8 {
		t.Fatalf("go list found only %d packages", len(ps))
	}
	for _, p := range ps {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		for _, d := range p.Deps {
			drel, ours := strings.CutPrefix(d, module+"/")
			switch {
			case ours && strings.HasPrefix(drel, "cmd/"):
				t.Errorf("%s imports %s: nothing imports cmd/...", rel, drel)
			case ours && drel == "internal/testenv":
				t.Errorf("%s imports internal/testenv outside a _test.go file", rel)
			}
			switch {
			case strings.HasPrefix(rel, "schema/"):
				if !isStd(d) && !ours && !strings.HasPrefix(d, "github.com/segmentio/") && !strings.HasPrefix(d, "golang.org/x/sys/") {
					t.Errorf("%s depends on %s: schema/... imports only the standard library and segmentio/encoding", rel, d)
				}
				if ours && !strings.HasPrefix(drel, "schema/") {
					t.Errorf("%s imports %s: schema/... imports only schema/...", rel, drel)
				}
			case rel == "collector" && ours && (drel == "processor" || drel == "dashboards"):
				t.Errorf("collector imports %s: collector and processor never import each other", drel)
			case rel == "processor" && ours && (drel == "collector" || drel == "dashboards"):
				t.Errorf("processor imports %s: collector and processor never import each other", drel)
			case rel == "dashboards" && ours && !strings.HasPrefix(drel, "schema/"):
				t.Errorf("dashboards imports %s: dashboards imports schema/... only", drel)
			}
		}
	}
}
