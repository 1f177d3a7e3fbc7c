package demo

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/encoding/json"
	"golang.org/x/sync/errgroup"

	"github.com/leerlijn/leerlijn/internal/progress"
	"github.com/leerlijn/leerlijn/internal/secret"
	"github.com/leerlijn/leerlijn/schema/refdata"
)

// PostConfig says where and how to post a Dataset.
type PostConfig struct {
	// URL is the collector's base URL; the xAPI resources are under /xapi
	// and the reference-data API under /api/v1.
	URL         string
	User        string
	Password    secret.Value
	Concurrency int
	// BatchSize is the number of statements per POST.
	BatchSize int
	// Timeout bounds one request; Retries bounds the retries of one
	// request the collector could not take (429, 502, 503, 504, no
	// connection), with exponential backoff from 250ms to 15s, or the
	// Retry-After the collector asks for.
	Timeout time.Duration
	Retries int
}

// RegisterFlags registers the posting flags (the password comes from the
// caller, which reads it from a file or the environment).
func (c *PostConfig) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.URL, "url", "http://127.0.0.1:8080", "base URL of the collector")
	fs.StringVar(&c.User, "user", "", "client key (HTTP Basic user) with the all scope, or admin plus statements/write")
	fs.IntVar(&c.Concurrency, "concurrency", 4, "requests in flight at a time (1 to 64)")
	fs.IntVar(&c.BatchSize, "batch-size", 200, "statements per POST (1 to 500)")
	fs.DurationVar(&c.Timeout, "request-timeout", time.Minute, "how long one request may take")
	fs.IntVar(&c.Retries, "retries", 8, "retries of a request the collector could not take (429, 5xx, no connection)")
}

// Validate checks the configuration.
func (c PostConfig) Validate() error {
	var errs []error
	if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("-url %q: give the collector's base URL, e.g. http://127.0.0.1:8080", c.URL))
	}
	if c.User == "" || c.Password == "" {
		errs = append(errs, errors.New("-user and a password (-password-file or the environment) are required to post; or write files with -out"))
	}
	if c.Concurrency < 1 || c.Concurrency > 64 {
		errs = append(errs, errors.New("-concurrency must be between 1 and 64"))
	}
	if c.BatchSize < 1 || c.BatchSize > 500 {
		errs = append(errs, errors.New("-batch-size must be between 1 and 500"))
	}
	if c.Timeout <= 0 {
		errs = append(errs, errors.New("-request-timeout must be positive"))
	}
	if c.Retries < 0 {
		errs = append(errs, errors.New("-retries must not be negative"))
	}
	return errors.Join(errs...)
}

// Poster sends a Dataset through the collector's HTTP APIs.
type Poster struct {
	cfg      PostConfig
	base     string
	http     *http.Client
	log      *slog.Logger
	progress io.Writer
	terminal bool
	retries  atomic.Int64
}

// NewPoster returns a poster; progress, when not nil, gets a progress
// line per phase (redrawn in place when terminal is true).
func NewPoster(cfg PostConfig, log *slog.Logger, progress io.Writer, terminal bool) (*Poster, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = cfg.Concurrency
	return &Poster{
		cfg: cfg, base: strings.TrimSuffix(strings.TrimSuffix(cfg.URL, "/"), "/xapi"),
		http: &http.Client{Transport: tr, Timeout: cfg.Timeout},
		log:  log, progress: progress, terminal: terminal,
	}, nil
}

// Summary reports what a Post did.
type Summary struct {
	Phases  []PhaseSummary
	Retries int64
	Elapsed time.Duration
}

// PhaseSummary is one phase of a Post: the items sent, the requests, and
// what the collector said it did with them (created, updated, unchanged,
// duplicate; stored for statements).
type PhaseSummary struct {
	Name     string
	Items    int
	Requests int
	Outcomes map[string]int
	Elapsed  time.Duration
}

