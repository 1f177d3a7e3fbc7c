package xapi_test

import (
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// Rule tests: small statements, each breaking (or exercising) one rule.

const (
	defActor  = `{"mbox":"mailto:ann@example.com"}`
	defVerb   = `{"id":"http://adlnet.gov/expapi/verbs/attempted","display":{"en-US":"attempted"}}`
	defObject = `{"id":"http://example.com/activities/1"}`
	uuidA     = "a4f1e6b2-5c3d-4e7f-8a9b-0c1d2e3f4001"
	uuidB     = "a4f1e6b2-5c3d-4e7f-8a9b-0c1d2e3f4002"
)

// st builds a statement from key / raw JSON value pairs on top of a minimal
// valid statement (actor, verb, object). A value "-" drops a default member;
// other given members replace the default or are appended in order.
func st(kv ...string) string {
	type member struct{ k, v string }
	ms := []member{{"actor", defActor}, {"verb", defVerb}, {"object", defObject}}
	for i := 0; i+1 < len(kv); i += 2 {
		k, v := kv[i], kv[i+1]
		found := false
		for j := range ms {
			if ms[j].k == k {
				ms[j].v, found = v, true
			}
		}
		if !found {
			ms = append(ms, member{k, v})
		}
	}
	var sb strings.Builder
	sb.WriteByte('{')
	first := true
	for _, m := range ms {
		if m.v == "-" {
			continue
		}
		if !first {
			sb.WriteByte(',')
		}
		first = false
		sb.WriteString(`"` + m.k + `":` + m.v)
	}
	sb.WriteByte('}')
	return sb.String()
}

// activityWith returns an Activity object with the given definition.
func activityWith(def string) string {
	return `{"objectType":"Activity","id":"http://example.com/q/1","definition":` + def + `}`
}

// ruleCase is one rule test: the body must give a problem at path, or be
// accepted when path is valid.
type ruleCase struct {
	name string
	body string
	path string
	opts xapi.Options
}

func runRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.path == valid {
				mustParse(t, tc.body, tc.opts)
				return
			}
			probs := problems(t, tc.body, tc.opts)
			for _, p := range probs {
				if p.Path == tc.path {
					if p.Reason == "" || strings.ToLower(p.Reason[:1]) != p.Reason[:1] {
						t.Errorf("reason %q should start lowercase", p.Reason)
					}
					return
				}
			}
			t.Errorf("no problem at %q; got %v", tc.path, probs)
		})
	}
}

// valid marks a case whose body must be accepted.
const valid = "(valid)"

