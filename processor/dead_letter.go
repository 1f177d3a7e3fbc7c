package processor

import (
	"context"
	"log/slog"
	"strconv"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
)

// deadLetter copies a message the projection cannot apply to the
// dead-letter stream with the reason, then terminates it so it is not
// redelivered. If the copy cannot be stored the message is left
// unacknowledged: it is redelivered later rather than lost.
func (r *Runner) deadLetter(ctx context.Context, log *slog.Logger, projection string, m jetstream.Msg, tenant string, seq uint64, reason string) {
	tenant = deadLetterTenant(tenant, m.Subject())
	msgID := projection + "-" + strconv.FormatUint(seq, 10)
	if err := r.storeDeadLetter(ctx, projection, tenant, m.Subject(), seq, m.Headers(), m.Data(), reason, msgID); err != nil {
		log.Error("dead letter not stored; leaving the event for redelivery", "stream_seq", seq, "err", err)
		return
	}
	_ = m.TermWithReason(reason)
	r.metrics.deadLetters.WithLabelValues(projection).Inc()
	log.Warn("event sent to dead letters", "tenant", tenant, "stream_seq", seq, "reason", reason)
}

// deadLetterTenant is the tenant a dead letter is filed under: the
// event's, or the subject's when the event did not decode, or "unknown".
func deadLetterTenant(tenant, subject string) string {
	if tenant != "" {
		return tenant
	}
	if t, _, _, err := event.ParseSubject(subject); err == nil {
		return t
	}
	return "unknown"
}

// storeDeadLetter publishes the event (its original headers and body) to
// the projection's dead-letter subject with the reason, the original
// subject and stream sequence, and waits for JetStream's acknowledgement.
func (r *Runner) storeDeadLetter(ctx context.Context, projection, tenant, subject string, seq uint64, h nats.Header, body []byte, reason, msgID string) error {
	dl := &nats.Msg{Subject: event.DeadLetterSubject(projection, tenant), Header: nats.Header{}, Data: body}
	for k, v := range h {
		switch k {
		case event.HeaderRetryOf, jetstream.MsgIDHeader:
			continue
		}
		dl.Header[k] = v
	}
	dl.Header.Set(event.HeaderDeadLetterReason, reason)
	dl.Header.Set(event.HeaderDeadLetterSubject, subject)
	dl.Header.Set(event.HeaderDeadLetterSeq, strconv.FormatUint(seq, 10))
	dl.Header.Set(jetstream.MsgIDHeader, msgID)
	_, err := r.js.PublishMsg(ctx, dl)
	return err
}
