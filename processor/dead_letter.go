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
	if tenant == "" {
		if t, _, _, err := event.ParseSubject(m.Subject()); err == nil {
			tenant = t
		} else {
			tenant = "unknown"
		}
	}
	dl := &nats.Msg{Subject: event.DeadLetterSubject(projection, tenant), Header: nats.Header{}, Data: m.Data()}
	for k, v := range m.Headers() {
		dl.Header[k] = v
	}
	dl.Header.Set(event.HeaderDeadLetterReason, reason)
	dl.Header.Set(event.HeaderDeadLetterSubject, m.Subject())
	dl.Header.Set(event.HeaderDeadLetterSeq, strconv.FormatUint(seq, 10))
	dl.Header.Set(jetstream.MsgIDHeader, projection+"-"+strconv.FormatUint(seq, 10))
	if _, err := r.js.PublishMsg(ctx, dl); err != nil {
		log.Error("dead letter not stored; leaving the event for redelivery", "stream_seq", seq, "err", err)
		return
	}
	_ = m.TermWithReason(reason)
	r.metrics.deadLetters.WithLabelValues(projection).Inc()
	log.Warn("event sent to dead letters", "tenant", tenant, "stream_seq", seq, "reason", reason)
}
