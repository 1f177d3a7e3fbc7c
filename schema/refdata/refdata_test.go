package refdata_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// paths returns the problem paths of a validation error, sorted; it fails
// the test on any other error.
func paths(tb testing.TB, err error) []string {
	tb.Helper()
	if err == nil {
		return nil
	}
	var ve *xapi.ValidationError
	if !errors.As(err, &ve) {
		tb.Fatalf("error %v (%T) is not a *xapi.ValidationError", err, err)
	}
	var out []string
	for _, p := range ve.Problems {
		if p.Reason == "" {
			tb.Errorf("problem at %q has no reason", p.Path)
		}
		out = append(out, p.Path)
	}
	slices.Sort(out)
	return out
}

func wantPaths(t *testing.T, err error, want []string) {
	t.Helper()
	got := paths(t, err)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("problems at %q, want %q (err: %v)", got, want, err)
	}
}

const budgetOK = `{"name":"Team Logistics 2026","org_unit":"Acme/Operations/Logistics","period_start":"2026-01-01","period_end":"2026-12-31","amount":"50000.00","currency":"EUR"}`

// with returns the JSON object obj with fields replaced or, for "-", removed.
func with(obj string, fields map[string]string) string {
	for k, v := range fields {
		key := `"` + k + `":`
		i := strings.Index(obj, key)
		if i < 0 {
			if v != "-" {
				obj = strings.TrimSuffix(obj, "}") + `,` + key + v + `}`
			}
			continue
		}
		j := i + len(key)
		depth, inStr := 0, false
		for ; j < len(obj); j++ {
			c := obj[j]
			if inStr {
				if c == '\\' {
					j++
				} else if c == '"' {
					inStr = false
				}
				continue
			}
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			if depth < 0 || depth == 0 && c == ',' {
				break
			}
		}
		if v == "-" {
			if obj[j] == ',' {
				j++
			} else if obj[i-1] == ',' {
				i--
			}
			obj = obj[:i] + obj[j:]
			continue
		}
		obj = obj[:i] + key + v + obj[j:]
	}
	return obj
}

func TestWith(t *testing.T) {
	got := with(`{"a":1,"b":{"x":[1,2]},"c":"s,}"}`, map[string]string{"b": "2", "c": "-"})
	if got != `{"a":1,"b":2}` {
		t.Fatalf("with = %s", got)
	}
	if got := with(`{"a":1}`, map[string]string{"a": "-"}); got != `{}` {
		t.Fatalf("with = %s", got)
	}
}

