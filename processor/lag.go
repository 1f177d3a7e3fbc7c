package processor

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
)

// watchLag reads the consumer's state every LagInterval and reports the
// projection's lag: the events on the log it has not applied yet, whether
// waiting for delivery or delivered and not yet acknowledged. The lag a
// fetch reports stops moving while a projection cannot apply its batch;
// this keeps /metrics and /readyz right while it fails. It also reports
// the projection's dead letters waiting. The returned group is done once
// ctx is.
func (r *Runner) watchLag(ctx context.Context, log *slog.Logger, p Projection, cons jetstream.Consumer) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(r.cfg.LagInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			r.refreshLag(ctx, log, p, cons)
		}
	}()
	return &wg
}

func (r *Runner) refreshLag(ctx context.Context, log *slog.Logger, p Projection, cons jetstream.Consumer) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.LagInterval)
	defer cancel()
	info, err := cons.Info(ctx)
	if err != nil {
		// JetStream is unreachable or the consumer is being recreated:
		// keep the last known lag; the fetch loop reports the failure.
		log.Debug("read consumer state", "consumer", ConsumerName(p.Name()), "err", err)
		return
	}
	r.setLag(p.Name(), info.NumPending+uint64(info.NumAckPending))
	n, err := countDeadLetters(ctx, r.js, p.Name())
	if err != nil {
		log.Debug("count dead letters", "err", err)
		return
	}
	r.metrics.deadLettersWaiting.WithLabelValues(p.Name()).Set(float64(n))
}

// countDeadLetters counts the dead letters of a projection on the
// dead-letter stream.
func countDeadLetters(ctx context.Context, js jetstream.JetStream, projection string) (uint64, error) {
	s, err := js.Stream(ctx, event.DeadLetterStream)
	if err != nil {
		return 0, err
	}
	info, err := s.Info(ctx, jetstream.WithSubjectFilter(event.DeadLetterFilter(projection)))
	if err != nil {
		return 0, err
	}
	var n uint64
	for _, c := range info.State.Subjects {
		n += c
	}
	return n, nil
}
