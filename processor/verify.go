package processor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/profile"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// Verifier is a projection that can be reconciled with the event log:
// leerlijn verify compares, per tenant, what the projection holds with
// what the log says it should hold.
type Verifier interface {
	// Tenants lists the tenants the projection holds rows for.
	Tenants(ctx context.Context) ([]string, error)
	// Verify returns, for one tenant, each measure the projection can be
	// checked by, counted on the log and in the projection.
	Verify(ctx context.Context, log *LogCounts, tenant string) ([]Count, error)
}

// Count is one measure of one tenant, on the log and in a projection.
type Count struct {
	Measure   string
	Log       uint64
	Projected uint64
}

// LogCounts counts events on the event log on the JetStream server, from
// its subject index, without reading the events.
type LogCounts struct {
	js     jetstream.JetStream
	stream jetstream.Stream
}

// NewLogCounts opens the event log for counting.
func NewLogCounts(ctx context.Context, js jetstream.JetStream) (*LogCounts, error) {
	s, err := js.Stream(ctx, event.Stream)
	if err != nil {
		return nil, fmt.Errorf("open stream %s: %w", event.Stream, err)
	}
	return &LogCounts{js: js, stream: s}, nil
}

// Events counts the events whose subject matches filter: the pending count
// of a short-lived consumer, which the server takes from its index.
func (l *LogCounts) Events(ctx context.Context, filter string) (uint64, error) {
	c, err := l.stream.CreateConsumer(ctx, jetstream.ConsumerConfig{
		FilterSubject:     filter,
		AckPolicy:         jetstream.AckNonePolicy,
		DeliverPolicy:     jetstream.DeliverAllPolicy,
		InactiveThreshold: time.Minute,
		MemoryStorage:     true,
		Replicas:          1,
	})
	if err != nil {
		return 0, fmt.Errorf("count events %s: %w", filter, err)
	}
	n := c.CachedInfo().NumPending
	_ = l.stream.DeleteConsumer(ctx, c.CachedInfo().Name)
	return n, nil
}

// Statements counts the statement events of a tenant. The log holds each
// statement id once per tenant (the collector stores it with "expected
// last subject sequence 0"), voiding statements included.
func (l *LogCounts) Statements(ctx context.Context, tenant string) (uint64, error) {
	f, err := event.TenantKindFilter(tenant, event.KindStatement)
	if err != nil {
		return 0, err
	}
	return l.Events(ctx, f)
}

// VoidedStatements counts the statements of a tenant that are voided: those
// with a void marker (written with the voiding statement) whose own
// statement event is on the log and is not itself a voiding statement.
// Voiding a statement the log does not hold voids nothing.
func (l *LogCounts) VoidedStatements(ctx context.Context, tenant string) (uint64, error) {
	f, err := event.TenantKindFilter(tenant, event.KindVoid)
	if err != nil {
		return 0, err
	}
	info, err := l.stream.Info(ctx, jetstream.WithSubjectFilter(f))
	if err != nil {
		return 0, fmt.Errorf("list void markers of %s: %w", tenant, err)
	}
	var n uint64
	for subj := range info.State.Subjects {
		_, _, target, err := event.ParseSubject(subj)
		if err != nil {
			continue
		}
		ssubj, err := event.StatementSubject(tenant, target)
		if err != nil {
			continue
		}
		m, err := l.stream.GetLastMsgForSubject(ctx, ssubj)
		switch {
		case err == nil:
			// A voiding statement cannot be voided (xAPI Data 2.3.2).
			if st, err := xapi.Decode(m.Data); err != nil || st.Verb.ID != profile.VerbVoided {
				n++
			}
		case errors.Is(err, jetstream.ErrMsgNotFound):
		default:
			return 0, fmt.Errorf("look up voided statement %s: %w", ssubj, err)
		}
	}
	return n, nil
}

// VerifyRow is one compared measure.
type VerifyRow struct {
	Projection string
	Tenant     string
	Count
}

// Differs reports whether the log and the projection disagree.
func (r VerifyRow) Differs() bool { return r.Log != r.Projected }

// String formats a row for logs and errors.
func (r VerifyRow) String() string {
	return fmt.Sprintf("%s %s %s: log %d, projection %d", r.Projection, r.Tenant, r.Measure, r.Log, r.Projected)
}

