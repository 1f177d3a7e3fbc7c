package collector_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/internal/testenv"
)

// tpStatement is a cmi5-shaped statement of about 1 KB.
func tpStatement(id string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"actor":{"objectType":"Agent","name":"Learner 7","account":{"homePage":"https://lms.example.com","name":"learner-7"}},`+
		`"verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed"}},`+
		`"object":{"objectType":"Activity","id":"https://lms.example.com/course/12/au/1","definition":{"name":{"en-US":"Course 12, unit 1"},"type":"https://w3id.org/xapi/cmi5/activitytype/block"}},`+
		`"result":{"score":{"scaled":0.84,"raw":84,"min":0,"max":100},"success":true,"completion":true,"duration":"PT12M30S"},`+
		`"context":{"registration":"ec5f7a4e-1e1a-4e44-9e8a-3b7c2f1d0a11","contextActivities":{"grouping":[{"id":"https://lms.example.com/course/12"}],"category":[{"id":"https://w3id.org/xapi/cmi5/context/categories/cmi5"}]}},`+
		`"timestamp":"2026-03-02T10:15:00.000Z"}`, id)
}

// BenchmarkIngestParallel compares, in one run on one embedded JetStream
// server, with 64 requests in flight: raw (a synchronous publish of a
// statement, waiting for the ack: the ceiling), and POSTs through the
// collector's handler of one statement and of 100 statements (auth,
// version check, validation, id check, durable ack). statements/s is the
// figure to compare; docs/perf.md has the ratios.
func BenchmarkIngestParallel(b *testing.B) {
	b.Run("raw", func(b *testing.B) {
		js, _ := tpStack(b)
		b.SetParallelism(32)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				id := uuid.NewString()
				if _, err := js.PublishMsg(b.Context(), &nats.Msg{Subject: "leerlijn.bench.statement." + id, Data: tpStatement(id)}); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "statements/s")
	})
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("collector-batch%d", n), func(b *testing.B) {
			_, h := tpStack(b)
			tpPost(b, h, 1) // the client's secret is verified once, before timing
			b.SetParallelism(32)
			var stmts atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if !tpPost(b, h, n) {
						return
					}
					stmts.Add(int64(n))
				}
			})
			b.ReportMetric(float64(stmts.Load())/b.Elapsed().Seconds(), "statements/s")
		})
	}
}

func tpPost(b *testing.B, h http.Handler, n int) bool {
	var body []byte
	if n == 1 {
		body = tpStatement(uuid.NewString())
	} else {
		var buf bytes.Buffer
		buf.WriteByte('[')
		for i := range n {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(tpStatement(uuid.NewString()))
		}
		buf.WriteByte(']')
		body = buf.Bytes()
	}
	req := httptest.NewRequest(http.MethodPost, "/xapi/statements", bytes.NewReader(body))
	req.SetBasicAuth("acme-lms", secret)
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Errorf("status %d: %s", rec.Code, rec.Body)
		return false
	}
	return true
}

// tpStack starts an embedded JetStream server with the event log and
// returns it with a collector handler that knows the client acme-lms.
func tpStack(b *testing.B) (jetstream.JetStream, http.Handler) {
	b.Helper()
	ns := testenv.NATS(b)
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	if err := eventlog.Ensure(ctx, js, 1); err != nil {
		b.Fatal(err)
	}
	kv, err := eventlog.ClientsBucket(ctx, js, 1)
	if err != nil {
		b.Fatal(err)
	}
	store := collector.NewClientStore(kv)
	if err := store.Add(ctx, collector.Client{Key: "acme-lms", Tenant: "acme", Scopes: []collector.Scope{collector.ScopeAll}}, secret); err != nil {
		b.Fatal(err)
	}
	cfg := collector.DefaultConfig()
	cfg.ListenAddr = ""
	cfg.RateLimit = 1e9 // capacity is measured, not the per-client limit (which still runs)
	srv, err := collector.NewServer(ctx, cfg, collector.Deps{
		JS: js, Clients: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Registerer: prometheus.NewRegistry(),
	})
	if err != nil {
		b.Fatal(err)
	}
	return js, srv.Handler()
}
