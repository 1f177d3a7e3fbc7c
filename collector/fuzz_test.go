package collector_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/event"
)

// fuzzBoundary is the multipart boundary of the seeds.
const fuzzBoundary = "leerlijn-fuzz"

// FuzzPostStatements posts any body, as application/json or as
// multipart/mixed (statements plus attachment parts), through the whole
// collector handler against a real JetStream: the answer is 200, 400, 409
// or 413, never a 5xx or a panic, and nothing reaches the event log unless
// the answer is 200. Bodies are bounded (MaxBodyBytes), so memory is too.
func FuzzPostStatements(f *testing.F) {
	stmt := func(id, extra string) string {
		if id != "" {
			id = fmt.Sprintf(`"id":%q,`, id)
		}
		return `{` + id + `"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed"}},"object":{"id":"http://example.com/course/1"}` + extra + `}`
	}
	data := "hello attachment"
	sum := sha256.Sum256([]byte(data))
	sha := hex.EncodeToString(sum[:])
	att := fmt.Sprintf(`,"attachments":[{"usageType":"http://example.com/usage","display":{"en-US":"notes"},"contentType":"text/plain","length":%d,"sha2":%q}]`, len(data), sha)
	multipart := func(parts ...string) string {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString("--" + fuzzBoundary + "\r\n" + p)
		}
		b.WriteString("--" + fuzzBoundary + "--\r\n")
		return b.String()
	}
	seeds := []struct {
		multipart bool
		body      string
	}{
		{false, stmt("", "")},
		{false, stmt("9a1b2c3d-0000-4000-8000-000000000001", "")},
		{false, "[" + stmt("", "") + "," + stmt("9a1b2c3d-0000-4000-8000-000000000002", "") + "]"},
		{false, `{"id":"9a1b2c3d-0000-4000-8000-000000000003","actor":{"mbox":"mailto:admin@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":"9a1b2c3d-0000-4000-8000-000000000001"}}`},
		{false, "[" + stmt("9a1b2c3d-0000-4000-8000-000000000004", "") + "," + stmt("9a1b2c3d-0000-4000-8000-000000000004", "") + "]"},
		{false, `[]`},
		{false, `{"actor":`},
		{false, stmt("not-a-uuid", "")},
		{false, "[" + strings.Repeat(stmt("", "")+",", 60) + stmt("", "") + "]"},
		{true, multipart(
			"Content-Type: application/json\r\n\r\n"+stmt("9a1b2c3d-0000-4000-8000-000000000005", att)+"\r\n",
			"Content-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: "+sha+"\r\n\r\n"+data+"\r\n")},
		{true, multipart("Content-Type: application/json\r\n\r\n" + stmt("", "") + "\r\n")},
		{true, multipart("Content-Type: text/plain\r\n\r\n" + stmt("", "") + "\r\n")},
		{true, "--" + fuzzBoundary + "\r\nContent-Type: application/json\r\n\r\n{"},
	}
	for _, s := range seeds {
		f.Add(s.multipart, s.body)
	}
	if root := filepath.Join(testenv.RepoRoot(), "..", "shared", "xapi-corpus", "valid"); dirExists(root) {
		files, _ := filepath.Glob(filepath.Join(root, "*", "*.json"))
		for _, name := range files[:min(len(files), 40)] {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(false, string(b))
			}
		}
	}

	h, stream := fuzzCollector(f)
	f.Fuzz(func(t *testing.T, multi bool, body string) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		before := streamMessages(t, ctx, stream)
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/xapi/statements", strings.NewReader(body))
		req.SetBasicAuth("fuzz-lms", secret)
		req.Header.Set("X-Experience-API-Version", "1.0.3")
		req.Header.Set("Content-Type", "application/json")
		if multi {
			req.Header.Set("Content-Type", "multipart/mixed; boundary="+fuzzBoundary)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			var ids []string
			if err := json.Unmarshal(rec.Body.Bytes(), &ids); err != nil || len(ids) == 0 {
				t.Fatalf("200 with body %q: %v", rec.Body, err)
			}
			return
		case http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for a client's body; want 200, 400, 409 or 413: %s", rec.Code, rec.Body)
		}
		if after := streamMessages(t, ctx, stream); after != before {
			t.Fatalf("answered %d but the event log grew from %d to %d messages: %s", rec.Code, before, after, rec.Body)
		}
	})
}

// fuzzCollector is a collector handler on an embedded JetStream with one
// client, fuzz-lms of tenant acme.
func fuzzCollector(tb testing.TB) (http.Handler, jetstream.Stream) {
	tb.Helper()
	ns := testenv.NATS(tb)
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if err := eventlog.Ensure(ctx, js, 1); err != nil {
		tb.Fatal(err)
	}
	kv, err := eventlog.ClientsBucket(ctx, js, 1)
	if err != nil {
		tb.Fatal(err)
	}
	store := collector.NewClientStore(kv)
	wctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	if err := store.Watch(wctx); err != nil {
		tb.Fatal(err)
	}
	if err := store.Add(ctx, collector.Client{Key: "fuzz-lms", Tenant: "acme", Scopes: []collector.Scope{collector.ScopeAll}}, secret); err != nil {
		tb.Fatal(err)
	}
	cfg := collector.DefaultConfig()
	cfg.ListenAddr = ""
	cfg.MaxBodyBytes = 256 << 10
	cfg.MaxBatch = 50
	cfg.PublishTimeout = 10 * time.Second
	cfg.CursorSecret = "fuzz-cursor-secret-0123456789"
	srv, err := collector.NewServer(ctx, cfg, collector.Deps{
		JS: js, Clients: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Registerer: prometheus.NewRegistry(),
	})
	if err != nil {
		tb.Fatal(err)
	}
	stream, err := js.Stream(ctx, event.Stream)
	if err != nil {
		tb.Fatal(err)
	}
	return srv.Handler(), stream
}

func streamMessages(t *testing.T, ctx context.Context, s jetstream.Stream) uint64 {
	t.Helper()
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatalf("read the event log: %v", err)
	}
	return info.State.Msgs
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
