package collector

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/event"
)

// TestConsistentThrough: the header never claims a statement the
// projection has not acknowledged, and reaches the present once it has.
func TestConsistentThrough(t *testing.T) {
	ns := testenv.NATS(t)
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, _ := jetstream.New(nc)
	ctx := t.Context()
	if err := eventlog.Ensure(ctx, js, 1); err != nil {
		t.Fatal(err)
	}
	stream, err := js.Stream(ctx, event.Stream)
	if err != nil {
		t.Fatal(err)
	}
	c := newConsistency(js, stream, 0)
	c.refresh = 0 // read the consumer on every call

	start := time.Now().Truncate(time.Millisecond) // stored times are to the millisecond
	if got := c.Through(ctx, true); got.Before(start) {
		t.Fatalf("empty log, no consumer: through %s, want now", got)
	}
	publish := func(id string, stored time.Time) {
		t.Helper()
		env := event.Envelope{Tenant: "acme", Kind: event.KindStatement, ID: id, Stored: stored, Body: []byte("{}")}
		subj, _ := env.Subject()
		if _, err := js.PublishMsg(ctx, &nats.Msg{Subject: subj, Header: nats.Header(env.Header()), Data: env.Body}); err != nil {
			t.Fatal(err)
		}
	}
	s1 := time.Now().Add(-time.Minute)
	publish("00000000-0000-4000-8000-000000000001", s1)
	if got := c.Through(ctx, true); !got.Before(s1) {
		t.Fatalf("unprojected statement stored %s, no consumer: through %s, want before it", s1, got)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, event.Stream, jetstream.ConsumerConfig{
		Durable: event.ConsumerName(event.StatementsProjection), FilterSubjects: []string{event.Filter(event.KindStatement)},
		AckPolicy: jetstream.AckExplicitPolicy,
	})
	if err != nil {
		t.Fatal(err)
	}
	s2 := time.Now().Add(-30 * time.Second)
	publish("00000000-0000-4000-8000-000000000002", s2)
	batch, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for m := range batch.Messages() {
		if err := m.DoubleAck(ctx); err != nil { // s1 applied
			t.Fatal(err)
		}
	}
	if got := c.Through(ctx, true); got.Before(s1) || !got.Before(s2) {
		t.Fatalf("s1 applied, s2 not: through %s, want in [%s, %s)", got, s1, s2)
	}
	batch, err = cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for m := range batch.Messages() {
		if err := m.DoubleAck(ctx); err != nil {
			t.Fatal(err)
		}
	}
	before := time.Now().Truncate(time.Millisecond)
	if got := c.Through(ctx, true); got.Before(before) {
		t.Fatalf("everything applied: through %s, want at least %s", got, before)
	}

	// A statement this collector has stamped but not yet stored holds the
	// header back; the margin is taken off.
	inFlight := time.Now().Add(-10 * time.Second).Truncate(time.Second)
	c.inflight.add(inFlight)
	if got := c.Through(ctx, true); !got.Before(inFlight) {
		t.Fatalf("statement in flight since %s: through %s", inFlight, got)
	}
	c.inflight.done(inFlight)
	c.margin = time.Hour
	if got := c.Through(context.Background(), true); got.After(time.Now().Add(-59 * time.Minute)) {
		t.Fatalf("margin of 1h not applied: %s", got)
	}

	// waitThrough (read your writes) is reached once everything stored
	// before its time is applied, margin or not; an unapplied statement
	// stored before it makes it give up after its bound.
	if !c.waitThrough(ctx, time.Now(), time.Second) {
		t.Fatal("everything applied: waitThrough did not get there")
	}
	publish("00000000-0000-4000-8000-000000000003", time.Now().Add(-time.Second))
	if c.waitThrough(ctx, time.Now(), 300*time.Millisecond) {
		t.Fatal("a statement not applied: waitThrough claims it is")
	}
}
