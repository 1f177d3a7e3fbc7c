package main

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

// TestServeMetricsEndToEnd runs serve, puts reference data through the
// /api/v1 reference API and statements through the xAPI endpoint, and
// compares every view of the analytics contract with numbers worked out by
// hand below.
func TestServeMetricsEndToEnd(t *testing.T) {
	db := testenv.ClickHouse(t)
	s := startServe(t, t.TempDir(), db)
	began := time.Now().UTC().Add(-time.Second)
	send := func(method, path, body string) {
		t.Helper()
		code, resp := s.request(method, path, []byte(body))
		if code != http.StatusOK && code != http.StatusCreated {
			t.Fatalf("%s %s: %d %s", method, path, code, resp)
		}
	}
	send(http.MethodPut, "/api/v1/settings", `{"currency":"EUR","timezone":"Europe/Amsterdam","abandoned_after_days":30}`)
	send(http.MethodPut, "/api/v1/people/p-ann",
		`{"actors":[{"mbox":"mailto:ann@example.com"}],"org_unit":"Acme/Ops","hourly_cost":"60.00","valid_from":"2026-01-01"}`)
	send(http.MethodPut, "/api/v1/budgets/b-ops",
		`{"name":"Operations","org_unit":"Acme/Ops","period_start":"2026-01-01","period_end":"2026-12-31","amount":"5000.00","currency":"EUR"}`)
	send(http.MethodPost, "/api/v1/budgets/b-ops/expenses",
		`{"expense_id":"e-1","amount":"200.00","currency":"EUR","time":"2026-03-10T12:00:00Z","description":"venue"}`)

	const (
		course   = "https://lms.example.com/course/safety"
		lesson   = "https://lms.example.com/course/safety/lesson-1"
		forklift = "https://lms.example.com/workplace/forklift"
		reg      = "e2e00000-0000-4000-8000-000000000001"
	)
	id := func(n int) string { return fmt.Sprintf("e2e00000-0000-4000-8000-1000000000%02d", n) }
	ann := `{"mbox":"mailto:ann@example.com"}`
	statements := fmt.Sprintf(`[
	 {"id":%q,"actor":%s,"verb":{"id":"http://adlnet.gov/expapi/verbs/registered"},
	  "object":{"id":%q,"definition":{"type":"http://adlnet.gov/expapi/activities/course","name":{"en-US":"Safety"},
	    "extensions":{"https://leerlijn.dev/xapi/extensions/learning-form":"formal"}}},
	  "context":{"registration":%q,"extensions":{"https://leerlijn.dev/xapi/extensions/cost":{"amount":"1000.00","currency":"EUR"}}},
	  "timestamp":"2026-03-02T09:00:00Z"},
	 {"id":%q,"actor":%s,"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},
	  "object":{"id":%q,"definition":{"extensions":{"https://leerlijn.dev/xapi/extensions/learning-form":"formal"}}},
	  "result":{"duration":"PT1H"},
	  "context":{"registration":%q,"contextActivities":{"parent":[{"id":%q,"definition":{"type":"http://adlnet.gov/expapi/activities/course"}}]}},
	  "timestamp":"2026-03-03T10:00:00Z"},
	 {"id":%q,"actor":%s,"verb":{"id":"http://adlnet.gov/expapi/verbs/passed"},"object":{"id":%q},
	  "result":{"score":{"scaled":0.75}},"context":{"registration":%q},"timestamp":"2026-03-05T14:00:00Z"},
	 {"id":%q,"actor":{"mbox":"mailto:bob@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},
	  "object":{"id":%q,"definition":{"extensions":{"https://leerlijn.dev/xapi/extensions/learning-form":"workplace"}}},
	  "result":{"duration":"PT30M"},"timestamp":"2026-03-07T10:00:00Z"}
	]`, id(1), ann, course, reg, id(2), ann, lesson, reg, course, id(3), ann, course, reg, id(4), forklift)
	s.post([]byte(statements))

	today := time.Now().UTC().Truncate(24 * time.Hour)
	r := func(cells ...string) string { return strings.Join(cells, " | ") }
	annIFI, bobIFI := "mbox:mailto:ann@example.com", "mbox:mailto:bob@example.com"
	want := map[string][]string{
		// The allocation is booked when the budget was put (checked below).
		"budget_ledger": {
			r("default", "b-ops", "PUT", "allocation", "5000.00", "EUR", "", "", "", "", ""),
			r("default", "b-ops", "2026-03-02 09:00:00", "commitment", "1000.00", "EUR", id(1), reg, "p-ann", course, "formal"),
			r("default", "b-ops", "2026-03-05 14:00:00", "release", "-1000.00", "EUR", id(3), reg, "p-ann", course, "formal"),
			r("default", "b-ops", "2026-03-05 14:00:00", "spend", "1000.00", "EUR", id(3), reg, "p-ann", course, "formal"),
			r("default", "b-ops", "2026-03-10 12:00:00", "spend", "200.00", "EUR", "", "", "", "", ""),
		},
		// 1,200 of 5,000 used: 0.24.
		"budget_utilisation": {
			r("default", "b-ops", "Operations", "Acme/Ops", "", "2026-01-01", "2026-12-31", "EUR", "5000.00", "0.00", "1200.00", "3800.00", "0.24",
				forecast("5000.00", "1200.00", "2026-01-01", "2026-12-31", today)),
		},
		"enrolments": {
			r("default", reg, "p-ann", annIFI, "Acme/Ops", course, "Safety", "formal",
				"2026-03-02 09:00:00", "2026-03-03 10:00:00", "2026-03-05 14:00:00", "2026-03-05 14:00:00", "passed", "1", "0.75", "1000.00"),
			// Bob is not in the directory; his one statement is weeks old.
			r("default", "", "", bobIFI, "", forklift, "", "workplace",
				"2026-03-07 10:00:00", "2026-03-07 10:00:00", "NULL", "2026-03-07 10:00:00", "abandoned", "NULL", "NULL", "0.00"),
		},
		// 2 March 09:00 to 5 March 14:00: 3 days and 5 hours.
		"completion": {
			r("default", "Acme/Ops", course, "2026-03-01", "1", "1", "1", "1", "0", "0", "0", "1", "3.20833333"),
			r("default", "", forklift, "2026-03-01", "1", "1", "0", "0", "0", "1", "0", "0", "NULL"),
		},
		// Ann: Tuesday 10:00-11:00 in Amsterdam, in working time, at 60.00
		// an hour. Bob: a Saturday, under the tenant's schedule.
		"time_off_work": {
			r("default", "Acme/Ops", "formal", "2026-03-03", "1", "60", "60", "0", "60.00"),
			r("default", "", "workplace", "2026-03-07", "1", "30", "0", "30", "0.00"),
		},
		"data_quality": {
			r("default", "unknown_learner", "1", id(4)),
		},
	}
	for v := range want {
		slices.Sort(want[v])
	}

	var got map[string][]string
	deadline := time.Now().Add(2 * time.Minute)
	for {
		got = map[string][]string{}
		equal := true
		for v, w := range want {
			got[v] = metricRows(t, db, "SELECT * FROM "+v)
			if v == "budget_ledger" {
				got[v] = allocationTimes(t, got[v], began, time.Now().UTC().Add(time.Second))
			}
			equal = equal && slices.Equal(got[v], w)
		}
		if equal {
			return
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	for v, w := range want {
		if !slices.Equal(got[v], w) {
			t.Errorf("view %s:\n got: %q\nwant: %q", v, got[v], w)
		}
	}
}

// allocationTimes replaces the entry time of allocation rows, which is
// the time of the PUT, by "PUT" after checking it is within [from, to].
func allocationTimes(t *testing.T, rows []string, from, to time.Time) []string {
	t.Helper()
	out := make([]string, len(rows))
	for i, row := range rows {
		cells := strings.Split(row, " | ")
		if len(cells) > 3 && cells[3] == "allocation" {
			at, err := time.Parse(time.DateTime, cells[2])
			if err != nil || at.Before(from.Truncate(time.Second)) || at.After(to) {
				t.Fatalf("allocation booked at %s, not when the budget was put (%s to %s)", cells[2], from, to)
			}
			cells[2] = "PUT"
		}
		out[i] = strings.Join(cells, " | ")
	}
	slices.Sort(out)
	return out
}

// forecast is the documented forecast of unspent budget at the end of the
// period: allocated minus the amount used so far scaled from the days
// elapsed by today to the whole period, truncated to the cent; the unspent
// amount itself before the period starts and once it has ended.
func forecast(allocated, used, start, end string, today time.Time) string {
	a, u := decimal.RequireFromString(allocated), decimal.RequireFromString(used)
	s, _ := time.Parse(time.DateOnly, start)
	e, _ := time.Parse(time.DateOnly, end)
	days := int64(e.Sub(s).Hours()/24) + 1
	elapsed := int64(today.Sub(s).Hours()/24) + 1
	if elapsed <= 0 || elapsed >= days {
		return a.Sub(u).StringFixed(2)
	}
	return a.Sub(u.Mul(decimal.NewFromInt(days)).Div(decimal.NewFromInt(elapsed)).Truncate(2)).StringFixed(2)
}

// metricRows reads a query's rows as sorted text: NULL, decimals with two
// places, dates and UTC times, floats to 9 significant digits.
func metricRows(t *testing.T, db *testenv.ClickHouseDB, query string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := db.Conn.Query(ctx, query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	var out []string
	for rows.Next() {
		dest := make([]any, len(types))
		for i, ct := range types {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		cells := make([]string, len(dest))
		for i, d := range dest {
			cells[i] = metricCell(reflect.ValueOf(d).Elem().Interface(), types[i].DatabaseTypeName())
		}
		out = append(out, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	slices.Sort(out)
	return out
}

func metricCell(v any, typ string) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "NULL"
		}
		return metricCell(rv.Elem().Interface(), typ)
	}
	switch x := v.(type) {
	case decimal.Decimal:
		return x.StringFixed(2)
	case time.Time:
		if !strings.Contains(typ, "DateTime") {
			return x.Format(time.DateOnly)
		}
		return x.UTC().Format(time.DateTime)
	case float64:
		return strconv.FormatFloat(x, 'g', 9, 64)
	}
	return fmt.Sprint(v)
}
