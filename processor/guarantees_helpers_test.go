package processor_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/event"
)

// faultConfig is a runner configuration that retries and reports quickly.
func faultConfig() processor.Config {
	cfg := processor.DefaultConfig()
	cfg.MaxWait = 50 * time.Millisecond
	cfg.RetryMin = 20 * time.Millisecond
	cfg.RetryMax = 200 * time.Millisecond
	cfg.LagInterval = 50 * time.Millisecond
	return cfg
}

// startRunner runs a runner with cfg until the test ends or stop is called,
// and returns it with its metrics registry.
func startRunner(t *testing.T, js jetstream.JetStream, cfg processor.Config, ps ...processor.Projection) (*processor.Runner, *prometheus.Registry, func()) {
	t.Helper()
	reg := prometheus.NewRegistry()
	r, err := processor.NewRunner(cfg, js, ps, quietLogger(), reg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	stop := func() { once.Do(func() { stopRunner(t, cancel, done) }) }
	t.Cleanup(stop)
	return r, reg, stop
}

// metric returns the value of a metric with the given projection label, as
// /metrics shows it, or -1 if it is absent.
func metric(t *testing.T, reg *prometheus.Registry, name, labels string) float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name+"{"+labels+"}") + ` (\S+)$`)
	m := re.FindStringSubmatch(rec.Body.String())
	if m == nil {
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatalf("metric %s{%s} = %q", name, labels, m[1])
	}
	return v
}

// publishStatements publishes n statements of tenant acme with ids
// uuidN(from) … uuidN(from+n-1).
func publishStatements(t *testing.T, js jetstream.JetStream, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		id := uuidN(i)
		publish(t, js, env("acme", id, 0, stmt(id, fmt.Sprintf("p%d", i%5), completed, "http://x/course/1", i%600)))
	}
}

func natsMsg(subject string, e event.Envelope) *nats.Msg {
	return &nats.Msg{Subject: subject, Header: nats.Header(e.Header()), Data: e.Body}
}

// waitCount waits until query counts want.
func waitCount(t *testing.T, conn driver.Conn, want uint64, query string, args ...any) {
	t.Helper()
	eventually(t, time.Minute, func() error {
		if got := count(t, conn, query, args...); got != want {
			return fmt.Errorf("%s = %d, want %d", query, got, want)
		}
		return nil
	})
}

// breakable is the statements projection with a fault that can be
// injected and fixed: while broken, the events whose id is listed are
// poison, and Apply of anything fails transiently while down is set.
type breakable struct {
	*processor.Statements
	mu     sync.Mutex
	poison map[string]bool
	down   bool
}

func (b *breakable) set(down bool, poison ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.down = down
	b.poison = map[string]bool{}
	for _, id := range poison {
		b.poison[id] = true
	}
}

func (b *breakable) Apply(ctx context.Context, batch []event.Envelope) error {
	b.mu.Lock()
	down := b.down
	var bad *event.Envelope
	for i := range batch {
		if b.poison[batch[i].ID] {
			bad = &batch[i]
			break
		}
	}
	b.mu.Unlock()
	if down {
		return fmt.Errorf("injected: clickhouse unavailable")
	}
	if bad != nil {
		return &processor.PoisonError{Seq: bad.Seq, Reason: "injected: no rule for statement " + bad.ID}
	}
	return b.Statements.Apply(ctx, batch)
}

func containsAll(s string, parts ...string) error {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return fmt.Errorf("%q does not contain %q", s, p)
		}
	}
	return nil
}
