package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// loadConfig is what a load run does.
type loadConfig struct {
	url         string // the xAPI base URL, e.g. http://localhost:8080/xapi
	user, pass  string
	connections int
	duration    time.Duration
	warmup      time.Duration
	batch       int
	rate        int // statements per second over all connections; 0 = as fast as possible
	sample      int // every sample-th acknowledged statement is sent to onAck
}

func (c *loadConfig) register(fs *flag.FlagSet) {
	fs.IntVar(&c.connections, "connections", 64, "concurrent connections, each with one request in flight")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "how long to measure")
	fs.DurationVar(&c.warmup, "warmup", 3*time.Second, "load before measuring (not counted)")
	fs.IntVar(&c.batch, "batch", 1, "statements per POST")
	fs.IntVar(&c.rate, "rate", 0, "target statements/s over all connections (0: as fast as the server answers)")
}

// result is one measured run.
type result struct {
	requests   int64
	statements int64
	errors     map[int]int64 // by status (0: transport error)
	elapsed    time.Duration
	latencies  []time.Duration
}

func (r *result) rate() float64 { return float64(r.statements) / r.elapsed.Seconds() }

func (r *result) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(p * float64(len(r.latencies)-1))
	return r.latencies[i]
}

// onAck is told of sampled statements when their POST was answered 2xx.
type onAck func(id string, at time.Time)

// drive runs the load: warm-up, then the measured period.
func drive(ctx context.Context, c loadConfig, ack onAck) (*result, error) {
	tr := &http.Transport{MaxIdleConns: c.connections, MaxIdleConnsPerHost: c.connections, MaxConnsPerHost: c.connections, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	// One probe request fails fast on a wrong URL or credentials.
	if err := probe(ctx, client, c); err != nil {
		return nil, err
	}
	var (
		measuring atomic.Bool
		stop      atomic.Bool
		mu        sync.Mutex
		res       = &result{errors: map[int]int64{}}
		wg        sync.WaitGroup
	)
	// With a target rate each connection paces itself: one request every
	// interval, on a schedule that does not drift with slow answers.
	var interval time.Duration
	if c.rate > 0 {
		interval = time.Duration(float64(time.Second) * float64(c.batch*c.connections) / float64(c.rate))
	}
	for w := 0; w < c.connections; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, seed*7+1))
			var lat []time.Duration
			var reqs, stmts int64
			errs := map[int]int64{}
			n := 0
			next := time.Now().Add(time.Duration(r.Int64N(int64(interval) + 1)))
			for !stop.Load() && ctx.Err() == nil {
				if interval > 0 {
					if d := time.Until(next); d > 0 {
						time.Sleep(d)
					}
					next = next.Add(interval)
				}
				ids, body := batch(r, c.batch, time.Now())
				start := time.Now()
				code, err := post(ctx, client, c, body)
				d := time.Since(start)
				if !measuring.Load() {
					continue
				}
				reqs++
				if err != nil || code/100 != 2 {
					errs[code]++
					continue
				}
				stmts += int64(len(ids))
				lat = append(lat, d)
				if ack != nil && c.sample > 0 {
					for _, id := range ids {
						if n++; n%c.sample == 0 {
							ack(id, start.Add(d))
						}
					}
				}
			}
			mu.Lock()
			res.requests += reqs
			res.statements += stmts
			res.latencies = append(res.latencies, lat...)
			for k, v := range errs {
				res.errors[k] += v
			}
			mu.Unlock()
		}(uint64(w + 1))
	}
	sleep(ctx, c.warmup)
	measuring.Store(true)
	start := time.Now()
	sleep(ctx, c.duration)
	measuring.Store(false)
	res.elapsed = time.Since(start)
	stop.Store(true)
	wg.Wait()
	sort.Slice(res.latencies, func(i, j int) bool { return res.latencies[i] < res.latencies[j] })
	return res, ctx.Err()
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func post(ctx context.Context, client *http.Client, c loadConfig, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/statements", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.SetBasicAuth(c.user, c.pass)
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func probe(ctx context.Context, client *http.Client, c loadConfig) error {
	_, body := statement(rand.New(rand.NewPCG(1, 2)), time.Now())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/statements", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("probe %s: %w", c.url, err)
	}
	req.SetBasicAuth(c.user, c.pass)
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", c.url, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("probe %s: %s: %s (check -url, -user and -password)", c.url, resp.Status, bytes.TrimSpace(b))
	}
	return nil
}

// report prints one line of the results table.
func report(w io.Writer, name string, r *result, ceiling *result) {
	ratio := "—"
	if ceiling != nil && ceiling.rate() > 0 {
		ratio = fmt.Sprintf("%.2f", r.rate()/ceiling.rate())
	}
	var errs int64
	for _, v := range r.errors {
		errs += v
	}
	fmt.Fprintf(w, "| %s | %.0f | %.1f | %.1f | %.1f | %d | %s |\n", name, r.rate(),
		ms(r.percentile(0.5)), ms(r.percentile(0.99)), ms(r.percentile(0.999)), errs, ratio)
}

func header(w io.Writer) {
	fmt.Fprintln(w, "| target | statements/s | p50 ms | p99 ms | p99.9 ms | errors | ratio to ceiling |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
