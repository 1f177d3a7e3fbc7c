package xapi_test

import (
	"testing"
)

const subStatement = `{"objectType":"SubStatement","actor":` + defActor + `,"verb":` + defVerb + `,"object":` + defObject + `}`

func TestParseObject(t *testing.T) {
	t.Parallel()
	runRules(t, []ruleCase{
		{name: "OK/ActivityNoObjectType", body: st(), path: valid},
		{name: "OK/ActivityCourseKey", body: st("object", `{"id":"course-v1:FUN-MOOC+00002+session01"}`), path: valid},
		{name: "OK/ActivityUUIDScheme", body: st("object", `{"id":"uuid://0b9e3947-7cf3-4507-a7a4-8f74be381fdd"}`), path: valid},
		{name: "OK/Agent", body: st("object", `{"objectType":"Agent","mbox":"mailto:bob@example.com"}`), path: valid},
		{name: "OK/Group", body: st("object", `{"objectType":"Group","member":[`+agentBob+`]}`), path: valid},
		{name: "OK/StatementRef", body: st("object", `{"objectType":"StatementRef","id":"`+uuidA+`"}`), path: valid},
		{name: "OK/SubStatement", body: st("object", subStatement), path: valid},
		{name: "ErrNotObject", body: st("object", `"http://example.com/a"`), path: "object"},
		{name: "ErrObjectTypeCase", body: st("object", `{"objectType":"activity","id":"http://example.com/a"}`), path: "object.objectType"},
		{name: "ErrObjectTypeNumber", body: st("object", `{"objectType":1,"id":"http://example.com/a"}`), path: "object.objectType"},
		{name: "ErrAgentWithoutObjectType", body: st("object", `{"mbox":"mailto:bob@example.com"}`), path: "object.mbox"},
		{name: "ErrActivityNoID", body: st("object", `{"objectType":"Activity"}`), path: "object.id"},
		{name: "ErrActivityIDNotIRI", body: st("object", `{"id":"ab=c://should.fail.com"}`), path: "object.id"},
		{name: "ErrActivityIDSpace", body: st("object", `{"id":"http://example.com/a b"}`), path: "object.id"},
		{name: "ErrActivityIDRelative", body: st("object", `{"id":"/activities/1"}`), path: "object.id"},
		{name: "ErrActivityExtraKey", body: st("object", `{"id":"http://example.com/a","name":"x"}`), path: "object.name"},
		{name: "ErrStatementRefNoID", body: st("object", `{"objectType":"StatementRef"}`), path: "object.id"},
		{name: "ErrStatementRefBadID", body: st("object", `{"objectType":"StatementRef","id":"should fail"}`), path: "object.id"},
		{name: "ErrStatementRefExtraKey", body: st("object", `{"objectType":"StatementRef","id":"`+uuidA+`","definition":{}}`), path: "object.definition"},

		{name: "ErrSubStatementID", body: st("object", `{"objectType":"SubStatement","id":"`+uuidA+`","actor":`+defActor+`,"verb":`+defVerb+`,"object":`+defObject+`}`), path: "object.id"},
		{name: "ErrSubStatementStored", body: st("object", `{"objectType":"SubStatement","stored":"2026-01-01T00:00:00Z","actor":`+defActor+`,"verb":`+defVerb+`,"object":`+defObject+`}`), path: "object.stored"},
		{name: "ErrSubStatementVersion", body: st("object", `{"objectType":"SubStatement","version":"1.0.0","actor":`+defActor+`,"verb":`+defVerb+`,"object":`+defObject+`}`), path: "object.version"},
		{name: "ErrSubStatementAuthority", body: st("object", `{"objectType":"SubStatement","authority":`+agentBob+`,"actor":`+defActor+`,"verb":`+defVerb+`,"object":`+defObject+`}`), path: "object.authority"},
		{name: "ErrSubStatementNested", body: st("object", `{"objectType":"SubStatement","actor":`+defActor+`,"verb":`+defVerb+`,"object":`+subStatement+`}`), path: "object.object"},
		{name: "ErrSubStatementNoVerb", body: st("object", `{"objectType":"SubStatement","actor":`+defActor+`,"object":`+defObject+`}`), path: "object.verb"},
		{name: "ErrSubStatementNoObject", body: st("object", `{"objectType":"SubStatement","actor":`+defActor+`,"verb":`+defVerb+`}`), path: "object.object"},
		{name: "ErrSubStatementTimestamp", body: st("object", `{"objectType":"SubStatement","timestamp":"2026-13-01T00:00:00Z","actor":`+defActor+`,"verb":`+defVerb+`,"object":`+defObject+`}`), path: "object.timestamp"},
		{name: "ErrSubStatementDeepPath", body: st("object", `{"objectType":"SubStatement","actor":`+defActor+`,"verb":`+defVerb+`,"object":{"id":"http://x.com/a","definition":{"name":{"en":1}}}}`), path: `object.object.definition.name["en"]`},
		{name: "ErrSubStatementPlatformAgent", body: st("object", `{"objectType":"SubStatement","actor":`+defActor+`,"verb":`+defVerb+`,"object":`+agentBob[:1]+`"objectType":"Agent",`+agentBob[1:]+`,"context":{"platform":"x"}}`), path: "object.context.platform"},
		{name: "OK/SubStatementFuture", body: st("object", `{"objectType":"SubStatement","timestamp":"2099-01-01T00:00:00Z","actor":`+defActor+`,"verb":`+defVerb+`,"object":`+defObject+`,"result":{"success":true}}`), path: valid},
	})
}
