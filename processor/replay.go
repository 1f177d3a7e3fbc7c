package processor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/sync/errgroup"

	"github.com/leerlijn/leerlijn/schema/event"
)

// A replay rebuilds projections from the start of the log while ingest
// goes on. It must not race with the processors applying the same
// projection, wherever they run (serve, processor, several instances), so
// it coordinates through the durable consumer itself, on the JetStream
// server:
//
//  1. Pause the consumer: no processor gets new events of the projection.
//  2. Drain: wait until every event delivered before the pause is
//     acknowledged, so no apply of the projection is in flight.
//  3. Delete the consumer, Reset the projection's tables, and create the
//     consumer again, delivering from the start of the stream. The new
//     consumer's description names the replay, so if a processor starting
//     meanwhile created the consumer again (and may have applied events
//     before the Reset), creating it fails and step 3 is repeated.
//  4. The processors (or this process, with ReplayOptions.Apply) apply the
//     log again; the replay is done when the consumer has acknowledged
//     every event that was on the log when it was recreated.
//
// Each step is safe to interrupt: a pause expires by itself, and a
// consumer left deleted is created again, from the start, by the next
// replay or processor start. Re-applying events is harmless because every
// projection is idempotent.

// ReplayOptions configure Runner.Replay.
type ReplayOptions struct {
	// Apply runs the projections in this process until they have caught
	// up. Without it the events are applied by the processors running
	// elsewhere (serve or processor mode).
	Apply bool
	// DrainTimeout bounds step 2. Zero means the consumer's AckWait.
	DrainTimeout time.Duration
	// Report, if set, gets the progress about twice a second.
	Report func([]ReplayProgress)
}

// ReplayProgress is how far the replay of one projection has come.
type ReplayProgress struct {
	Projection string
	// Done counts the events applied again, Total those on the log when
	// the replay began (events arriving since are applied too).
	Done, Total uint64
	// Waiting is the number of pull requests on the consumer: zero for a
	// while means no processor is applying the projection.
	Waiting  int
	Finished bool
}

// replayState is one projection's replay.
type replayState struct {
	p        Projection
	cons     jetstream.Consumer
	paused   bool
	existed  bool
	lastSeq  uint64 // the last event of the projection's subjects at recreation
	progress ReplayProgress
}

// Replay rebuilds every projection of the runner from the start of the
// log (see above) and returns once they have caught up, or when ctx ends.
func (r *Runner) Replay(ctx context.Context, o ReplayOptions) error {
	if o.DrainTimeout <= 0 {
		o.DrainTimeout = r.cfg.AckWait
	}
	states := make([]*replayState, len(r.projections))
	for i, p := range r.projections {
		states[i] = &replayState{p: p, progress: ReplayProgress{Projection: p.Name()}}
	}
	pauseUntil := time.Now().Add(o.DrainTimeout + time.Minute)
	for _, st := range states {
		if err := r.pause(ctx, st, pauseUntil); err != nil {
			r.resume(states)
			return err
		}
	}
	for _, st := range states {
		if err := r.drain(ctx, st, o.DrainTimeout); err != nil {
			r.resume(states)
			return err
		}
	}
	for _, st := range states {
		if err := r.recreate(ctx, st); err != nil {
			return err
		}
		r.log.Info("projection reset; replaying from the start of the log", "projection", st.p.Name(), "events", st.progress.Total)
	}
	if !o.Apply {
		return r.waitReplayed(ctx, states, o.Report)
	}
	g, gctx := errgroup.WithContext(ctx)
	runCtx, stop := context.WithCancel(gctx)
	defer stop()
	g.Go(func() error { return r.Run(runCtx) })
	g.Go(func() error {
		defer stop()
		return r.waitReplayed(gctx, states, o.Report)
	})
	return g.Wait()
}

func (r *Runner) pause(ctx context.Context, st *replayState, until time.Time) error {
	name := ConsumerName(st.p.Name())
	_, err := r.js.PauseConsumer(ctx, event.Stream, name, until)
	switch {
	case err == nil:
		st.paused, st.existed = true, true
	case errors.Is(err, jetstream.ErrConsumerNotFound):
		// Never started, or left deleted by an interrupted replay.
	default:
		return fmt.Errorf("replay %s: pause consumer %s: %w", st.p.Name(), name, err)
	}
	return nil
}

// resume lifts the pauses after a replay gave up before deleting anything.
func (r *Runner) resume(states []*replayState) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, st := range states {
		if st.paused {
			if _, err := r.js.ResumeConsumer(ctx, event.Stream, ConsumerName(st.p.Name())); err != nil {
				r.log.Warn("consumer left paused; it resumes by itself when the pause expires", "projection", st.p.Name(), "err", err)
			}
		}
	}
}

