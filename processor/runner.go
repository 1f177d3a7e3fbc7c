package processor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/leerlijn/leerlijn/schema/event"
)

// Runner runs one durable consumer per projection.
type Runner struct {
	cfg         Config
	js          jetstream.JetStream
	projections []Projection
	log         *slog.Logger
	metrics     *metrics

	mu     sync.Mutex
	status map[string]*status
}

// status is what readiness and operators see of one projection.
type status struct {
	failing error
	// fetchFailure says failing came from fetching, not applying.
	fetchFailure bool
	lag          uint64
	lastApply    time.Time
}

// NewRunner returns a runner for the projections.
func NewRunner(cfg Config, js jetstream.JetStream, projections []Projection, log *slog.Logger, reg prometheus.Registerer) (*Runner, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if js == nil || log == nil || reg == nil {
		return nil, errors.New("new runner: js, log and reg are required")
	}
	if len(projections) == 0 {
		return nil, errors.New("new runner: no projections")
	}
	seen := map[string]bool{}
	for _, p := range projections {
		if seen[p.Name()] {
			return nil, fmt.Errorf("new runner: two projections named %q", p.Name())
		}
		seen[p.Name()] = true
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("new runner: register metrics: %w", err)
	}
	r := &Runner{cfg: cfg, js: js, projections: projections, log: log.With("component", "processor"), metrics: m, status: map[string]*status{}}
	for _, p := range projections {
		r.status[p.Name()] = &status{}
	}
	return r, nil
}

// Run consumes until ctx is done. On shutdown each projection finishes and
// acknowledges the batch it is applying.
func (r *Runner) Run(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, p := range r.projections {
		g.Go(func() error { return r.runProjection(gctx, p) })
	}
	err := g.Wait()
	r.log.Info("processor stopped")
	return err
}

// consumerConfig is the durable consumer of a projection.
func (r *Runner) consumerConfig(p Projection) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:         ConsumerName(p.Name()),
		Description:     "Leerlijn projection " + p.Name(),
		FilterSubjects:  p.Subjects(),
		AckPolicy:       jetstream.AckExplicitPolicy,
		DeliverPolicy:   jetstream.DeliverAllPolicy,
		AckWait:         r.cfg.AckWait,
		MaxDeliver:      -1,
		MaxAckPending:   4 * r.cfg.BatchSize,
		MaxRequestBatch: r.cfg.BatchSize,
	}
}

// Consumer creates or updates the durable consumer of p and returns it. A
// pause set by a replay in progress is kept: a processor starting during a
// replay must not resume the consumer the replay is draining.
func (r *Runner) Consumer(ctx context.Context, p Projection) (jetstream.Consumer, error) {
	cfg := r.consumerConfig(p)
	if c, err := r.js.Consumer(ctx, event.Stream, cfg.Durable); err == nil {
		if info := c.CachedInfo(); info != nil && info.Paused {
			cfg.PauseUntil = info.Config.PauseUntil
		}
	}
	c, err := r.js.CreateOrUpdateConsumer(ctx, event.Stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("create consumer %s: %w", ConsumerName(p.Name()), err)
	}
	return c, nil
}

func (r *Runner) runProjection(ctx context.Context, p Projection) error {
	log := r.log.With("projection", p.Name())
	retries := r.newRetries(p)
	started := false
	for backoff := r.cfg.RetryMin; ctx.Err() == nil; backoff = r.next(backoff) {
		cons, err := r.Consumer(ctx, p)
		if err == nil {
			if !started {
				log.Info("projection started", "consumer", ConsumerName(p.Name()))
				started = true
			}
			lctx, stopLag := context.WithCancel(ctx)
			watch := r.watchLag(lctx, log, p, cons)
			var progressed bool
			progressed, err = r.consume(ctx, log, p, cons, retries)
			stopLag()
			watch.Wait()
			if progressed {
				backoff = r.cfg.RetryMin
			}
		}
		if ctx.Err() != nil {
			break
		}
		// No responders or a deleted consumer (a replay recreates it), or
		// JetStream not reachable: back off rather than spin.
		r.setFetchFailing(p.Name(), fmt.Errorf("consume from %s: %w", ConsumerName(p.Name()), err))
		log.Warn("consuming failed, retrying", "err", err, "retry_in", backoff)
		if !sleep(ctx, jitter(backoff)) {
			break
		}
	}
	return nil
}