func TestParseBudget(t *testing.T) {
	cases := []struct {
		name   string
		urlID  string
		fields map[string]string
		want   []string
	}{
		{"team budget", "b-1", nil, nil},
		{"individual budget", "b-1", map[string]string{"org_unit": "-", "person_id": `"p-17"`}, nil},
		{"id in body equal to URL", "b-1", map[string]string{"id": `"b-1"`}, nil},
		{"id in body only", "", map[string]string{"id": `"b-1"`}, nil},
		{"id differs from URL", "b-1", map[string]string{"id": `"b-2"`}, []string{"id"}},
		{"id with a dot", "b.1", nil, []string{"id"}},
		{"id with a space", "b 1", nil, []string{"id"}},
		{"id too long", strings.Repeat("x", 129), nil, []string{"id"}},
		{"no id at all", "", nil, []string{"id"}},
		{"name missing", "b-1", map[string]string{"name": "-"}, []string{"name"}},
		{"name blank", "b-1", map[string]string{"name": `"  "`}, []string{"name"}},
		{"neither org unit nor person", "b-1", map[string]string{"org_unit": "-"}, []string{"org_unit"}},
		{"both org unit and person", "b-1", map[string]string{"person_id": `"p-1"`}, []string{"person_id"}},
		{"org unit only slashes", "b-1", map[string]string{"org_unit": `" / / "`}, []string{"org_unit"}},
		{"person id invalid", "b-1", map[string]string{"org_unit": "-", "person_id": `"ann smith"`}, []string{"person_id"}},
		{"start not a date", "b-1", map[string]string{"period_start": `"2026-1-1"`}, []string{"period_start"}},
		{"end not a date", "b-1", map[string]string{"period_end": `"31-12-2026"`}, []string{"period_end"}},
		{"end before start", "b-1", map[string]string{"period_end": `"2025-12-31"`}, []string{"period_end"}},
		{"one-day period", "b-1", map[string]string{"period_end": `"2026-01-01"`}, nil},
		{"amount a number", "b-1", map[string]string{"amount": `50000`}, []string{"amount"}},
		{"amount three decimals", "b-1", map[string]string{"amount": `"1.005"`}, []string{"amount"}},
		{"amount with a comma", "b-1", map[string]string{"amount": `"1.000,50"`}, []string{"amount"}},
		{"amount negative", "b-1", map[string]string{"amount": `"-5"`}, []string{"amount"}},
		{"amount negative zero", "b-1", map[string]string{"amount": `"-0.00"`}, nil},
		{"amount missing", "b-1", map[string]string{"amount": "-"}, []string{"amount"}},
		{"currency lower case", "b-1", map[string]string{"currency": `"eur"`}, []string{"currency"}},
		{"currency missing", "b-1", map[string]string{"currency": "-"}, []string{"currency"}},
		{"unknown field", "b-1", map[string]string{"amout": `"5"`}, []string{""}},
		{"several problems at once", "b-1", map[string]string{"name": "-", "currency": `"euro"`, "period_start": `"x"`}, []string{"name", "currency", "period_start"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := refdata.ParseBudget(c.urlID, []byte(with(budgetOK, c.fields)))
			wantPaths(t, err, c.want)
		})
	}
	t.Run("body not an object", func(t *testing.T) {
		for _, body := range []string{``, `[]`, `"x"`, `{"name":`, budgetOK + ` {}`} {
			_, err := refdata.ParseBudget("b-1", []byte(body))
			wantPaths(t, err, []string{""})
		}
	})
	t.Run("normalised", func(t *testing.T) {
		b, err := refdata.ParseBudget("b-1", []byte(with(budgetOK, map[string]string{
			"name": `"  Team  "`, "org_unit": `" Acme / Operations/ "`, "amount": `"050000.5"`,
		})))
		if err != nil {
			t.Fatal(err)
		}
		want := refdata.Budget{ID: "b-1", Name: "Team", OrgUnit: "Acme/Operations", PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31", Amount: "50000.50", Currency: "EUR"}
		if b != want {
			t.Fatalf("got %+v\nwant %+v", b, want)
		}
	})
}

const expenseOK = `{"expense_id":"inv-2026-001","amount":"1200.00","currency":"EUR","time":"2026-03-02T10:00:00+01:00","description":"Venue"}`

func TestParseExpense(t *testing.T) {
	cases := []struct {
		name   string
		fields map[string]string
		want   []string
	}{
		{"expense", nil, nil},
		{"refund is negative", map[string]string{"amount": `"-200"`}, nil},
		{"no description", map[string]string{"description": "-"}, nil},
		{"budget in body equal", map[string]string{"budget_id": `"b-1"`}, nil},
		{"budget in body differs", map[string]string{"budget_id": `"b-2"`}, []string{"budget_id"}},
		{"expense id missing", map[string]string{"expense_id": "-"}, []string{"expense_id"}},
		{"expense id with a dot", map[string]string{"expense_id": `"inv.1"`}, []string{"expense_id"}},
		{"amount bad", map[string]string{"amount": `"12,00"`}, []string{"amount"}},
		{"currency bad", map[string]string{"currency": `"€"`}, []string{"currency"}},
		{"time missing", map[string]string{"time": "-"}, []string{"time"}},
		{"time not RFC 3339", map[string]string{"time": `"2026-03-02"`}, []string{"time"}},
		{"time a number", map[string]string{"time": `1767225600`}, []string{"time"}},
		{"description too long", map[string]string{"description": `"` + strings.Repeat("x", 1001) + `"`}, []string{"description"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := refdata.ParseExpense("b-1", []byte(with(expenseOK, c.fields)))
			wantPaths(t, err, c.want)
		})
	}
	t.Run("normalised", func(t *testing.T) {
		e, err := refdata.ParseExpense("b-1", []byte(with(expenseOK, map[string]string{"amount": `"1200"`})))
		if err != nil {
			t.Fatal(err)
		}
		if e.BudgetID != "b-1" || e.Amount != "1200.00" || e.Time.Location().String() != "UTC" || e.Time.Hour() != 9 {
			t.Fatalf("got %+v", e)
		}
	})
}

const personOK = `{"actors":[{"mbox":"mailto:ann@example.com"}],"org_unit":"Acme/Operations","hourly_cost":"55.00","timezone":"Europe/Amsterdam","work_schedule":{"mon":["09:00-17:00"]},"valid_from":"2026-01-01"}`

func TestParsePerson(t *testing.T) {
	cases := []struct {
		name   string
		fields map[string]string
		want   []string
	}{
		{"person", nil, nil},
		{"minimal", map[string]string{"hourly_cost": "-", "timezone": "-", "work_schedule": "-"}, nil},
		{"several identifiers", map[string]string{"actors": `[{"mbox":"mailto:ann@example.com"},{"account":{"homePage":"https://lms.example.com","name":"ann"}},{"openid":"https://id.example.com/ann"},{"mbox_sha1sum":"ABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCD"}]`}, nil},
		{"objectType Agent", map[string]string{"actors": `[{"objectType":"Agent","mbox":"mailto:ann@example.com"}]`}, nil},
		{"person id in body differs", map[string]string{"person_id": `"p-2"`}, []string{"person_id"}},
		{"no actors", map[string]string{"actors": `[]`}, []string{"actors"}},
		{"actors missing", map[string]string{"actors": "-"}, []string{"actors"}},
		{"actor without identifier", map[string]string{"actors": `[{"name":"Ann"}]`}, []string{"actors[0]"}},
		{"actor with two identifiers", map[string]string{"actors": `[{"mbox":"mailto:a@x.org","openid":"https://x.org/a"}]`}, []string{"actors[0]"}},
		{"actor is a group", map[string]string{"actors": `[{"objectType":"Group","mbox":"mailto:team@x.org"}]`}, []string{"actors[0]"}},
		{"actor with members", map[string]string{"actors": `[{"mbox":"mailto:a@x.org","member":[{"mbox":"mailto:b@x.org"}]}]`}, []string{"actors[0]"}},
		{"mbox without mailto", map[string]string{"actors": `[{"mbox":"ann@example.com"}]`}, []string{"actors[0].mbox"}},
		{"mbox without domain", map[string]string{"actors": `[{"mbox":"mailto:ann@"}]`}, []string{"actors[0].mbox"}},
		{"mbox with a space", map[string]string{"actors": `[{"mbox":"mailto:ann smith@x.org"}]`}, []string{"actors[0].mbox"}},
		{"sha1 too short", map[string]string{"actors": `[{"mbox_sha1sum":"abc"}]`}, []string{"actors[0].mbox_sha1sum"}},
		{"openid relative", map[string]string{"actors": `[{"openid":"/ann"}]`}, []string{"actors[0].openid"}},
		{"account without home page", map[string]string{"actors": `[{"account":{"homePage":"lms","name":"ann"}}]`}, []string{"actors[0].account.homePage"}},
		{"account without name", map[string]string{"actors": `[{"account":{"homePage":"https://lms.example.com","name":" "}}]`}, []string{"actors[0].account.name"}},
		{"second actor bad", map[string]string{"actors": `[{"mbox":"mailto:a@x.org"},{"mbox":"b@x.org"}]`}, []string{"actors[1].mbox"}},
		{"org unit missing", map[string]string{"org_unit": "-"}, []string{"org_unit"}},
		{"org unit blank", map[string]string{"org_unit": `" / "`}, []string{"org_unit"}},
		{"hourly cost negative", map[string]string{"hourly_cost": `"-1"`}, []string{"hourly_cost"}},
		{"hourly cost a number", map[string]string{"hourly_cost": `55`}, []string{"hourly_cost"}},
		{"actors an e-mail address", map[string]string{"actors": `"ann@example.com"`}, []string{"actors"}},
		{"mbox a number", map[string]string{"actors": `[{"mbox":"mailto:a@x.org"},{"mbox":5}]`}, []string{"actors[1].mbox"}},
		{"time zone unknown", map[string]string{"timezone": `"Europe/Utrecht"`}, []string{"timezone"}},
		{"time zone Local", map[string]string{"timezone": `"Local"`}, []string{"timezone"}},
		{"time zone UTC", map[string]string{"timezone": `"UTC"`}, nil},
		{"schedule unknown day", map[string]string{"work_schedule": `{"monday":["09:00-17:00"]}`}, []string{"work_schedule.monday"}},
		{"schedule bad range", map[string]string{"work_schedule": `{"mon":["9-17"]}`}, []string{"work_schedule.mon[0]"}},
		{"schedule ends before it starts", map[string]string{"work_schedule": `{"tue":["09:00-17:00","18:00-08:00"]}`}, []string{"work_schedule.tue[1]"}},
		{"schedule 24:30", map[string]string{"work_schedule": `{"tue":["22:00-24:30"]}`}, []string{"work_schedule.tue[0]"}},
		{"schedule until midnight", map[string]string{"work_schedule": `{"tue":["22:00-24:00"]}`}, nil},
		{"schedule overlap", map[string]string{"work_schedule": `{"wed":["13:00-17:00","09:00-13:30"]}`}, []string{"work_schedule.wed"}},
		{"schedule adjacent", map[string]string{"work_schedule": `{"wed":["13:00-17:00","09:00-13:00"]}`}, nil},
		{"valid_from missing", map[string]string{"valid_from": "-"}, []string{"valid_from"}},
		{"valid_from a time", map[string]string{"valid_from": `"2026-01-01T00:00:00Z"`}, []string{"valid_from"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := refdata.ParsePerson("p-1", []byte(with(personOK, c.fields)))
			wantPaths(t, err, c.want)
		})
	}
	t.Run("normalised", func(t *testing.T) {
		p, err := refdata.ParsePerson("p-1", []byte(with(personOK, map[string]string{
			"actors":        `[{"mbox":"mailto:z@x.org"},{"objectType":"Agent","mbox_sha1sum":"ABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCD"},{"mbox":"mailto:a@x.org","name":"A"},{"mbox":"mailto:z@x.org"}]`,
			"hourly_cost":   `"55"`,
			"org_unit":      `"Acme/ Ops /"`,
			"work_schedule": `{"mon":["13:00-17:00","09:00-12:30"],"sat":[]}`,
		})))
		if err != nil {
			t.Fatal(err)
		}
		want := refdata.Person{
			PersonID: "p-1",
			Actors: []xapi.Actor{
				{Mbox: "mailto:a@x.org", Name: "A"},
				{Mbox: "mailto:z@x.org"},
				{MboxSHA1Sum: "abcdefabcdefabcdefabcdefabcdefabcdefabcd"},
			},
			OrgUnit:      "Acme/Ops",
			HourlyCost:   "55.00",
			Timezone:     "Europe/Amsterdam",
			WorkSchedule: refdata.Schedule{"mon": {"09:00-12:30", "13:00-17:00"}},
			ValidFrom:    "2026-01-01",
		}
		if !reflect.DeepEqual(p, want) {
			t.Fatalf("got  %+v\nwant %+v", p, want)
		}
	})
}

func TestParseSettings(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []string
	}{
		{"empty object keeps the defaults", `{}`, nil},
		{"partial", `{"currency":"USD"}`, nil},
		{"everything", `{"currency":"GBP","timezone":"Europe/London","work_schedule":{"mon":["08:00-16:00"]},"abandoned_after_days":60}`, nil},
		{"currency bad", `{"currency":"pound"}`, []string{"currency"}},
		{"time zone empty", `{"timezone":""}`, []string{"timezone"}},
		{"time zone unknown", `{"timezone":"Mars/Olympus"}`, []string{"timezone"}},
		{"days zero", `{"abandoned_after_days":0}`, []string{"abandoned_after_days"}},
		{"days too many", `{"abandoned_after_days":3651}`, []string{"abandoned_after_days"}},
		{"days not a number", `{"abandoned_after_days":"30"}`, []string{"abandoned_after_days"}},
		{"schedule bad", `{"work_schedule":{"fri":["17:00-09:00"]}}`, []string{"work_schedule.fri[0]"}},
		{"unknown field", `{"currencies":["EUR"]}`, []string{""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := refdata.ParseSettings([]byte(c.body))
			wantPaths(t, err, c.want)
		})
	}
	t.Run("defaults", func(t *testing.T) {
		s, err := refdata.ParseSettings([]byte(`{"currency":"USD"}`))
		if err != nil {
			t.Fatal(err)
		}
		want := refdata.DefaultSettings()
		want.Currency = "USD"
		if !reflect.DeepEqual(s, want) {
			t.Fatalf("got %+v, want %+v", s, want)
		}
		if got := refdata.FormatScheduleSpec(refdata.DefaultSettings().WorkSchedule); got != "mon-fri 09:00-17:00" {
			t.Fatalf("default schedule %q", got)
		}
	})
}

