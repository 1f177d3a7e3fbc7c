package collector_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/event"
)

func TestBudgetPutGet(t *testing.T) {
	l := newLRS(t)
	subj, _ := event.Subject("acme", event.KindBudget, "b-1")

	l.mustAPI(http.MethodGet, "/api/v1/budgets/b-1", "acme-lms", "", http.StatusNotFound)

	outcome, body := l.mustAPI(http.MethodPut, "/api/v1/budgets/b-1", "acme-lms", budgetBody, http.StatusCreated)
	if outcome != "created" || !sameJSON(t, body, budgetStored) {
		t.Fatalf("created: outcome %q, body %s", outcome, body)
	}
	m := l.lastEvent(subj)
	checkEnvelope(t, m, "acme", event.KindBudget, "b-1", "acme-lms")
	if string(m.Data) != budgetStored {
		t.Fatalf("event body %s, want the normalised budget %s", m.Data, budgetStored)
	}

	t.Run("identical PUT publishes nothing", func(t *testing.T) {
		before := l.messages()
		// Same budget, written differently: amount without decimals, id in the body, spaces.
		same := strings.Replace(budgetBody, `{"name"`, `{"id":"b-1",  "name"`, 1)
		outcome, body := l.mustAPI(http.MethodPut, "/api/v1/budgets/b-1/", "acme-lms", same, http.StatusOK)
		if outcome != "unchanged" || !sameJSON(t, body, budgetStored) {
			t.Fatalf("outcome %q, body %s", outcome, body)
		}
		if got := l.messages(); got != before {
			t.Fatalf("%d events published for an identical PUT", got-before)
		}
	})

	t.Run("new amount is a new event", func(t *testing.T) {
		before := l.messages()
		outcome, body := l.mustAPI(http.MethodPut, "/api/v1/budgets/b-1", "acme-lms", strings.Replace(budgetBody, `"50000"`, `"55000.5"`, 1), http.StatusOK)
		if outcome != "updated" || !strings.Contains(body, `"amount":"55000.50"`) {
			t.Fatalf("outcome %q, body %s", outcome, body)
		}
		if got := l.messages(); got != before+1 {
			t.Fatalf("%d events published, want 1", got-before)
		}
		if n := l.eventsOn(subj); n != 2 {
			t.Fatalf("%d events on %s, want 2 (allocation and adjustment stay on the log)", n, subj)
		}
	})

	t.Run("GET reads the newest from the log", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, l.http.URL+"/api/v1/budgets/b-1", nil)
		req.SetBasicAuth("acme-lms", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body := wantStatus(t, resp, http.StatusOK)
		if !strings.Contains(body, `"amount":"55000.50"`) {
			t.Fatalf("GET %s", body)
		}
		if resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") == "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("headers %v", resp.Header)
		}
	})

	t.Run("individual budget", func(t *testing.T) {
		_, body := l.mustAPI(http.MethodPut, "/api/v1/budgets/ib-ann-2026", "acme-lms",
			`{"name":"Ann 2026","person_id":"emp-17","period_start":"2026-01-01","period_end":"2026-12-31","amount":"1500","currency":"EUR"}`, http.StatusCreated)
		if !strings.Contains(body, `"person_id":"emp-17"`) || strings.Contains(body, "org_unit") {
			t.Fatalf("body %s", body)
		}
	})
}

