package collector_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/internal/testenv"
)

// On a replicated log, a collector connected to one node reads what a
// collector on another node just wrote (reads go to the stream leader,
// since a replica may lag behind an acknowledged write), and an update
// back to an earlier version is never mistaken for "unchanged".
func TestReferenceReadYourWritesOnCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("3-node cluster: skipped with -short")
	}
	c := testenv.NATSCluster(t, 3)
	var bases []string
	var store *collector.ClientStore
	for i, s := range c.Servers() {
		nc, err := nats.Connect(s.ClientURL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		js, err := jetstream.New(nc)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		if i == 0 {
			if err := eventlog.Ensure(ctx, js, 3); err != nil {
				t.Fatal(err)
			}
		}
		kv, err := eventlog.ClientsBucket(ctx, js, 3)
		if err != nil {
			t.Fatal(err)
		}
		st := collector.NewClientStore(kv)
		wctx, wcancel := context.WithCancel(context.Background())
		t.Cleanup(wcancel)
		if err := st.Watch(wctx); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			store = st
			if err := store.Add(ctx, collector.Client{Key: "acme-lms", Tenant: "acme", Scopes: []collector.Scope{collector.ScopeAdmin}}, secret); err != nil {
				t.Fatal(err)
			}
		}
		cfg := collector.DefaultConfig()
		cfg.ListenAddr = ""
		srv, err := collector.NewServer(ctx, cfg, collector.Deps{
			JS: js, Clients: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Registerer: prometheus.NewRegistry(),
		})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv.Handler())
		t.Cleanup(hs.Close)
		bases = append(bases, hs.URL)
	}
	do := func(base, method, path, body string) (int, string, string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
			req.SetBasicAuth("acme-lms", secret)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b := readBody(t, resp)
			resp.Body.Close()
			if resp.StatusCode == http.StatusUnauthorized && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond) // the client has not reached this node's store yet
				continue
			}
			return resp.StatusCode, resp.Header.Get("Leerlijn-Outcome"), b
		}
	}
	amounts := []string{"100", "200", "100", "300", "300", "100"}
	wantOutcome := []string{"created", "updated", "updated", "updated", "unchanged", "updated"}
	for i, amount := range amounts {
		writer, reader := bases[i%3], bases[(i+1)%3]
		body := strings.Replace(budgetBody, `"50000"`, `"`+amount+`"`, 1)
		code, outcome, resp := do(writer, http.MethodPut, "/api/v1/budgets/b-1", body)
		if code/100 != 2 || outcome != wantOutcome[i] {
			t.Fatalf("PUT %d (amount %s): %d %q, want outcome %q: %s", i, amount, code, outcome, wantOutcome[i], resp)
		}
		code, _, got := do(reader, http.MethodGet, "/api/v1/budgets/b-1", "")
		if code != http.StatusOK || !strings.Contains(got, fmt.Sprintf(`"amount":"%s.00"`, amount)) {
			t.Fatalf("GET after PUT %d on another node: %d %s, want amount %s", i, code, got, amount)
		}
	}
}