// drain waits until no event of the paused consumer is in flight.
func (r *Runner) drain(ctx context.Context, st *replayState, timeout time.Duration) error {
	if !st.existed {
		return nil
	}
	deadline := time.Now().Add(timeout)
	for {
		info, err := r.consumerInfo(ctx, st.p)
		if err != nil {
			return fmt.Errorf("replay %s: %w", st.p.Name(), err)
		}
		if info.NumAckPending == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("replay %s: %d events still being applied after %s; is the projection failing? (see /readyz)", st.p.Name(), info.NumAckPending, timeout)
		}
		if !sleep(ctx, 100*time.Millisecond) {
			return ctx.Err()
		}
	}
}

func (r *Runner) consumerInfo(ctx context.Context, p Projection) (*jetstream.ConsumerInfo, error) {
	c, err := r.js.Consumer(ctx, event.Stream, ConsumerName(p.Name()))
	if err != nil {
		return nil, fmt.Errorf("read consumer %s: %w", ConsumerName(p.Name()), err)
	}
	return c.Info(ctx)
}

// recreate deletes the consumer, resets the projection and creates the
// consumer from the start of the log, until no one else created it in
// between.
func (r *Runner) recreate(ctx context.Context, st *replayState) error {
	name := ConsumerName(st.p.Name())
	cfg := r.consumerConfig(st.p)
	cfg.Description = fmt.Sprintf("Leerlijn projection %s, replayed from the start of the log at %s", st.p.Name(), time.Now().UTC().Format(time.RFC3339Nano))
	// Events arriving after this are applied too; the replay waits for
	// those before it.
	last, err := r.lastEventSeq(ctx, st.p)
	if err != nil {
		return fmt.Errorf("replay %s: %w", st.p.Name(), err)
	}
	for attempt := 1; ; attempt++ {
		if err := r.js.DeleteConsumer(ctx, event.Stream, name); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return fmt.Errorf("replay %s: delete consumer %s: %w", st.p.Name(), name, err)
		}
		if err := st.p.Reset(ctx); err != nil {
			return fmt.Errorf("replay %s: %w (the consumer is deleted: run the replay again)", st.p.Name(), err)
		}
		c, err := r.js.CreateConsumer(ctx, event.Stream, cfg)
		if errors.Is(err, jetstream.ErrConsumerExists) && attempt < 5 {
			r.log.Warn("consumer was created again during the replay's reset; resetting again", "projection", st.p.Name())
			continue
		}
		if err != nil {
			return fmt.Errorf("replay %s: create consumer %s: %w (run the replay again)", st.p.Name(), name, err)
		}
		st.cons, st.lastSeq = c, last
		st.progress.Total = c.CachedInfo().NumPending
		return nil
	}
}

// lastEventSeq is the stream sequence of the last event on the log that
// the projection reads (0 for none), or, if the server cannot look up the
// last message of a wildcard subject, the last sequence of the stream.
func (r *Runner) lastEventSeq(ctx context.Context, p Projection) (uint64, error) {
	s, err := r.js.Stream(ctx, event.Stream)
	if err != nil {
		return 0, fmt.Errorf("open stream %s: %w", event.Stream, err)
	}
	var last uint64
	for _, subj := range p.Subjects() {
		m, err := s.GetLastMsgForSubject(ctx, subj)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			r.log.Debug("last event by subject not available; using the stream's last sequence", "subject", subj, "err", err)
			return s.CachedInfo().State.LastSeq, nil
		}
		last = max(last, m.Sequence)
	}
	return last, nil
}

// waitReplayed reports progress until every projection's consumer has
// acknowledged the events that were on the log when it was recreated.
func (r *Runner) waitReplayed(ctx context.Context, states []*replayState, report func([]ReplayProgress)) error {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		all := true
		progress := make([]ReplayProgress, len(states))
		for i, st := range states {
			if !st.progress.Finished {
				info, err := st.cons.Info(ctx)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					r.log.Warn("read replay progress", "projection", st.p.Name(), "err", err)
				} else {
					st.progress.Done = min(info.AckFloor.Consumer, st.progress.Total)
					st.progress.Waiting = info.NumWaiting
					st.progress.Finished = info.AckFloor.Stream >= st.lastSeq || (info.NumPending == 0 && info.NumAckPending == 0)
					if st.progress.Finished {
						st.progress.Done = st.progress.Total
					}
				}
			}
			all = all && st.progress.Finished
			progress[i] = st.progress
		}
		if report != nil {
			report(progress)
		}
		if all {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
