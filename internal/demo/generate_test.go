package demo_test

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/internal/demo"
	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// small is a quick configuration for the tests that need no full year.
func small(seed int64) demo.Config {
	return demo.Config{Seed: seed, People: 300, OrgUnits: 20, Activities: 80, From: "2025-03-01", To: "2025-08-31"}
}

// full is the default size over the year 2025, generated once per run.
var full = sync.OnceValues(func() (*demo.Dataset, error) {
	return demo.Generate(demo.Config{Seed: 1, People: 2000, OrgUnits: 40, Activities: 150, Year: 2025})
})

func mustFull(tb testing.TB) *demo.Dataset {
	tb.Helper()
	d, err := full()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func mustGenerate(tb testing.TB, cfg demo.Config) *demo.Dataset {
	tb.Helper()
	d, err := demo.Generate(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// fingerprint hashes everything a dataset would post, in posting order.
func fingerprint(tb testing.TB, d *demo.Dataset) [32]byte {
	tb.Helper()
	h := sha256.New()
	for _, v := range []any{d.Settings, d.People, d.Budgets, d.Expenses} {
		b, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		h.Write(b)
	}
	var b []byte
	var err error
	for i := range d.Len() {
		if b, err = d.AppendStatement(b[:0], i); err != nil {
			tb.Fatal(err)
		}
		h.Write(b)
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	a := fingerprint(t, mustGenerate(t, small(42)))
	if b := fingerprint(t, mustGenerate(t, small(42))); a != b {
		t.Fatal("the same seed gave different data")
	}
	other := mustGenerate(t, small(43))
	if fingerprint(t, other) == a {
		t.Fatal("another seed gave the same data")
	}
	first := mustGenerate(t, small(42))
	if first.StatementID(0) == other.StatementID(0) {
		t.Fatal("statement ids do not depend on the seed")
	}
}

func TestEveryStatementParses(t *testing.T) {
	d := mustFull(t)
	if d.Len() < 100_000 {
		t.Fatalf("only %d statements for 2,000 people over a year", d.Len())
	}
	// Parse them in the batches Post sends, as the collector does, on
	// every CPU.
	const size = 200
	batches := (d.Len() + size - 1) / size
	workers := runtime.GOMAXPROCS(0)
	ids := make([][]string, batches)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var batch []byte
			for k := w; k < batches && errs[w] == nil; k += workers {
				lo, hi := k*size, min(d.Len(), (k+1)*size)
				batch = append(batch[:0], '[')
				for i := lo; i < hi && errs[w] == nil; i++ {
					if i > lo {
						batch = append(batch, ',')
					}
					batch, errs[w] = d.AppendStatement(batch, i)
				}
				batch = append(batch, ']')
				parsed, _, err := xapi.Parse(batch, xapi.Options{})
				if err != nil {
					errs[w] = fmt.Errorf("batch from %d: %w", lo, err)
					break
				}
				for _, p := range parsed {
					ids[k] = append(ids[k], p.ID)
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	seen := make(map[string]bool, d.Len())
	for _, batch := range ids {
		for _, id := range batch {
			if id == "" || seen[id] {
				t.Fatalf("statement id %q missing or repeated", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != d.Len() {
		t.Fatalf("%d ids for %d statements", len(seen), d.Len())
	}
}

func TestReferenceDataParses(t *testing.T) {
	d := mustFull(t)
	body := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if _, err := refdata.ParseSettings(body(d.Settings)); err != nil {
		t.Errorf("settings: %v", err)
	}
	for _, p := range d.People {
		if _, err := refdata.ParsePerson(p.PersonID, body(p)); err != nil {
			t.Errorf("person %s: %v", p.PersonID, err)
		}
	}
	budgets := map[string]bool{}
	for _, b := range d.Budgets {
		budgets[b.ID] = true
		if _, err := refdata.ParseBudget(b.ID, body(b)); err != nil {
			t.Errorf("budget %s: %v", b.ID, err)
		}
	}
	for _, e := range d.Expenses {
		if !budgets[e.BudgetID] {
			t.Errorf("expense %s on unknown budget %s", e.ExpenseID, e.BudgetID)
		}
		if _, err := refdata.ParseExpense(e.BudgetID, body(e)); err != nil {
			t.Errorf("expense %s: %v", e.ExpenseID, err)
		}
	}
}

// TestWriteFiles reads the files back the way `leerlijn import` and an
// xAPI client would.
func TestWriteFiles(t *testing.T) {
	d := mustGenerate(t, small(7))
	dir := t.TempDir()
	if err := d.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	t.Run("people", func(t *testing.T) {
		rows := readCSV(t, filepath.Join(dir, demo.FilePeople), refdata.PersonColumns, refdata.PersonRequired, func(row refdata.CSVRow) error {
			p, err := refdata.PersonFromCSV(row)
			if err != nil {
				return err
			}
			b, _ := json.Marshal(p)
			_, err = refdata.ParsePerson(p.PersonID, b)
			return err
		})
		if rows != len(d.People) {
			t.Fatalf("%d rows, want %d", rows, len(d.People))
		}
	})
	t.Run("budgets", func(t *testing.T) {
		rows := readCSV(t, filepath.Join(dir, demo.FileBudgets), refdata.BudgetColumns, refdata.BudgetRequired, func(row refdata.CSVRow) error {
			b := refdata.BudgetFromCSV(row)
			body, _ := json.Marshal(b)
			_, err := refdata.ParseBudget(b.ID, body)
			return err
		})
		if rows != len(d.Budgets) {
			t.Fatalf("%d rows, want %d", rows, len(d.Budgets))
		}
	})
	t.Run("statements", func(t *testing.T) {
		f, err := os.Open(filepath.Join(dir, demo.FileStatements))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		n := 0
		for sc.Scan() {
			if _, _, err := xapi.Parse(sc.Bytes(), xapi.Options{}); err != nil {
				t.Fatalf("line %d: %v", n+1, err)
			}
			n++
		}
		if n != d.Len() {
			t.Fatalf("%d lines, want %d", n, d.Len())
		}
	})
	for _, name := range []string{demo.FileSettings, demo.FileExpenses, demo.FileSummary} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
}

func readCSV(t *testing.T, path string, cols []string, rule refdata.ColumnRule, check func(refdata.CSVRow) error) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := refdata.NewCSVReader(f, cols, rule)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := check(row); err != nil {
			t.Fatalf("line %d: %v", row.Line, err)
		}
		n++
	}
}

func TestConfigValidate(t *testing.T) {
	ok := small(1)
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		edit func(*demo.Config)
		want string
	}{
		"TooFewPeople":   {func(c *demo.Config) { c.People = 3 }, "-people"},
		"TooFewUnits":    {func(c *demo.Config) { c.OrgUnits = 5 }, "-org-units"},
		"TooFewActivity": {func(c *demo.Config) { c.Activities = 5 }, "-activities"},
		"FromWithoutTo":  {func(c *demo.Config) { c.To = "" }, "go together"},
		"BadDate":        {func(c *demo.Config) { c.From = "2025-13-01" }, "-from"},
		"Backwards":      {func(c *demo.Config) { c.From, c.To = "2025-06-01", "2025-05-01" }, "at least 28 days"},
		"TooLong":        {func(c *demo.Config) { c.From, c.To = "2020-01-01", "2025-01-01" }, "at most"},
		"BadYear":        {func(c *demo.Config) { c.From, c.To, c.Year = "", "", 1900 }, "-year"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := ok
			tc.edit(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error about %q", err, tc.want)
			}
		})
	}
}

// TestGenerateEdgeSizes generates the smallest and oddest configurations
// the flags allow.
func TestGenerateEdgeSizes(t *testing.T) {
	cases := map[string]demo.Config{
		"Smallest":           {Seed: 1, People: 10, OrgUnits: 6, Activities: 30, From: "2025-02-01", To: "2025-02-28"},
		"MoreUnitsThanTeams": {Seed: 2, People: 30, OrgUnits: 120, Activities: 30, From: "2025-01-01", To: "2025-03-31"},
		"ManyActivities":     {Seed: 3, People: 50, OrgUnits: 10, Activities: 2000, Year: 2024},
		"ThreeYears":         {Seed: 4, People: 40, OrgUnits: 12, Activities: 60, From: "2023-01-01", To: "2025-12-31"},
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) {
			d := mustGenerate(t, cfg)
			if d.Len() == 0 || len(d.People) < cfg.People || len(d.Budgets) == 0 {
				t.Fatalf("%d statements, %d person versions, %d budgets", d.Len(), len(d.People), len(d.Budgets))
			}
			var b []byte
			var err error
			for i := range d.Len() {
				if b, err = d.AppendStatement(b[:0], i); err != nil {
					t.Fatal(err)
				}
				if _, _, err := xapi.Parse(b, xapi.Options{}); err != nil {
					t.Fatalf("statement %d: %v", i, err)
				}
			}
			t.Logf("%d statements, utilisation %.3f, formal share %.3f", d.Len(), d.Stats.Utilisation, d.Stats.FormalShare)
		})
	}
}
