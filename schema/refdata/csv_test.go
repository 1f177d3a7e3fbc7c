package refdata_test

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// readAll reads every row of a CSV file: the rows, and the lines of the
// rows that could not be read.
func readAll(t *testing.T, text string, columns []string, rule refdata.ColumnRule) ([]refdata.CSVRow, []int, error) {
	t.Helper()
	r, err := refdata.NewCSVReader(strings.NewReader(text), columns, rule)
	if err != nil {
		return nil, nil, err
	}
	var rows []refdata.CSVRow
	var bad []int
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, bad, nil
		}
		var re *refdata.CSVRowError
		if errors.As(err, &re) {
			bad = append(bad, re.Line)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

func TestCSVReader(t *testing.T) {
	const header = "id,name,org_unit,period_start,period_end,amount,currency\n"
	cases := []struct {
		name    string
		text    string
		headErr string // the header is rejected with this
		ids     []string
		lines   []int
		bad     []int
	}{
		{name: "comma", text: header + "b-1,Team,Acme,2026-01-01,2026-12-31,100,EUR\nb-2,Two,Acme,2026-01-01,2026-12-31,100,EUR\n", ids: []string{"b-1", "b-2"}, lines: []int{2, 3}},
		{name: "semicolon with decimal commas", text: "id;name;org_unit;period_start;period_end;amount;currency\r\nb-1;Team, Logistics;Acme;2026-01-01;2026-12-31;100,50;EUR\r\n", ids: []string{"b-1"}, lines: []int{2}},
		{name: "byte-order mark", text: "\uFEFF" + header + "b-1,Team,Acme,2026-01-01,2026-12-31,100,EUR", ids: []string{"b-1"}, lines: []int{2}},
		{name: "any order, upper case", text: "Currency,AMOUNT,id,name,person_id,period_end,period_start\nEUR,100,b-1,Mine,p-1,2026-12-31,2026-01-01\n", ids: []string{"b-1"}, lines: []int{2}},
		{name: "quoted newline keeps line numbers", text: header + "b-1,\"Team\nLogistics\",Acme,2026-01-01,2026-12-31,100,EUR\nb-2,Two,Acme,2026-01-01,2026-12-31,100,EUR\n", ids: []string{"b-1", "b-2"}, lines: []int{2, 4}},
		{name: "blank lines skipped", text: header + "\n   \nb-1,Team,Acme,2026-01-01,2026-12-31,100,EUR\n\n", ids: []string{"b-1"}, lines: []int{4}},
		{name: "row with too few fields", text: header + "b-1,Team\nb-2,Two,Acme,2026-01-01,2026-12-31,100,EUR\n", ids: []string{"b-2"}, lines: []int{3}, bad: []int{2}},
		{name: "row with a bare quote", text: header + "b-1,Te\"am,Acme,2026-01-01,2026-12-31,100,EUR\nb-2,Two,Acme,2026-01-01,2026-12-31,100,EUR\n", ids: []string{"b-2"}, lines: []int{3}, bad: []int{2}},
		{name: "empty file", text: "", headErr: "header row is missing"},
		{name: "unknown column", text: "id,name,org_unit,period_start,period_end,amout,currency\n", headErr: `unknown column "amout"`},
		{name: "missing column", text: "id,name,org_unit,period_start,period_end,currency\n", headErr: "missing column amount"},
		{name: "missing either column", text: "id,name,period_start,period_end,amount,currency\n", headErr: "missing column org_unit or person_id"},
		{name: "column twice", text: "id,id,name,org_unit,period_start,period_end,amount,currency\n", headErr: `column "id" appears twice`},
		{name: "column without name", text: "id,,name,org_unit,period_start,period_end,amount,currency\n", headErr: "column 2 has no name"},
		{name: "header only", text: header, ids: nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, bad, err := readAll(t, c.text, refdata.BudgetColumns, refdata.BudgetRequired)
			if c.headErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.headErr) {
					t.Fatalf("header error %v, want %q", err, c.headErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			var lines []int
			for _, r := range rows {
				ids = append(ids, refdata.BudgetFromCSV(r).ID)
				lines = append(lines, r.Line)
			}
			if !reflect.DeepEqual(ids, c.ids) || !reflect.DeepEqual(lines, c.lines) || !reflect.DeepEqual(bad, c.bad) {
				t.Fatalf("ids %q lines %v bad %v; want %q %v %v", ids, lines, bad, c.ids, c.lines, c.bad)
			}
		})
	}
	t.Run("values", func(t *testing.T) {
		rows, _, err := readAll(t, "id;name;org_unit;period_start;period_end;amount;currency\nb-1; Team ;Acme/Ops;2026-01-01;2026-12-31;100.50;EUR\n", refdata.BudgetColumns, refdata.BudgetRequired)
		if err != nil {
			t.Fatal(err)
		}
		want := refdata.Budget{ID: "b-1", Name: "Team", OrgUnit: "Acme/Ops", PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31", Amount: "100.50", Currency: "EUR"}
		if got := refdata.BudgetFromCSV(rows[0]); got != want {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("decimal comma", func(t *testing.T) {
		const head = "id;name;org_unit;period_start;period_end;amount;currency\n"
		for in, want := range map[string]string{"100,5": "100.5", "-7,25": "-7.25", "100": "100", "1.000,50": "1.000,50", "1,000,50": "1,000,50", "1,005": "1,005", ",5": ",5"} {
			rows, _, err := readAll(t, head+"b-1;T;A;2026-01-01;2026-12-31;"+in+";EUR\n", refdata.BudgetColumns, refdata.BudgetRequired)
			if err != nil {
				t.Fatal(err)
			}
			if got := refdata.BudgetFromCSV(rows[0]).Amount; got != want {
				t.Errorf("amount %q read as %q, want %q", in, got, want)
			}
		}
	})
}

func TestPersonFromCSV(t *testing.T) {
	const header = "person_id,actor_mbox,actor_account_homepage,actor_account_name,org_unit,hourly_cost,timezone,valid_from,work_schedule\n"
	mbox := func(m string) xapi.Actor { return xapi.Actor{Mbox: m} }
	acc := func(h, n string) xapi.Actor { return xapi.Actor{Account: &xapi.Account{HomePage: h, Name: n}} }
	cases := []struct {
		name   string
		row    string
		actors []xapi.Actor
		sched  string
		want   []string // problem paths (columns)
	}{
		{"one mbox", `p-1,ann@example.com,,,Acme,55,Europe/Amsterdam,2026-01-01,mon-fri 09:00-17:00`, []xapi.Actor{mbox("mailto:ann@example.com")}, "mon-fri 09:00-17:00", nil},
		{"mailto kept", `p-1,mailto:ann@example.com,,,Acme,,,2026-01-01,`, []xapi.Actor{mbox("mailto:ann@example.com")}, "", nil},
		{"several mboxes", `p-1,"ann@example.com; a.smith@example.org;",,,Acme,,,2026-01-01,`, []xapi.Actor{mbox("mailto:ann@example.com"), mbox("mailto:a.smith@example.org")}, "", nil},
		{"accounts on one home page", `p-1,,https://lms.example.com,ann;ann2,Acme,,,2026-01-01,`, []xapi.Actor{acc("https://lms.example.com", "ann"), acc("https://lms.example.com", "ann2")}, "", nil},
		{"accounts paired", `p-1,a@x.org,https://lms.example.com;https://lxp.example.com,ann;a.smith,Acme,,,2026-01-01,`, []xapi.Actor{mbox("mailto:a@x.org"), acc("https://lms.example.com", "ann"), acc("https://lxp.example.com", "a.smith")}, "", nil},
		{"home page without name", `p-1,a@x.org,https://lms.example.com,,Acme,,,2026-01-01,`, nil, "", []string{"actor_account_name"}},
		{"name without home page", `p-1,,,ann,Acme,,,2026-01-01,`, nil, "", []string{"actor_account_homepage"}},
		{"home pages do not pair", `p-1,,https://a.example;https://b.example,x;y;z,Acme,,,2026-01-01,`, nil, "", []string{"actor_account_homepage"}},
		{"schedule syntax", `p-1,a@x.org,,,Acme,,,2026-01-01,mon-fri 9-17`, nil, "", []string{"work_schedule"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, _, err := readAll(t, header+c.row+"\n", refdata.PersonColumns, refdata.PersonRequired)
			if err != nil || len(rows) != 1 {
				t.Fatalf("read: %v, %d rows", err, len(rows))
			}
			p, err := refdata.PersonFromCSV(rows[0])
			wantPaths(t, err, c.want)
			if c.want != nil {
				return
			}
			if !reflect.DeepEqual(p.Actors, c.actors) {
				t.Fatalf("actors %+v, want %+v", p.Actors, c.actors)
			}
			if got := refdata.FormatScheduleSpec(p.WorkSchedule); got != c.sched {
				t.Fatalf("schedule %q, want %q", got, c.sched)
			}
		})
	}
}

func TestPersonColumn(t *testing.T) {
	p := refdata.Person{Actors: []xapi.Actor{{Mbox: "a@x.org"}, {Account: &xapi.Account{HomePage: "lms", Name: "ann"}}}}
	cases := map[string]string{
		"":                           "",
		"org_unit":                   "org_unit",
		"work_schedule.mon[0]":       "work_schedule",
		"actors":                     "actor_mbox",
		"actors[0].mbox":             "actor_mbox",
		"actors[1].account.homePage": "actor_account_homepage",
		"actors[1].account.name":     "actor_account_name",
		"actors[1]":                  "actor_account_name",
		"actors[7]":                  "actor_mbox",
	}
	for path, want := range cases {
		if got := refdata.PersonColumn(path, p); got != want {
			t.Errorf("PersonColumn(%q) = %q, want %q", path, got, want)
		}
	}
	if got := refdata.BudgetColumn("amount"); got != "amount" {
		t.Errorf("BudgetColumn(amount) = %q", got)
	}
}