// consume reads the consumer with a continuous pull until ctx is done or
// the pull fails. A continuous pull keeps a request open on the server, so
// a consumer that takes the server long to position (a replay from the
// start over millions of subjects) is not starved by requests that expire
// first. Messages are gathered into batches of up to BatchSize, applied and
// acknowledged. progressed reports whether any batch was handled.
func (r *Runner) consume(ctx context.Context, log *slog.Logger, p Projection, cons jetstream.Consumer, retries *retries) (progressed bool, err error) {
	it, err := cons.Messages(jetstream.PullMaxMessages(r.cfg.BatchSize), jetstream.PullExpiry(30*time.Second))
	if err != nil {
		return false, err
	}
	defer it.Stop()
	var created time.Time
	if info := cons.CachedInfo(); info != nil {
		created = info.Created
	}
	lastMsg := time.Now()
	for {
		retries.poll(ctx, log)
		msgs, err := r.collect(ctx, it)
		if len(msgs) > 0 {
			r.handle(ctx, log, p, msgs)
			progressed, lastMsg = true, time.Now()
		}
		if ctx.Err() != nil {
			r.drainPull(log, p, it)
			return progressed, nil
		}
		if err != nil {
			return progressed, err
		}
		if len(msgs) == 0 {
			if time.Since(lastMsg) > stallCheck {
				lastMsg = time.Now()
				if err := checkPull(ctx, cons, created); err != nil {
					return progressed, err
				}
			}
			r.clearFetchFailure(p.Name())
		}
	}
}

// stallCheck is how long a pull may deliver nothing before the consumer's
// state on the server is checked.
const stallCheck = 5 * time.Second

// checkPull reports a pull that can no longer deliver: the consumer was
// deleted and created again under the same name (a replay), which leaves
// the client's pull bound to the old one, or the server holds no request
// of this pull although events wait. The caller then starts a new pull.
func checkPull(ctx context.Context, cons jetstream.Consumer, created time.Time) error {
	info, err := cons.Info(ctx)
	if err != nil {
		return err
	}
	switch {
	case !created.IsZero() && !info.Created.Equal(created):
		return errors.New("consumer was recreated (replay)")
	case info.NumPending > 0 && info.NumWaiting == 0 && !info.Paused:
		return fmt.Errorf("%d events wait but the pull has no request on the server", info.NumPending)
	}
	return nil
}

// collect waits up to a second for a first message (so that dead-letter
// retries and shutdown are looked at regularly), then gathers more until
// the batch is full or MaxWait has passed since the first one arrived.
func (r *Runner) collect(ctx context.Context, it jetstream.MessagesContext) ([]jetstream.Msg, error) {
	var msgs []jetstream.Msg
	deadline := time.Now().Add(time.Second)
	first := true
	for len(msgs) < r.cfg.BatchSize {
		wait := time.Until(deadline)
		if wait <= 0 {
			break
		}
		nctx, cancel := context.WithTimeout(ctx, wait)
		m, err := it.Next(jetstream.NextContext(nctx))
		cancel()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) {
				return msgs, nil
			}
			return msgs, err
		}
		if first {
			deadline, first = time.Now().Add(r.cfg.MaxWait), false
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}

// drainPull applies and acknowledges what the pull had already delivered when
// shutdown began, so that those events are not left waiting for AckWait.
func (r *Runner) drainPull(log *slog.Logger, p Projection, it jetstream.MessagesContext) {
	it.Drain()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var msgs []jetstream.Msg
	for {
		m, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			break
		}
		msgs = append(msgs, m)
	}
	if len(msgs) > 0 {
		// Bounded: with a failing sink the batch is handed back (Nak)
		// rather than holding up shutdown.
		hctx, hcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer hcancel()
		r.handle(hctx, log, p, msgs)
	}
}

