package collector_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

// TestCorpus posts the shared xAPI corpus: every valid file is stored with
// one id per statement, every invalid file is a 400 with nothing published.
// Deliberate decisions on the corpus's edge cases are in schema/xapi/doc.go:
// the four spec-valid edge cases are accepted; H5P's "compound"
// interactionType and a signed statement sent as plain JSON are rejected
// (strict mode, application/json).
func TestCorpus(t *testing.T) {
	root := testenv.Corpus(t)
	l := newLRS(t)
	t.Run("valid", func(t *testing.T) {
		for _, f := range testenv.CorpusFiles(t, root, "valid") {
			t.Run(f, func(t *testing.T) {
				body, err := os.ReadFile(filepath.Join(root, "valid", f))
				if err != nil {
					t.Fatal(err)
				}
				want := 1
				var arr []json.RawMessage
				if json.Unmarshal(body, &arr) == nil {
					want = len(arr)
				}
				got := wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", body), http.StatusOK)
				var ids []string
				if err := json.Unmarshal([]byte(got), &ids); err != nil || len(ids) != want {
					t.Fatalf("answer %s, want %d ids", got, want)
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
}
