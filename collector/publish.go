package collector

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
)

// Header names of JetStream's optimistic concurrency and atomic batches.
const (
	hdrExpectedLastSubjSeq = "Nats-Expected-Last-Subject-Sequence"
	hdrBatchID             = "Nats-Batch-Id"
	hdrBatchSeq            = "Nats-Batch-Sequence"
	hdrBatchCommit         = "Nats-Batch-Commit"
)

// JetStream error codes for "wrong last sequence": on one node and on
// replicated streams.
const (
	errCodeWrongLastSeq        = 10071
	errCodeWrongLastSeqCluster = 10164
)

// publisher stores events on the log and reports, for each statement,
// whether it was new or an identical duplicate.
type publisher struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	stream  jetstream.Stream
	timeout time.Duration
	// batches bounds atomic batches in flight: JetStream allows 50 per
	// stream by default.
	batches chan struct{}
	metrics *metrics
}

func newPublisher(js jetstream.JetStream, stream jetstream.Stream, timeout time.Duration, m *metrics) *publisher {
	return &publisher{nc: js.Conn(), js: js, stream: stream, timeout: timeout, batches: make(chan struct{}, 32), metrics: m}
}

// item is one statement to store, with its voiding marker if it voids one.
type item struct {
	env        event.Envelope
	voidTarget string
}

func (it *item) messages() ([]*nats.Msg, error) {
	subj, err := it.env.Subject()
	if err != nil {
		return nil, err
	}
	m := &nats.Msg{Subject: subj, Header: nats.Header(it.env.Header()), Data: it.env.Body}
	m.Header.Set(hdrExpectedLastSubjSeq, "0")
	if it.voidTarget == "" {
		return []*nats.Msg{m}, nil
	}
	marker := event.Envelope{Tenant: it.env.Tenant, Kind: event.KindVoid, ID: it.voidTarget, Stored: it.env.Stored, Client: it.env.Client, Body: []byte(it.env.ID)}
	msubj, err := marker.Subject()
	if err != nil {
		return nil, err
	}
	return []*nats.Msg{m, {Subject: msubj, Header: nats.Header(marker.Header()), Data: marker.Body}}, nil
}

// store stores the items all or nothing. dup[i] reports that item i was
// already stored identically (a no-op). ErrConflict means an item's id is
// taken by a different statement; nothing was stored then.
func (p *publisher) store(ctx context.Context, items []item) (dup []bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	dup = make([]bool, len(items))
	if len(items) == 1 && items[0].voidTarget == "" {
		start := time.Now()
		err := p.storeOne(ctx, &items[0])
		p.metrics.publish.WithLabelValues("single").Observe(time.Since(start).Seconds())
		if isWrongLastSeq(err) {
			return dup, p.resolve(ctx, items, []int{0}, dup)
		}
		return dup, err
	}
	pending := make([]int, len(items))
	for i := range pending {
		pending[i] = i
	}
	// A batch can lose a race with a concurrent post of one of its
	// statements; each round removes the identical ones found stored.
	for round := 0; round < 4 && len(pending) > 0; round++ {
		start := time.Now()
		err := p.storeBatch(ctx, items, pending)
		p.metrics.publish.WithLabelValues("batch").Observe(time.Since(start).Seconds())
		if err == nil {
			return dup, nil
		}
		if !isWrongLastSeq(err) {
			return dup, err
		}
		if err := p.resolve(ctx, items, pending, dup); err != nil {
			return dup, err
		}
		next := pending[:0]
		for _, i := range pending {
			if !dup[i] {
				next = append(next, i)
			}
		}
		pending = next
	}
	if len(pending) > 0 {
		return dup, fmt.Errorf("store batch: %w: statements kept colliding with concurrent posts", ErrUnavailable)
	}
	return dup, nil
}

func (p *publisher) storeOne(ctx context.Context, it *item) error {
	msgs, err := it.messages()
	if err != nil {
		return err
	}
	if _, err := p.js.PublishMsg(ctx, msgs[0]); err != nil {
		return unavailable(err)
	}
	return nil
}

