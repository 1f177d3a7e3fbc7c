package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

// natsPassword lets a test connect to the embedded NATS of a serve it
// started, as an operator's command would.
const natsPassword = "crash-test-nats-password"

// TestServeKill9UnderLoad kills `leerlijn serve` with SIGKILL while several
// clients post singles and batches, restarts it on the same data dir, lets
// the clients retry every request that got a 5xx or no answer (same ids),
// and checks: every acknowledged statement is in ClickHouse exactly once,
// nothing is there that was never sent, the log holds each statement once,
// and verify agrees.
func TestServeKill9UnderLoad(t *testing.T) {
	start := time.Now()
	phase := func(what string) { t.Logf("%6.1fs %s", time.Since(start).Seconds(), what) }
	bin := buildLeerlijn(t)
	db := testenv.ClickHouse(t)
	dataDir := t.TempDir()
	args := append([]string{"serve",
		"-data-dir", dataDir,
		"-nats.listen-addr", "127.0.0.1:0",
		"-nats.user", "leerlijn",
		"-collector.listen-addr", "127.0.0.1:0",
		"-collector.publish-timeout", "5s",
		"-processor.max-wait", "50ms",
		"-processor.batch-size", "200",
		"-processor.retry-max", "1s",
		"-processor.ack-wait", "5s", // events in flight at the kill come again after this
	}, chArgs(db)...)
	vars := chVars(db)
	vars["LEERLIJN_NATS_PASSWORD"] = natsPassword
	startServeProc := func(name string) (*proc, string) {
		p := startProc(t, name, bin, args, vars)
		return p, "http://" + p.waitLog("collector listening", "addr")
	}

	phase("built")
	s, base := startServeProc("serve")
	phase("serve started")
	l := newLoad(t, base, 1_000_000)
	ctx, stopLoad := context.WithCancel(context.Background())
	wait := l.run(ctx, 4)
	defer func() { stopLoad(); wait() }()

	// Kill once statements are being acknowledged and projected.
	l.waitAcked(300)
	phase("300 acknowledged")
	waitProjected(t, db, 1)
	phase("kill")
	s.kill()
	downAt := l.acked()

	s, base = startServeProc("serve again")
	phase("serve restarted")
	l.setBase(base)
	l.waitAcked(downAt + 200)
	stopLoad()
	wait()
	phase("settle")
	l.settle()
	l.check()

	ids := l.ids()
	t.Logf("%d statements in %d requests; answers %v", len(ids), len(l.reqs), l.answers())
	waitForIDs(t, db, ids) // exactly the ids sent, each counted once
	phase("projected")
	checkCountedOnce(t, db, len(ids))
	verifyAgrees(t, db, "nats://"+strings.TrimPrefix(s.waitLog("embedded nats started", "url"), "nats://"), "leerlijn", natsPassword)
	s.stop()
}

// TestSplitKill9UnderLoad runs `leerlijn collector` and `leerlijn
// processor` as separate processes against one NATS server and kills each
// with SIGKILL under load, the collector first, then the processor
// mid-projection; the checks are those of TestServeKill9UnderLoad.
func TestSplitKill9UnderLoad(t *testing.T) {
	bin := buildLeerlijn(t)
	db := testenv.ClickHouse(t)
	ns := testenv.NATS(t)
	vars := chVars(db)
	collectorArgs := append([]string{"collector",
		"-nats.url", ns.ClientURL(),
		"-collector.listen-addr", "127.0.0.1:0",
		"-collector.publish-timeout", "5s",
	}, chArgs(db)...)
	processorArgs := append([]string{"processor",
		"-nats.url", ns.ClientURL(),
		"-ops.listen-addr", "127.0.0.1:0",
		"-processor.max-wait", "50ms",
		"-processor.batch-size", "100",
		"-processor.retry-max", "1s",
		"-processor.ack-wait", "5s", // events in flight at the kill come again after this
	}, chArgs(db)...)
	startCollector := func(name string) (*proc, string) {
		p := startProc(t, name, bin, collectorArgs, vars)
		return p, "http://" + p.waitLog("collector listening", "addr")
	}
	startProcessor := func(name string) *proc {
		p := startProc(t, name, bin, processorArgs, vars)
		p.waitLog("ops endpoints listening", "addr")
		return p
	}

	c, base := startCollector("collector")
	p := startProcessor("processor")
	l := newLoad(t, base, 2_000_000)
	ctx, stopLoad := context.WithCancel(context.Background())
	wait := l.run(ctx, 4)
	defer func() { stopLoad(); wait() }()

	l.waitAcked(300)
	c.kill()
	downAt := l.acked()
	c, base = startCollector("collector again")
	l.setBase(base)
	l.waitAcked(downAt + 300)

	// Kill the processor while it is projecting.
	waitProjected(t, db, uint64(downAt))
	p.kill()
	p = startProcessor("processor again")
	l.waitAcked(l.acked() + 200)
	stopLoad()
	wait()
	l.settle()
	l.check()

	ids := l.ids()
	t.Logf("%d statements in %d requests; answers %v", len(ids), len(l.reqs), l.answers())
	waitForIDs(t, db, ids)
	checkCountedOnce(t, db, len(ids))
	verifyAgrees(t, db, ns.ClientURL(), "", "")
	c.stop()
	p.stop()
}

// waitProjected waits until the statements table holds at least n rows.
func waitProjected(t *testing.T, db *testenv.ClickHouseDB, n uint64) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var got uint64
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := db.Conn.QueryRow(ctx, "SELECT count() FROM statements").Scan(&got)
		cancel()
		if err == nil && got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("statements table holds %d rows after 2m, want at least %d (%v)", got, n, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkCountedOnce checks that no statement is counted twice: the
// deduplicated count equals the number of distinct ids, and both equal n.
func checkCountedOnce(t *testing.T, db *testenv.ClickHouseDB, n int) {
	t.Helper()
	var got struct {
		Rows uint64 `ch:"rows"`
		IDs  uint64 `ch:"ids"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := db.Conn.QueryRow(ctx, "SELECT count() AS rows, uniqExact(statement_id) AS ids FROM statements FINAL").ScanStruct(&got); err != nil {
		t.Fatal(err)
	}
	if got.Rows != uint64(n) || got.IDs != uint64(n) {
		t.Fatalf("statements FINAL: %d rows, %d distinct ids; want %d of each", got.Rows, got.IDs, n)
	}
}

// verifyAgrees runs `leerlijn verify` against the log at natsURL.
func verifyAgrees(t *testing.T, db *testenv.ClickHouseDB, natsURL, user, password string) {
	t.Helper()
	args := append([]string{"verify", "-nats.url", natsURL, "-verify.wait", "1m", "-log.level", "warn"}, chArgs(db)...)
	vars := chVars(db)
	if user != "" {
		args = append(args, "-nats.user", user)
		vars["LEERLIJN_NATS_PASSWORD"] = password
	}
	out, logs, err := runCommand(t, args, vars)
	if err != nil {
		t.Fatalf("verify: %v\n%s\n%s", err, out, logs)
	}
	if !strings.Contains(out, "every projection agrees with the log") {
		t.Fatalf("verify output:\n%s", out)
	}
	fmt.Fprint(testWriter{t}, out)
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
