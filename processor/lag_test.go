package processor_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/processor"
)

// TestLagWhileFailing injects a sink that fails every apply: the runner
// keeps its place, reports the failing projection with the events waiting
// in Check (/readyz) and in the lag and failing gauges, keeps the lag
// right while more events arrive, and catches up once the sink is back,
// with each event applied once.
func TestLagWhileFailing(t *testing.T) {
	js := jetStream(t)
	db := schemaDB(t)
	p := &breakable{Statements: processor.NewStatements(db.Conn)}
	const ok, first, more = 20, 30, 25
	publishStatements(t, js, 1, ok)
	r, reg, _ := startRunner(t, js, faultConfig(), p)
	waitCount(t, db.Conn, ok, "SELECT count() FROM statements FINAL")

	p.set(true)
	publishStatements(t, js, ok+1, first)
	waitFailing := func(n int) {
		t.Helper()
		eventually(t, time.Minute, func() error {
			err := r.Check(t.Context())
			if err == nil {
				return fmt.Errorf("Check passes while the sink fails")
			}
			if err := containsAll(err.Error(), "projection statements is failing", fmt.Sprintf("with %d events waiting", n), "injected"); err != nil {
				return err
			}
			if lag := metric(t, reg, "leerlijn_processor_lag_events", `projection="statements"`); lag != float64(n) {
				return fmt.Errorf("lag gauge %v, want %d", lag, n)
			}
			if f := metric(t, reg, "leerlijn_processor_failing", `projection="statements"`); f != 1 {
				return fmt.Errorf("failing gauge %v", f)
			}
			return nil
		})
	}
	waitFailing(first)
	// Events arriving while the projection fails count as lag too.
	publishStatements(t, js, ok+first+1, more)
	waitFailing(first + more)
	if n := metric(t, reg, "leerlijn_processor_apply_errors_total", `projection="statements"`); n < 1 {
		t.Fatalf("apply errors %v, want retries counted", n)
	}
	if n := count(t, db.Conn, "SELECT count() FROM statements FINAL"); n != ok {
		t.Fatalf("%d rows while failing, want %d", n, ok)
	}

	p.set(false)
	waitCount(t, db.Conn, ok+first+more, "SELECT count() FROM statements FINAL")
	eventually(t, time.Minute, func() error {
		if err := r.Check(t.Context()); err != nil {
			return err
		}
		if lag := metric(t, reg, "leerlijn_processor_lag_events", `projection="statements"`); lag != 0 {
			return fmt.Errorf("lag %v after catching up", lag)
		}
		if f := metric(t, reg, "leerlijn_processor_failing", `projection="statements"`); f != 0 {
			return fmt.Errorf("failing gauge %v after catching up", f)
		}
		return nil
	})
	if n := count(t, db.Conn, "SELECT uniqExact(statement_id) FROM statements FINAL"); n != ok+first+more {
		t.Fatalf("%d distinct ids, want %d", n, ok+first+more)
	}
}

// TestFetchFailureClears deletes the projection's consumer under a running
// runner, as a replay does for a moment: the runner reports the failing
// fetch, and once the consumer is back it is ready again even though no
// event arrived to be applied.
func TestFetchFailureClears(t *testing.T) {
	js := jetStream(t)
	db := schemaDB(t)
	p := processor.NewStatements(db.Conn)
	r, reg, _ := startRunner(t, js, faultConfig(), p)
	eventually(t, time.Minute, func() error {
		_, err := js.Consumer(t.Context(), "LEERLIJN_EVENTS", processor.ConsumerName("statements"))
		return err
	})
	if err := js.DeleteConsumer(t.Context(), "LEERLIJN_EVENTS", processor.ConsumerName("statements")); err != nil {
		t.Fatal(err)
	}
	eventually(t, time.Minute, func() error {
		if err := r.Check(t.Context()); err == nil {
			return fmt.Errorf("Check passes without a consumer")
		}
		return nil
	})
	if _, err := r.Consumer(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	eventually(t, time.Minute, func() error {
		if err := r.Check(t.Context()); err != nil {
			return err
		}
		if f := metric(t, reg, "leerlijn_processor_failing", `projection="statements"`); f != 0 {
			return fmt.Errorf("failing gauge %v", f)
		}
		return nil
	})
	publishStatements(t, js, 1, 5)
	waitCount(t, db.Conn, 5, "SELECT count() FROM statements FINAL")
}