func TestNormalizeOrgUnit(t *testing.T) {
	cases := map[string]string{
		"Acme/Operations/Logistics":    "Acme/Operations/Logistics",
		" Acme / Operations / ":        "Acme/Operations",
		"/Acme//Operations/":           "Acme/Operations",
		"Acme":                         "Acme",
		"":                             "",
		" / / ":                        "",
		"Acme/Research & Development ": "Acme/Research & Development",
	}
	for in, want := range cases {
		if got := refdata.NormalizeOrgUnit(in); got != want {
			t.Errorf("NormalizeOrgUnit(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAncestors(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Acme/Ops/Logistics", []string{"Acme/Ops/Logistics", "Acme/Ops", "Acme"}},
		{"Acme", []string{"Acme"}},
		{"", nil},
	}
	for _, c := range cases {
		if got := refdata.Ancestors(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Ancestors(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeAmount(t *testing.T) {
	cases := map[string]string{
		"1250":     "1250.00",
		"1250.5":   "1250.50",
		"1250.55":  "1250.55",
		"0.5":      "0.50",
		"007":      "7.00",
		"-007.1":   "-7.10",
		"-0":       "0.00",
		"-0.00":    "0.00",
		"0":        "0.00",
		"1.005":    "1.005", // not an amount: unchanged
		"12,50":    "12,50",
		"":         "",
		"99999999": "99999999.00",
	}
	for in, want := range cases {
		if got := refdata.NormalizeAmount(in); got != want {
			t.Errorf("NormalizeAmount(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidID(t *testing.T) {
	for _, ok := range []string{"b-1", "B_2026", "emp:123", "ann@example", "a+b~c", strings.Repeat("x", 128)} {
		if !refdata.ValidID(ok) {
			t.Errorf("ValidID(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "a.b", "a b", "a*", "a>", "~a", "é", strings.Repeat("x", 129)} {
		if refdata.ValidID(bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
}

// Problems never quote the values sent: they may be personal data, and
// the collector logs rejections.
func TestProblemsDoNotQuoteValues(t *testing.T) {
	const secret = "ann.secret@example.com"
	bodies := []string{
		`{"actors":"` + secret + `","org_unit":"x"}`,
		`{"actors":[{"mbox":"mailto:a@x.org","` + secret + `":1}]}`,
		`{"hourly_cost":{"` + secret + `":1}}`,
		`{"org_unit":"` + secret,
		`{"org_unit":` + secret + `}`,
		`{"valid_from":"` + secret + `"}`,
	}
	for _, b := range bodies {
		_, err := refdata.ParsePerson("p-1", []byte(b))
		if err == nil {
			t.Fatalf("%s accepted", b)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("problems for %s quote the value: %v", b, err)
		}
	}
}