func TestParseBody(t *testing.T) {
	t.Parallel()
	runRules(t, []ruleCase{
		{name: "OK/Statement", body: st(), path: valid},
		{name: "OK/Batch", body: "[" + st("id", `"`+uuidA+`"`) + ",\n " + st("id", `"`+uuidB+`"`) + "]", path: valid},
		{name: "OK/EscapedKey", body: `{"\u0061ctor":` + defActor + `,"verb":` + defVerb + `,"object":` + defObject + `}`, path: valid},
		{name: "ErrEmptyBatch", body: `[]`, path: ""},
		{name: "ErrNotStatement", body: `"hello"`, path: ""},
		{name: "ErrBatchMemberNotObject", body: "[" + st() + ",42]", path: "[1]"},
		{name: "ErrBatchMemberPath", body: "[" + st() + "," + st("verb", `{"id":"nope"}`) + "]", path: "[1].verb.id"},
		{name: "ErrBatchDuplicateID", body: "[" + st("id", `"`+uuidA+`"`) + "," + st("id", `"`+strings.ToUpper(uuidA)+`"`) + "]", path: "[1].id"},
		{name: "ErrBatchDeepPath", body: "[" + st() + "," + st() + "," + st() + "," + st("context", `{"extensions":{"nope":1}}`) + "]", path: `[3].context.extensions["nope"]`},
		{name: "ErrDuplicateKey", body: `{"actor":` + defActor + `,"verb":` + defVerb + `,"object":` + defObject + `,"actor":` + defActor + `}`, path: "actor"},
		{name: "ErrUnknownKey", body: st("foo", `1`), path: "foo"},
		{name: "ErrKeyCase", body: st("actor", "-", "Actor", defActor), path: "Actor"},
		{name: "ErrUnknownKeyNotIdent", body: st("foo bar", `1`), path: `["foo bar"]`},
		{name: "ErrStatementObjectType", body: st("objectType", `"Statement"`), path: "objectType"},
		{name: "ErrIDNull", body: st("id", `null`), path: "id"},
		{name: "ErrIDNumber", body: st("id", `12345`), path: "id"},
		{name: "ErrIDBraces", body: st("id", `"{`+uuidA+`}"`), path: "id"},
		{name: "OK/IDUppercase", body: st("id", `"`+strings.ToUpper(uuidA)+`"`), path: valid},
		{name: "OK/IDAnyVariant", body: st("id", `"12345678-1234-5678-1234-567812345678"`), path: valid},
		{name: "ErrActorMissing", body: st("actor", "-"), path: "actor"},
		{name: "ErrVerbMissing", body: st("verb", "-"), path: "verb"},
		{name: "ErrObjectMissing", body: st("object", "-"), path: "object"},
		{name: "ErrActorNull", body: st("actor", `null`), path: "actor"},
		{name: "ErrVerbNotObject", body: st("verb", `"http://adlnet.gov/expapi/verbs/attempted"`), path: "verb"},
		{name: "ErrVerbIDMissing", body: st("verb", `{"display":{"en-US":"x"}}`), path: "verb.id"},
		{name: "ErrVerbIDNotIRI", body: st("verb", `{"id":"attempted"}`), path: "verb.id"},
		{name: "ErrVerbIDEmpty", body: st("verb", `{"id":""}`), path: "verb.id"},
		{name: "ErrVerbExtraKey", body: st("verb", `{"id":"http://x.org/v","name":"x"}`), path: "verb.name"},
		{name: "ErrVerbDisplayString", body: st("verb", `{"id":"http://x.org/v","display":"x"}`), path: "verb.display"},
		{name: "ErrVerbDisplayTag", body: st("verb", `{"id":"http://x.org/v","display":{"de-419-DE":"x"}}`), path: `verb.display["de-419-DE"]`},
		{name: "ErrVerbDisplayNullValue", body: st("verb", `{"id":"http://x.org/v","display":{"en-US":null}}`), path: `verb.display["en-US"]`},
		{name: "ErrVerbDisplayDuplicateTag", body: st("verb", `{"id":"http://x.org/v","display":{"en":"a","en":"b"}}`), path: `verb.display["en"]`},
		{name: "OK/VerbNoDisplay", body: st("verb", `{"id":"http://x.org/v"}`), path: valid},
		{name: "OK/VerbDisplayTags", body: st("verb", `{"id":"http://x.org/v","display":{"i-enochian":"a","zh-cmn-Hans-CN":"b","sl-rozaj-biske":"c","x-whatever":"d","az-Arab-x-AZE-derbend":"e","de-CH-1901":"f"}}`), path: valid},
		{name: "ErrTimestampDate", body: st("timestamp", `"2026-02-30T10:00:00Z"`), path: "timestamp"},
		{name: "ErrTimestampNegZero", body: st("timestamp", `"2008-09-15T15:53:00.601-0000"`), path: "timestamp"},
		{name: "ErrTimestampNumber", body: st("timestamp", `1700000000`), path: "timestamp"},
		{name: "OK/TimestampForms", body: "[" + st("timestamp", `"2026-11-23T14:01:02+01:00"`) + "," + st("timestamp", `"20261123T130102,5Z"`) + "," + st("timestamp", `"2026-11-23T13:01"`) + "]", path: valid},
		{name: "ErrStoredBad", body: st("stored", `"yesterday"`), path: "stored"},
		{name: "OK/StoredAndAuthority", body: st("stored", `"2026-11-23T13:01:02.345Z"`, "authority", testAuthority), path: valid},
		{name: "ErrVersion110", body: st("version", `"1.1.0"`), path: "version"},
		{name: "ErrVersionTrailingDot", body: st("version", `"1.0."`), path: "version"},
		{name: "ErrVersionNumber", body: st("version", `1.0`), path: "version"},
		{name: "OK/Version10", body: st("version", `"1.0"`), path: valid},
		{name: "OK/Version103", body: st("version", `"1.0.3"`), path: valid},
		{name: "ErrVoidingNotStatementRef", body: st("verb", `{"id":"http://adlnet.gov/expapi/verbs/voided"}`), path: "object"},
		{name: "OK/Voiding", body: st("verb", `{"id":"http://adlnet.gov/expapi/verbs/voided"}`, "object", `{"objectType":"StatementRef","id":"`+uuidA+`"}`), path: valid},
	})
}