// VerifyReport is the outcome of Verify.
type VerifyReport struct {
	Rows []VerifyRow
	// Unverified lists the projections that cannot be reconciled.
	Unverified []string
	// Settled is false when events kept arriving, or a projection kept
	// lagging, until the wait was over: differences may then be lag.
	Settled bool
}

// Differences returns the rows that differ.
func (r *VerifyReport) Differences() []VerifyRow {
	var out []VerifyRow
	for _, row := range r.Rows {
		if row.Differs() {
			out = append(out, row)
		}
	}
	return out
}

// Verify compares every projection that is a Verifier with the log, per
// tenant: the tenants given (e.g. those with clients), those the
// projections hold, and a check that no statement event belongs to a
// tenant outside that list. It waits, up to wait, for a moment when the
// projections have caught up and the log does not move while counting.
func Verify(ctx context.Context, js jetstream.JetStream, projections []Projection, tenants []string, wait time.Duration) (*VerifyReport, error) {
	lc, err := NewLogCounts(ctx, js)
	if err != nil {
		return nil, err
	}
	var vs []Projection
	rep := &VerifyReport{}
	for _, p := range projections {
		if _, ok := p.(Verifier); ok {
			vs = append(vs, p)
		} else {
			rep.Unverified = append(rep.Unverified, p.Name())
		}
	}
	all := slices.Clone(tenants)
	for _, p := range vs {
		ts, err := p.(Verifier).Tenants(ctx)
		if err != nil {
			return nil, fmt.Errorf("verify %s: list tenants: %w", p.Name(), err)
		}
		all = append(all, ts...)
	}
	slices.Sort(all)
	all = slices.Compact(all)

	deadline := time.Now().Add(wait)
	for {
		before, err := lastSeq(ctx, lc.stream)
		if err != nil {
			return nil, err
		}
		caughtUp, err := caughtUp(ctx, js, vs)
		if err != nil {
			return nil, err
		}
		rows, err := verifyOnce(ctx, lc, vs, all)
		if err != nil {
			return nil, err
		}
		after, err := lastSeq(ctx, lc.stream)
		if err != nil {
			return nil, err
		}
		rep.Rows, rep.Settled = rows, caughtUp && before == after
		if rep.Settled || time.Now().After(deadline) {
			return rep, nil
		}
		if !sleep(ctx, 500*time.Millisecond) {
			return nil, ctx.Err()
		}
	}
}

func verifyOnce(ctx context.Context, lc *LogCounts, vs []Projection, tenants []string) ([]VerifyRow, error) {
	var rows []VerifyRow
	var checked uint64
	for _, t := range tenants {
		if event.ValidTenant(t) != nil {
			continue
		}
		n, err := lc.Statements(ctx, t)
		if err != nil {
			return nil, err
		}
		checked += n
		for _, p := range vs {
			counts, err := p.(Verifier).Verify(ctx, lc, t)
			if err != nil {
				return nil, fmt.Errorf("verify %s for tenant %s: %w", p.Name(), t, err)
			}
			for _, c := range counts {
				rows = append(rows, VerifyRow{Projection: p.Name(), Tenant: t, Count: c})
			}
		}
	}
	total, err := lc.Events(ctx, event.Filter(event.KindStatement))
	if err != nil {
		return nil, err
	}
	rows = append(rows, VerifyRow{Projection: "log", Tenant: "*", Count: Count{
		Measure: "statement events of tenants not checked", Log: total - min(total, checked), Projected: 0,
	}})
	return rows, nil
}

func lastSeq(ctx context.Context, s jetstream.Stream) (uint64, error) {
	info, err := s.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("read stream %s: %w", event.Stream, err)
	}
	return info.State.LastSeq, nil
}

// caughtUp reports whether every projection's consumer has applied
// everything on the log.
func caughtUp(ctx context.Context, js jetstream.JetStream, ps []Projection) (bool, error) {
	for _, p := range ps {
		c, err := js.Consumer(ctx, event.Stream, ConsumerName(p.Name()))
		if errors.Is(err, jetstream.ErrConsumerNotFound) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("read consumer %s: %w", ConsumerName(p.Name()), err)
		}
		info := c.CachedInfo()
		if info.NumPending != 0 || info.NumAckPending != 0 {
			return false, nil
		}
	}
	return true, nil
}
