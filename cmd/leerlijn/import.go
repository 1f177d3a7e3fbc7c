package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/leerlijn/leerlijn/internal/progress"
	"github.com/leerlijn/leerlijn/schema/refdata"
)

const importAbout = `Imports budgets or people from a CSV file through the reference-data API of
a running collector (PUT /api/v1/budgets/{id}, PUT /api/v1/people/{person_id}),
several rows at a time, reading the file as a stream. Every row is validated
by the API; a row that is already stored identically changes nothing, so an
import can be run again. Rows the API rejects are reported with their line,
column and reason at the end and do not stop the others; the exit status is
non-zero if any row failed. Progress is shown on standard error.

  leerlijn import [flags] budgets FILE.csv
  leerlijn import [flags] people FILE.csv

The client needs the admin or all scope; its tenant is the one imported into.
The file needs a header row naming its columns (any order, see docs/import.md);
it is UTF-8 with or without a byte-order mark, separated by "," or ";".
Every flag can also be set as LEERLIJN_IMPORT_<FLAG>, e.g. LEERLIJN_IMPORT_PASSWORD.`

// importOptions are the flags of the import mode.
type importOptions struct {
	url          string
	user         string
	password     string
	passwordFile string
	concurrency  int
	timeout      time.Duration
}

func (o *importOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of the collector")
	fs.StringVar(&o.user, "user", "", "client key (HTTP Basic user) with the admin or all scope")
	fs.StringVar(&o.password, "password", "", "client secret (prefer -password-file or the environment)")
	fs.StringVar(&o.passwordFile, "password-file", "", "file holding the client secret")
	fs.IntVar(&o.concurrency, "concurrency", 8, "rows sent at the same time (1 to 64)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "how long one request may take")
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", importAbout)
	var o importOptions
	o.register(fs)
	if err := parse(fs, e, args); err != nil {
		return err
	}
	for _, a := range fs.Args()[min(1, fs.NArg()):] {
		if strings.HasPrefix(a, "-") {
			return fmt.Errorf("import: flag %s after the kind: put the flags first, e.g. leerlijn import -url URL budgets FILE.csv", a)
		}
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return errors.New("import: say what to import and from which file: import budgets FILE.csv or import people FILE.csv")
	}
	kind, ok := importKinds[fs.Arg(0)]
	if !ok {
		return fmt.Errorf("import: unknown kind %q: say budgets or people", fs.Arg(0))
	}
	c, err := o.client()
	if err != nil {
		return err
	}
	return c.run(ctx, e, kind, fs.Arg(1))
}

// client checks the options and returns the API client they describe.
func (o *importOptions) client() (*importClient, error) {
	u, err := url.Parse(strings.TrimRight(o.url, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("-url %q: give the collector's base URL, e.g. http://127.0.0.1:8080", o.url)
	}
	if o.user == "" {
		return nil, errors.New("import: -user is required: the key of a client with the admin or all scope")
	}
	pw, err := readSecret(o.password, o.passwordFile)
	if err != nil {
		return nil, fmt.Errorf("-password-file: %w", err)
	}
	if pw == "" {
		return nil, errors.New("import: give the client secret with -password-file or LEERLIJN_IMPORT_PASSWORD")
	}
	if o.concurrency < 1 || o.concurrency > 64 {
		return nil, errors.New("-concurrency must be between 1 and 64")
	}
	if o.timeout <= 0 {
		return nil, errors.New("-timeout must be positive")
	}
	return &importClient{
		base: u.String(), user: o.user, password: pw, concurrency: o.concurrency,
		http: &http.Client{Timeout: o.timeout, Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: o.concurrency, IdleConnTimeout: time.Minute,
		}},
		backoff: 500 * time.Millisecond,
	}, nil
}

// importKind says how the rows of one kind of file become API requests.
type importKind struct {
	name    string
	columns []string
	rule    refdata.ColumnRule
	// request turns a row into the resource path and body, and returns
	// the function that maps the API's problem paths to the file's columns.
	// Problems the CSV syntax decides come back as a *xapi.ValidationError
	// whose paths are columns.
	request func(refdata.CSVRow) (path string, body any, column func(string) string, err error)
}

var importKinds = map[string]importKind{
	"budgets": {
		name: "budgets", columns: refdata.BudgetColumns, rule: refdata.BudgetRequired,
		request: func(row refdata.CSVRow) (string, any, func(string) string, error) {
			b := refdata.BudgetFromCSV(row)
			if err := checkRowID("id", b.ID); err != nil {
				return "", nil, nil, err
			}
			return "/api/v1/budgets/" + url.PathEscape(b.ID), b, refdata.BudgetColumn, nil
		},
	},
	"people": {
		name: "people", columns: refdata.PersonColumns, rule: refdata.PersonRequired,
		request: func(row refdata.CSVRow) (string, any, func(string) string, error) {
			p, err := refdata.PersonFromCSV(row)
			if err == nil {
				err = checkRowID("person_id", p.PersonID)
			}
			if err != nil {
				return "", nil, nil, err
			}
			return "/api/v1/people/" + url.PathEscape(p.PersonID), p, func(path string) string { return refdata.PersonColumn(path, p) }, nil
		},
	},
}

// rowFailure is a row that was not imported.
type rowFailure struct {
	line   int
	column string
	reason string
}

func (f rowFailure) String() string {
	if f.column == "" {
		return fmt.Sprintf("line %d: %s", f.line, f.reason)
	}
	return fmt.Sprintf("line %d, column %s: %s", f.line, f.column, f.reason)
}

// importRun collects the outcome of one import.
type importRun struct {
	mu       sync.Mutex
	outcomes map[string]int
	failed   map[int]bool
	failures []rowFailure
	rows     int
}

func (r *importRun) done(outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.outcomes[outcome]++
}

func (r *importRun) fail(fs ...rowFailure) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range fs {
		r.failed[f.line] = true
		r.failures = append(r.failures, f)
	}
}

