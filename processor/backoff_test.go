package processor

import (
	"testing"
	"time"
)

// TestBackoffBoundedAndJittered checks the retry delays: they double from
// RetryMin up to RetryMax and never beyond, and each sleep is drawn from
// [d/2, d) so that processors failing together do not retry together.
func TestBackoffBoundedAndJittered(t *testing.T) {
	cfg := DefaultConfig()
	cfg.RetryMin, cfg.RetryMax = 100*time.Millisecond, 3*time.Second
	r := &Runner{cfg: cfg}
	d := cfg.RetryMin
	var seen []time.Duration
	for range 20 {
		seen = append(seen, d)
		if d > cfg.RetryMax {
			t.Fatalf("backoff %s exceeds RetryMax %s (sequence %v)", d, cfg.RetryMax, seen)
		}
		distinct := map[time.Duration]bool{}
		for range 200 {
			j := jitter(d)
			if j < d/2 || j >= d {
				t.Fatalf("jitter(%s) = %s, want within [%s, %s)", d, j, d/2, d)
			}
			distinct[j] = true
		}
		if len(distinct) < 10 {
			t.Fatalf("jitter(%s) took only %d values in 200 draws", d, len(distinct))
		}
		next := r.next(d)
		if next != min(2*d, cfg.RetryMax) {
			t.Fatalf("next(%s) = %s, want %s", d, next, min(2*d, cfg.RetryMax))
		}
		d = next
	}
	if seen[len(seen)-1] != cfg.RetryMax {
		t.Fatalf("backoff never reached RetryMax: %v", seen)
	}
}