// handle applies one fetched batch and acknowledges it, retrying transient
// failures until ctx is done (then the batch is left for redelivery).
func (r *Runner) handle(ctx context.Context, log *slog.Logger, p Projection, msgs []jetstream.Msg) {
	name := p.Name()
	envs := make([]event.Envelope, 0, len(msgs))
	keep := make([]jetstream.Msg, 0, len(msgs))
	for _, m := range msgs {
		md, err := m.Metadata()
		if err != nil {
			r.deadLetter(ctx, log, name, m, "", 0, fmt.Sprintf("read metadata: %v", err))
			continue
		}
		env, err := event.Decode(m.Subject(), m.Headers(), m.Data(), md.Sequence.Stream)
		if err != nil {
			r.deadLetter(ctx, log, name, m, "", md.Sequence.Stream, err.Error())
			continue
		}
		envs = append(envs, env)
		keep = append(keep, m)
	}
	pending := uint64(0)
	if last, err := msgs[len(msgs)-1].Metadata(); err == nil {
		pending = last.NumPending
		r.setLag(name, pending+uint64(len(keep)))
	}
	backoff := r.cfg.RetryMin
	lastProgress := time.Now()
	for len(envs) > 0 {
		// The batch in hand is finished even when shutdown begins.
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.cfg.ApplyTimeout)
		start := time.Now()
		err := p.Apply(actx, envs)
		cancel()
		r.metrics.applyDuration.WithLabelValues(name).Observe(time.Since(start).Seconds())
		if err == nil {
			break
		}
		var poison *PoisonError
		if errors.As(err, &poison) {
			i := indexOfSeq(envs, poison.Seq)
			if i < 0 {
				err = fmt.Errorf("projection reported poison event %d that is not in the batch: %w", poison.Seq, err)
			} else {
				r.deadLetter(ctx, log, name, keep[i], envs[i].Tenant, envs[i].Seq, poison.Reason)
				envs = append(envs[:i], envs[i+1:]...)
				keep = append(keep[:i], keep[i+1:]...)
				continue
			}
		}
		r.metrics.applyErrors.WithLabelValues(name).Inc()
		r.setFailing(name, err)
		log.Warn("apply failed, retrying", "err", err, "batch_size", len(envs), "retry_in", backoff)
		if time.Since(lastProgress) > r.cfg.AckWait/3 {
			for _, m := range keep {
				_ = m.InProgress()
			}
			lastProgress = time.Now()
		}
		if !sleep(ctx, jitter(backoff)) {
			// Shutting down with a failing sink: hand the batch back.
			for _, m := range keep {
				_ = m.Nak()
			}
			return
		}
		backoff = r.next(backoff)
	}
	for _, m := range keep {
		if err := m.Ack(); err != nil {
			log.Warn("ack failed; the event will be redelivered and applied again harmlessly", "err", err)
		}
	}
	r.metrics.events.WithLabelValues(name).Add(float64(len(keep)))
	r.metrics.batches.WithLabelValues(name).Inc()
	r.setLag(name, pending)
	r.setOK(name)
}

func indexOfSeq(envs []event.Envelope, seq uint64) int {
	for i := range envs {
		if envs[i].Seq == seq {
			return i
		}
	}
	return -1
}

func (r *Runner) next(d time.Duration) time.Duration {
	d *= 2
	if d > r.cfg.RetryMax {
		d = r.cfg.RetryMax
	}
	return d
}

// jitter spreads retries over [d/2, d).
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func (r *Runner) setFailing(name string, err error) {
	r.mu.Lock()
	r.status[name].failing, r.status[name].fetchFailure = err, false
	r.mu.Unlock()
	r.metrics.failing.WithLabelValues(name).Set(1)
}

func (r *Runner) setFetchFailing(name string, err error) {
	r.mu.Lock()
	r.status[name].failing, r.status[name].fetchFailure = err, true
	r.mu.Unlock()
	r.metrics.failing.WithLabelValues(name).Set(1)
}

func (r *Runner) setOK(name string) {
	r.mu.Lock()
	st := r.status[name]
	st.failing = nil
	st.lastApply = time.Now()
	r.mu.Unlock()
	r.metrics.failing.WithLabelValues(name).Set(0)
}

// clearFetchFailure marks a projection healthy again after a failed fetch
// once a fetch succeeds with nothing to apply; a failing apply is cleared
// only by a successful one.
func (r *Runner) clearFetchFailure(name string) {
	r.mu.Lock()
	st := r.status[name]
	cleared := st.failing != nil && st.fetchFailure
	if cleared {
		st.failing, st.fetchFailure = nil, false
	}
	r.mu.Unlock()
	if cleared {
		r.metrics.failing.WithLabelValues(name).Set(0)
	}
}

func (r *Runner) setLag(name string, lag uint64) {
	r.mu.Lock()
	r.status[name].lag = lag
	r.mu.Unlock()
	r.metrics.lag.WithLabelValues(name).Set(float64(lag))
}

// Check is the readiness check: it fails while a projection cannot apply
// its events, naming the projection, the error and the events waiting.
func (r *Runner) Check(context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for _, p := range r.projections {
		st := r.status[p.Name()]
		if st.failing != nil {
			errs = append(errs, fmt.Errorf("projection %s is failing with %d events waiting: %w", p.Name(), st.lag, st.failing))
		}
	}
	return errors.Join(errs...)
}
