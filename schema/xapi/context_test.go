package xapi_test

import (
	"testing"
)

func ctx(c string) string { return st("context", c) }

func TestParseContext(t *testing.T) {
	t.Parallel()
	parent := `{"id":"http://example.com/course"}`
	runRules(t, []ruleCase{
		{name: "OK/Full", body: ctx(`{"registration":"` + uuidA + `","instructor":` + agentBob + `,"team":{"objectType":"Group","member":[` + defActor + `]},"contextActivities":{"parent":[` + parent + `],"grouping":[],"category":[{"objectType":"Activity","id":"https://w3id.org/xapi/cmi5/context/categories/cmi5"}],"other":[` + parent + `]},"revision":"r1","platform":"Moodle","language":"en-US","statement":{"objectType":"StatementRef","id":"` + uuidB + `"},"extensions":{"http://example.com/x":null}}`), path: valid},
		{name: "OK/SingleContextActivity", body: ctx(`{"contextActivities":{"parent":` + parent + `,"other":` + parent + `}}`), path: valid},
		{name: "OK/InstructorGroup", body: ctx(`{"instructor":{"objectType":"Group","mbox":"mailto:staff@example.com"}}`), path: valid},
		{name: "OK/RevisionWithUntypedActivity", body: ctx(`{"revision":"r1","platform":"p"}`), path: valid},
		{name: "OK/LanguageTag", body: ctx(`{"language":"cmn"}`), path: valid},
		{name: "ErrNotObject", body: ctx(`[]`), path: "context"},
		{name: "ErrUnknownKey", body: ctx(`{"registrations":"` + uuidA + `"}`), path: "context.registrations"},
		{name: "ErrRegistration", body: ctx(`{"registration":"ec531277-b57b-4c15-8d91-d292c5b2b8f"}`), path: "context.registration"},
		{name: "ErrRegistrationNull", body: ctx(`{"registration":null}`), path: "context.registration"},
		{name: "ErrInstructor", body: ctx(`{"instructor":{"name":"x"}}`), path: "context.instructor"},
		{name: "ErrTeamAgent", body: ctx(`{"team":` + agentBob + `}`), path: "context.team"},
		{name: "ErrTeamObjectTypeAgent", body: ctx(`{"team":{"objectType":"Agent","mbox":"mailto:t@example.com"}}`), path: "context.team"},
		{name: "ErrContextActivitiesKey", body: ctx(`{"contextActivities":{"consequences":[` + parent + `]}}`), path: "context.contextActivities.consequences"},
		{name: "ErrContextActivitiesEmpty", body: ctx(`{"contextActivities":{}}`), path: "context.contextActivities"},
		{name: "ErrContextActivitiesKeyCase", body: ctx(`{"contextActivities":{"Parent":[` + parent + `]}}`), path: "context.contextActivities.Parent"},
		{name: "ErrContextActivitiesString", body: ctx(`{"contextActivities":{"parent":"http://example.com/course"}}`), path: "context.contextActivities.parent"},
		{name: "ErrContextActivitiesNotObject", body: ctx(`{"contextActivities":[` + parent + `]}`), path: "context.contextActivities"},
		{name: "ErrContextActivityNotActivity", body: ctx(`{"contextActivities":{"other":[` + parent + `,{"objectType":"Agent","mbox":"mailto:a@b.c"}]}}`), path: "context.contextActivities.other[1].objectType"},
		{name: "ErrContextActivityNoID", body: ctx(`{"contextActivities":{"grouping":{"definition":{}}}}`), path: "context.contextActivities.grouping.id"},
		{name: "ErrContextActivityDefinition", body: ctx(`{"contextActivities":{"category":[{"id":"http://x.com/c","definition":{"type":"cat"}}]}}`), path: "context.contextActivities.category[0].definition.type"},
		{name: "ErrRevisionWithAgent", body: st("object", `{"objectType":"Agent","mbox":"mailto:bob@example.com"}`, "context", `{"revision":"r1"}`), path: "context.revision"},
		{name: "ErrPlatformWithStatementRef", body: st("object", `{"objectType":"StatementRef","id":"`+uuidA+`"}`, "context", `{"platform":"p"}`), path: "context.platform"},
		{name: "ErrPlatformWithSubStatement", body: st("object", subStatement, "context", `{"platform":"p"}`), path: "context.platform"},
		{name: "ErrPlatformNumber", body: ctx(`{"platform":3}`), path: "context.platform"},
		{name: "ErrRevisionNull", body: ctx(`{"revision":null}`), path: "context.revision"},
		{name: "ErrLanguageTag", body: ctx(`{"language":"english please"}`), path: "context.language"},
		{name: "ErrLanguageMap", body: ctx(`{"language":{"a12345":"should fail"}}`), path: "context.language"},
		{name: "ErrStatementNotRef", body: ctx(`{"statement":{"objectType":"statementref","id":"` + uuidA + `"}}`), path: "context.statement.objectType"},
		{name: "ErrStatementNoObjectType", body: ctx(`{"statement":{"id":"` + uuidA + `"}}`), path: "context.statement.objectType"},
		{name: "ErrStatementBadID", body: ctx(`{"statement":{"objectType":"StatementRef","id":"x"}}`), path: "context.statement.id"},
		{name: "ErrExtensionsNull", body: ctx(`{"extensions":null}`), path: "context.extensions"},
		{name: "ErrExtensionKey", body: ctx(`{"extensions":{"http://example.com/ok":1,"not an iri":2}}`), path: `context.extensions["not an iri"]`},
		{name: "ErrExtensionDuplicateKey", body: ctx(`{"extensions":{"http://example.com/a":1,"http://example.com/a":2}}`), path: `context.extensions["http://example.com/a"]`},
	})
}
