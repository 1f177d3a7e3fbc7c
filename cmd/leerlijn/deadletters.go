package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/processor"
)

const deadLettersAbout = `Lists and retries dead letters: events a projection could not apply (a
"poison" event), kept on the stream LEERLIJN_DEADLETTERS with the reason.
The rest of the log flows past them.

  leerlijn deadletters list [-projection P] [-tenant T]
  leerlijn deadletters retry [-projection P] [-tenant T] [SEQ ...]

retry sends each dead letter (all those matching -projection and -tenant when
no SEQ is given) back to its projection once the cause is fixed: the running
processor applies it through the projection like any event, deletes the dead
letter when it is applied, and replaces it with one giving the new reason
when it fails again. The command waits up to -retry.wait for the outcome.
The counts are in /metrics: leerlijn_processor_dead_letters,
leerlijn_processor_dead_letters_total and
leerlijn_processor_dead_letter_retries_total.`

func runDeadLetters(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "deadletters", deadLettersAbout)
	var lo logOptions
	var no natsOptions
	var projection, tenant string
	var wait time.Duration
	lo.register(fs)
	no.register(fs, false)
	fs.StringVar(&projection, "projection", "", "only the dead letters of this projection")
	fs.StringVar(&tenant, "tenant", "", "only the dead letters of this tenant")
	fs.DurationVar(&wait, "retry.wait", time.Minute, "retry: how long to wait for the processors to apply the retries (0: do not wait)")
	if len(args) == 0 {
		fs.Usage()
		return errors.New("deadletters: say list or retry")
	}
	sub, rest := args[0], args[1:]
	if sub == "-h" || sub == "--help" || sub == "help" {
		fs.Usage()
		return nil
	}
	if sub != "list" && sub != "retry" {
		return fmt.Errorf("deadletters: unknown command %q: say list or retry", sub)
	}
	if err := parse(fs, e, rest); err != nil {
		return err
	}
	var seqs []uint64
	for _, a := range fs.Args() {
		n, err := strconv.ParseUint(a, 10, 64)
		if err != nil || n == 0 {
			return fmt.Errorf("deadletters %s: %q is not a dead-letter sequence number (see the SEQ column of list)", sub, a)
		}
		seqs = append(seqs, n)
	}
	if sub == "list" && len(seqs) > 0 {
		return errors.New("deadletters list takes no arguments: filter with -projection and -tenant")
	}
	log, err := lo.logger(e.stderr)
	if err != nil {
		return err
	}
	a := newApp(log)
	defer a.close()
	if err := a.connectNATS(ctx, no, "deadletters"); err != nil {
		return err
	}
	if sub == "list" {
		dls, err := processor.ListDeadLetters(ctx, a.js, projection, tenant)
		if err != nil {
			return err
		}
		return printDeadLetters(e.stdout, dls)
	}
	return retryDeadLetters(ctx, e, a.js, projection, tenant, seqs, wait)
}

func printDeadLetters(w io.Writer, dls []processor.DeadLetter) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tPROJECTION\tTENANT\tSUBJECT\tEVENT_SEQ\tREASON")
	for _, d := range dls {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\n", d.Seq, d.Time.Format(time.RFC3339), d.Projection, d.Tenant, d.Subject, d.EventSeq, d.Reason)
	}
	return tw.Flush()
}

func retryDeadLetters(ctx context.Context, e *env, js jetstream.JetStream, projection, tenant string, seqs []uint64, wait time.Duration) error {
	if len(seqs) == 0 {
		dls, err := processor.ListDeadLetters(ctx, js, projection, tenant)
		if err != nil {
			return err
		}
		for _, d := range dls {
			seqs = append(seqs, d.Seq)
		}
		if len(seqs) == 0 {
			fmt.Fprintln(e.stdout, "no dead letters to retry")
			return nil
		}
	}
	var sent []processor.DeadLetter
	for _, seq := range seqs {
		d, err := processor.GetDeadLetter(ctx, js, seq)
		if err != nil {
			return fmt.Errorf("dead letter %d: %w", seq, err)
		}
		if (projection != "" && d.Projection != projection) || (tenant != "" && d.Tenant != tenant) {
			return fmt.Errorf("dead letter %d belongs to projection %s, tenant %s, not the ones given", seq, d.Projection, d.Tenant)
		}
		if _, err := processor.RetryDeadLetter(ctx, js, seq); err != nil {
			return err
		}
		sent = append(sent, d)
	}
	fmt.Fprintf(e.stdout, "%d dead letters sent back to their projections\n", len(sent))
	if wait <= 0 {
		return nil
	}
	return awaitRetries(ctx, e.stdout, js, sent, wait)
}

// awaitRetries waits until every retried dead letter is settled and prints
// each outcome.
func awaitRetries(ctx context.Context, w io.Writer, js jetstream.JetStream, sent []processor.DeadLetter, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	pending := map[uint64]bool{}
	for _, d := range sent {
		pending[d.Seq] = true
	}
	for len(pending) > 0 && time.Now().Before(deadline) {
		for seq := range pending {
			_, err := processor.GetDeadLetter(ctx, js, seq)
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				delete(pending, seq)
			} else if err != nil {
				return err
			}
		}
		if len(pending) > 0 && !sleepCtx(ctx, 250*time.Millisecond) {
			return ctx.Err()
		}
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tPROJECTION\tTENANT\tEVENT_SEQ\tOUTCOME")
	var failed, waiting int
	for _, d := range sent {
		outcome := "applied"
		switch {
		case pending[d.Seq]:
			outcome, waiting = "not applied yet", waiting+1
		default:
			now, err := processor.ListDeadLetters(ctx, js, d.Projection, d.Tenant)
			if err != nil {
				return err
			}
			for _, n := range now {
				if n.EventSeq == d.EventSeq {
					outcome, failed = fmt.Sprintf("failed again: dead letter %d: %s", n.Seq, n.Reason), failed+1
				}
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", d.Seq, d.Projection, d.Tenant, d.EventSeq, outcome)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	switch {
	case waiting > 0:
		return fmt.Errorf("%d retries not applied within -retry.wait %s: is a processor running for their projections?", waiting, wait)
	case failed > 0:
		return fmt.Errorf("%d dead letters failed again", failed)
	}
	return nil
}
