package collector_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/collector"
)

// TestRateLimit: over its burst a client gets 429 with Retry-After; other
// clients are not held back.
func TestRateLimit(t *testing.T) {
	l := newLRSWith(t, lrsOptions{config: func(c *collector.Config) { c.RateLimit, c.RateBurst = 0.01, 3 }})
	for i := 0; i < 3; i++ {
		wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId=3f1a2b4c-0000-4000-8000-000000000001", "acme-lms", nil), http.StatusNotFound)
	}
	resp := l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement("", verbCompleted))
	body := wantStatus(t, resp, http.StatusTooManyRequests)
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 {
		t.Fatalf("Retry-After %q", resp.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, "requests per second") {
		t.Fatalf("429 body: %s", body)
	}
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "globex-lms", statement("", verbCompleted)), http.StatusOK)
}
