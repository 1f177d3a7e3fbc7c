package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/leerlijn/leerlijn/internal/progress"
	"github.com/leerlijn/leerlijn/processor"
)

const replayAbout = `Rebuilds projections from the event log while ingest goes on: for each
projection it pauses the durable consumer on the JetStream server, waits until
no event of it is being applied, resets the projection's tables, and creates
the consumer again from the start of the log. The running processors (serve or
processor mode, any number of instances) then apply the whole log again; the
command shows their progress and returns once every event that was on the log
when the replay began is applied. Statements arriving meanwhile are applied too.

With -apply the command applies the events itself (use it when no processor
runs). See docs/operations.md.

  leerlijn replay -projection statements
  leerlijn replay -projection all -apply`

func runReplay(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "replay", replayAbout)
	var c common
	var pcfg processor.Config
	var name string
	var apply bool
	var drain, stall time.Duration
	c.register(fs, false, clickhouseAtStart)
	pcfg.RegisterFlags(fs)
	fs.StringVar(&name, "projection", "", "projection to rebuild, or all")
	fs.BoolVar(&apply, "apply", false, "apply the events in this process until caught up (when no processor runs)")
	fs.DurationVar(&drain, "replay.drain-timeout", 2*time.Minute, "how long to wait for the events being applied when the replay begins")
	fs.DurationVar(&stall, "replay.stall-warning", 30*time.Second, "say so when no processor has applied anything for this long")
	a, err := c.setup(fs, e, args)
	if a == nil {
		return err
	}
	defer a.close()
	log := a.log
	chcfg, err := c.clickhouse.config()
	if err != nil {
		return err
	}
	// Check the name before connecting; the projections that write are
	// built once ClickHouse is open.
	if _, err := selectProjections(a.projections(), name); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	if err := a.connectNATS(ctx, c.nats, "replay"); err != nil {
		return err
	}
	if err := a.connectClickHouse(ctx, chcfg, true, c.chWait); err != nil {
		return err
	}
	selected, err := selectProjections(a.projections(), name)
	if err != nil {
		return err
	}
	r, err := processor.NewRunner(pcfg, a.js, selected, log, a.reg)
	if err != nil {
		return err
	}
	names := make([]string, len(selected))
	for i, p := range selected {
		names[i] = p.Name()
	}
	bar := progress.New(e.stderr, "replay "+strings.Join(names, ","))
	var done, total uint64
	lastDone, lastMove, warned := uint64(0), time.Now(), false
	report := func(ps []processor.ReplayProgress) {
		done, total = 0, 0
		waiting := 0
		for _, p := range ps {
			done += p.Done
			total += p.Total
			waiting += p.Waiting
		}
		if done != lastDone {
			lastDone, lastMove = done, time.Now()
		}
		if !apply && !warned && waiting == 0 && time.Since(lastMove) > stall {
			warned = true
			fmt.Fprintf(e.stderr, "\nno processor has applied an event for %s and none is asking for events: is one running? (or run the replay with -apply)\n", stall)
		}
		bar.Set(done, total, "events")
	}
	err = r.Replay(ctx, processor.ReplayOptions{Apply: apply, DrainTimeout: drain, Report: report})
	if err != nil {
		bar.Finish(done, total, "events: stopped")
		if errors.Is(err, context.Canceled) {
			return errors.New("replay interrupted: the projection is rebuilt by the processors all the same; run the command again to follow it")
		}
		return err
	}
	bar.Finish(done, total, "events: done")
	fmt.Fprintf(e.stdout, "replayed %s from the start of the log\n", strings.Join(names, ", "))
	return nil
}

// selectProjections returns the projection called name, or all of them.
func selectProjections(ps []processor.Projection, name string) ([]processor.Projection, error) {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name()
	}
	switch name {
	case "":
		return nil, fmt.Errorf("-projection is required: one of %s, or all", strings.Join(names, ", "))
	case "all":
		return ps, nil
	}
	p, ok := processor.ByName(ps, name)
	if !ok {
		return nil, fmt.Errorf("no projection %q: use one of %s, or all", name, strings.Join(names, ", "))
	}
	return []processor.Projection{p}, nil
}
