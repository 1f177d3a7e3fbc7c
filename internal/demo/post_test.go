package demo_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/internal/demo"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// fakeCollector answers like the collector: it keeps what it is sent, and
// refuses the first requests of each kind with 503 or 429 to exercise the
// retries.
type fakeCollector struct {
	t       *testing.T
	mu      sync.Mutex
	refused map[string]bool
	puts    map[string][][]byte // path: bodies in arrival order
	posts   map[string]int      // expenses per budget
	ids     []string            // statement ids in arrival order
	batches int
}

func newFakeCollector(t *testing.T) (*fakeCollector, *httptest.Server) {
	f := &fakeCollector{t: t, refused: map[string]bool{}, puts: map[string][][]byte{}, posts: map[string]int{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeCollector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if u, p, ok := r.BasicAuth(); !ok || u != "key" || p != "secret" {
		http.Error(w, `{"error":{"message":"bad credentials"}}`, http.StatusUnauthorized)
		return
	}
	body, _ := io.ReadAll(r.Body)
	kind := r.Method + " " + route(r.URL.Path)
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.refused[kind] {
		f.refused[kind] = true
		if strings.HasPrefix(r.URL.Path, "/xapi/") {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
		} else {
			w.WriteHeader(http.StatusTooManyRequests)
		}
		return
	}
	switch {
	case r.URL.Path == "/xapi/statements" && r.Method == http.MethodPost:
		if r.Header.Get("X-Experience-API-Version") == "" {
			http.Error(w, "version header missing", http.StatusBadRequest)
			return
		}
		parsed, _, err := xapi.Parse(body, xapi.Options{})
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var ids []string
		for _, p := range parsed {
			ids = append(ids, p.ID)
		}
		f.ids = append(f.ids, ids...)
		f.batches++
		b, _ := json.Marshal(ids)
		w.Write(b)
	case r.Method == http.MethodGet:
		http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
	case strings.HasSuffix(r.URL.Path, "/expenses"):
		f.posts[r.URL.Path]++
		w.Header().Set("Leerlijn-Outcome", "created")
		w.WriteHeader(http.StatusCreated)
	case r.Method == http.MethodPut:
		f.puts[r.URL.Path] = append(f.puts[r.URL.Path], body)
		w.Header().Set("Leerlijn-Outcome", "created")
		w.WriteHeader(http.StatusCreated)
	default:
		http.NotFound(w, r)
	}
}

// route names the resource of a path: statements, settings, people,
// budgets or expenses.
func route(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if strings.HasSuffix(path, "/expenses") {
		return "expenses"
	}
	return parts[min(2, len(parts)-1)]
}

func postConfig(url string) demo.PostConfig {
	return demo.PostConfig{URL: url, User: "key", Password: "secret", Concurrency: 3, BatchSize: 50, Timeout: 10 * time.Second, Retries: 3}
}

func TestPostSendsEverythingInOrderAndRetries(t *testing.T) {
	d := mustGenerate(t, demo.Config{Seed: 3, People: 40, OrgUnits: 8, Activities: 40, From: "2025-01-01", To: "2025-02-28"})
	f, srv := newFakeCollector(t)
	var progress bytes.Buffer
	cfg := postConfig(srv.URL)
	cfg.Concurrency = 1 // so that the arrival order is the posting order
	p, err := demo.NewPoster(cfg, slog.New(slog.DiscardHandler), &progress, false)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := p.Post(t.Context(), d)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != len(f.ids) {
		t.Fatalf("collector got %d statements, want %d", len(f.ids), d.Len())
	}
	for i, id := range f.ids {
		if id != d.StatementID(i) {
			t.Fatalf("statement %d arrived as %s, want %s", i, id, d.StatementID(i))
		}
	}
	if got := len(f.puts["/api/v1/settings"]); got != 1 {
		t.Errorf("settings put %d times", got)
	}
	people := 0
	for path, bodies := range f.puts {
		if strings.HasPrefix(path, "/api/v1/people/") {
			people += len(bodies)
			// Versions of one person arrive in date order.
			var prev string
			for _, b := range bodies {
				var v struct {
					ValidFrom string `json:"valid_from"`
				}
				_ = json.Unmarshal(b, &v)
				if v.ValidFrom < prev {
					t.Errorf("%s: version %s after %s", path, v.ValidFrom, prev)
				}
				prev = v.ValidFrom
			}
		}
	}
	if people != len(d.People) {
		t.Errorf("%d person versions put, want %d", people, len(d.People))
	}
	expenses := 0
	for _, n := range f.posts {
		expenses += n
	}
	if expenses != len(d.Expenses) {
		t.Errorf("%d expenses posted, want %d", expenses, len(d.Expenses))
	}
	if sum.Retries < 4 {
		t.Errorf("%d retries, want one per kind of request at least", sum.Retries)
	}
	if !strings.Contains(progress.String(), "demo statements") {
		t.Errorf("no progress for statements in %q", progress.String())
	}
	var out bytes.Buffer
	sum.Write(&out)
	t.Logf("summary:\n%s", out.String())
}

func TestPostStopsOnWhatRetriesCannotFix(t *testing.T) {
	d := mustGenerate(t, demo.Config{Seed: 3, People: 20, OrgUnits: 6, Activities: 40, From: "2025-01-01", To: "2025-02-28"})
	_, srv := newFakeCollector(t)
	cfg := postConfig(srv.URL)
	cfg.Password = "wrong"
	p, err := demo.NewPoster(cfg, slog.New(slog.DiscardHandler), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	_, err = p.Post(ctx, d)
	var he *demo.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusUnauthorized || !strings.Contains(err.Error(), "check -user") {
		t.Fatalf("got %v, want a 401 that says to check the credentials", err)
	}
}

func TestPostConfigValidate(t *testing.T) {
	good := postConfig("http://127.0.0.1:8080")
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(*demo.PostConfig){
		"NoURL":       func(c *demo.PostConfig) { c.URL = "localhost:8080" },
		"NoPassword":  func(c *demo.PostConfig) { c.Password = "" },
		"BigBatch":    func(c *demo.PostConfig) { c.BatchSize = 501 },
		"NoWorkers":   func(c *demo.PostConfig) { c.Concurrency = 0 },
		"NoTimeout":   func(c *demo.PostConfig) { c.Timeout = 0 },
		"BadRetrying": func(c *demo.PostConfig) { c.Retries = -1 },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			c := good
			edit(&c)
			if c.Validate() == nil {
				t.Fatal("accepted")
			}
		})
	}
}
