package processor_test

import (
	"context"
	"maps"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/processor"
)

// publishWithVoids publishes n statements from id from on, every fifth of
// them voided by a later voiding statement.
func publishWithVoids(t *testing.T, js jetstream.JetStream, from, n int) (statements int) {
	t.Helper()
	publishStatements(t, js, from, n)
	for i := from; i < from+n; i += 5 {
		v := uuidN(900_000 + i)
		publish(t, js, env("acme", v, 0, voiding(v, uuidN(i), 700)))
		statements++
	}
	return n + statements
}

// ingest publishes statements until stop is called and reports how many.
func ingest(t *testing.T, js jetstream.JetStream, from int) (stop func() int) {
	var n atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := from; ctx.Err() == nil; i++ {
			id := uuidN(i)
			e := env("acme", id, 0, stmt(id, "live", completed, "http://x/course/live", i%600))
			subj, _ := e.Subject()
			// Not cancelled by stop: a publish cut off while waiting for its
			// ack may still be stored, and would then go uncounted.
			pctx, pcancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := js.PublishMsg(pctx, natsMsg(subj, e))
			pcancel()
			if err != nil {
				t.Errorf("ingest: %v", err)
				return
			}
			n.Add(1)
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return func() int { cancel(); wg.Wait(); return int(n.Load()) }
}

// TestReplayWhileIngesting replays the statements projection while a
// processor runs and statements keep arriving: the processor applies the
// log again (the replay only coordinates), the rows of the statements from
// before the replay are exactly what they were, and every statement that
// arrived during the replay is projected once.
func TestReplayWhileIngesting(t *testing.T) {
	js := jetStream(t)
	db := schemaDB(t)
	const n = 400
	total := publishWithVoids(t, js, 1, n)
	startRunner(t, js, faultConfig(), processor.NewStatements(db.Conn))
	waitCount(t, db.Conn, uint64(total), "SELECT count() FROM statements FINAL")
	before := rows(t, db.Conn, "acme")
	voided := count(t, db.Conn, "SELECT count() FROM statements FINAL WHERE voided = 1")
	if voided != n/5 {
		t.Fatalf("%d voided before the replay, want %d", voided, n/5)
	}

	stopIngest := ingest(t, js, 100_000)
	replayer, err := processor.NewRunner(faultConfig(), js, []processor.Projection{processor.NewStatements(db.Conn)}, quietLogger(), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	var last []processor.ReplayProgress
	err = replayer.Replay(t.Context(), processor.ReplayOptions{Report: func(p []processor.ReplayProgress) { last = p }})
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if len(last) != 1 || !last[0].Finished || last[0].Done != last[0].Total || last[0].Total < uint64(total) {
		t.Fatalf("last progress %+v, want finished with at least %d events", last, total)
	}
	// The replay is done: what was there before is back, exactly.
	after := rows(t, db.Conn, "acme")
	for id, row := range before {
		if after[id] != row {
			t.Fatalf("statement %s: %+v before the replay, %+v after", id, row, after[id])
		}
	}
	live := stopIngest()
	if live == 0 {
		t.Fatal("no statement arrived during the replay")
	}
	waitCount(t, db.Conn, uint64(total+live), "SELECT count() FROM statements FINAL")
	waitCount(t, db.Conn, uint64(total+live), "SELECT uniqExact(statement_id) FROM statements FINAL")
	if got := count(t, db.Conn, "SELECT count() FROM statements FINAL WHERE voided = 1"); got != voided {
		t.Fatalf("%d voided after the replay, want %d", got, voided)
	}
	// The consumer is the replay's and is not paused any more.
	c, err := js.Consumer(t.Context(), "LEERLIJN_EVENTS", processor.ConsumerName("statements"))
	if err != nil {
		t.Fatal(err)
	}
	if info := c.CachedInfo(); info.Paused {
		t.Fatalf("consumer still paused: %+v", info)
	}
}

// TestReplayApply replays with no processor running: the replay applies
// the log itself until it has caught up, and the numbers do not change.
func TestReplayApply(t *testing.T) {
	js := jetStream(t)
	db := schemaDB(t)
	total := publishWithVoids(t, js, 1, 100)
	_, _, stop := startRunner(t, js, faultConfig(), processor.NewStatements(db.Conn))
	waitCount(t, db.Conn, uint64(total), "SELECT count() FROM statements FINAL")
	stop()
	before := rows(t, db.Conn, "acme")

	replayer, err := processor.NewRunner(faultConfig(), js, []processor.Projection{processor.NewStatements(db.Conn)}, quietLogger(), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	if err := replayer.Replay(ctx, processor.ReplayOptions{Apply: true}); err != nil {
		t.Fatalf("replay: %v", err)
	}
	if after := rows(t, db.Conn, "acme"); !maps.Equal(before, after) {
		t.Fatalf("rows differ after the replay:\nbefore %d %v\nafter  %d %v", len(before), before, len(after), after)
	}
}