// Write prints the summary.
func (s Summary) Write(w io.Writer) {
	for _, p := range s.Phases {
		keys := make([]string, 0, len(p.Outcomes))
		for k := range p.Outcomes {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%d %s", p.Outcomes[k], k))
		}
		rate := float64(p.Items) / max(p.Elapsed.Seconds(), 1e-3)
		fmt.Fprintf(w, "  %-10s %7d in %6d requests  %8s  %8.0f/s  %s\n", p.Name, p.Items, p.Requests,
			progress.FormatDuration(p.Elapsed), rate, strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "  posted in %s, %d retries\n", progress.FormatDuration(s.Elapsed), s.Retries)
}

// Post sends the settings, people, budgets and expenses through the
// reference-data API, then the statements in time order in batches.
// Everything it sends is idempotent: posting the same Dataset again
// changes nothing.
func (p *Poster) Post(ctx context.Context, d *Dataset) (Summary, error) {
	start := time.Now()
	var sum Summary
	phases := []struct {
		name  string
		unit  string
		items int
		run   func(context.Context, *phase) error
	}{
		{"settings", "settings", 1, func(ctx context.Context, ph *phase) error {
			return ph.put(ctx, "/api/v1/settings", d.Settings)
		}},
		{"people", "versions", len(d.People), func(ctx context.Context, ph *phase) error { return p.postPeople(ctx, ph, d.People) }},
		{"budgets", "budgets", len(d.Budgets), func(ctx context.Context, ph *phase) error {
			return ph.each(ctx, len(d.Budgets), func(ctx context.Context, i int) error {
				return ph.put(ctx, "/api/v1/budgets/"+url.PathEscape(d.Budgets[i].ID), d.Budgets[i])
			})
		}},
		{"expenses", "expenses", len(d.Expenses), func(ctx context.Context, ph *phase) error {
			return ph.each(ctx, len(d.Expenses), func(ctx context.Context, i int) error {
				e := d.Expenses[i]
				return ph.send(ctx, http.MethodPost, "/api/v1/budgets/"+url.PathEscape(e.BudgetID)+"/expenses", e, 1)
			})
		}},
		{"statements", "statements", d.Len(), func(ctx context.Context, ph *phase) error { return p.postStatements(ctx, ph, d) }},
	}
	for _, spec := range phases {
		ph := &phase{p: p, sum: PhaseSummary{Name: spec.name, Items: spec.items, Outcomes: map[string]int{}}}
		if p.progress != nil {
			ph.meter = progress.NewMeter(p.progress, progress.MeterOptions{
				Label: "demo " + spec.name, Unit: spec.unit, Total: int64(spec.items), Terminal: p.terminal,
			})
			ph.meter.Start()
		}
		t0 := time.Now()
		err := spec.run(ctx, ph)
		if ph.meter != nil {
			ph.meter.Stop()
		}
		ph.sum.Elapsed = time.Since(t0)
		sum.Phases = append(sum.Phases, ph.sum)
		p.log.Info("demo phase done", "phase", spec.name, "items", spec.items, "duration", ph.sum.Elapsed)
		if err != nil {
			sum.Retries, sum.Elapsed = p.retries.Load(), time.Since(start)
			return sum, fmt.Errorf("post %s: %w", spec.name, err)
		}
	}
	sum.Retries, sum.Elapsed = p.retries.Load(), time.Since(start)
	return sum, nil
}

// postPeople puts every person's versions in date order, people in
// parallel. A person whose newest stored version is already their last
// one is left alone, so that a second run does not add versions.
func (p *Poster) postPeople(ctx context.Context, ph *phase, people []refdata.Person) error {
	var groups [][]refdata.Person
	for i := 0; i < len(people); {
		j := i + 1
		for j < len(people) && people[j].PersonID == people[i].PersonID {
			j++
		}
		groups = append(groups, people[i:j])
		i = j
	}
	return ph.each(ctx, len(groups), func(ctx context.Context, i int) error {
		versions := groups[i]
		path := "/api/v1/people/" + url.PathEscape(versions[0].PersonID)
		if len(versions) > 1 {
			same, err := ph.storedEquals(ctx, path, versions[len(versions)-1])
			if err != nil {
				return err
			}
			if same {
				ph.count("unchanged", len(versions))
				return nil
			}
		}
		for _, v := range versions {
			if err := ph.put(ctx, path, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// postStatements posts the statements in batches, in time order, with
// Concurrency batches in flight.
func (p *Poster) postStatements(ctx context.Context, ph *phase, d *Dataset) error {
	n, size := d.Len(), p.cfg.BatchSize
	return ph.each(ctx, (n+size-1)/size, func(ctx context.Context, b int) error {
		lo, hi := b*size, min(n, (b+1)*size)
		body := bodyPool.Get().(*[]byte)
		defer bodyPool.Put(body)
		buf := append((*body)[:0], '[')
		var err error
		for i := lo; i < hi; i++ {
			if i > lo {
				buf = append(buf, ',')
			}
			if buf, err = d.AppendStatement(buf, i); err != nil {
				return err
			}
		}
		buf = append(buf, ']')
		*body = buf
		answer, _, err := ph.do(ctx, http.MethodPost, "/xapi/statements", buf, hi-lo)
		if err != nil {
			return err
		}
		var ids []string
		if err := json.Unmarshal(answer, &ids); err != nil || len(ids) != hi-lo {
			return fmt.Errorf("statements %d to %d: the collector answered %q, not their %d ids", lo, hi-1, clip(answer), hi-lo)
		}
		for k, id := range ids {
			if !strings.EqualFold(id, d.StatementID(lo+k)) {
				return fmt.Errorf("statement %d: the collector answered id %s for %s", lo+k, id, d.StatementID(lo+k))
			}
		}
		ph.count("stored", hi-lo)
		return nil
	})
}

var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 512<<10); return &b }}

// phase is one phase of a Post in progress.
type phase struct {
	p     *Poster
	meter *progress.Meter
	mu    sync.Mutex
	sum   PhaseSummary
}

func (ph *phase) count(outcome string, n int) {
	ph.mu.Lock()
	ph.sum.Outcomes[outcome] += n
	ph.mu.Unlock()
}

// each runs f for 0..n-1 in order, Concurrency at a time, stopping at the
// first error.
func (ph *phase) each(ctx context.Context, n int, f func(context.Context, int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(ph.p.cfg.Concurrency)
	for i := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error { return f(gctx, i) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

func (ph *phase) put(ctx context.Context, path string, v any) error {
	return ph.send(ctx, http.MethodPut, path, v, 1)
}

// send writes one reference-data resource and counts its outcome.
func (ph *phase) send(ctx context.Context, method, path string, v any, items int) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, outcome, err := ph.do(ctx, method, path, body, items)
	if err != nil {
		return err
	}
	if outcome == "" {
		outcome = "stored"
	}
	ph.count(outcome, items)
	return nil
}

// storedEquals reports whether the resource at path is stored as v.
func (ph *phase) storedEquals(ctx context.Context, path string, v refdata.Person) (bool, error) {
	answer, _, err := ph.do(ctx, http.MethodGet, path, nil, 0)
	var he *HTTPError
	if errors.As(err, &he) && he.Status == http.StatusNotFound { // the settings phase proved the API is there
		return false, nil
	}
	if err != nil {
		return false, err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return false, err
	}
	want, err := refdata.ParsePerson(v.PersonID, body)
	if err != nil {
		return false, err
	}
	var got refdata.Person
	if err := json.Unmarshal(answer, &got); err != nil {
		return false, nil
	}
	return reflect.DeepEqual(got, want), nil
}

// HTTPError is an answer the collector gave that Post cannot go on from.
type HTTPError struct {
	Method, Path string
	Status       int
	Body         string
}

func (e *HTTPError) Error() string {
	hint := ""
	switch e.Status {
	case http.StatusUnauthorized:
		hint = ": check -user and the password"
	case http.StatusForbidden:
		hint = ": the client needs the all scope (or admin and statements/write)"
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		if strings.HasPrefix(e.Path, "/api/") {
			hint = ": is this a Leerlijn collector with the reference-data API? (-out writes the data as files instead)"
		}
	}
	return fmt.Sprintf("%s %s: %d %s%s: %s", e.Method, e.Path, e.Status, http.StatusText(e.Status), hint, e.Body)
}

// do sends one request, retrying what the collector could not take, and
// returns the answer and its outcome header; the meter advances by items
// on success.
func (ph *phase) do(ctx context.Context, method, path string, body []byte, items int) ([]byte, string, error) {
	p := ph.p
	wait := 250 * time.Millisecond
	for attempt := 0; ; attempt++ {
		answer, status, header, err := p.once(ctx, method, path, body)
		retryable := err != nil || status == http.StatusTooManyRequests || status == http.StatusBadGateway ||
			status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
		switch {
		case err == nil && status < 300:
			if ph.meter != nil {
				ph.meter.Add(int64(items))
			}
			ph.mu.Lock()
			ph.sum.Requests++
			ph.mu.Unlock()
			return answer, header.Get("Leerlijn-Outcome"), nil
		case ctx.Err() != nil:
			return nil, "", ctx.Err()
		case !retryable || attempt >= p.cfg.Retries:
			if err != nil {
				return nil, "", fmt.Errorf("%s %s%s: %w", method, p.base, path, err)
			}
			return nil, "", &HTTPError{Method: method, Path: path, Status: status, Body: clip(answer)}
		}
		d := wait/2 + rand.N(wait/2+1) // jitter
		if s, perr := strconv.Atoi(header.Get("Retry-After")); perr == nil && s > 0 {
			d = time.Duration(s) * time.Second
		}
		p.retries.Add(1)
		attrs := []any{"method", method, "path", routeOf(path), "attempt", attempt + 1, "wait", d}
		if err != nil {
			attrs = append(attrs, "err", err)
		} else {
			attrs = append(attrs, "status", status)
		}
		p.log.Warn("collector busy, retrying", attrs...)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, "", ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, 15*time.Second)
	}
}

func (p *Poster) once(ctx context.Context, method, path string, body []byte) ([]byte, int, http.Header, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.base+path, rd)
	if err != nil {
		return nil, 0, nil, err
	}
	req.SetBasicAuth(p.cfg.User, string(p.cfg.Password))
	req.Header.Set("User-Agent", "leerlijn-demo")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if strings.HasPrefix(path, "/xapi/") {
		req.Header.Set("X-Experience-API-Version", "1.0.3")
	}
	resp, err := p.http.Do(req)
	if err != nil {
		return nil, 0, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, 0, nil, err
	}
	return answer, resp.StatusCode, resp.Header, nil
}

// routeOf is the route of a path for logs: ids in paths are left out.
func routeOf(path string) string {
	switch {
	case strings.HasPrefix(path, "/api/v1/people/"):
		return "/api/v1/people/{id}"
	case strings.HasSuffix(path, "/expenses"):
		return "/api/v1/budgets/{id}/expenses"
	case strings.HasPrefix(path, "/api/v1/budgets/"):
		return "/api/v1/budgets/{id}"
	}
	return path
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
