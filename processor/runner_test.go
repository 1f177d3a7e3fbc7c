package processor_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/event"
)

func jetStream(t *testing.T) jetstream.JetStream {
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
	if err := eventlog.Ensure(t.Context(), js, 1); err != nil {
		t.Fatal(err)
	}
	return js
}

func publish(t *testing.T, js jetstream.JetStream, e event.Envelope) {
	t.Helper()
	subj, err := e.Subject()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.PublishMsg(t.Context(), &nats.Msg{Subject: subj, Header: nats.Header(e.Header()), Data: e.Body}); err != nil {
		t.Fatalf("publish: %v", err)
	}
}

// eventually polls f until it returns nil or the wait is over.
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

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func runRunner(t *testing.T, js jetstream.JetStream, ps ...processor.Projection) (*processor.Runner, func()) {
	t.Helper()
	cfg := processor.DefaultConfig()
	cfg.MaxWait = 50 * time.Millisecond
	cfg.RetryMin = 20 * time.Millisecond
	cfg.RetryMax = 200 * time.Millisecond
	r, err := processor.NewRunner(cfg, js, ps, quietLogger(), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	stop := func() { once.Do(func() { stopRunner(t, cancel, done) }) }
	t.Cleanup(stop)
	return r, stop
}

func stopRunner(t *testing.T, cancel context.CancelFunc, done chan error) {
	{
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("runner: %v", err)
			}
		case <-time.After(time.Minute):
			t.Error("runner did not stop")
		}
	}
}

func TestRunnerProjectsAcksAndDeadLetters(t *testing.T) {
	js := jetStream(t)
	db := schemaDB(t)
	const n = 250
	for i := range n {
		id := uuidN(i + 1)
		publish(t, js, env("acme", id, 0, stmt(id, fmt.Sprintf("p%d", i%7), completed, "http://x/course/1", i)))
	}
	// An event the projection cannot apply, in the middle of good ones.
	bad := uuidN(9999)
	publish(t, js, env("acme", bad, 0, []byte(`{"actor": not json`)))
	for i := n; i < n+10; i++ {
		id := uuidN(i + 1)
		publish(t, js, env("acme", id, 0, stmt(id, "late", completed, "http://x/course/1", i)))
	}

	_, stop := runRunner(t, js, processor.NewStatements(db.Conn))
	eventually(t, time.Minute, func() error {
		if got := count(t, db.Conn, "SELECT count() FROM statements FINAL"); got != n+10 {
			return fmt.Errorf("%d rows, want %d", got, n+10)
		}
		return nil
	})
	cons, err := js.Consumer(t.Context(), event.Stream, processor.ConsumerName("statements"))
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, func() error {
		info, err := cons.Info(t.Context())
		if err != nil {
			return err
		}
		if info.NumAckPending != 0 || info.NumPending != 0 {
			return fmt.Errorf("ack pending %d, pending %d", info.NumAckPending, info.NumPending)
		}
		return nil
	})
	dl, err := js.Stream(t.Context(), event.DeadLetterStream)
	if err != nil {
		t.Fatal(err)
	}
	m, err := dl.GetLastMsgForSubject(t.Context(), event.DeadLetterSubject("statements", "acme"))
	if err != nil {
		t.Fatalf("dead letter: %v", err)
	}
	if reason := m.Header.Get(event.HeaderDeadLetterReason); !strings.Contains(reason, "does not decode") {
		t.Fatalf("dead-letter reason %q", reason)
	}
	if string(m.Data) != `{"actor": not json` {
		t.Fatalf("dead letter body %q", m.Data)
	}

	// After a restart the consumer continues where it was: new events are
	// applied, nothing is counted twice.
	stop()
	id := uuidN(5000)
	publish(t, js, env("acme", id, 0, stmt(id, "after", completed, "http://x/course/1", 0)))
	runRunner(t, js, processor.NewStatements(db.Conn))
	eventually(t, time.Minute, func() error {
		if got := count(t, db.Conn, "SELECT count() FROM statements FINAL"); got != n+11 {
			return fmt.Errorf("%d rows, want %d", got, n+11)
		}
		return nil
	})
}

// TestRunnerRebindsToARecreatedConsumer deletes the projection's consumer
// under a running Runner and creates it again from the start, as a replay
// does: the Runner's pull must follow the new consumer, not wait on the old
// one (seen at scale: a replay left the statements projection idle with
// 1.6 million events pending).
func TestRunnerRebindsToARecreatedConsumer(t *testing.T) {
	js := jetStream(t)
	db := schemaDB(t)
	p := processor.NewStatements(db.Conn)
	gate := &gatedProjection{Projection: p, entered: make(chan struct{}), release: make(chan struct{})}
	r, _ := runRunner(t, js, gate)
	id := uuidN(1)
	publish(t, js, env("acme", id, 0, stmt(id, "ann", completed, "http://x/course/1", 0)))
	// While the first batch is being applied, the consumer is replaced.
	<-gate.entered
	if err := js.DeleteConsumer(t.Context(), event.Stream, processor.ConsumerName("statements")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Consumer(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	close(gate.release)
	for i := 2; i <= 20; i++ {
		id := uuidN(i)
		publish(t, js, env("acme", id, 0, stmt(id, "ann", completed, "http://x/course/1", i)))
	}
	eventually(t, time.Minute, func() error {
		if got := count(t, db.Conn, "SELECT count() FROM statements FINAL"); got != 20 {
			return fmt.Errorf("%d rows, want 20", got)
		}
		return nil
	})
}

// gatedProjection holds its first Apply until released.
type gatedProjection struct {
	processor.Projection
	once    sync.Once
	entered chan struct{}
	release chan struct{}
}

func (g *gatedProjection) Apply(ctx context.Context, batch []event.Envelope) error {
	g.once.Do(func() {
		close(g.entered)
		<-g.release
	})
	return g.Projection.Apply(ctx, batch)
}
