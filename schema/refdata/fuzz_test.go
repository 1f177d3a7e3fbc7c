package refdata_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/refdata"
)

// FuzzParseScheduleSpec: the parser never panics, and whatever it accepts
// is a valid JSON work_schedule that formats and parses back to itself.
func FuzzParseScheduleSpec(f *testing.F) {
	for _, s := range []string{"", "mon-fri 09:00-12:30 13:00-17:00; sat 10:00-12:00", "mon,wed-thu 8:00-9:00,10:00-24:00", "fri-mon 9:00-10:00", "sun 23:59-24:00;", "tue 09:00-13:00 12:00-14:00", "mon 1:0-2:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := refdata.ParseScheduleSpec(spec)
		if err != nil {
			paths(t, err) // a validation error with reasons
			return
		}
		if s == nil {
			return
		}
		body, _ := json.Marshal(map[string]any{"work_schedule": s})
		if _, err := refdata.ParseSettings(body); err != nil {
			t.Fatalf("spec %q gave %v, which settings reject: %v", spec, s, err)
		}
		back, err := refdata.ParseScheduleSpec(refdata.FormatScheduleSpec(s))
		if err != nil || !reflect.DeepEqual(back, s) {
			t.Fatalf("spec %q: %v formats as %q, which parses as %v, %v", spec, s, refdata.FormatScheduleSpec(s), back, err)
		}
	})
}

// fuzzCSV reads a whole CSV file and hands every readable row to row. The
// reader must never panic or loop, and report only row errors.
func fuzzCSV(t *testing.T, data []byte, columns []string, rule refdata.ColumnRule, row func(refdata.CSVRow)) {
	r, err := refdata.NewCSVReader(bytes.NewReader(data), columns, rule)
	if err != nil {
		return
	}
	for n := 0; ; n++ {
		if n > len(data)+1 {
			t.Fatalf("more rows than bytes: the reader loops")
		}
		rw, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		var re *refdata.CSVRowError
		if errors.As(err, &re) {
			if re.Line < 2 {
				t.Fatalf("row error on line %d", re.Line)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if rw.Line < 2 {
			t.Fatalf("row on line %d", rw.Line)
		}
		row(rw)
	}
}

// FuzzBudgetCSV: every row becomes a budget body; what the API accepts is
// normalised for good (parsing the normalised form changes nothing).
func FuzzBudgetCSV(f *testing.F) {
	f.Add([]byte("id,name,org_unit,person_id,period_start,period_end,amount,currency\nb-1,Team,Acme/Ops,,2026-01-01,2026-12-31,100,EUR\nb-2,Mine,,p-1,2026-01-01,2026-12-31,1.5,EUR\n"))
	f.Add([]byte("\uFEFFcurrency;amount;id;name;org_unit;period_start;period_end\nEUR;\"1,5\";b-1;\"Team; A\";Acme;2026-01-01;2026-12-31\n"))
	f.Add([]byte("id,name,org_unit,period_start,period_end,amount,currency\nb-1,\"x\ny\",Acme,2026-01-01,2025-12-31,-1,eur\nb\"2,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCSV(t, data, refdata.BudgetColumns, refdata.BudgetRequired, func(row refdata.CSVRow) {
			b := refdata.BudgetFromCSV(row)
			body, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			got, err := refdata.ParseBudget(b.ID, body)
			if err != nil {
				for _, p := range paths(t, err) {
					if c := refdata.BudgetColumn(p); c != "" && !contains(refdata.BudgetColumns, c) {
						t.Fatalf("problem %q maps to column %q, which the file cannot have", p, c)
					}
				}
				return
			}
			again, _ := json.Marshal(got)
			if got2, err := refdata.ParseBudget(got.ID, again); err != nil || got2 != got {
				t.Fatalf("normalised budget %s parses as %+v, %v", again, got2, err)
			}
		})
	})
}

// FuzzPersonCSV: every row becomes a person body or column problems; what
// the API accepts is normalised for good.
func FuzzPersonCSV(f *testing.F) {
	f.Add([]byte("person_id,actor_mbox,actor_account_homepage,actor_account_name,org_unit,hourly_cost,timezone,valid_from,work_schedule\np-1,\"a@x.org;b@y.org\",https://lms.example.com,ann,Acme/Ops,55,Europe/Amsterdam,2026-01-01,mon-fri 09:00-17:00\n"))
	f.Add([]byte("person_id;actor_account_name;actor_account_homepage;org_unit;valid_from\np-2;a;https://x.example;Acme;2026-02-30\np-3;;;;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCSV(t, data, refdata.PersonColumns, refdata.PersonRequired, func(row refdata.CSVRow) {
			p, err := refdata.PersonFromCSV(row)
			if err != nil {
				for _, path := range paths(t, err) {
					if !contains(refdata.PersonColumns, path) {
						t.Fatalf("CSV problem at %q, not a column", path)
					}
				}
				return
			}
			body, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := refdata.ParsePerson(p.PersonID, body)
			if err != nil {
				for _, path := range paths(t, err) {
					if c := refdata.PersonColumn(path, p); c != "" && !contains(refdata.PersonColumns, c) {
						t.Fatalf("problem %q maps to column %q, which the file cannot have", path, c)
					}
				}
				return
			}
			again, _ := json.Marshal(got)
			got2, err := refdata.ParsePerson(got.PersonID, again)
			if err != nil || !reflect.DeepEqual(got2, got) {
				t.Fatalf("normalised person %s parses as %+v, %v", again, got2, err)
			}
		})
	})
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
