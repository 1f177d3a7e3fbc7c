package collector

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
)

// consistency computes X-Experience-API-Consistent-Through (Communication
// 2.1.3.s2.b5): a time T such that every statement with a "stored" before T
// can be returned by a statement query. Queries read ClickHouse, which the
// statements projection fills; the projection acknowledges an event on the
// log only after ClickHouse has it. So T is derived from the projection's
// durable consumer:
//
//   - caught up (nothing pending, nothing unacknowledged) when the consumer
//     was read at time R: every statement on the log before R is queryable,
//     T = R;
//   - otherwise: every event before the first unacknowledged statement is
//     queryable, T = that statement's stored time;
//   - no consumer yet (no processor has run): T = the stored time of the
//     first statement on the log, or R if there is none.
//
// Two things can still land on the log with an earlier stored time: a
// statement this collector has stamped but JetStream has not acknowledged
// yet (T is capped by the oldest such stored time, tracked exactly), and one
// from another collector instance (the margin, -collector.consistency-margin,
// covers their publish latency and clock skew). The consumer state is read
// at most every refresh interval; a cached T stays honest, only older.
type consistency struct {
	js       jetstream.JetStream
	stream   jetstream.Stream
	consumer string
	margin   time.Duration
	refresh  time.Duration
	now      func() time.Time

	mu       sync.Mutex
	through  time.Time // from the consumer, before the margin
	readAt   time.Time // when through was computed
	updating bool
	// last and lastValue cache the header value of the last answer.
	last      time.Time
	lastValue []string

	inflight inflight
}

// consistencyRefresh bounds how often the consumer state is read. Reading
// it is not free for the JetStream server: with one subject per statement,
// the pending count of a consumer filtered on every tenant's statements
// walks the subject index (docs/scaling.md), so a second is the trade
// between an up-to-date header and the server's time.
const consistencyRefresh = time.Second

func newConsistency(js jetstream.JetStream, stream jetstream.Stream, margin time.Duration) *consistency {
	return &consistency{
		js: js, stream: stream, consumer: event.ConsumerName(event.StatementsProjection),
		margin: margin, refresh: consistencyRefresh, now: time.Now,
		inflight: inflight{counts: map[int64]int{}},
	}
}

// Through returns the header value. With fresh, a value older than the
// refresh interval is recomputed first (statement queries); without, a
// stale value is returned at once and refreshed in the background (writes,
// which must not wait on it). The zero time means it could not be computed.
func (c *consistency) Through(ctx context.Context, fresh bool) time.Time {
	c.mu.Lock()
	t, at, busy := c.through, c.readAt, c.updating
	stale := t.IsZero() || c.now().Sub(at) > c.refresh
	async := stale && !fresh && !t.IsZero() && !busy
	if async {
		c.updating = true
	}
	c.mu.Unlock()
	switch {
	case async:
		go c.update(context.WithoutCancel(ctx))
	case stale && (fresh || t.IsZero()):
		t = c.update(ctx)
	}
	if t.IsZero() {
		return t
	}
	return t.Add(-c.margin)
}

