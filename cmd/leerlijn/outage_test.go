package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/event"
)

// TestClickHouseOutage stops ClickHouse while statements keep arriving:
// the collector keeps accepting, the processor keeps its place and says
// so in /readyz (503, naming the projection and its exact lag) and
// /metrics (lag, failing), the lag keeps counting what arrives, and once
// ClickHouse is back the projection catches up with each statement once.
// It stops the package's ClickHouse server: not a parallel test.
func TestClickHouseOutage(t *testing.T) {
	db := testenv.ClickHouse(t)
	s := startMode(t, "serve", append([]string{
		"-data-dir", t.TempDir(),
		"-nats.listen-addr", "127.0.0.1:0",
		"-collector.listen-addr", "127.0.0.1:0",
		"-processor.max-wait", "50ms",
		"-processor.retry-max", "1s",
		"-processor.lag-interval", "100ms",
	}, chArgs(db)...), chVars(db))
	l := newLoad(t, s.base(), 3_000_000)
	post := func(n int) {
		t.Helper()
		if code := l.send(t.Context(), l.newReq(n, true)); code != http.StatusOK {
			t.Fatalf("POST of %d statements: %d (answers %v)", n, code, l.answers())
		}
	}
	post(20)
	waitForIDs(t, db, l.ids())

	testenv.StopClickHouse(t)
	post(30)
	waitOps(t, s.base(), func(ready int, readyBody, metrics string) error {
		return failingWith(ready, readyBody, metrics, 30)
	})
	// What arrives while the projection fails is lag too.
	post(10)
	waitOps(t, s.base(), func(ready int, readyBody, metrics string) error {
		return failingWith(ready, readyBody, metrics, 40)
	})

	testenv.StartClickHouse(t)
	waitForIDs(t, db, l.ids())
	checkCountedOnce(t, db, len(l.ids()))
	waitOps(t, s.base(), func(ready int, readyBody, metrics string) error {
		if ready != http.StatusOK {
			return fmt.Errorf("/readyz %d %s", ready, readyBody)
		}
		if lag := metricValue(metrics, `leerlijn_processor_lag_events{projection="statements"}`); lag != 0 {
			return fmt.Errorf("lag %v after catching up", lag)
		}
		if f := metricValue(metrics, `leerlijn_processor_failing{projection="statements"}`); f != 0 {
			return fmt.Errorf("failing %v after catching up", f)
		}
		if n := metricValue(metrics, `leerlijn_processor_apply_errors_total{projection="statements"}`); n < 1 {
			return fmt.Errorf("apply errors %v: the failures were not counted", n)
		}
		return nil
	})
	l.check()
}

// failingWith checks that /readyz and /metrics report the statements
// projection failing with lag events waiting.
func failingWith(ready int, readyBody, metrics string, lag int) error {
	if ready != http.StatusServiceUnavailable {
		return fmt.Errorf("/readyz %d while ClickHouse is down", ready)
	}
	var body struct {
		Failed map[string]string `json:"failed"`
	}
	if err := json.Unmarshal([]byte(readyBody), &body); err != nil {
		return fmt.Errorf("/readyz body %q: %v", readyBody, err)
	}
	want := fmt.Sprintf("projection statements is failing with %d events waiting", lag)
	if !strings.Contains(body.Failed["projections"], want) || body.Failed["clickhouse"] == "" {
		return fmt.Errorf("/readyz %s, want %q and a clickhouse failure", readyBody, want)
	}
	if v := metricValue(metrics, `leerlijn_processor_lag_events{projection="statements"}`); v != float64(lag) {
		return fmt.Errorf("lag gauge %v, want %d", v, lag)
	}
	if v := metricValue(metrics, `leerlijn_processor_failing{projection="statements"}`); v != 1 {
		return fmt.Errorf("failing gauge %v, want 1", v)
	}
	return nil
}

// waitOps polls /readyz and /metrics until check passes.
func waitOps(t *testing.T, base string, check func(ready int, readyBody, metrics string) error) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ready, readyBody := get(t, base+"/readyz")
		_, metrics := get(t, base+"/metrics")
		err := check(ready, readyBody, metrics)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 2m: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// metricValue is the value of the series named exactly so in a /metrics
// page, or -1.
func metricValue(page, series string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(page)
	if m == nil {
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return -1
	}
	return v
}

