package collector

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
)

// hdrExpectedLastSubjSeq is JetStream's optimistic-concurrency header.
const hdrExpectedLastSubjSeq = "Nats-Expected-Last-Subject-Sequence"

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
	metrics *metrics
}

func newPublisher(js jetstream.JetStream, stream jetstream.Stream, timeout time.Duration, m *metrics) *publisher {
	return &publisher{nc: js.Conn(), js: js, stream: stream, timeout: timeout, metrics: m}
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

// store stores the items and reports, for each, whether it was already
// stored identically (dup[i], a no-op). ErrConflict means an item's id is
// taken by a different statement.
//
// A single statement is one publish that JetStream accepts only if its
// subject is empty: atomic. A batch is checked first with one read of the
// last message of every statement subject: a conflict rejects the whole
// batch before anything is stored, identical duplicates are left out. The
// rest is then published without waiting between messages, each still
// with the "subject must be empty" condition, and answered once every
// acknowledgement is in. Only a conflicting statement posted concurrently,
// between that read and the publish, can leave part of a batch stored; the
// answer is then 409 and a retry without the conflicting statement is a
// no-op for the stored ones. (JetStream's atomic batches would close that
// window but stage every batch in a file store of its own on a single node:
// measured at a third of the throughput; docs/perf.md.)
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
	start := time.Now()
	defer func() { p.metrics.publish.WithLabelValues("batch").Observe(time.Since(start).Seconds()) }()
	if err := p.precheck(ctx, items, dup); err != nil {
		return dup, err
	}
	if err := p.ensureMarkers(ctx, items, dup); err != nil {
		return dup, err
	}
	var pending []int
	for i := range items {
		if !dup[i] {
			pending = append(pending, i)
		}
	}
	if len(pending) == 0 {
		return dup, nil
	}
	raced, err := p.publishAll(ctx, items, pending)
	if err != nil {
		return dup, err
	}
	if len(raced) > 0 {
		if err := p.resolve(ctx, items, raced, dup); err != nil {
			return dup, fmt.Errorf("%w (it was posted concurrently; the batch's other statements were stored)", err)
		}
		for _, i := range raced {
			if !dup[i] {
				return dup, fmt.Errorf("store batch: %w: statement %s changed while the batch was stored", ErrUnavailable, items[i].env.ID)
			}
		}
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

// precheck reads the last message of every statement subject of the batch
// in one direct-get request and marks identical duplicates; a stored
// statement with different content is a conflict.
func (p *publisher) precheck(ctx context.Context, items []item, dup []bool) error {
	subjects := make([]string, len(items))
	index := make(map[string]int, len(items))
	for i := range items {
		subj, err := items[i].env.Subject()
		if err != nil {
			return err
		}
		subjects[i] = subj
		index[subj] = i
	}
	found, err := p.lastHashes(ctx, subjects)
	if err != nil {
		return err
	}
	for subj, hash := range found {
		i, ok := index[subj]
		if !ok {
			continue
		}
		if hash != items[i].env.Hash {
			return fmt.Errorf("%w: statement %s is already stored with different content; statements are immutable: use a new id (nothing of this batch was stored)", ErrConflict, items[i].env.ID)
		}
		dup[i] = true
	}
	return nil
}

// ensureMarkers stores the void marker of every identical duplicate that
// voids a statement, when it is missing. A voiding statement and its marker
// are two publishes: if the collector crashed, or an acknowledgement was
// lost, between them, the client's retry (an identical re-post) completes
// the pair instead of leaving the statement voided only in the projections.
func (p *publisher) ensureMarkers(ctx context.Context, items []item, dup []bool) error {
	for i := range items {
		if !dup[i] || items[i].voidTarget == "" {
			continue
		}
		ms, err := items[i].messages()
		if err != nil {
			return err
		}
		marker := ms[len(ms)-1]
		if _, err := p.lastMsg(ctx, marker.Subject); err == nil {
			continue
		} else if !errors.Is(err, jetstream.ErrMsgNotFound) {
			return err
		}
		marker.Header.Set(jetstream.MsgIDHeader, "void-"+items[i].env.Tenant+"-"+items[i].env.ID)
		if _, err := p.js.PublishMsg(ctx, marker); err != nil {
			return unavailable(err)
		}
	}
	return nil
}

// publishAll publishes the pending items' messages asynchronously and
// waits for every acknowledgement. It returns the items JetStream refused
// because their subject was no longer empty.
func (p *publisher) publishAll(ctx context.Context, items []item, pending []int) (raced []int, err error) {
	type sent struct {
		item int
		fut  jetstream.PubAckFuture
	}
	var futs []sent
	for _, i := range pending {
		ms, err := items[i].messages()
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			f, err := p.js.PublishMsgAsync(m)
			if err != nil {
				return nil, unavailable(err)
			}
			futs = append(futs, sent{item: i, fut: f})
		}
	}
	var firstErr error
	for _, s := range futs {
		select {
		case <-s.fut.Ok():
		case err := <-s.fut.Err():
			if isWrongLastSeq(err) {
				raced = append(raced, s.item)
			} else if firstErr == nil {
				firstErr = unavailable(err)
			}
		case <-ctx.Done():
			return nil, unavailable(ctx.Err())
		}
	}
	return raced, firstErr
}

type apiError struct {
	Code        int    `json:"code"`
	ErrCode     int    `json:"err_code"`
	Description string `json:"description"`
}

func (e *apiError) Error() string {
	return fmt.Sprintf("jetstream: %s (code %d, error code %d)", e.Description, e.Code, e.ErrCode)
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

// lastMsg reads the last message on a subject. Reads are direct gets,
// which any replica answers; on a replicated stream a replica may not have
// applied a write the leader just acknowledged, so "not found" is confirmed
// with the leader before it is believed (read-your-writes).
func (p *publisher) lastMsg(ctx context.Context, subject string) (*jetstream.RawStreamMsg, error) {
	m, err := p.stream.GetLastMsgForSubject(ctx, subject)
	if errors.Is(err, jetstream.ErrMsgNotFound) && p.replicated() {
		m, err = p.leaderLastMsg(ctx, subject)
	}
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, err
	}
	if err != nil {
		return nil, unavailable(fmt.Errorf("read %s: %w", subject, err))
	}
	return m, nil
}

func (p *publisher) replicated() bool {
	info := p.stream.CachedInfo()
	return info != nil && info.Config.Replicas > 1
}

// leaderLastMsg asks the stream leader (the JetStream API, not a direct
// get) for the last message on subject.
func (p *publisher) leaderLastMsg(ctx context.Context, subject string) (*jetstream.RawStreamMsg, error) {
	req, _ := json.Marshal(map[string]string{"last_by_subj": subject})
	resp, err := p.nc.RequestWithContext(ctx, "$JS.API.STREAM.MSG.GET."+event.Stream, req)
	if err != nil {
		return nil, err
	}
	var r struct {
		Error   *apiError `json:"error"`
		Message *struct {
			Subject string    `json:"subject"`
			Seq     uint64    `json:"seq"`
			Header  []byte    `json:"hdrs"`
			Data    []byte    `json:"data"`
			Time    time.Time `json:"time"`
		} `json:"message"`
	}
	if err := json.Unmarshal(resp.Data, &r); err != nil {
		return nil, fmt.Errorf("decode message get answer: %w", err)
	}
	if r.Error != nil {
		if r.Error.Code == 404 {
			return nil, jetstream.ErrMsgNotFound
		}
		return nil, r.Error
	}
	if r.Message == nil {
		return nil, jetstream.ErrMsgNotFound
	}
	return &jetstream.RawStreamMsg{Subject: r.Message.Subject, Sequence: r.Message.Seq, Header: parseHeader(r.Message.Header), Data: r.Message.Data, Time: r.Message.Time}, nil
}

// parseHeader reads a NATS header block ("NATS/1.0\r\nKey: value\r\n…").
func parseHeader(b []byte) nats.Header {
	h := nats.Header{}
	lines := strings.Split(string(b), "\r\n")
	for _, l := range lines[min(1, len(lines)):] {
		k, v, ok := strings.Cut(l, ":")
		if !ok || k == "" {
			continue
		}
		h.Add(k, strings.TrimSpace(v))
	}
	return h
}

// lastHashes reads, in one direct-get request, the last message of each
// subject that has one and returns its statement hash by subject.
func (p *publisher) lastHashes(ctx context.Context, subjects []string) (map[string]string, error) {
	req, err := json.Marshal(map[string]any{"multi_last": subjects, "batch": len(subjects)})
	if err != nil {
		return nil, err
	}
	// The answer is at most one message per subject and an end marker: a
	// channel of that size holds it (a SubscribeSync would allocate its
	// default 64k-entry channel for every batch).
	inbox := nats.NewInbox()
	replies := make(chan *nats.Msg, len(subjects)+2)
	sub, err := p.nc.ChanSubscribe(inbox, replies)
	if err != nil {
		return nil, unavailable(err)
	}
	defer func() { _ = sub.Unsubscribe() }()
	if err := p.nc.PublishRequest("$JS.API.DIRECT.GET."+event.Stream, inbox, req); err != nil {
		return nil, unavailable(err)
	}
	found := make(map[string]string)
	for {
		var m *nats.Msg
		select {
		case m = <-replies:
		case <-ctx.Done():
			return nil, unavailable(fmt.Errorf("read stored statements of the batch: %w", ctx.Err()))
		}
		switch status := m.Header.Get("Status"); status {
		case "":
			found[m.Header.Get("Nats-Subject")] = m.Header.Get(event.HeaderHash)
		case "204", "404": // end of the batch; no message at all
			return found, nil
		default:
			return nil, unavailable(fmt.Errorf("read stored statements of the batch: status %s %s", status, m.Header.Get("Description")))
		}
	}
}
