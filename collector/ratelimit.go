package collector

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateLimiter is a token bucket per client (Communication 3.2: 429 Too Many
// Requests for too many requests from one set of credentials). Each client
// may send burst requests at once and rate per second after that; the
// defaults let a whole class launch a course together through one LMS
// client.
type rateLimiter struct {
	rate  float64
	burst float64

	mu      sync.Mutex
	buckets map[string]*tokenBucket
}

type tokenBucket struct {
	tokens float64
	last   time.Time
}

// newRateLimiter returns nil (no limit) when rate is 0.
func newRateLimiter(rate float64, burst int) *rateLimiter {
	if rate <= 0 {
		return nil
	}
	return &rateLimiter{rate: rate, burst: float64(burst), buckets: map[string]*tokenBucket{}}
}

// allow takes a token for client, or says how long until one is there.
func (l *rateLimiter) allow(client string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[client]
	if b == nil {
		b = &tokenBucket{tokens: l.burst, last: now}
		l.buckets[client] = b
	}
	if d := now.Sub(b.last); d > 0 {
		b.tokens = math.Min(l.burst, b.tokens+d.Seconds()*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

func (l *rateLimiter) check(p *Principal) error {
	if l == nil {
		return nil
	}
	ok, wait := l.allow(p.Client.Key, time.Now())
	if ok {
		return nil
	}
	secs := max(1, int(math.Ceil(wait.Seconds())))
	return &Error{Status: http.StatusTooManyRequests, Reason: "rate_limited", RetryAfter: secs, Field: "Authorization",
		Message: "client " + quote(p.Client.Key) + " sent more than " + strconv.FormatFloat(l.rate, 'f', -1, 64) +
			" requests per second (bursts up to " + strconv.FormatFloat(l.burst, 'f', -1, 64) + "): retry after the Retry-After delay"}
}