func TestBudgetRejections(t *testing.T) {
	l := newLRS(t)
	before := l.messages()
	cases := []struct {
		name   string
		method string
		path   string
		ctype  string
		body   string
		status int
		paths  []string
	}{
		{"name missing", "PUT", "/api/v1/budgets/b-1", "application/json", strings.Replace(budgetBody, `"name":"Team Logistics 2026",`, "", 1), 400, []string{"name"}},
		{"several fields", "PUT", "/api/v1/budgets/b-1", "application/json", `{"name":"x","org_unit":"A","period_start":"2026-13-01","period_end":"2026-12-31","amount":"1,5","currency":"eu"}`, 400, []string{"amount", "currency", "period_start"}},
		{"both owners", "PUT", "/api/v1/budgets/b-1", "application/json", strings.Replace(budgetBody, `"org_unit"`, `"person_id":"p-1","org_unit"`, 1), 400, []string{"person_id"}},
		{"id differs from URL", "PUT", "/api/v1/budgets/b-1", "application/json", strings.Replace(budgetBody, `{`, `{"id":"b-2",`, 1), 400, []string{"id"}},
		{"id not a token", "PUT", "/api/v1/budgets/b.1", "application/json", budgetBody, 400, []string{"id"}},
		{"unknown field", "PUT", "/api/v1/budgets/b-1", "application/json", strings.Replace(budgetBody, `{`, `{"owner":"x",`, 1), 400, []string{""}},
		{"amount a number", "PUT", "/api/v1/budgets/b-1", "application/json", strings.Replace(budgetBody, `"50000"`, `50000`, 1), 400, []string{"amount"}},
		{"not JSON", "PUT", "/api/v1/budgets/b-1", "application/json", `name=x`, 400, []string{""}},
		{"form content type", "PUT", "/api/v1/budgets/b-1", "application/x-www-form-urlencoded", budgetBody, 415, nil},
		{"no content type", "PUT", "/api/v1/budgets/b-1", "", budgetBody, 415, nil},
		{"body too large", "PUT", "/api/v1/budgets/b-1", "application/json", `{"name":"` + strings.Repeat("x", 300<<10) + `"}`, 413, nil},
		{"POST on a budget", "POST", "/api/v1/budgets/b-1", "application/json", budgetBody, 405, nil},
		{"DELETE a budget", "DELETE", "/api/v1/budgets/b-1", "", "", 405, nil},
		{"GET an id that cannot exist", "GET", "/api/v1/budgets/b%20x", "", "", 400, []string{"id"}},
		{"unknown resource", "GET", "/api/v1/courses", "", "", 404, nil},
		{"list with a bad limit", "GET", "/api/v1/budgets?limit=0", "", "", 400, []string{"limit"}},
		{"list with a huge limit", "GET", "/api/v1/budgets?limit=100000", "", "", 400, []string{"limit"}},
		{"list after a bad id", "GET", "/api/v1/budgets?after=a.b", "", "", 400, []string{"after"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, l.http.URL+c.path, strings.NewReader(c.body))
			req.SetBasicAuth("acme-lms", secret)
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body := wantStatus(t, resp, c.status)
			got := problemPaths(t, body)
			slices.Sort(c.paths)
			if !slices.Equal(got, c.paths) {
				t.Fatalf("problems at %q, want %q: %s", got, c.paths, body)
			}
			if c.status == 400 && !strings.Contains(body, "request body is not valid") && len(c.paths) > 0 && c.method == "PUT" {
				t.Fatalf("message does not fit the API: %s", body)
			}
		})
	}
	if got := l.messages(); got != before {
		t.Fatalf("%d events published by rejected requests", got-before)
	}
}

