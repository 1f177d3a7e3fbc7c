package collector_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/event"
)

const defaultSettings = `{"currency":"EUR","timezone":"Europe/Amsterdam","work_schedule":{"fri":["09:00-17:00"],"mon":["09:00-17:00"],"thu":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"]},"abandoned_after_days":30}`

func TestSettings(t *testing.T) {
	l := newLRS(t)
	subj, _ := event.Subject("acme", event.KindSettings, "")

	_, body := l.mustAPI(http.MethodGet, "/api/v1/settings", "acme-lms", "", http.StatusOK)
	if !sameJSON(t, body, defaultSettings) {
		t.Fatalf("defaults %s", body)
	}

	put := `{"currency":"USD","timezone":"America/New_York","work_schedule":{"mon":["08:00-16:00"],"tue":["08:00-16:00"]},"abandoned_after_days":45}`
	outcome, body := l.mustAPI(http.MethodPut, "/api/v1/settings", "acme-lms", put, http.StatusOK)
	if outcome != "created" || !sameJSON(t, body, put) {
		t.Fatalf("outcome %q, body %s", outcome, body)
	}
	m := l.lastEvent(subj)
	checkEnvelope(t, m, "acme", event.KindSettings, "", "acme-lms")

	_, body = l.mustAPI(http.MethodGet, "/api/v1/settings", "acme-lms", "", http.StatusOK)
	if !sameJSON(t, body, put) {
		t.Fatalf("GET after PUT %s", body)
	}
	before := l.messages()
	if outcome, _ := l.mustAPI(http.MethodPut, "/api/v1/settings", "acme-lms", put, http.StatusOK); outcome != "unchanged" || l.messages() != before {
		t.Fatalf("identical PUT: outcome %q, %d events", outcome, l.messages()-before)
	}

	t.Run("fields left out take the defaults", func(t *testing.T) {
		outcome, body := l.mustAPI(http.MethodPut, "/api/v1/settings", "acme-lms", `{"abandoned_after_days":60}`, http.StatusOK)
		if outcome != "updated" || !sameJSON(t, body, strings.Replace(defaultSettings, "30", "60", 1)) {
			t.Fatalf("outcome %q, body %s", outcome, body)
		}
	})

	t.Run("rejections", func(t *testing.T) {
		before := l.messages()
		_, body := l.mustAPI(http.MethodPut, "/api/v1/settings", "acme-lms", `{"currency":"usd","timezone":"Nowhere/City","abandoned_after_days":0,"work_schedule":{"sun":["10:00"]}}`, http.StatusBadRequest)
		got := problemPaths(t, body)
		if strings.Join(got, ",") != "abandoned_after_days,currency,timezone,work_schedule.sun[0]" {
			t.Fatalf("problems at %q: %s", got, body)
		}
		l.mustAPI(http.MethodPost, "/api/v1/settings", "acme-lms", put, http.StatusMethodNotAllowed)
		if l.messages() != before {
			t.Fatal("rejected settings were published")
		}
	})
}
