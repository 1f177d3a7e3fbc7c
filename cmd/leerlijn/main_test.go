package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

const (
	clientKey    = "e2e-client"
	clientSecret = "e2e-secret-value"
)

// serveRun is one run of `leerlijn serve` inside the test process.
type serveRun struct {
	t      *testing.T
	base   string
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs serve with its data in dataDir against the test's
// ClickHouse database and waits until it listens.
func startServe(t *testing.T, dataDir string, db *testenv.ClickHouseDB, extra ...string) *serveRun {
	t.Helper()
	args := append([]string{"serve",
		"-data-dir", dataDir,
		"-nats.listen-addr", "127.0.0.1:0",
		"-collector.listen-addr", "127.0.0.1:0",
		"-clickhouse.addr", db.Addr,
		"-clickhouse.database", db.Database,
		"-processor.max-wait", "50ms",
		"-log.format", "text",
		"-log.level", "info",
	}, extra...)
	vars := map[string]string{
		"LEERLIJN_COLLECTOR_BOOTSTRAP_CLIENT": clientKey + ":" + clientSecret,
		"LEERLIJN_CLICKHOUSE_USER":            db.User,
		"LEERLIJN_CLICKHOUSE_PASSWORD":        db.Password,
	}
	ready := make(chan ReadyInfo, 1)
	logs := &syncBuffer{}
	e := &env{
		getenv:  func(k string) string { return vars[k] },
		stdout:  io.Discard,
		stderr:  logs,
		onReady: func(i ReadyInfo) { ready <- i },
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &serveRun{t: t, cancel: cancel, done: make(chan error, 1), logs: logs}
	go func() { r.done <- run(ctx, args, e) }()
	select {
	case info := <-ready:
		r.base = "http://" + info.CollectorAddr
	case err := <-r.done:
		t.Fatalf("serve stopped before it was ready: %v\n%s", err, logs)
	case <-time.After(2 * time.Minute):
		t.Fatalf("serve not ready after 2m\n%s", logs)
	}
	t.Cleanup(r.stop)
	return r
}

// stop shuts serve down as SIGTERM would and waits for it.
func (r *serveRun) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case err := <-r.done:
		if err != nil {
			r.t.Errorf("serve: %v\n%s", err, r.logs)
		}
	case <-time.After(time.Minute):
		r.t.Errorf("serve did not stop\n%s", r.logs)
	}
}

func (r *serveRun) request(method, path string, body []byte) (int, string) {
	r.t.Helper()
	req, err := http.NewRequest(method, r.base+path, bytes.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	req.SetBasicAuth(clientKey, clientSecret)
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post stores statements and returns their ids.
func (r *serveRun) post(body []byte) []string {
	r.t.Helper()
	code, resp := r.request(http.MethodPost, "/xapi/statements", body)
	if code != http.StatusOK {
		r.t.Fatalf("POST: %d %s", code, resp)
	}
	var ids []string
	if err := json.Unmarshal([]byte(resp), &ids); err != nil {
		r.t.Fatalf("POST answer %s: %v", resp, err)
	}
	return ids
}

// storedIDs reads the projected statement ids, deduplicated with FINAL,
// and fails if any id has more than one counted row.
func storedIDs(t *testing.T, db *testenv.ClickHouseDB) []string {
	t.Helper()
	var rows []struct {
		ID string `ch:"id"`
		N  uint64 `ch:"n"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := db.Conn.Select(ctx, &rows, "SELECT toString(statement_id) AS id, count() AS n FROM statements FINAL WHERE tenant = 'default' GROUP BY id ORDER BY id"); err != nil {
		t.Fatalf("read statements: %v", err)
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		if r.N != 1 {
			t.Fatalf("statement %s counted %d times", r.ID, r.N)
		}
		ids[i] = r.ID
	}
	return ids
}

// waitForIDs waits until the projection holds exactly want.
func waitForIDs(t *testing.T, db *testenv.ClickHouseDB, want []string) {
	t.Helper()
	want = sortedLower(want)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		got := storedIDs(t, db)
		if strings.Join(got, ",") == strings.Join(want, ",") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("projection holds %d statements, want %d", len(got), len(want))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func sortedLower(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strings.ToLower(id)
	}
	sort.Strings(out)
	return out
}

func own(id, verb string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":%q},"object":{"id":"http://example.com/course/e2e"}}`, id, verb)
}

// TestServeEndToEnd runs the real serve mode: the valid corpus goes in over
// HTTP and comes out in ClickHouse exactly once; GET returns what was
// stored; duplicates are no-ops and conflicts 409; and after a restart on
// the same data dir nothing is lost or counted twice.
func TestServeEndToEnd(t *testing.T) {
	root := testenv.Corpus(t)
	db := testenv.ClickHouse(t)
	dataDir := t.TempDir()
	s := startServe(t, dataDir, db)

	var ids []string
	for _, f := range testenv.CorpusFiles(t, root, "valid") {
		body, err := os.ReadFile(filepath.Join(root, "valid", f))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.post(body)...)
	}
	first := "5e2e0000-0000-4000-8000-000000000001"
	ids = append(ids, s.post(own(first, "http://adlnet.gov/expapi/verbs/completed"))...)
	waitForIDs(t, db, ids)

	if code, body := s.request(http.MethodGet, "/xapi/statements?statementId="+first, nil); code != http.StatusOK || !strings.Contains(body, first) {
		t.Fatalf("GET by id: %d %s", code, body)
	}
	if got := s.post(own(first, "http://adlnet.gov/expapi/verbs/completed")); len(got) != 1 || got[0] != first {
		t.Fatalf("identical re-post answered %v", got)
	}
	if code, body := s.request(http.MethodPost, "/xapi/statements", own(first, "http://adlnet.gov/expapi/verbs/passed")); code != http.StatusConflict {
		t.Fatalf("conflicting post: %d %s", code, body)
	}
	// The ops endpoints are on the collector's listener.
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(s.base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
	}
	waitForIDs(t, db, ids)

	// Restart on the same data dir: the log and the consumer positions
	// survive; new statements are projected once, old ones not again.
	s.stop()
	s = startServe(t, dataDir, db)
	second := "5e2e0000-0000-4000-8000-000000000002"
	ids = append(ids, s.post(own(second, "http://adlnet.gov/expapi/verbs/completed"))...)
	if got := s.post(own(first, "http://adlnet.gov/expapi/verbs/completed")); got[0] != first {
		t.Fatalf("re-post after restart answered %v", got)
	}
	waitForIDs(t, db, ids)
	if code, body := s.request(http.MethodGet, "/xapi/statements?statementId="+first, nil); code != http.StatusOK {
		t.Fatalf("GET after restart: %d %s", code, body)
	}
}