func TestExpenses(t *testing.T) {
	l := newLRS(t)
	l.mustAPI(http.MethodPut, "/api/v1/budgets/b-1", "acme-lms", budgetBody, http.StatusCreated)
	subj, _ := event.Subject("acme", event.KindExpense, "inv-1")

	outcome, body := l.mustAPI(http.MethodPost, "/api/v1/budgets/b-1/expenses", "acme-lms", expenseBody, http.StatusCreated)
	want := `{"expense_id":"inv-1","budget_id":"b-1","amount":"1200.00","currency":"EUR","time":"2026-03-02T09:00:00Z","description":"Venue"}`
	if outcome != "created" || !sameJSON(t, body, want) {
		t.Fatalf("outcome %q, body %s", outcome, body)
	}
	m := l.lastEvent(subj)
	checkEnvelope(t, m, "acme", event.KindExpense, "inv-1", "acme-lms")
	if !sameJSON(t, string(m.Data), want) {
		t.Fatalf("event body %s", m.Data)
	}
	before := l.messages()

	cases := []struct {
		name    string
		path    string
		body    string
		status  int
		outcome string
	}{
		{"identical re-post", "/api/v1/budgets/b-1/expenses", expenseBody, 200, "duplicate"},
		{"same expense, same instant in another zone", "/api/v1/budgets/b-1/expenses", strings.Replace(expenseBody, "10:00:00+01:00", "09:00:00Z", 1), 200, "duplicate"},
		{"same id, other amount", "/api/v1/budgets/b-1/expenses", strings.Replace(expenseBody, `"1200"`, `"1300"`, 1), 409, ""},
		{"same id, other budget", "/api/v1/budgets/b-2/expenses", expenseBody, 404, ""},
		{"unknown budget", "/api/v1/budgets/nope/expenses", strings.Replace(expenseBody, "inv-1", "inv-9", 1), 404, ""},
		{"time missing", "/api/v1/budgets/b-1/expenses", strings.Replace(expenseBody, `"time":"2026-03-02T10:00:00+01:00",`, "", 1), 400, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			outcome, body := l.mustAPI(http.MethodPost, c.path, "acme-lms", c.body, c.status)
			if outcome != c.outcome {
				t.Fatalf("outcome %q, want %q: %s", outcome, c.outcome, body)
			}
		})
	}
	if got := l.messages(); got != before {
		t.Fatalf("%d events published by re-posts and rejections", got-before)
	}

	t.Run("second budget, conflicting id", func(t *testing.T) {
		l.mustAPI(http.MethodPut, "/api/v1/budgets/b-2", "acme-lms", budgetBody, http.StatusCreated)
		_, body := l.mustAPI(http.MethodPost, "/api/v1/budgets/b-2/expenses", "acme-lms", expenseBody, http.StatusConflict)
		if !strings.Contains(body, "expense_id is already used") {
			t.Fatalf("409 body %s", body)
		}
	})

	t.Run("refund", func(t *testing.T) {
		l.mustAPI(http.MethodPost, "/api/v1/budgets/b-1/expenses", "acme-lms", strings.NewReplacer("inv-1", "inv-1-refund", `"1200"`, `"-200"`).Replace(expenseBody), http.StatusCreated)
	})

	t.Run("GET", func(t *testing.T) {
		_, body := l.mustAPI(http.MethodGet, "/api/v1/budgets/b-1/expenses/inv-1", "acme-lms", "", http.StatusOK)
		if !sameJSON(t, body, want) {
			t.Fatalf("GET %s", body)
		}
		l.mustAPI(http.MethodGet, "/api/v1/budgets/b-2/expenses/inv-1", "acme-lms", "", http.StatusNotFound)
		l.mustAPI(http.MethodGet, "/api/v1/budgets/b-1/expenses/inv-404", "acme-lms", "", http.StatusNotFound)
	})
}

func TestBudgetList(t *testing.T) {
	l := newLRS(t)
	ids := []string{"b-3", "b-1", "b-5", "b-2", "b-4"}
	for _, id := range ids {
		l.mustAPI(http.MethodPut, "/api/v1/budgets/"+id, "acme-lms", budgetBody, http.StatusCreated)
	}
	l.mustAPI(http.MethodPut, "/api/v1/budgets/b-9", "globex-lms", budgetBody, http.StatusCreated)
	// An update leaves one entry per budget.
	l.mustAPI(http.MethodPut, "/api/v1/budgets/b-2", "acme-lms", strings.Replace(budgetBody, `"50000"`, `"1"`, 1), http.StatusOK)

	var got []string
	after := ""
	for page := 0; page < 5; page++ {
		path := "/api/v1/budgets?limit=2"
		if after != "" {
			path += "&after=" + after
		}
		_, body := l.mustAPI(http.MethodGet, path, "acme-lms", "", http.StatusOK)
		var resp struct {
			Budgets []struct {
				ID     string `json:"id"`
				Amount string `json:"amount"`
			} `json:"budgets"`
			Next string `json:"next"`
		}
		decodeInto(t, body, &resp)
		for _, b := range resp.Budgets {
			got = append(got, b.ID)
			if b.ID == "b-2" && b.Amount != "1.00" {
				t.Errorf("b-2 listed with amount %s, not the newest", b.Amount)
			}
		}
		if resp.Next == "" {
			break
		}
		after = resp.Next
	}
	if want := []string{"b-1", "b-2", "b-3", "b-4", "b-5"}; !slices.Equal(got, want) {
		t.Fatalf("listed %q, want %q", got, want)
	}
	_, body := l.mustAPI(http.MethodGet, "/api/v1/budgets", "globex-lms", "", http.StatusOK)
	if !strings.Contains(body, `"id":"b-9"`) || strings.Contains(body, `"b-1"`) {
		t.Fatalf("globex lists %s", body)
	}
	_, body = l.mustAPI(http.MethodGet, "/api/v1/people", "acme-lms", "", http.StatusOK)
	if body != `{"people":[]}` {
		t.Fatalf("empty people list %s", body)
	}
}