// waitThrough waits, at most max, until every statement this collector
// stored before t is queryable (the margin for other collectors' writes is
// not waited for), and reports whether it got there. It polls Through, which
// reads the consumer at most once per refresh interval.
func (c *consistency) waitThrough(ctx context.Context, t time.Time, max time.Duration) bool {
	deadline := c.now().Add(max)
	for {
		if through := c.Through(ctx, true); !through.IsZero() && !through.Add(c.margin).Before(t) {
			return true
		}
		if c.now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// header returns the X-Experience-API-Consistent-Through header value
// (see Through), nil when it cannot be computed. Values are cached: most
// answers in a refresh interval carry the same one.
func (c *consistency) header(ctx context.Context, fresh bool) []string {
	t := c.Through(ctx, fresh)
	if t.IsZero() {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !t.Equal(c.last) || c.lastValue == nil {
		c.last, c.lastValue = t, []string{t.UTC().Format(time.RFC3339Nano)}
	}
	return c.lastValue
}

// update reads the consumer and stores the result.
func (c *consistency) update(ctx context.Context) time.Time {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	t, err := c.read(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.updating = false
	if err != nil {
		return c.through // keep the last honest value
	}
	c.through, c.readAt = t, c.now()
	return t
}

func (c *consistency) read(ctx context.Context) (time.Time, error) {
	// A statement stamped before the consumer is read but not yet on the
	// log is not covered by what the consumer says. Take the oldest stored
	// time in flight first, then the time of reading: a statement stamped
	// before that time is either in flight now (and caps the result) or
	// already acknowledged by JetStream, hence on the log the consumer is
	// read against.
	old, inFlight, readAt := c.inflight.snapshot(c.now)
	t, err := c.readConsumer(ctx, readAt)
	if err != nil {
		return t, err
	}
	if inFlight && old.Before(t) {
		t = old.Add(-time.Millisecond)
	}
	// A statement's "stored" is written to the millisecond, truncated: one
	// stamped just after t can show a stored time in t's millisecond, so
	// the header names the start of that millisecond.
	return t.Truncate(time.Millisecond), nil
}

func (c *consistency) readConsumer(ctx context.Context, readAt time.Time) (time.Time, error) {
	cons, err := c.js.Consumer(ctx, event.Stream, c.consumer)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return c.firstStatementAfter(ctx, 1, readAt)
	}
	if err != nil {
		return time.Time{}, err
	}
	info := cons.CachedInfo() // read by js.Consumer just now
	if info.NumPending == 0 && info.NumAckPending == 0 {
		return readAt, nil
	}
	return c.firstStatementAfter(ctx, info.AckFloor.Stream+1, readAt)
}

// firstStatementAfter returns the stored time of the first statement event
// at or after seq, or orElse when there is none.
func (c *consistency) firstStatementAfter(ctx context.Context, seq uint64, orElse time.Time) (time.Time, error) {
	m, err := c.stream.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(event.Filter(event.KindStatement)))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return orElse, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	stored, err := time.Parse(time.RFC3339Nano, m.Header.Get(event.HeaderStored))
	if err != nil {
		stored = m.Time
	}
	return stored.Add(-time.Millisecond), nil
}

// inflight counts the statements this collector has stamped with a stored
// time but not yet seen acknowledged, by stored second.
type inflight struct {
	mu     sync.Mutex
	counts map[int64]int
}

// stamp takes the stored time of a statement about to be published and
// registers it as in flight, in one step: no snapshot falls between them.
func (f *inflight) stamp() time.Time {
	f.mu.Lock()
	t := time.Now().UTC()
	f.counts[t.Unix()]++
	f.mu.Unlock()
	return t
}

func (f *inflight) add(t time.Time) {
	f.mu.Lock()
	f.counts[t.Unix()]++
	f.mu.Unlock()
}

func (f *inflight) done(t time.Time) {
	s := t.Unix()
	f.mu.Lock()
	if f.counts[s]--; f.counts[s] <= 0 {
		delete(f.counts, s)
	}
	f.mu.Unlock()
}

// snapshot returns the start of the oldest second with a statement in
// flight, if any, and the time now, read together: a statement stamped
// before that time is either in flight in the snapshot or already stored.
func (f *inflight) snapshot(now func() time.Time) (time.Time, bool, time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	at := now()
	old, ok := f.oldestLocked()
	return old, ok, at
}

// oldestLocked returns the start of the oldest second with a statement in
// flight; f.mu is held.
func (f *inflight) oldestLocked() (time.Time, bool) {
	if len(f.counts) == 0 {
		return time.Time{}, false
	}
	first := true
	var min int64
	for s := range f.counts {
		if first || s < min {
			min, first = s, false
		}
	}
	return time.Unix(min, 0), true
}
