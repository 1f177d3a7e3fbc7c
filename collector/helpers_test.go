package collector_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/ddl"
	"github.com/leerlijn/leerlijn/schema/event"
)

// lrs is a collector on a real embedded JetStream, with clients.
type lrs struct {
	t      *testing.T
	ns     *server.Server
	js     jetstream.JetStream
	store  *collector.ClientStore
	http   *httptest.Server
	stream jetstream.Stream
	// ch is the ClickHouse database of an LRS made by newQueryLRS, nil
	// otherwise.
	ch *testenv.ClickHouseDB
	// version is the X-Experience-API-Version do sends.
	version string
}

// secrets are long enough for the store and cheap to type.
const secret = "s3cret-s3cret"

func newLRS(t *testing.T) *lrs { return newLRSWith(t, lrsOptions{}) }

// lrsOptions vary the collector of a test.
type lrsOptions struct {
	// queries gives the collector ClickHouse and runs the statements
	// projection, so that statement queries are answered.
	queries bool
	config  func(*collector.Config)
}

// newQueryLRS is an LRS that also answers statement queries: ClickHouse
// with the schema, and the processor's statements projection running.
func newQueryLRS(t *testing.T) *lrs { return newLRSWith(t, lrsOptions{queries: true}) }

func newLRSWith(t *testing.T, o lrsOptions) *lrs {
	t.Helper()
	ns := testenv.NATS(t)
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := eventlog.Ensure(ctx, js, 1); err != nil {
		t.Fatal(err)
	}
	kv, err := eventlog.ClientsBucket(ctx, js, 1)
	if err != nil {
		t.Fatal(err)
	}
	store := collector.NewClientStore(kv)
	wctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := store.Watch(wctx); err != nil {
		t.Fatal(err)
	}
	cfg := collector.DefaultConfig()
	cfg.ListenAddr = ""
	cfg.PublishTimeout = 3 * time.Second
	cfg.ConsistencyMargin = 0
	cfg.CursorSecret = "test-cursor-secret-0123456789"
	if o.config != nil {
		o.config(&cfg)
	}
	deps := collector.Deps{
		JS: js, Clients: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Registerer: prometheus.NewRegistry(),
	}
	var db *testenv.ClickHouseDB
	if o.queries {
		db = startProjection(t, js)
		deps.ClickHouse = db.Conn
	}
	srv, err := collector.NewServer(ctx, cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	stream, err := js.Stream(ctx, event.Stream)
	if err != nil {
		t.Fatal(err)
	}
	l := &lrs{t: t, ns: ns, js: js, store: store, http: hs, stream: stream, ch: db, version: "1.0.3"}
	l.addClient("acme-lms", "acme", collector.ScopeAll)
	l.addClient("globex-lms", "globex", collector.ScopeAll)
	return l
}

func (l *lrs) addClient(key, tenant string, scopes ...collector.Scope) {
	l.t.Helper()
	if err := l.store.Add(l.t.Context(), collector.Client{Key: key, Tenant: tenant, Scopes: scopes}, secret); err != nil {
		l.t.Fatal(err)
	}
}

// do sends a request as client key with the xAPI version header.
func (l *lrs) do(method, path, key string, body []byte) *http.Response {
	l.t.Helper()
	req, err := http.NewRequest(method, l.http.URL+path, bytes.NewReader(body))
	if err != nil {
		l.t.Fatal(err)
	}
	if key != "" {
		req.SetBasicAuth(key, secret)
	}
	req.Header.Set("X-Experience-API-Version", l.version)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		l.t.Fatal(err)
	}
	l.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// messages is how many events the log holds.
func (l *lrs) messages() uint64 {
	l.t.Helper()
	info, err := l.stream.Info(l.t.Context())
	if err != nil {
		l.t.Fatal(err)
	}
	return info.State.Msgs
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantStatus(t *testing.T, resp *http.Response, want int) string {
	t.Helper()
	body := readBody(t, resp)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want, body)
	}
	return body
}

func statement(id, verb string) []byte {
	idPart := ""
	if id != "" {
		idPart = fmt.Sprintf(`"id":%q,`, id)
	}
	return fmt.Appendf(nil, `{%s"actor":{"mbox":"mailto:ann@example.com","name":"Ann"},"verb":{"id":%q,"display":{"en-US":"did"}},"object":{"id":"http://example.com/course/1"}}`, idPart, verb)
}

// startProjection gives the test a ClickHouse database with the schema and
// runs the processor's statements projection on js until the test ends.
func startProjection(t *testing.T, js jetstream.JetStream) *testenv.ClickHouseDB {
	t.Helper()
	db := testenv.ClickHouse(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	if err := ddl.Migrate(ctx, db.Conn, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	pcfg := processor.DefaultConfig()
	pcfg.MaxWait = 50 * time.Millisecond
	pcfg.RetryMin = 50 * time.Millisecond
	runner, err := processor.NewRunner(pcfg, js, []processor.Projection{processor.NewStatements(db.Conn)},
		slog.New(slog.NewTextHandler(io.Discard, nil)), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runner.Run(rctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("runner: %v", err)
		}
	})
	return db
}

// eventually polls f until it returns nil or the deadline passes.
func eventually(t *testing.T, wait time.Duration, f func() error) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not true after %s: %v", wait, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
