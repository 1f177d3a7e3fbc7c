package collector

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/sync/errgroup"

	"github.com/leerlijn/leerlijn/schema/event"
)

// Reference data lives on the log, one subject per resource
// (leerlijn.<tenant>.budget.<id>, …): the last event on a subject is the
// resource as it is now, and the events before it are its history.

// putLatest stores env as the newest event on its subject, unless the
// newest event there already has the same body: then nothing is written
// and the outcome is "unchanged". The write carries the sequence of the
// event it follows (Nats-Expected-Last-Subject-Sequence), so two writers
// racing on one resource cannot both decide "created" or both skip a
// change: the loser reads again and decides again.
func (s *Server) putLatest(ctx context.Context, env event.Envelope) (outcome string, seq uint64, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.pub.timeout)
	defer cancel()
	subj, err := env.Subject()
	if err != nil {
		return "", 0, err
	}
	for attempt := range putAttempts {
		if attempt > 0 { // lost a race: let the winner's readers go first
			if !sleepCtx(ctx, time.Duration(1+rand.IntN(2*attempt))*time.Millisecond) {
				break
			}
		}
		var expect uint64
		last, err := s.readLatest(ctx, subj)
		switch {
		case errors.Is(err, jetstream.ErrMsgNotFound):
		case err != nil:
			return "", 0, err
		case bytes.Equal(last.Data, env.Body):
			return outcomeUnchanged, last.Sequence, nil
		default:
			expect = last.Sequence
		}
		m := &nats.Msg{Subject: subj, Header: nats.Header(env.Header()), Data: env.Body}
		m.Header.Set(hdrExpectedLastSubjSeq, strconv.FormatUint(expect, 10))
		start := time.Now()
		ack, err := s.pub.js.PublishMsg(ctx, m)
		s.metrics.publish.WithLabelValues("reference").Observe(time.Since(start).Seconds())
		if isWrongLastSeq(err) {
			continue // someone wrote in between: decide again
		}
		if err != nil {
			return "", 0, unavailable(fmt.Errorf("publish %s %s: %w", env.Kind, subj, err))
		}
		if expect == 0 {
			return outcomeCreated, ack.Sequence, nil
		}
		return outcomeUpdated, ack.Sequence, nil
	}
	return "", 0, fmt.Errorf("%w: %s kept changing under concurrent writes", ErrUnavailable, env.Kind)
}

// readLatest reads the newest event on a subject. On a replicated stream
// it asks the stream leader, not any replica: a replica may lag behind a
// write the leader acknowledged, and reference data is read rarely enough
// that read-your-writes is worth the trip (the statement path confirms
// only "not found" with the leader).
func (s *Server) readLatest(ctx context.Context, subject string) (*jetstream.RawStreamMsg, error) {
	if !s.pub.replicated() {
		return s.pub.lastMsg(ctx, subject)
	}
	m, err := s.pub.leaderLastMsg(ctx, subject)
	if err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, unavailable(fmt.Errorf("read %s: %w", subject, err))
	}
	return m, err
}

// putAttempts bounds how often putLatest decides again after losing a race
// with another writer of the same resource.
const putAttempts = 16

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// latest reads the newest event about key of kind in tenant; ErrNotFound
// when there is none.
func (s *Server) latest(ctx context.Context, tenant string, kind event.Kind, key string) (*jetstream.RawStreamMsg, error) {
	ctx, cancel := context.WithTimeout(ctx, s.pub.timeout)
	defer cancel()
	subj, err := event.Subject(tenant, kind, key)
	if err != nil {
		return nil, err
	}
	m, err := s.readLatest(ctx, subj)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, fmt.Errorf("%w: no %s with this id in your tenant", ErrNotFound, kind)
	}
	return m, err
}

// listLatest returns the newest event of up to limit resources of kind in
// tenant, in key order, starting after the key after, and the key to pass
// as after for the next page ("" on the last page). It finds the keys with
// the stream's per-subject counts for the tenant's filter, then reads each
// resource of the page.
func (s *Server) listLatest(ctx context.Context, tenant string, kind event.Kind, after string, limit int) ([]*jetstream.RawStreamMsg, string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.pub.timeout)
	defer cancel()
	filter, err := event.TenantKindFilter(tenant, kind)
	if err != nil {
		return nil, "", err
	}
	info, err := s.pub.stream.Info(ctx, jetstream.WithSubjectFilter(filter))
	if err != nil {
		return nil, "", unavailable(fmt.Errorf("list subjects %s: %w", filter, err))
	}
	prefix := strings.TrimSuffix(filter, ">")
	keys := make([]string, 0, len(info.State.Subjects))
	for subj := range info.State.Subjects {
		if key := strings.TrimPrefix(subj, prefix); key > after {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	next := ""
	if len(keys) > limit {
		keys = keys[:limit]
		next = keys[limit-1]
	}
	msgs := make([]*jetstream.RawStreamMsg, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(16)
	for i, key := range keys {
		g.Go(func() error {
			m, err := s.readLatest(gctx, prefix+key)
			if err != nil {
				return err
			}
			msgs[i] = m
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, "", err
	}
	return msgs, next, nil
}
