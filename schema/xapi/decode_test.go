package xapi_test

import (
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	raw := `{
	"id": "` + uuidA + `",
	"version": "1.0.0",
	"actor": {"objectType": "Group", "name": "Team", "member": [{"mbox": "mailto:ann@example.com"}, {"account": {"homePage": "http://lms.example.com", "name": "42"}}]},
	"verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
	"object": {"id": "http://example.com/q/1", "definition": {"name": {"en": "Q1"}, "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
		"interactionType": "choice", "correctResponsesPattern": ["a"], "choices": [{"id": "a", "description": {"en": "A"}}, {"id": "b"}],
		"extensions": {"http://example.com/ext": {"k": [1, 2]}}}},
	"result": {"score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}, "success": false, "completion": true, "response": "a", "duration": "PT1M30S",
		"extensions": {"http://example.com/r": null}},
	"context": {"registration": "` + uuidB + `", "instructor": {"mbox": "mailto:t@example.com"}, "team": {"objectType": "Group", "mbox": "mailto:team@example.com"},
		"contextActivities": {"parent": {"id": "http://example.com/course"}, "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}]},
		"revision": "r1", "platform": "Moodle", "language": "en", "statement": {"objectType": "StatementRef", "id": "` + uuidA + `"},
		"extensions": {"http://example.com/c": "x"}},
	"timestamp": "2026-11-23T14:01:02.345+01:00",
	"stored": "20261123T130103Z",
	"authority": {"account": {"homePage": "https://lrs.example.org", "name": "tenant-1"}},
	"attachments": [{"usageType": "http://adlnet.gov/expapi/attachments/signature", "display": {"en": "sig"}, "contentType": "application/octet-stream", "length": 4235, "sha2": "` + sha256Hex + `"}]
}`
	mustParse(t, raw, xapi.Options{Multipart: true})
	s, err := xapi.Decode([]byte(raw))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("ID", s.ID, uuidA)
	check("Version", s.Version, "1.0.0")
	check("Actor.IsGroup", s.Actor.IsGroup(), true)
	check("Actor.IFI", s.Actor.IFI(), "group:account:http://lms.example.com|42,mbox:mailto:ann@example.com")
	check("Verb.ID", s.Verb.ID, "http://adlnet.gov/expapi/verbs/answered")
	check("Verb.Display", s.Verb.Display["en-US"], "answered")
	check("Object.Kind", s.Object.Kind(), xapi.TypeActivity)
	check("Object.ID", s.Object.ID, "http://example.com/q/1")
	def := s.Object.Definition
	check("Definition.InteractionType", def.InteractionType, "choice")
	check("Definition.Choices", len(def.Choices), 2)
	check("Definition.Choices[0].Description", def.Choices[0].Description["en"], "A")
	check("Definition.Extensions", string(def.Extensions["http://example.com/ext"]), `{"k": [1, 2]}`)
	check("Activity().ID", s.Object.Activity().ID, "http://example.com/q/1")
	check("Score.Scaled", *s.Result.Score.Scaled, 0.5)
	check("Score.Max", *s.Result.Score.Max, 10.0)
	check("Success", *s.Result.Success, false)
	check("Completion", *s.Result.Completion, true)
	d, ok, err := s.Result.DurationValue()
	check("DurationValue", d, 90*time.Second)
	check("DurationValue ok", ok, true)
	check("DurationValue err", err, nil)
	check("Result.Extensions", string(s.Result.Extensions["http://example.com/r"]), "null")
	c := s.Context
	check("Registration", c.Registration, uuidB)
	check("Instructor", c.Instructor.IFI(), "mbox:mailto:t@example.com")
	check("Team", c.Team.IFI(), "mbox:mailto:team@example.com")
	check("Parent (single object)", len(c.ContextActivities.Parent), 1)
	check("Parent[0].ID", c.ContextActivities.Parent[0].ID, "http://example.com/course")
	check("Category", len(c.ContextActivities.Category), 1)
	check("Grouping", len(c.ContextActivities.Grouping), 0)
	check("Revision", c.Revision, "r1")
	check("Statement.ID", c.Statement.ID, uuidA)
	check("Context.Extensions", string(c.Extensions["http://example.com/c"]), `"x"`)
	check("Timestamp", s.Timestamp, time.Date(2026, 11, 23, 13, 1, 2, 345000000, time.UTC))
	check("Stored", s.Stored, time.Date(2026, 11, 23, 13, 1, 3, 0, time.UTC))
	check("Authority", s.Authority.IFI(), "account:https://lrs.example.org|tenant-1")
	check("Attachments", len(s.Attachments), 1)
	check("Attachment.Length", s.Attachments[0].Length, int64(4235))
	check("Attachment.SHA2", s.Attachments[0].SHA2, sha256Hex)
}

func TestDecodeObjects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, object string
		check        func(t *testing.T, o *xapi.Object)
	}{
		{"Agent", `{"objectType":"Agent","name":"Bob","mbox":"mailto:bob@example.com"}`, func(t *testing.T, o *xapi.Object) {
			if a := o.Agent(); o.Kind() != xapi.TypeAgent || a.IFI() != "mbox:mailto:bob@example.com" || a.Name != "Bob" {
				t.Errorf("agent %+v", a)
			}
		}},
		{"StatementRef", `{"objectType":"StatementRef","id":"` + uuidB + `"}`, func(t *testing.T, o *xapi.Object) {
			if o.Kind() != xapi.TypeStatementRef || o.ID != uuidB {
				t.Errorf("ref %+v", o)
			}
		}},
		{"SubStatement", `{"objectType":"SubStatement","actor":` + agentBob + `,"verb":` + defVerb + `,"object":{"objectType":"Agent","mbox":"mailto:c@example.com"},"timestamp":"2030-01-01T01:00:00+01:00","context":{"contextActivities":{"other":[{"id":"http://x.org/o"}]}}}`, func(t *testing.T, o *xapi.Object) {
			if o.Kind() != xapi.TypeSubStatement || o.Actor.IFI() != "mbox:mailto:bob@example.com" || o.Verb.ID == "" ||
				o.Object.Kind() != xapi.TypeAgent || !o.Timestamp.Equal(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) ||
				len(o.Context.ContextActivities.Other) != 1 {
				t.Errorf("substatement %+v", o)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := st("object", tc.object)
			mustParse(t, body, xapi.Options{})
			s, err := xapi.Decode([]byte(body))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			tc.check(t, &s.Object)
		})
	}
}

func TestDecodeTolerant(t *testing.T) {
	t.Parallel()
	s, err := xapi.Decode([]byte(`{"actor":{"mbox":"mailto:a@b.c"},"timestamp":"not a time","unknown":1,"object":{"id":"x"}}`))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if !s.Timestamp.IsZero() || s.Object.ID != "x" {
		t.Errorf("got %+v", s)
	}
	if _, err := xapi.Decode([]byte(`{"actor":`)); err == nil {
		t.Error("Decode of malformed JSON: want an error")
	}
}