func TestParseSyntax(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body, reason string }{
		{"Truncated", `{"actor":`, "byte offset 9"},
		{"TrailingData", st() + ` x`, "after the end of the JSON value"},
		{"TrailingComma", `{"a":1,}`, "expected a string key"},
		{"SingleQuotes", `{'a':1}`, "expected a string key"},
		{"BadEscape", `{"a":"\x"}`, "invalid escape"},
		{"ControlChar", "{\"a\":\"\x01\"}", "control character"},
		{"BadUTF8", "{\"a\":\"\xff\"}", "invalid UTF-8"},
		{"LeadingZero", `{"a":01}`, "expected ',' or '}'"},
		{"BareWord", `{"a":yes}`, "expected a value"},
		{"Empty", ``, "unexpected end of input"},
		{"TooDeep", strings.Repeat("[", 300) + strings.Repeat("]", 300), "nested deeper"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			probs := problems(t, tc.body, xapi.Options{})
			if len(probs) != 1 || probs[0].Path != "" || !strings.Contains(probs[0].Reason, tc.reason) || !strings.Contains(probs[0].Reason, "malformed JSON at byte offset") {
				t.Errorf("got %v, want one body problem mentioning %q", probs, tc.reason)
			}
		})
	}
}

func TestParseResult(t *testing.T) {
	t.Parallel()
	id := strings.ToUpper(uuidA)
	body := "[" + st("id", `"`+id+`"`, "timestamp", `"2026-01-01T00:00:00Z"`) + ",\n" +
		st("verb", `{"id":"http://adlnet.gov/expapi/verbs/voided"}`, "object", `{"objectType":"StatementRef","id":"`+strings.ToUpper(uuidB)+`"}`) + "]"
	stmts, batch, err := xapi.Parse([]byte(body), xapi.Options{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if !batch || len(stmts) != 2 {
		t.Fatalf("batch %v, %d statements", batch, len(stmts))
	}
	if stmts[0].ID != uuidA || !stmts[0].HasTimestamp || stmts[0].VoidTarget != "" {
		t.Errorf("statement 0: ID %q HasTimestamp %v VoidTarget %q", stmts[0].ID, stmts[0].HasTimestamp, stmts[0].VoidTarget)
	}
	if stmts[1].ID != "" || stmts[1].HasTimestamp || stmts[1].VoidTarget != uuidB {
		t.Errorf("statement 1: ID %q HasTimestamp %v VoidTarget %q", stmts[1].ID, stmts[1].HasTimestamp, stmts[1].VoidTarget)
	}
	for i, p := range stmts {
		var v map[string]any
		decodeJSON(t, p.Raw, &v)
		if p.Raw[0] != '{' || p.Raw[len(p.Raw)-1] != '}' || !strings.Contains(body, string(p.Raw)) {
			t.Errorf("statement %d: Raw %q is not the statement's bytes", i, p.Raw)
		}
	}
	if stmts[0].Hash == stmts[1].Hash {
		t.Error("different statements share a hash")
	}

	single, batch, err := xapi.Parse([]byte(st()), xapi.Options{})
	if err != nil || batch || len(single) != 1 {
		t.Fatalf("single statement: %v, batch %v, %d statements", err, batch, len(single))
	}

	// Raw is a sub-slice of the body, not a copy.
	b := []byte(" " + st() + " ")
	stmts, _, _ = xapi.Parse(b, xapi.Options{})
	if &stmts[0].Raw[0] != &b[1] || len(stmts[0].Raw) != len(b)-2 {
		t.Error("Raw is not the statement's sub-slice of the body")
	}
}

func TestParseProblemLimit(t *testing.T) {
	t.Parallel()
	body := "{" + strings.Repeat(`"k":1,`, 2*xapi.MaxProblems) + `"z":1}`
	probs := problems(t, body, xapi.Options{})
	if len(probs) != xapi.MaxProblems+1 {
		t.Fatalf("got %d problems, want %d listed plus a count", len(probs), xapi.MaxProblems)
	}
	if last := probs[len(probs)-1]; last.Path != "" || !strings.Contains(last.Reason, "more problems not listed") {
		t.Errorf("last problem %v, want the count of the rest", last)
	}
}

func TestParsePathEscapes(t *testing.T) {
	t.Parallel()
	// Keys from the body are decoded and quoted in paths.
	probs := problems(t, st("context", `{"extensions":{"caf\u00e9 \"x\"":1}}`, "b\u0061d", "1"), xapi.Options{})
	want := map[string]bool{`context.extensions["café \"x\""]`: false, "bad": false}
	for _, p := range probs {
		if _, ok := want[p.Path]; ok {
			want[p.Path] = true
		}
	}
	for path, seen := range want {
		if !seen {
			t.Errorf("no problem at %s; got %v", path, probs)
		}
	}
}

func TestValidationErrorMessage(t *testing.T) {
	t.Parallel()
	err := &xapi.ValidationError{Problems: []xapi.Problem{{Path: "actor.mbox", Reason: "must be x"}, {Path: "", Reason: "whole"}}}
	if got, want := err.Error(), "invalid xAPI statement: actor.mbox: must be x; whole"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
