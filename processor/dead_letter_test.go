package processor_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/event"
)

// TestDeadLetterRetry injects an event the projection cannot apply: it goes
// to the dead letters with the reason while the rest flows; a retry before
// the fix sends it back to the dead letters with the new reason; a retry
// after the fix applies it, once, and removes the dead letter. Metrics show
// each step.
func TestDeadLetterRetry(t *testing.T) {
	js := jetStream(t)
	db := schemaDB(t)
	p := &breakable{Statements: processor.NewStatements(db.Conn)}
	bad := uuidN(7)
	p.set(false, bad)
	const n = 40
	publishStatements(t, js, 1, n)
	_, reg, _ := startRunner(t, js, faultConfig(), p)

	// Everything but the poison event flows.
	waitCount(t, db.Conn, n-1, "SELECT count() FROM statements FINAL")
	dls := waitDeadLetters(t, js, 1)
	dl := dls[0]
	if dl.Projection != "statements" || dl.Tenant != "acme" || dl.EventSeq != 7 ||
		dl.Subject != "leerlijn.acme.statement."+bad || dl.Reason != "injected: no rule for statement "+bad {
		t.Fatalf("dead letter %+v", dl)
	}
	if dl.Time.IsZero() || time.Since(dl.Time) > time.Hour {
		t.Fatalf("dead letter time %s", dl.Time)
	}
	if got, err := processor.ListDeadLetters(t.Context(), js, "statements", "globex"); err != nil || len(got) != 0 {
		t.Fatalf("globex dead letters %v, %v", got, err)
	}
	eventually(t, time.Minute, func() error {
		if v := metric(t, reg, "leerlijn_processor_dead_letters_total", `projection="statements"`); v != 1 {
			return fmt.Errorf("dead letters total %v", v)
		}
		if v := metric(t, reg, "leerlijn_processor_dead_letters", `projection="statements"`); v != 1 {
			return fmt.Errorf("dead letters waiting %v", v)
		}
		return nil
	})

	// A retry before the fix fails again and replaces the dead letter.
	if _, err := processor.RetryDeadLetter(t.Context(), js, dl.Seq); err != nil {
		t.Fatal(err)
	}
	again := waitGone(t, js, dl)
	if len(again) != 1 || again[0].EventSeq != 7 || again[0].Seq == dl.Seq {
		t.Fatalf("after a failed retry: %+v", again)
	}
	eventually(t, time.Minute, func() error {
		if v := metric(t, reg, "leerlijn_processor_dead_letter_retries_total", `outcome="dead_letter",projection="statements"`); v != 1 {
			return fmt.Errorf("failed retries %v", v)
		}
		return nil
	})

	// Fixed: the retry applies the event and removes the dead letter.
	p.set(false)
	if _, err := processor.RetryDeadLetter(t.Context(), js, again[0].Seq); err != nil {
		t.Fatal(err)
	}
	waitCount(t, db.Conn, n, "SELECT count() FROM statements FINAL")
	if left := waitGone(t, js, again[0]); len(left) != 0 {
		t.Fatalf("dead letters left after the fixed retry: %+v", left)
	}
	eventually(t, time.Minute, func() error {
		if v := metric(t, reg, "leerlijn_processor_dead_letter_retries_total", `outcome="applied",projection="statements"`); v != 1 {
			return fmt.Errorf("applied retries %v", v)
		}
		if v := metric(t, reg, "leerlijn_processor_dead_letters", `projection="statements"`); v != 0 {
			return fmt.Errorf("dead letters waiting %v", v)
		}
		return nil
	})
	if got := rows(t, db.Conn, "acme")[bad]; got.Seq != 7 {
		t.Fatalf("retried row %+v, want the original event's sequence as version", got)
	}

	// Retrying what is gone is an error that says so.
	if _, err := processor.RetryDeadLetter(t.Context(), js, again[0].Seq); !errors.Is(err, jetstream.ErrMsgNotFound) {
		t.Fatalf("retry of a settled dead letter: %v", err)
	}
	// The event log itself is untouched: the retry went through the
	// dead-letter stream.
	s, err := js.Stream(t.Context(), event.Stream)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := s.Info(t.Context()); err != nil || info.State.Msgs != n {
		t.Fatalf("event log holds %v messages (%v), want %d", info.State.Msgs, err, n)
	}
}

func waitDeadLetters(t *testing.T, js jetstream.JetStream, n int) []processor.DeadLetter {
	t.Helper()
	var dls []processor.DeadLetter
	eventually(t, time.Minute, func() error {
		var err error
		dls, err = processor.ListDeadLetters(t.Context(), js, "statements", "")
		if err == nil && len(dls) != n {
			err = fmt.Errorf("%d dead letters, want %d", len(dls), n)
		}
		return err
	})
	return dls
}

// waitGone waits until dead letter dl is settled and returns the dead
// letters of the projection then.
func waitGone(t *testing.T, js jetstream.JetStream, dl processor.DeadLetter) []processor.DeadLetter {
	t.Helper()
	eventually(t, time.Minute, func() error {
		_, err := processor.GetDeadLetter(t.Context(), js, dl.Seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return nil
		}
		if err == nil {
			return fmt.Errorf("dead letter %d still there", dl.Seq)
		}
		return err
	})
	dls, err := processor.ListDeadLetters(t.Context(), js, "statements", "")
	if err != nil {
		t.Fatal(err)
	}
	return dls
}
