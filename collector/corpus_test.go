package collector_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/testenv"
)

// TestCorpus posts the shared xAPI corpus: every valid file is stored with
// one id per statement, every invalid file is a 400 with nothing published.
// Deliberate decisions on the corpus's edge cases are in schema/xapi/doc.go:
// the four spec-valid edge cases are accepted; H5P's "compound"
// interactionType and a signed statement sent as plain JSON are rejected
// (strict mode, application/json), and the H5P statement is accepted from a
// client in lenient mode. Every stored statement is then read back by id as
// sent (but for what the LRS sets), and the whole corpus is paged through a
// statement query in each format.
func TestCorpus(t *testing.T) {
	root := testenv.Corpus(t)
	l := newQueryLRS(t)
	sent := map[string]map[string]any{} // id → the statement as posted
	var lastID string                   // the last one posted
	t.Run("valid", func(t *testing.T) {
		for _, f := range testenv.CorpusFiles(t, root, "valid") {
			t.Run(f, func(t *testing.T) {
				body, err := os.ReadFile(filepath.Join(root, "valid", f))
				if err != nil {
					t.Fatal(err)
				}
				var stmts []map[string]any
				if json.Unmarshal(body, &stmts) != nil {
					var one map[string]any
					if err := json.Unmarshal(body, &one); err != nil {
						t.Fatal(err)
					}
					stmts = []map[string]any{one}
				}
				got := wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", body), http.StatusOK)
				var ids []string
				if err := json.Unmarshal([]byte(got), &ids); err != nil || len(ids) != len(stmts) {
					t.Fatalf("answer %s, want %d ids", got, len(stmts))
				}
				for i, id := range ids {
					sent[id] = stmts[i]
					lastID = id
				}
			})
		}
	})
	t.Run("invalid", func(t *testing.T) {
		for _, f := range testenv.CorpusFiles(t, root, "invalid") {
			t.Run(f, func(t *testing.T) {
				body, err := os.ReadFile(filepath.Join(root, "invalid", f))
				if err != nil {
					t.Fatal(err)
				}
				before := l.messages()
				got := wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", body), http.StatusBadRequest)
				var e struct {
					Error struct {
						Problems []struct{ Path, Reason string }
					}
				}
				if err := json.Unmarshal([]byte(got), &e); err != nil || len(e.Error.Problems) == 0 || e.Error.Problems[0].Reason == "" {
					t.Fatalf("400 body names no field and reason: %s", got)
				}
				if after := l.messages(); after != before {
					t.Fatalf("a rejected statement published %d events", after-before)
				}
			})
		}
	})
	t.Run("lenient client accepts H5P compound", func(t *testing.T) {
		if err := l.store.Add(t.Context(), collector.Client{Key: "h5p-lenient", Tenant: "acme", Scopes: []collector.Scope{collector.ScopeAll}, Validation: collector.ValidationLenient}, secret); err != nil {
			t.Fatal(err)
		}
		body, err := os.ReadFile(filepath.Join(root, "invalid", "h5p", "single-choice-set-parent-compound.json"))
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "h5p-lenient", body), http.StatusOK)
	})

	if len(sent) == 0 {
		t.Fatal("no valid statement was stored")
	}
	t.Run("read back by id", func(t *testing.T) {
		for id, want := range sent {
			got := wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId="+id, "acme-lms", nil), http.StatusOK)
			var st map[string]any
			if err := json.Unmarshal([]byte(got), &st); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			if st["id"] != id || st["stored"] == nil || st["authority"] == nil || st["version"] == nil {
				t.Errorf("%s: stored form lacks what the LRS sets: %s", id, got)
			}
			// Actor, verb, object and result come back as sent.
			for _, k := range []string{"actor", "verb", "object", "result"} {
				if !reflect.DeepEqual(st[k], want[k]) {
					t.Errorf("%s: %s changed:\n got %v\nwant %v", id, k, st[k], want[k])
				}
			}
		}
	})
	t.Run("the whole corpus through paged queries in every format", func(t *testing.T) {
		l.waitConsistent("acme-lms", lastID)
		want := make([]string, 0, len(sent))
		for id := range sent {
			want = append(want, id)
		}
		sort.Strings(want)
		for _, format := range []string{"exact", "ids", "canonical"} {
			var got []string
			r := l.query("acme-lms", url.Values{"limit": {"37"}, "format": {format}})
			for {
				got = append(got, r.ids()...)
				if r.More == "" {
					break
				}
				code, _, body := l.get("acme-lms", r.More)
				if code != http.StatusOK {
					t.Fatalf("%s: GET more: %d %s", format, code, body)
				}
				r = statementResult{}
				if err := json.Unmarshal([]byte(body), &r); err != nil {
					t.Fatal(err)
				}
			}
			got = slices.DeleteFunc(got, func(id string) bool { return sent[id] == nil }) // the H5P one
			sort.Strings(got)
			if !slices.Equal(got, want) {
				t.Fatalf("%s: paging returned %d statements, want %d", format, len(got), len(want))
			}
		}
		// ids format keeps only identifiers.
		r := l.query("acme-lms", url.Values{"format": {"ids"}, "limit": {"0"}})
		for _, st := range r.Statements {
			if v, _ := st["verb"].(map[string]any); len(v) != 1 {
				t.Fatalf("ids format verb %v", st["verb"])
			}
			if a, _ := st["actor"].(map[string]any); a["name"] != nil {
				t.Fatalf("ids format actor %v", st["actor"])
			}
		}
	})
}
