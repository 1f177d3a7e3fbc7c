package processor

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
)

// DeadLetter is one event a projection could not apply, as kept on the
// dead-letter stream.
type DeadLetter struct {
	// Seq is the dead letter's sequence on the dead-letter stream: what
	// "leerlijn deadletters retry SEQ" takes.
	Seq        uint64
	Time       time.Time
	Projection string
	Tenant     string
	// Subject and EventSeq are the original event's subject and sequence
	// on the event log.
	Subject  string
	EventSeq uint64
	Reason   string
}

// ListDeadLetters returns the dead letters of a projection and tenant (an
// empty projection or tenant matches any), oldest first.
func ListDeadLetters(ctx context.Context, js jetstream.JetStream, projection, tenant string) ([]DeadLetter, error) {
	filter := event.DeadLetterTenantFilter(projection, tenant)
	s, err := js.Stream(ctx, event.DeadLetterStream)
	if err != nil {
		return nil, fmt.Errorf("open stream %s: %w", event.DeadLetterStream, err)
	}
	info, err := s.Info(ctx, jetstream.WithSubjectFilter(filter))
	if err != nil {
		return nil, fmt.Errorf("read stream %s: %w", event.DeadLetterStream, err)
	}
	var want uint64
	for _, n := range info.State.Subjects {
		want += n
	}
	if want == 0 {
		return nil, nil
	}
	c, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}})
	if err != nil {
		return nil, fmt.Errorf("read dead letters: %w", err)
	}
	var out []DeadLetter
	for uint64(len(out)) < want {
		batch, err := c.Fetch(500, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			return nil, fmt.Errorf("read dead letters: %w", err)
		}
		n, last := 0, false
		for m := range batch.Messages() {
			n++
			md, err := m.Metadata()
			if err != nil {
				return nil, fmt.Errorf("read dead letters: %w", err)
			}
			out = append(out, deadLetterOf(m.Subject(), m.Headers(), md.Sequence.Stream, md.Timestamp))
			last = md.NumPending == 0
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) && !errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("read dead letters: %w", err)
		}
		if n == 0 || last {
			break
		}
	}
	return out, nil
}

func deadLetterOf(subject string, h nats.Header, seq uint64, t time.Time) DeadLetter {
	d := DeadLetter{Seq: seq, Time: t.UTC(), Subject: h.Get(event.HeaderDeadLetterSubject), Reason: h.Get(event.HeaderDeadLetterReason)}
	d.Projection, d.Tenant, _ = event.ParseDeadLetterSubject(subject)
	d.EventSeq, _ = strconv.ParseUint(h.Get(event.HeaderDeadLetterSeq), 10, 64)
	return d
}

// GetDeadLetter returns the dead letter with stream sequence seq;
// jetstream.ErrMsgNotFound means it is gone (retried and applied, or
// replaced by a new dead letter after a failed retry).
func GetDeadLetter(ctx context.Context, js jetstream.JetStream, seq uint64) (DeadLetter, error) {
	s, err := js.Stream(ctx, event.DeadLetterStream)
	if err != nil {
		return DeadLetter{}, fmt.Errorf("open stream %s: %w", event.DeadLetterStream, err)
	}
	m, err := s.GetMsg(ctx, seq)
	if err != nil {
		return DeadLetter{}, err
	}
	if _, _, err := event.ParseDeadLetterSubject(m.Subject); err != nil {
		return DeadLetter{}, fmt.Errorf("message %d on %s is not a dead letter: %w", seq, event.DeadLetterStream, err)
	}
	return deadLetterOf(m.Subject, m.Header, m.Sequence, m.Time), nil
}

// RetryDeadLetter asks the projection that could not apply a dead letter
// to apply it again: it publishes the dead letter, original headers and
// body, to the projection's retry subject. The projection applies it
// through its Runner (see dead_letter_retry.go); a retry of the same dead
// letter within the stream's duplicate window is sent once.
func RetryDeadLetter(ctx context.Context, js jetstream.JetStream, seq uint64) (DeadLetter, error) {
	s, err := js.Stream(ctx, event.DeadLetterStream)
	if err != nil {
		return DeadLetter{}, fmt.Errorf("open stream %s: %w", event.DeadLetterStream, err)
	}
	m, err := s.GetMsg(ctx, seq)
	if err != nil {
		return DeadLetter{}, fmt.Errorf("dead letter %d: %w", seq, err)
	}
	projection, tenant, err := event.ParseDeadLetterSubject(m.Subject)
	if err != nil {
		return DeadLetter{}, fmt.Errorf("message %d on %s is not a dead letter: %w", seq, event.DeadLetterStream, err)
	}
	retry := &nats.Msg{Subject: event.RetrySubject(projection, tenant), Header: nats.Header{}, Data: m.Data}
	for k, v := range m.Header {
		retry.Header[k] = v
	}
	retry.Header.Set(event.HeaderRetryOf, strconv.FormatUint(seq, 10))
	retry.Header.Set(jetstream.MsgIDHeader, "retry-"+strconv.FormatUint(seq, 10))
	if _, err := js.PublishMsg(ctx, retry); err != nil {
		return DeadLetter{}, fmt.Errorf("retry dead letter %d: %w", seq, err)
	}
	return deadLetterOf(m.Subject, m.Header, m.Sequence, m.Time), nil
}
