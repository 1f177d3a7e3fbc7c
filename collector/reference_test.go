package collector_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/schema/event"
)

// Tenant B can neither read nor overwrite tenant A's reference data: ids
// are per tenant, and the tenant always comes from the client.
func TestReferenceTenantIsolation(t *testing.T) {
	l := newLRS(t)
	l.mustAPI(http.MethodPut, "/api/v1/budgets/b-1", "acme-lms", budgetBody, http.StatusCreated)
	l.mustAPI(http.MethodPost, "/api/v1/budgets/b-1/expenses", "acme-lms", expenseBody, http.StatusCreated)
	l.mustAPI(http.MethodPut, "/api/v1/people/emp-17", "acme-lms", personBody, http.StatusCreated)
	l.mustAPI(http.MethodPut, "/api/v1/settings", "acme-lms", `{"currency":"USD"}`, http.StatusOK)

	// globex sees nothing of acme's.
	for _, path := range []string{"/api/v1/budgets/b-1", "/api/v1/people/emp-17", "/api/v1/budgets/b-1/expenses/inv-1"} {
		l.mustAPI(http.MethodGet, path, "globex-lms", "", http.StatusNotFound)
	}
	if _, body := l.mustAPI(http.MethodGet, "/api/v1/settings", "globex-lms", "", http.StatusOK); !sameJSON(t, body, defaultSettings) {
		t.Fatalf("globex settings %s", body)
	}
	for _, path := range []string{"/api/v1/budgets", "/api/v1/people"} {
		if _, body := l.mustAPI(http.MethodGet, path, "globex-lms", "", http.StatusOK); strings.Contains(body, "b-1") || strings.Contains(body, "emp-17") {
			t.Fatalf("globex lists acme's data: %s", body)
		}
	}
	l.mustAPI(http.MethodPost, "/api/v1/budgets/b-1/expenses", "globex-lms", expenseBody, http.StatusNotFound)

	// The same ids in globex are globex's own resources.
	other := strings.Replace(budgetBody, `"50000"`, `"10"`, 1)
	if outcome, _ := l.mustAPI(http.MethodPut, "/api/v1/budgets/b-1", "globex-lms", other, http.StatusCreated); outcome != "created" {
		t.Fatalf("globex b-1 outcome %q", outcome)
	}
	l.mustAPI(http.MethodPost, "/api/v1/budgets/b-1/expenses", "globex-lms", strings.Replace(expenseBody, `"1200"`, `"99"`, 1), http.StatusCreated)
	l.mustAPI(http.MethodPut, "/api/v1/people/emp-17", "globex-lms", strings.Replace(personBody, "Acme", "Globex", 1), http.StatusCreated)
	l.mustAPI(http.MethodPut, "/api/v1/settings", "globex-lms", `{"currency":"GBP"}`, http.StatusOK)

	// acme's data is untouched.
	if _, body := l.mustAPI(http.MethodGet, "/api/v1/budgets/b-1", "acme-lms", "", http.StatusOK); !sameJSON(t, body, budgetStored) {
		t.Fatalf("acme b-1 is now %s", body)
	}
	if _, body := l.mustAPI(http.MethodGet, "/api/v1/budgets/b-1/expenses/inv-1", "acme-lms", "", http.StatusOK); !strings.Contains(body, `"1200.00"`) {
		t.Fatalf("acme inv-1 is now %s", body)
	}
	if _, body := l.mustAPI(http.MethodGet, "/api/v1/people/emp-17", "acme-lms", "", http.StatusOK); !strings.Contains(body, `"Acme/Operations"`) {
		t.Fatalf("acme emp-17 is now %s", body)
	}
	if _, body := l.mustAPI(http.MethodGet, "/api/v1/settings", "acme-lms", "", http.StatusOK); !strings.Contains(body, `"USD"`) {
		t.Fatalf("acme settings are now %s", body)
	}
	for _, kind := range []event.Kind{event.KindBudget, event.KindExpense, event.KindPerson, event.KindSettings} {
		key := map[event.Kind]string{event.KindBudget: "b-1", event.KindExpense: "inv-1", event.KindPerson: "emp-17"}[kind]
		for _, tenant := range []string{"acme", "globex"} {
			subj, _ := event.Subject(tenant, kind, key)
			checkEnvelope(t, l.lastEvent(subj), tenant, kind, key, tenant+"-lms")
			if n := l.eventsOn(subj); n != 1 {
				t.Errorf("%d events on %s, want 1", n, subj)
			}
		}
	}
}

