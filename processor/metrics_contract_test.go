package processor_test

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMetricsContract is the contract every metric projection passes
// together: the numbers in every view of the analytics contract are the
// same whether the log is applied once in order, with every batch
// delivered twice, replayed from zero after Reset, in batches of any size,
// or in a shuffled order (reference data after the statements it explains,
// voids before their targets).
func TestMetricsContract(t *testing.T) {
	db := schemaDB(t)
	ps := metricProjections(db.Conn)
	events := scenarioEvents()
	applyAll(t, ps, events, 10)
	want := snapshot(t, db.Conn)
	for _, v := range metricViews {
		if len(want[v]) == 0 {
			t.Fatalf("view %s is empty: the scenario does not exercise it", v)
		}
	}
	same := func(t *testing.T, how string) {
		t.Helper()
		got := snapshot(t, db.Conn)
		for _, v := range metricViews {
			if !slices.Equal(got[v], want[v]) {
				t.Errorf("%s: view %s differs\n got: %q\nwant: %q", how, v, got[v], want[v])
			}
		}
	}

	t.Run("redelivery: every batch applied twice", func(t *testing.T) {
		feed(t, ps, events, func() int { return 7 }, true)
		same(t, "redelivered")
	})
	t.Run("replay from zero after Reset", func(t *testing.T) {
		resetAll(t, ps)
		for _, v := range []string{"budget_ledger", "enrolments", "time_off_work"} {
			if n := len(viewRows(t, db.Conn, "SELECT * FROM "+v)); n != 0 {
				t.Fatalf("after Reset %s has %d rows", v, n)
			}
		}
		applyAll(t, ps, events, 1000)
		same(t, "replayed in one batch")
	})
	t.Run("one event per batch", func(t *testing.T) {
		resetAll(t, ps)
		applyAll(t, ps, events, 1)
		same(t, "one by one")
	})
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run("shuffled order", func(t *testing.T) {
			resetAll(t, ps)
			r := rand.New(rand.NewPCG(seed, 99))
			feed(t, ps, shuffled(events, seed), func() int { return 1 + r.IntN(6) }, seed%2 == 0)
			same(t, "shuffled")
		})
	}
}
