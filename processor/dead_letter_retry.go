package processor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
)

// A dead letter is retried (leerlijn deadletters retry) by publishing it to
// the projection's retry subject on the dead-letter stream. Each projection
// reads its retries through a durable consumer of its own, in the same
// goroutine that applies the log, so a retried event is applied like any
// other: through Apply, one projection instance at a time, never beside a
// batch of the same projection. Applied, the dead letter is deleted; failed
// again, it is replaced by one with the new reason.

// retryPollInterval is how often a projection looks for retries.
const retryPollInterval = time.Second

// retryBatch is the most retries applied per poll.
const retryBatch = 100

// RetryConsumerName is the durable consumer of a projection's retries.
func RetryConsumerName(projection string) string { return ConsumerName(projection) + "-retry" }

type retries struct {
	r    *Runner
	p    Projection
	cons jetstream.Consumer // nil until created
	next time.Time
}

func (r *Runner) newRetries(p Projection) *retries { return &retries{r: r, p: p} }

func (rt *retries) config() jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       RetryConsumerName(rt.p.Name()),
		Description:   "Leerlijn dead-letter retries of projection " + rt.p.Name(),
		FilterSubject: event.RetryFilter(rt.p.Name()),
		AckPolicy:     jetstream.AckExplicitPolicy,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckWait:       rt.r.cfg.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: retryBatch,
	}
}

// poll applies the retries waiting, at most once per retryPollInterval.
func (rt *retries) poll(ctx context.Context, log *slog.Logger) {
	if time.Now().Before(rt.next) {
		return
	}
	rt.next = time.Now().Add(retryPollInterval)
	if rt.cons == nil {
		c, err := rt.r.js.CreateOrUpdateConsumer(ctx, event.DeadLetterStream, rt.config())
		if err != nil {
			log.Debug("retry consumer not ready", "consumer", RetryConsumerName(rt.p.Name()), "err", err)
			return
		}
		rt.cons = c
	}
	batch, err := rt.cons.FetchNoWait(retryBatch)
	if err != nil {
		log.Debug("fetch retries", "err", err)
		return
	}
	for m := range batch.Messages() {
		rt.apply(ctx, log, m)
	}
}

// apply applies one retried dead letter.
func (rt *retries) apply(ctx context.Context, log *slog.Logger, m jetstream.Msg) {
	name := rt.p.Name()
	h := m.Headers()
	subject := h.Get(event.HeaderDeadLetterSubject)
	seq, _ := strconv.ParseUint(h.Get(event.HeaderDeadLetterSeq), 10, 64)
	dlSeq, _ := strconv.ParseUint(h.Get(event.HeaderRetryOf), 10, 64)
	var retrySeq uint64
	if md, err := m.Metadata(); err == nil {
		retrySeq = md.Sequence.Stream
	}
	log = log.With("stream_seq", seq, "dead_letter_seq", dlSeq)
	env, err := event.Decode(subject, h, m.Data(), seq)
	var reason string
	if err != nil {
		reason = err.Error()
	} else {
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rt.r.cfg.ApplyTimeout)
		err = rt.p.Apply(actx, []event.Envelope{env})
		cancel()
		var poison *PoisonError
		switch {
		case err == nil:
			if err := m.DoubleAck(ctx); err != nil {
				// Applied but not acknowledged: it comes again and is
				// applied again, harmlessly.
				log.Warn("retry applied but not acknowledged", "err", err)
				return
			}
			rt.deleteDeadLetter(ctx, log, dlSeq)
			rt.r.metrics.retries.WithLabelValues(name, "applied").Inc()
			log.Info("dead letter applied on retry", "tenant", env.Tenant)
			return
		case errors.As(err, &poison):
			reason = poison.Reason
		default:
			log.Warn("retry of dead letter failed, will retry", "err", err)
			_ = m.NakWithDelay(rt.r.cfg.RetryMax)
			return
		}
	}
	msgID := fmt.Sprintf("%s-%d-retry-%d", name, seq, retrySeq)
	tenant := deadLetterTenant(env.Tenant, subject)
	if err := rt.r.storeDeadLetter(ctx, name, tenant, subject, seq, h, m.Data(), reason, msgID); err != nil {
		log.Error("dead letter not stored again; the retry will come again", "err", err)
		_ = m.NakWithDelay(rt.r.cfg.RetryMax)
		return
	}
	rt.deleteDeadLetter(ctx, log, dlSeq)
	_ = m.TermWithReason(reason)
	rt.r.metrics.retries.WithLabelValues(name, "dead_letter").Inc()
	log.Warn("retried dead letter failed again", "tenant", tenant, "reason", reason)
}

// deleteDeadLetter removes a dead letter once its retry is settled.
func (rt *retries) deleteDeadLetter(ctx context.Context, log *slog.Logger, seq uint64) {
	if seq == 0 {
		return
	}
	s, err := rt.r.js.Stream(ctx, event.DeadLetterStream)
	if err == nil {
		err = s.DeleteMsg(ctx, seq)
	}
	if err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		log.Warn("dead letter not deleted after its retry; delete it by hand", "err", err)
	}
}
