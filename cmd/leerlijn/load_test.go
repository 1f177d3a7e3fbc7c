package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// load is a set of xAPI clients posting statements, single and in
// batches, to a collector whose address may change (it is restarted). It
// records every request; settle retries each one that got a 5xx or no
// answer, with the same statement ids, until it is acknowledged.
type load struct {
	t      *testing.T
	client *http.Client
	base   atomic.Value // string: the collector's current base URL
	next   atomic.Int64 // statement ids are drawn from it

	mu    sync.Mutex
	reqs  []*loadReq
	codes map[int]int // answers by status; 0 is no answer
	bad   []string    // answers a client must never see
}

type loadReq struct {
	body  []byte
	ids   []string
	acked bool
}

func newLoad(t *testing.T, base string, idBase int64) *load {
	l := &load{
		t:      t,
		client: &http.Client{Timeout: 30 * time.Second},
		codes:  map[int]int{},
	}
	l.next.Store(idBase)
	l.base.Store(base)
	return l
}

func (l *load) setBase(base string) { l.base.Store(base) }

// newReq makes a request of n statements with fresh ids (a JSON object for
// one statement posted alone, an array otherwise).
func (l *load) newReq(n int, batch bool) *loadReq {
	r := &loadReq{}
	var parts [][]byte
	for range n {
		id := fmt.Sprintf("c0ffee00-0000-4000-8000-%012d", l.next.Add(1))
		r.ids = append(r.ids, id)
		parts = append(parts, own(id, "http://adlnet.gov/expapi/verbs/completed"))
	}
	if batch {
		r.body = append(append([]byte("["), bytes.Join(parts, []byte(","))...), ']')
	} else {
		r.body = parts[0]
	}
	l.mu.Lock()
	l.reqs = append(l.reqs, r)
	l.mu.Unlock()
	return r
}

// send posts r once and records the answer. It returns the status, 0 for
// no answer.
func (l *load) send(ctx context.Context, r *loadReq) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base.Load().(string)+"/xapi/statements", bytes.NewReader(r.body))
	if err != nil {
		l.t.Error(err)
		return 0
	}
	req.SetBasicAuth(clientKey, clientSecret)
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	req.Header.Set("Content-Type", "application/json")
	resp, err := l.client.Do(req)
	code := 0
	var body []byte
	if err == nil {
		code = resp.StatusCode
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if ctx.Err() != nil && code == 0 {
		return 0 // the test stopped the load; not an answer
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.codes[code]++
	switch {
	case code == http.StatusOK:
		var ids []string
		if err := json.Unmarshal(body, &ids); err != nil || !slices.Equal(ids, r.ids) {
			l.bad = append(l.bad, fmt.Sprintf("200 with ids %s for %v", body, r.ids))
		}
		r.acked = true
	case code == http.StatusServiceUnavailable:
		if resp.Header.Get("Retry-After") == "" {
			l.bad = append(l.bad, "503 without Retry-After: "+string(body))
		}
	case code != 0:
		l.bad = append(l.bad, fmt.Sprintf("%d %s", code, body))
	}
	return code
}

// run posts from workers goroutines until ctx is done: singles and
// batches of 2 to 40 statements, each request sent once.
func (l *load) run(ctx context.Context, workers int) (wait func()) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				var r *loadReq
				if (i+w)%3 == 0 {
					r = l.newReq(2+(i*7+w)%39, true)
				} else {
					r = l.newReq(1, false)
				}
				if code := l.send(ctx, r); code != http.StatusOK {
					// Down or unable to store: back off a little, as the
					// Retry-After asks.
					select {
					case <-ctx.Done():
					case <-time.After(100 * time.Millisecond):
					}
				}
			}
		}()
	}
	return wg.Wait
}

// acked is how many statements have been acknowledged.
func (l *load) acked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.reqs {
		if r.acked {
			n += len(r.ids)
		}
	}
	return n
}

func (l *load) count(code int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.codes[code]
}

// waitAcked waits until at least n statements are acknowledged.
func (l *load) waitAcked(n int) {
	l.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for l.acked() < n {
		if time.Now().After(deadline) {
			l.t.Fatalf("only %d statements acknowledged after 2m, want %d (answers %v)", l.acked(), n, l.answers())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settle retries, with the same ids, every request that was not
// acknowledged, until all are.
func (l *load) settle() {
	l.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		l.mu.Lock()
		var todo []*loadReq
		for _, r := range l.reqs {
			if !r.acked {
				todo = append(todo, r)
			}
		}
		l.mu.Unlock()
		if len(todo) == 0 {
			return
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("%d requests still not acknowledged after 2m of retries (answers %v)", len(todo), l.answers())
		}
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for _, r := range todo {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				l.send(context.Background(), r)
			}()
		}
		wg.Wait()
		time.Sleep(100 * time.Millisecond)
	}
}

// ids returns every statement id sent.
func (l *load) ids() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, r := range l.reqs {
		out = append(out, r.ids...)
	}
	return out
}

func (l *load) answers() map[int]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[int]int{}
	for k, v := range l.codes {
		out[k] = v
	}
	return out
}

// check fails the test if a client saw an answer it must never see: a 500,
// a 4xx, a 503 without Retry-After, or a 200 with the wrong ids.
func (l *load) check() {
	l.t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.bad) > 0 {
		l.t.Fatalf("%d answers no client may see, e.g.:\n%s", len(l.bad), strings.Join(l.bad[:min(5, len(l.bad))], "\n"))
	}
}
