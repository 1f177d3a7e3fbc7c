package refdata_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/refdata"
)

// TestImportDocExamples reads every CSV example of docs/import.md and
// checks that each row is accepted as it would be by the API, so that the
// documentation shows files that import.
func TestImportDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/import.md")
	if err != nil {
		t.Fatalf("read the import documentation: %v", err)
	}
	blocks := strings.Split(string(doc), "```csv\n")[1:]
	if len(blocks) < 3 {
		t.Fatalf("docs/import.md has %d CSV examples, want at least 3", len(blocks))
	}
	for i, b := range blocks {
		text, _, _ := strings.Cut(b, "```")
		people := strings.Contains(strings.SplitN(text, "\n", 2)[0], "person_id") && !strings.Contains(text, "period_start")
		columns, rule := refdata.BudgetColumns, refdata.BudgetRequired
		if people {
			columns, rule = refdata.PersonColumns, refdata.PersonRequired
		}
		r, err := refdata.NewCSVReader(strings.NewReader(text), columns, rule)
		if err != nil {
			t.Fatalf("example %d: %v\n%s", i+1, err, text)
		}
		rows := 0
		for {
			row, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("example %d: %v", i+1, err)
			}
			rows++
			if people {
				p, err := refdata.PersonFromCSV(row)
				if err != nil {
					t.Fatalf("example %d line %d: %v", i+1, row.Line, err)
				}
				body, _ := json.Marshal(p)
				if _, err := refdata.ParsePerson(p.PersonID, body); err != nil {
					t.Errorf("example %d line %d: %v", i+1, row.Line, err)
				}
				continue
			}
			bud := refdata.BudgetFromCSV(row)
			body, _ := json.Marshal(bud)
			if _, err := refdata.ParseBudget(bud.ID, body); err != nil {
				t.Errorf("example %d line %d: %v", i+1, row.Line, err)
			}
		}
		if rows == 0 {
			t.Errorf("example %d has no rows", i+1)
		}
	}
	// The schedule examples of the table parse.
	for _, spec := range []string{"mon-fri 09:00-17:00", "mon-thu 08:30-12:00 12:30-17:00", "mon,wed,fri 9:00-13:00", "mon-fri 09:00-12:30 13:00-17:00; sat 10:00-12:00", "sat-sun 20:00-24:00"} {
		if !strings.Contains(string(doc), "`"+spec+"`") {
			t.Errorf("docs/import.md no longer shows %q", spec)
		}
		if _, err := refdata.ParseScheduleSpec(spec); err != nil {
			t.Errorf("documented schedule %q: %v", spec, err)
		}
	}
}
