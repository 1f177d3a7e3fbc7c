package collector_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/collector"
)

// lockedBuffer is a log sink the HTTP server's goroutines write to.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// counter reads one sample of a counter from reg; labels must all match.
func counter(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	metric:
		for _, m := range mf.GetMetric() {
			got := map[string]string{}
			for _, lp := range m.GetLabel() {
				got[lp.GetName()] = lp.GetValue()
			}
			for k, v := range labels {
				if got[k] != v {
					continue metric
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}

func TestReferenceMetricsAndLogs(t *testing.T) {
	l := newLRS(t)
	reg := prometheus.NewRegistry()
	logs := &lockedBuffer{}
	cfg := collector.DefaultConfig()
	cfg.ListenAddr = ""
	srv, err := collector.NewServer(t.Context(), cfg, collector.Deps{
		JS: l.js, Clients: l.store, Registerer: reg,
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	l.http = hs

	l.mustAPI(http.MethodPut, "/api/v1/budgets/b-1", "acme-lms", budgetBody, http.StatusCreated)
	l.mustAPI(http.MethodPut, "/api/v1/budgets/b-1", "acme-lms", budgetBody, http.StatusOK)
	l.mustAPI(http.MethodPost, "/api/v1/budgets/b-1/expenses", "acme-lms", expenseBody, http.StatusCreated)
	l.mustAPI(http.MethodPost, "/api/v1/budgets/b-1/expenses", "acme-lms", expenseBody, http.StatusOK)
	bad := strings.Replace(personBody, `"mailto:ann@example.com"`, `"private.person@acme.example"`, 1)
	l.mustAPI(http.MethodPut, "/api/v1/people/emp:private-id", "acme-lms", bad, http.StatusBadRequest)
	l.mustAPI(http.MethodPut, "/api/v1/people/emp:private-id", "acme-lms", `{"actors":"private.person@acme.example"}`, http.StatusBadRequest)

	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"leerlijn_collector_reference_events_total", map[string]string{"kind": "budget", "outcome": "created"}, 1},
		{"leerlijn_collector_reference_events_total", map[string]string{"kind": "budget", "outcome": "unchanged"}, 1},
		{"leerlijn_collector_reference_events_total", map[string]string{"kind": "expense", "outcome": "created"}, 1},
		{"leerlijn_collector_reference_events_total", map[string]string{"kind": "expense", "outcome": "duplicate"}, 1},
		{"leerlijn_collector_requests_total", map[string]string{"route": "api_budget", "code": "201"}, 1},
		{"leerlijn_collector_requests_total", map[string]string{"route": "api_budget", "code": "200"}, 1},
		{"leerlijn_collector_requests_total", map[string]string{"route": "api_person", "code": "400"}, 2},
		{"leerlijn_collector_rejections_total", map[string]string{"reason": "invalid_body"}, 2},
	} {
		if got := counter(t, reg, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	out := logs.String()
	if !strings.Contains(out, `"msg":"request rejected"`) || !strings.Contains(out, `"path":"/api/v1/people/{id}"`) {
		t.Errorf("no debug line for the rejection with the route pattern:\n%s", out)
	}
	for _, secret := range []string{"private.person", "private-id", "acme.example"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log shows %q:\n%s", secret, out)
		}
	}
}