// run imports the file and writes the report to stdout.
func (c *importClient) run(ctx context.Context, e *env, kind importKind, file string) error {
	start := time.Now()
	total, err := countRows(kind, file)
	if err != nil {
		return err
	}
	in, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("import %s: %w", kind.name, err)
	}
	defer in.Close()
	rd, err := refdata.NewCSVReader(in, kind.columns, kind.rule)
	if err != nil {
		return fmt.Errorf("import %s from %s: %w", kind.name, file, err)
	}
	meter := progress.NewMeter(e.stderr, progress.MeterOptions{
		Label: "import " + kind.name, Unit: "rows", Total: int64(total), Terminal: isTerminal(e.stderr),
	})
	meter.Start()
	run := &importRun{outcomes: map[string]int{}, failed: map[int]bool{}}
	g, gctx := errgroup.WithContext(ctx)
	rows := make(chan refdata.CSVRow)
	g.Go(func() error {
		defer close(rows)
		for {
			row, err := rd.Read()
			if errors.Is(err, io.EOF) {
				return nil
			}
			var re *refdata.CSVRowError
			if errors.As(err, &re) {
				run.rows++
				run.fail(rowFailure{line: re.Line, reason: re.Reason})
				meter.Fail(1)
				continue
			}
			if err != nil {
				return fmt.Errorf("read %s: %w", file, err)
			}
			run.rows++
			select {
			case rows <- row:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
	})
	for range c.concurrency {
		g.Go(func() error {
			for row := range rows {
				fails, outcome, err := c.importRow(gctx, kind, row)
				if err != nil {
					return err
				}
				if len(fails) > 0 {
					run.fail(fails...)
					meter.Fail(1)
					continue
				}
				run.done(outcome)
				meter.Add(1)
			}
			return nil
		})
	}
	err = g.Wait()
	meter.Stop()
	run.report(e.stdout, kind, file, time.Since(start), err != nil)
	if err != nil {
		return fmt.Errorf("import %s stopped: %w", kind.name, err)
	}
	if n := len(run.failed); n > 0 {
		return fmt.Errorf("import %s: %d of %d rows failed (see the report above)", kind.name, n, run.rows)
	}
	return nil
}

// report writes the failures in line order, then the summary.
func (r *importRun) report(w io.Writer, kind importKind, file string, took time.Duration, stopped bool) {
	sort.SliceStable(r.failures, func(i, j int) bool { return r.failures[i].line < r.failures[j].line })
	for _, f := range r.failures {
		fmt.Fprintln(w, f)
	}
	parts := []string{}
	for _, o := range []string{"created", "updated", "unchanged"} {
		if n := r.outcomes[o]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, o))
		}
	}
	parts = append(parts, fmt.Sprintf("%d failed", len(r.failed)))
	verb := "imported"
	if stopped {
		verb = "stopped importing"
	}
	fmt.Fprintf(w, "%s %s from %s: %d rows in %s: %s\n", verb, kind.name, file, r.rows, progress.FormatDuration(took), strings.Join(parts, ", "))
}

// countRows counts the rows of a file, for the progress total, and checks
// its header before anything is sent. It reads the file once more, as a
// stream, which costs far less than sending the rows.
func countRows(kind importKind, file string) (int, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, fmt.Errorf("import %s: %w", kind.name, err)
	}
	defer f.Close()
	rd, err := refdata.NewCSVReader(f, kind.columns, kind.rule)
	if err != nil {
		return 0, fmt.Errorf("import %s from %s: %w", kind.name, file, err)
	}
	n := 0
	for {
		_, err := rd.Read()
		var re *refdata.CSVRowError
		switch {
		case errors.Is(err, io.EOF):
			return n, nil
		case err == nil, errors.As(err, &re):
			n++
		default:
			return 0, fmt.Errorf("read %s: %w", file, err)
		}
	}
}

// isTerminal reports whether w is a terminal, where progress is redrawn in
// place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
