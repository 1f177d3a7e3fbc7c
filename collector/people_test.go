package collector_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/event"
)

func TestPersonVersions(t *testing.T) {
	l := newLRS(t)
	subj, _ := event.Subject("acme", event.KindPerson, "emp-17")
	want := `{"person_id":"emp-17","actors":[{"account":{"homePage":"https://lms.example.com","name":"ann"}},{"mbox":"mailto:ann@example.com"}],` +
		`"org_unit":"Acme/Operations","hourly_cost":"55.00","timezone":"Europe/Amsterdam","work_schedule":{"mon":["09:00-12:30","13:00-17:00"]},"valid_from":"2026-01-01"}`

	outcome, body := l.mustAPI(http.MethodPut, "/api/v1/people/emp-17", "acme-lms", personBody, http.StatusCreated)
	if outcome != "created" || !sameJSON(t, body, want) {
		t.Fatalf("outcome %q, body %s", outcome, body)
	}
	m := l.lastEvent(subj)
	checkEnvelope(t, m, "acme", event.KindPerson, "emp-17", "acme-lms")
	if !sameJSON(t, string(m.Data), want) {
		t.Fatalf("event body %s", m.Data)
	}

	t.Run("same person, actors in another order", func(t *testing.T) {
		before := l.messages()
		swapped := `{"actors":[{"account":{"homePage":"https://lms.example.com","name":"ann"}},{"objectType":"Agent","mbox":"mailto:ann@example.com"}],"org_unit":"Acme/Operations/","hourly_cost":"55.00","timezone":"Europe/Amsterdam","work_schedule":{"mon":["09:00-12:30","13:00-17:00"]},"valid_from":"2026-01-01"}`
		if outcome, _ := l.mustAPI(http.MethodPut, "/api/v1/people/emp-17", "acme-lms", swapped, http.StatusOK); outcome != "unchanged" {
			t.Fatalf("outcome %q", outcome)
		}
		if l.messages() != before {
			t.Fatal("an identical version was published")
		}
	})

	t.Run("move to another org unit", func(t *testing.T) {
		moved := strings.NewReplacer(`"Acme/Operations"`, `"Acme/Finance"`, `"2026-01-01"`, `"2026-07-01"`).Replace(personBody)
		outcome, body := l.mustAPI(http.MethodPut, "/api/v1/people/emp-17", "acme-lms", moved, http.StatusOK)
		if outcome != "updated" || !strings.Contains(body, `"valid_from":"2026-07-01"`) {
			t.Fatalf("outcome %q, body %s", outcome, body)
		}
		if n := l.eventsOn(subj); n != 2 {
			t.Fatalf("%d versions on the log, want 2", n)
		}
		_, got := l.mustAPI(http.MethodGet, "/api/v1/people/emp-17", "acme-lms", "", http.StatusOK)
		if !strings.Contains(got, `"org_unit":"Acme/Finance"`) {
			t.Fatalf("GET returns %s, not the newest version", got)
		}
	})

	t.Run("list", func(t *testing.T) {
		l.mustAPI(http.MethodPut, "/api/v1/people/emp-03", "acme-lms", personBody, http.StatusCreated)
		_, body := l.mustAPI(http.MethodGet, "/api/v1/people", "acme-lms", "", http.StatusOK)
		var resp struct {
			People []struct {
				PersonID string `json:"person_id"`
				OrgUnit  string `json:"org_unit"`
			} `json:"people"`
		}
		decodeInto(t, body, &resp)
		var ids []string
		for _, p := range resp.People {
			ids = append(ids, p.PersonID+"@"+p.OrgUnit)
		}
		if want := []string{"emp-03@Acme/Operations", "emp-17@Acme/Finance"}; !slices.Equal(ids, want) {
			t.Fatalf("people %q, want %q", ids, want)
		}
	})
}

func TestPersonRejections(t *testing.T) {
	l := newLRS(t)
	before := l.messages()
	cases := []struct {
		name  string
		id    string
		body  string
		paths []string
	}{
		{"no actors", "p-1", strings.Replace(personBody, `"actors":[{"mbox":"mailto:ann@example.com"},{"account":{"homePage":"https://lms.example.com","name":"ann"}}]`, `"actors":[]`, 1), []string{"actors"}},
		{"mbox without mailto", "p-1", strings.Replace(personBody, "mailto:ann@", "ann@", 1), []string{"actors[0].mbox"}},
		{"account without home page", "p-1", strings.Replace(personBody, "https://lms.example.com", "", 1), []string{"actors[1].account.homePage"}},
		{"org unit missing", "p-1", strings.Replace(personBody, `"org_unit":"Acme/Operations",`, "", 1), []string{"org_unit"}},
		{"bad cost, zone, schedule and date", "p-1", strings.NewReplacer(`"55"`, `"55.555"`, "Europe/Amsterdam", "CET+1", "13:00-17:00", "12:00-17:00", "2026-01-01", "1 Jan 2026").Replace(personBody),
			[]string{"hourly_cost", "timezone", "valid_from", "work_schedule.mon"}},
		{"schedule day unknown", "p-1", strings.Replace(personBody, `"mon"`, `"monday"`, 1), []string{"work_schedule.monday"}},
		{"person id differs", "p-1", strings.Replace(personBody, `{`, `{"person_id":"p-2",`, 1), []string{"person_id"}},
		{"person id not a token", "ann%20smith", personBody, []string{"person_id"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Identifiers sent must not come back in the error (or go to its log).
			sent := strings.ReplaceAll(c.body, "ann@example.com", "private.person@acme.example")
			_, body := l.mustAPI(http.MethodPut, "/api/v1/people/"+c.id, "acme-lms", sent, http.StatusBadRequest)
			got := problemPaths(t, body)
			slices.Sort(c.paths)
			if !slices.Equal(got, c.paths) {
				t.Fatalf("problems at %q, want %q: %s", got, c.paths, body)
			}
			if strings.Contains(body, "private.person") {
				t.Fatalf("the error quotes an identifier: %s", body)
			}
		})
	}
	if l.messages() != before {
		t.Fatal("rejected people were published")
	}
}