// TestNATSRestart stops the NATS server under load and starts it again on
// the same store and port: while it is down the collector answers 503
// with Retry-After (never 500), it accepts again once NATS is back, and
// every acknowledged statement is on the log, once.
func TestNATSRestart(t *testing.T) {
	db := testenv.ClickHouse(t)
	ns := testenv.NATS(t)
	storeDir := filepath.Dir(ns.JetStreamConfig().StoreDir)
	port := ns.Addr().(*net.TCPAddr).Port
	col := startMode(t, "collector", append([]string{
		"-nats.url", ns.ClientURL(),
		"-collector.listen-addr", "127.0.0.1:0",
		"-collector.publish-timeout", "2s",
	}, chArgs(db)...), chVars(db))
	l := newLoad(t, col.base(), 4_000_000)
	ctx, stopLoad := context.WithCancel(context.Background())
	wait := l.run(ctx, 3)
	defer func() { stopLoad(); wait() }()
	l.waitAcked(200)

	ns.Shutdown()
	ns.WaitForShutdown()
	waitAnswers(t, l, http.StatusServiceUnavailable, 3)
	ns = testenv.StartNATS(t, testenv.NATSOptions{StoreDir: storeDir, Port: port})
	l.waitAcked(l.acked() + 200)
	stopLoad()
	wait()
	l.settle()
	l.check()
	t.Logf("%d statements; answers %v", len(l.ids()), l.answers())
	checkLog(t, ns.ClientURL(), l.ids())
}

// waitAnswers waits until the clients have had n answers with code.
func waitAnswers(t *testing.T, l *load, code, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for l.count(code) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d answers %d after 1m, want %d (answers %v)", l.count(code), code, n, l.answers())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkLog checks that the event log holds each of ids once, and no other
// statement of tenant "default".
func checkLog(t *testing.T, url string, ids []string) {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	var subjects map[string]uint64
	deadline := time.Now().Add(time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		s, err := js.Stream(ctx, event.Stream)
		var info *jetstream.StreamInfo
		if err == nil {
			info, err = s.Info(ctx, jetstream.WithSubjectFilter("leerlijn.default.statement.>"))
		}
		cancel()
		if err == nil {
			subjects = info.State.Subjects
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("read the event log: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if len(subjects) != len(ids) {
		t.Errorf("the log holds %d statements of tenant default, want %d", len(subjects), len(ids))
	}
	for _, id := range ids {
		if n := subjects["leerlijn.default.statement."+strings.ToLower(id)]; n != 1 {
			t.Fatalf("statement %s is on the log %d times", id, n)
		}
	}
}

// TestClusterNodeLoss runs the collector and the processor against a
// 3-node JetStream cluster with R3 streams and stops the event log's
// stream leader under load: the collector keeps accepting (answering 503
// with Retry-After during the election, never 500), and every acknowledged
// statement is on the log once and projected once.
func TestClusterNodeLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("3-node failover is slow; skipped under -short")
	}
	db := testenv.ClickHouse(t)
	c := testenv.NATSCluster(t, 3)
	common := []string{"-nats.url", c.URL(), "-nats.replicas", "3"}
	startMode(t, "processor", append(append([]string{
		"-ops.listen-addr", "127.0.0.1:0",
		"-processor.max-wait", "50ms",
		"-processor.retry-max", "1s",
		"-processor.ack-wait", "5s",
	}, common...), chArgs(db)...), chVars(db))
	col := startMode(t, "collector", append(append([]string{
		"-collector.listen-addr", "127.0.0.1:0",
		"-collector.publish-timeout", "3s",
	}, common...), chArgs(db)...), chVars(db))
	l := newLoad(t, col.base(), 5_000_000)
	ctx, stopLoad := context.WithCancel(context.Background())
	wait := l.run(ctx, 4)
	defer func() { stopLoad(); wait() }()
	l.waitAcked(200)

	leader := streamLeader(t, c, event.Stream)
	c.Stop(leader)
	t.Logf("stopped node %d, the leader of %s, after %d acknowledged statements", leader, event.Stream, l.acked())
	l.waitAcked(l.acked() + 300)
	stopLoad()
	wait()
	l.settle()
	l.check()
	t.Logf("%d statements; answers %v", len(l.ids()), l.answers())
	checkLog(t, c.URL(), l.ids())
	waitForIDs(t, db, l.ids())
	checkCountedOnce(t, db, len(l.ids()))
}

// streamLeader returns the index of the node leading stream.
func streamLeader(t *testing.T, c *testenv.Cluster, stream string) int {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		for i, s := range c.Servers() {
			if s.Running() && s.JetStreamIsStreamLeader(server.DEFAULT_GLOBAL_ACCOUNT, stream) {
				return i
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("stream %s has no leader after 1m", stream)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