func TestReferenceScopes(t *testing.T) {
	l := newLRS(t)
	l.addClient("acme-admin", "acme", collector.ScopeAdmin)
	l.addClient("acme-writer", "acme", collector.ScopeStatementsWrite, collector.ScopeAllRead)
	l.addClient("acme-revoked", "acme", collector.ScopeAll)
	if err := l.store.Revoke(t.Context(), "acme-revoked"); err != nil {
		t.Fatal(err)
	}
	requests := []struct{ method, path, body string }{
		{"PUT", "/api/v1/budgets/b-1", budgetBody},
		{"GET", "/api/v1/budgets/b-1", ""},
		{"GET", "/api/v1/budgets", ""},
		{"POST", "/api/v1/budgets/b-1/expenses", expenseBody},
		{"GET", "/api/v1/budgets/b-1/expenses/inv-1", ""},
		{"PUT", "/api/v1/people/p-1", personBody},
		{"GET", "/api/v1/people/p-1", ""},
		{"GET", "/api/v1/people", ""},
		{"PUT", "/api/v1/settings", `{}`},
		{"GET", "/api/v1/settings", ""},
	}
	clients := []struct {
		key  string
		want int // 0: a success (2xx)
	}{
		{"", http.StatusUnauthorized},
		{"nobody", http.StatusUnauthorized},
		{"acme-revoked", http.StatusUnauthorized},
		{"acme-writer", http.StatusForbidden},
		{"acme-admin", 0},
		{"acme-lms", 0}, // scope all
	}
	for _, c := range clients {
		for _, r := range requests {
			t.Run(c.key+" "+r.method+" "+r.path, func(t *testing.T) {
				before := l.messages()
				code, _, body := l.api(r.method, r.path, c.key, r.body)
				if c.want == 0 {
					if code < 200 || code > 299 {
						t.Fatalf("status %d: %s", code, body)
					}
					return
				}
				if code != c.want {
					t.Fatalf("status %d, want %d: %s", code, c.want, body)
				}
				if c.want == http.StatusForbidden && !strings.Contains(body, "admin") {
					t.Fatalf("403 does not name the scope: %s", body)
				}
				if l.messages() != before {
					t.Fatal("an unauthorised request was published")
				}
			})
		}
	}
}

// Concurrent identical PUTs of a new budget store it once: exactly one
// answer says created, the others unchanged.
func TestReferenceConcurrentPuts(t *testing.T) {
	l := newLRS(t)
	before := l.messages()
	const n = 12
	outcomes := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			code, outcome, body := l.api(http.MethodPut, "/api/v1/budgets/b-1", "acme-lms", budgetBody)
			if code != http.StatusCreated && code != http.StatusOK {
				t.Errorf("status %d: %s", code, body)
			}
			outcomes <- outcome
		})
	}
	wg.Wait()
	close(outcomes)
	count := map[string]int{}
	for o := range outcomes {
		count[o]++
	}
	if count["created"] != 1 || count["unchanged"] != n-1 {
		t.Fatalf("outcomes %v, want one created and %d unchanged", count, n-1)
	}
	if got := l.messages(); got != before+1 {
		t.Fatalf("%d events published, want 1", got-before)
	}

	// Concurrent different amounts: every one is stored, none lost.
	before = l.messages()
	var wg2 sync.WaitGroup
	for i := range n {
		wg2.Go(func() {
			body := strings.Replace(budgetBody, `"50000"`, `"`+string(rune('1'+i%9))+`000`+`.`+string(rune('0'+i/9))+`"`, 1)
			if code, outcome, resp := l.api(http.MethodPut, "/api/v1/budgets/b-1", "acme-lms", body); code != http.StatusOK || outcome != "updated" {
				t.Errorf("status %d outcome %q: %s", code, outcome, resp)
			}
		})
	}
	wg2.Wait()
	if got := l.messages(); got != before+n {
		t.Fatalf("%d events published, want %d", got-before, n)
	}
}
