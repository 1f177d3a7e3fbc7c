package xapi_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestIndex(t *testing.T) {
	t.Parallel()
	const body = `{"id":"` + uuidA + `","actor":{"objectType":"Group","name":"Team","member":[{"mbox":"mailto:bob@example.com"},{"account":{"homePage":"http://lms.example.com","name":"cy"}}]},` +
		`"verb":{"id":"http://x.org/v"},` +
		`"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:sub@example.com"},"verb":{"id":"http://x.org/w"},"object":{"id":"http://x.org/sub-activity"},` +
		`"context":{"instructor":{"mbox":"mailto:subinstr@example.com"},"contextActivities":{"category":{"id":"http://x.org/sub-cat"}}}},` +
		`"context":{"registration":"` + uuidB + `","instructor":{"mbox":"mailto:instr@example.com"},"team":{"objectType":"Group","mbox":"mailto:team@example.com"},` +
		`"contextActivities":{"parent":[{"id":"http://x.org/parent"}],"grouping":{"id":"http://x.org/grouping","definition":{"name":{"en":"G"}}}},` +
		`"contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:ca@example.com"}}],` +
		`"contextGroups":[{"objectType":"contextGroup","group":{"objectType":"Group","member":[{"mbox":"mailto:cg@example.com"}]}}]},` +
		`"authority":{"objectType":"Agent","account":{"homePage":"https://lrs.example.org","name":"k"}}}`
	st, err := xapi.Decode([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	x := st.Index()
	want := []string{"account:http://lms.example.com|cy", "mbox:mailto:bob@example.com"}
	if !slices.Equal(x.Agents, want) {
		t.Errorf("Agents = %q, want %q (an anonymous Group matches through its members)", x.Agents, want)
	}
	wantRel := []string{"account:http://lms.example.com|cy", "account:https://lrs.example.org|k", "mbox:mailto:bob@example.com", "mbox:mailto:ca@example.com",
		"mbox:mailto:cg@example.com", "mbox:mailto:instr@example.com", "mbox:mailto:sub@example.com", "mbox:mailto:subinstr@example.com", "mbox:mailto:team@example.com"}
	if !slices.Equal(x.RelatedAgents, wantRel) {
		t.Errorf("RelatedAgents = %q\nwant %q", x.RelatedAgents, wantRel)
	}
	wantAct := []string{"http://x.org/grouping", "http://x.org/parent", "http://x.org/sub-activity", "http://x.org/sub-cat"}
	if !slices.Equal(x.RelatedActivities, wantAct) {
		t.Errorf("RelatedActivities = %q, want %q", x.RelatedActivities, wantAct)
	}
	if x.RefTarget != "" || x.Voiding {
		t.Errorf("RefTarget %q Voiding %v for a SubStatement object", x.RefTarget, x.Voiding)
	}
	if acts := st.Activities(); len(acts) != 1 || acts[0].ID != "http://x.org/grouping" {
		t.Errorf("Activities with definitions = %+v", acts)
	}

	void := `{"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":"` + strings.ToUpper(uuidB) + `"}}`
	st, err = xapi.Decode([]byte(void))
	if err != nil {
		t.Fatal(err)
	}
	if x := st.Index(); x.RefTarget != uuidB || !x.Voiding {
		t.Errorf("voiding statement: RefTarget %q Voiding %v", x.RefTarget, x.Voiding)
	}
}

func TestParseAgentParam(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, json string
		group      bool
		ifi, path  string
	}{
		{name: "Agent", json: `{"mbox":"mailto:a@example.com"}`, ifi: "mbox:mailto:a@example.com"},
		{name: "IdentifiedGroup", json: `{"objectType":"Group","openid":"http://x.org/g"}`, group: true, ifi: "openid:http://x.org/g"},
		{name: "GroupNotAllowed", json: `{"objectType":"Group","openid":"http://x.org/g"}`, path: "agent"},
		{name: "AnonymousGroup", json: `{"objectType":"Group","member":[{"mbox":"mailto:a@example.com"}]}`, group: true, path: "agent"},
		{name: "TwoIFIs", json: `{"mbox":"mailto:a@example.com","openid":"http://x.org/g"}`, path: "agent"},
		{name: "BadMbox", json: `{"mbox":"a@example.com"}`, path: "agent.mbox"},
		{name: "NotJSON", json: `{"mbox":`, path: "agent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, err := xapi.ParseAgentParam([]byte(tc.json), "agent", tc.group)
			if tc.path == "" {
				if err != nil || a.IFI() != tc.ifi {
					t.Fatalf("got %q, %v; want %q", a.IFI(), err, tc.ifi)
				}
				return
			}
			var ve *xapi.ValidationError
			if !errors.As(err, &ve) || ve.Problems[0].Path != tc.path {
				t.Fatalf("err = %v, want a problem at %q", err, tc.path)
			}
		})
	}
}