// storeBatch publishes the pending items as one JetStream atomic batch:
// every message but the last is sent without waiting, the last commits and
// carries the acknowledgement (or the error) for the whole batch.
func (p *publisher) storeBatch(ctx context.Context, items []item, pending []int) error {
	var msgs []*nats.Msg
	for _, i := range pending {
		ms, err := items[i].messages()
		if err != nil {
			return err
		}
		msgs = append(msgs, ms...)
	}
	select {
	case p.batches <- struct{}{}:
	case <-ctx.Done():
		return unavailable(ctx.Err())
	}
	defer func() { <-p.batches }()
	id := nuid.Next()
	for n, m := range msgs {
		m.Header.Set(hdrBatchID, id)
		m.Header.Set(hdrBatchSeq, strconv.Itoa(n+1))
		if n < len(msgs)-1 {
			if err := p.nc.PublishMsg(m); err != nil {
				return unavailable(err)
			}
			continue
		}
		m.Header.Set(hdrBatchCommit, "1")
		resp, err := p.nc.RequestMsgWithContext(ctx, m)
		if err != nil {
			return unavailable(err)
		}
		return parseAck(resp.Data)
	}
	return nil
}

type apiError struct {
	Code        int    `json:"code"`
	ErrCode     int    `json:"err_code"`
	Description string `json:"description"`
}

func (e *apiError) Error() string {
	return fmt.Sprintf("jetstream: %s (code %d, error code %d)", e.Description, e.Code, e.ErrCode)
}

func parseAck(data []byte) error {
	var ack struct {
		Error  *apiError `json:"error"`
		Stream string    `json:"stream"`
		Seq    uint64    `json:"seq"`
	}
	if err := json.Unmarshal(data, &ack); err != nil {
		return unavailable(fmt.Errorf("decode batch acknowledgement: %w", err))
	}
	if ack.Error != nil {
		if ack.Error.ErrCode == errCodeWrongLastSeq || ack.Error.ErrCode == errCodeWrongLastSeqCluster {
			return ack.Error
		}
		return unavailable(ack.Error)
	}
	if ack.Stream == "" {
		return unavailable(errors.New("batch acknowledgement without a stream"))
	}
	return nil
}

func isWrongLastSeq(err error) bool {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.ErrCode == errCodeWrongLastSeq || ae.ErrCode == errCodeWrongLastSeqCluster
	}
	var je jetstream.JetStreamError
	if errors.As(err, &je) && je.APIError() != nil {
		c := je.APIError().ErrorCode
		return c == errCodeWrongLastSeq || c == errCodeWrongLastSeqCluster
	}
	return false
}

// unavailable marks an error as "the log could not store it", which the
// client may retry; wrong-last-sequence errors pass through unchanged.
func unavailable(err error) error {
	if isWrongLastSeq(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// resolve looks up the stored statement for each pending item: an identical
// one marks the item a duplicate, a different one is a conflict.
func (p *publisher) resolve(ctx context.Context, items []item, pending []int, dup []bool) error {
	for _, i := range pending {
		it := &items[i]
		subj, err := it.env.Subject()
		if err != nil {
			return err
		}
		existing, err := p.lastMsg(ctx, subj)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if existing.Header.Get(event.HeaderHash) != it.env.Hash {
			return fmt.Errorf("%w: statement %s is already stored with different content; statements are immutable: use a new id", ErrConflict, it.env.ID)
		}
		dup[i] = true
	}
	return nil
}

func (p *publisher) lastMsg(ctx context.Context, subject string) (*jetstream.RawStreamMsg, error) {
	m, err := p.stream.GetLastMsgForSubject(ctx, subject)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, err
	}
	if err != nil {
		return nil, unavailable(fmt.Errorf("read %s: %w", subject, err))
	}
	return m, nil
}
