package xapi_test

import (
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// TestVersionRules: what xAPI 1.0.x and 2.0 requests may hold.
func TestVersionRules(t *testing.T) {
	t.Parallel()
	stmt := func(extra string) string {
		return `{"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://x.org/v"},"object":{"id":"http://x.org/a"}` + extra + `}`
	}
	ca := `,"context":{"contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:b@example.com"},"relevantTypes":["http://x.org/t"]}],` +
		`"contextGroups":[{"objectType":"contextGroup","group":{"objectType":"Group","member":[{"mbox":"mailto:c@example.com"}]}}]}`
	for _, tc := range []struct {
		name    string
		body    string
		version xapi.Version
		path    string // "" for valid
	}{
		{"1.0 ISO basic timestamp", stmt(`,"timestamp":"20261123T130102Z"`), xapi.V10, ""},
		{"1.0 space separator", stmt(`,"timestamp":"2026-11-23 13:01:02Z"`), xapi.V10, "timestamp"},
		{"2.0 RFC 3339 with space", stmt(`,"timestamp":"2008-09-15 15:53:00.601+00:00"`), xapi.V20, ""},
		{"2.0 RFC 3339 lowercase t and z", stmt(`,"timestamp":"2008-09-15t15:53:00z"`), xapi.V20, ""},
		{"2.0 ISO basic", stmt(`,"timestamp":"20261123T130102Z"`), xapi.V20, "timestamp"},
		{"2.0 no offset", stmt(`,"timestamp":"2026-11-23T13:01:02"`), xapi.V20, "timestamp"},
		{"2.0 no seconds", stmt(`,"timestamp":"2026-11-23T13:01Z"`), xapi.V20, "timestamp"},
		{"2.0 -00:00", stmt(`,"timestamp":"2008-09-15T15:53:00.601-00:00"`), xapi.V20, "timestamp"},
		{"2.0 contextAgents and contextGroups", stmt(ca), xapi.V20, ""},
		{"1.0 contextAgents", stmt(ca), xapi.V10, "context.contextAgents"},
		{"2.0 contextAgent objectType", stmt(`,"context":{"contextAgents":[{"objectType":"Agent","agent":{"mbox":"mailto:b@example.com"}}]}`), xapi.V20, "context.contextAgents[0].objectType"},
		{"2.0 contextAgent of a Group", stmt(`,"context":{"contextAgents":[{"objectType":"contextAgent","agent":{"objectType":"Group","mbox":"mailto:b@example.com"}}]}`), xapi.V20, "context.contextAgents[0].agent"},
		{"2.0 contextAgent agent invalid", stmt(`,"context":{"contextAgents":[{"objectType":"contextAgent","agent":{"key":"x"}}]}`), xapi.V20, "context.contextAgents[0].agent.key"},
		{"2.0 relevantTypes empty", stmt(`,"context":{"contextGroups":[{"objectType":"contextGroup","group":{"objectType":"Group","mbox":"mailto:g@example.com"},"relevantTypes":[]}]}`), xapi.V20, "context.contextGroups[0].relevantTypes"},
		{"2.0 relevantTypes not IRIs", stmt(`,"context":{"contextGroups":[{"objectType":"contextGroup","group":{"objectType":"Group","mbox":"mailto:g@example.com"},"relevantTypes":["abc"]}]}`), xapi.V20, "context.contextGroups[0].relevantTypes[0]"},
		{"2.0 contextGroup of an Agent", stmt(`,"context":{"contextGroups":[{"objectType":"contextGroup","group":{"mbox":"mailto:g@example.com"}}]}`), xapi.V20, "context.contextGroups[0].group"},
		{"2.0 version 2.0.0", stmt(`,"version":"2.0.0"`), xapi.V20, ""},
		{"1.0 version 2.0.0", stmt(`,"version":"2.0.0"`), xapi.V10, "version"},
		{"2.0 version 2.1.0", stmt(`,"version":"2.1.0"`), xapi.V20, "version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := xapi.Options{Version: tc.version}
			if tc.path == "" {
				mustParse(t, tc.body, opts)
				return
			}
			probs := problems(t, tc.body, opts)
			if probs[0].Path != tc.path {
				t.Fatalf("problem at %q (%s), want %q", probs[0].Path, probs[0].Reason, tc.path)
			}
		})
	}
	t.Run("stored version follows the request", func(t *testing.T) {
		t.Parallel()
		for v, want := range map[xapi.Version]string{xapi.V10: `"version":"1.0.0"`, xapi.V20: `"version":"2.0.0"`} {
			p := mustParse(t, stmt(""), xapi.Options{Version: v})[0]
			if got := string(p.Stored("3f1a2b4c-0000-4000-8000-000000000001", testStored, nil)); !strings.Contains(got, want) {
				t.Errorf("version %d: %s lacks %s", v, got, want)
			}
		}
	})
	t.Run("the same instant hashes the same in either syntax", func(t *testing.T) {
		t.Parallel()
		a := mustParse(t, stmt(`,"timestamp":"2008-09-15 15:53:00.601+00:00"`), xapi.Options{Version: xapi.V20})[0]
		b := mustParse(t, stmt(`,"timestamp":"2008-09-15T15:53:00.601Z"`), xapi.Options{Version: xapi.V20})[0]
		c := mustParse(t, stmt(`,"timestamp":"2008-09-15T15:53:01.601Z"`), xapi.Options{Version: xapi.V20})[0]
		if a.Hash != b.Hash || a.Hash == c.Hash {
			t.Errorf("hashes: %s %s %s", a.Hash, b.Hash, c.Hash)
		}
		st, err := xapi.Decode([]byte(stmt(`,"timestamp":"2008-09-15 15:53:00.601+00:00"`)))
		if err != nil || st.Timestamp.IsZero() {
			t.Errorf("Decode of an RFC 3339 timestamp with a space: %v %v", st, err)
		}
	})
}
