package demo

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/refdata"
)

// The files WriteFiles writes.
const (
	FileSettings   = "settings.json"
	FilePeople     = "people.csv"
	FileBudgets    = "budgets.csv"
	FileExpenses   = "expenses.ndjson"
	FileStatements = "statements.ndjson"
	FileSummary    = "summary.json"
)

// WriteFiles writes the dataset into dir (created if missing): people and
// budgets as CSV in the import format (refdata.PersonColumns and
// refdata.BudgetColumns), the settings as JSON, expenses and statements as
// one JSON object per line (statements in posting order), and the stats.
func (d *Dataset) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	steps := []struct {
		name  string
		write func(*bufio.Writer) error
	}{
		{FileSettings, func(w *bufio.Writer) error { return writeJSON(w, d.Settings, true) }},
		{FilePeople, d.writePeople},
		{FileBudgets, d.writeBudgets},
		{FileExpenses, func(w *bufio.Writer) error {
			for _, e := range d.Expenses {
				if err := writeJSON(w, e, false); err != nil {
					return err
				}
			}
			return nil
		}},
		{FileStatements, d.writeStatements},
		{FileSummary, func(w *bufio.Writer) error { return writeJSON(w, d.Stats, true) }},
	}
	for _, s := range steps {
		if err := writeFile(filepath.Join(dir, s.name), s.write); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, write func(*bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeJSON(w *bufio.Writer, v any, indent bool) error {
	marshal := json.Marshal
	if indent {
		marshal = func(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }
	}
	b, err := marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func (d *Dataset) writePeople(w *bufio.Writer) error {
	c := csv.NewWriter(w)
	if err := c.Write(refdata.PersonColumns); err != nil {
		return err
	}
	for _, p := range d.People {
		var mbox, home, name []string
		for _, a := range p.Actors {
			switch {
			case a.Mbox != "":
				mbox = append(mbox, strings.TrimPrefix(a.Mbox, "mailto:"))
			case a.Account != nil:
				home = append(home, a.Account.HomePage)
				name = append(name, a.Account.Name)
			}
		}
		if len(home) > 1 {
			home = home[:1] // the generator's accounts share one homePage
		}
		row := map[string]string{
			"person_id": p.PersonID, "actor_mbox": strings.Join(mbox, ";"),
			"actor_account_homepage": strings.Join(home, ";"), "actor_account_name": strings.Join(name, ";"),
			"org_unit": p.OrgUnit, "hourly_cost": p.HourlyCost, "timezone": p.Timezone, "valid_from": p.ValidFrom,
			"work_schedule": refdata.FormatScheduleSpec(p.WorkSchedule),
		}
		if err := c.Write(columns(refdata.PersonColumns, row)); err != nil {
			return err
		}
	}
	c.Flush()
	return c.Error()
}

func (d *Dataset) writeBudgets(w *bufio.Writer) error {
	c := csv.NewWriter(w)
	if err := c.Write(refdata.BudgetColumns); err != nil {
		return err
	}
	for _, b := range d.Budgets {
		row := map[string]string{
			"id": b.ID, "name": b.Name, "org_unit": b.OrgUnit, "person_id": b.PersonID,
			"period_start": b.PeriodStart, "period_end": b.PeriodEnd, "amount": b.Amount, "currency": b.Currency,
		}
		if err := c.Write(columns(refdata.BudgetColumns, row)); err != nil {
			return err
		}
	}
	c.Flush()
	return c.Error()
}

func columns(cols []string, row map[string]string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = row[c]
	}
	return out
}

func (d *Dataset) writeStatements(w *bufio.Writer) error {
	var b []byte
	var err error
	for i := range d.stmts {
		if b, err = d.AppendStatement(b[:0], i); err != nil {
			return err
		}
		if _, err = w.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}
