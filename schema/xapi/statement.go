package xapi

import (
	"time"
)

// Statement is an xAPI statement as processors read it (Data 2.4). Decode
// builds one from a statement that passed Parse.
type Statement struct {
	ID          string       `json:"id,omitempty"`
	Version     string       `json:"version,omitempty"`
	Actor       Actor        `json:"actor"`
	Verb        Verb         `json:"verb"`
	Object      Object       `json:"object"`
	Result      *Result      `json:"result,omitempty"`
	Context     *Context     `json:"context,omitempty"`
	Timestamp   time.Time    `json:"timestamp"`
	Stored      time.Time    `json:"stored"`
	Authority   *Actor       `json:"authority,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Verb is the action of a statement (Data 2.4.3).
type Verb struct {
	ID      string      `json:"id"`
	Display LanguageMap `json:"display,omitempty"`
}

// LanguageMap maps RFC 5646 language tags to strings (Data 4.2).
type LanguageMap map[string]string

// VerbVoided is the reserved verb of a statement that voids another
// (Data 2.3.2).
const VerbVoided = "http://adlnet.gov/expapi/verbs/voided"

// statementKeys are the properties of a statement (Data 2.4.s1). The order
// matches the st* indexes.
var statementKeys = [...]string{
	"id", "actor", "verb", "object", "result", "context",
	"timestamp", "stored", "authority", "version", "attachments",
}

const (
	stID = iota
	stActor
	stVerb
	stObject
	stResult
	stContext
	stTimestamp
	stStored
	stAuthority
	stVersion
	stAttachments
)

// statement validates one statement at the current path and returns what
// Parse needs to know about it.
func (v *validator) statement(n int32) stmtRun {
	run := stmtRun{node: n, id: -1, voidRef: -1, attsNode: -1}
	if v.nodes[n].kind != kindObject {
		v.problem("must be a statement (a JSON object), got " + v.nodes[n].kind.String())
		return run
	}
	run.wraps[0], run.warns[0], run.atts[0] = len(v.wraps), len(v.warns), len(v.atts)
	var f [len(statementKeys)]int32
	v.fields(n, statementKeys[:], f[:], "a statement")

	if m := f[stID]; m >= 0 {
		// The id is the key a hash is compared under, not part of the
		// content: a PUT with the id only in the query string and a POST
		// with it in the body are the same statement.
		v.nodes[m].flags |= flagSkip
		v.pushField("id")
		if v.uuid(m) {
			run.id = m
		}
		v.pop()
	}
	if v.required(f[stActor], "actor", "a statement") {
		v.pushField("actor")
		v.agent(f[stActor], roleActor)
		v.pop()
	}
	voiding := false
	if v.required(f[stVerb], "verb", "a statement") {
		v.pushField("verb")
		voiding = v.verb(f[stVerb])
		v.pop()
	}
	obj, ref := objInvalid, int32(-1)
	if v.required(f[stObject], "object", "a statement") {
		v.pushField("object")
		obj, ref = v.object(f[stObject], false)
		if voiding && obj != objInvalid && obj != objStatementRef {
			v.problem("must be a StatementRef: the verb " + VerbVoided + " voids the statement it references (Data 2.3.2)")
		}
		v.pop()
	}
	if voiding && obj == objStatementRef {
		run.voidRef = ref
	}
	v.statementTail(f[stResult], f[stContext], f[stTimestamp], f[stAttachments], obj)

	if m := f[stStored]; m >= 0 {
		// The LRS overwrites "stored" (Data 2.4.8), but validates it first.
		v.nodes[m].flags |= flagSkip
		v.pushField("stored")
		v.timestamp(m)
		v.pop()
	}
	if m := f[stAuthority]; m >= 0 {
		v.nodes[m].flags |= flagSkip
		v.pushField("authority")
		v.agent(m, roleAuthority)
		v.pop()
	}
	if m := f[stVersion]; m >= 0 {
		v.nodes[m].flags |= flagSkip
		run.version = true
		v.pushField("version")
		v.version(m)
		v.pop()
	}
	run.timestamp = f[stTimestamp] >= 0
	run.wraps[1], run.warns[1], run.atts[1] = len(v.wraps), len(v.warns), len(v.atts)
	run.attsNode = f[stAttachments]
	return run
}

// statementTail validates the members a statement and a SubStatement share
// besides actor, verb and object.
func (v *validator) statementTail(result, context, timestamp, attachments int32, obj objKind) {
	if result >= 0 {
		v.pushField("result")
		v.result(result)
		v.pop()
	}
	if context >= 0 {
		v.pushField("context")
		v.context(context, obj)
		v.pop()
	}
	if timestamp >= 0 {
		v.pushField("timestamp")
		if v.timestamp(timestamp) {
			v.nodes[timestamp].flags |= flagTime
		}
		v.pop()
	}
	if attachments >= 0 {
		v.pushField("attachments")
		v.attachments(attachments)
		v.pop()
	}
}

// verb validates a Verb and reports whether it is the voiding verb.
func (v *validator) verb(n int32) (voiding bool) {
	if !v.wantKind(n, kindObject, "a Verb object") {
		return false
	}
	var f [2]int32
	v.fields(n, []string{"id", "display"}, f[:], "a Verb")
	if v.required(f[0], "id", "a Verb") {
		v.pushField("id")
		if v.iri(f[0]) {
			voiding = string(v.str(f[0])) == VerbVoided
		}
		v.pop()
	}
	if f[1] >= 0 {
		v.pushField("display")
		v.langMap(f[1])
		v.pop()
	}
	return voiding
}

// version checks the statement version: 1.0 or 1.0.x (Data 2.4.10; an LRS
// must reject versions that do not start with "1.0."), and in an xAPI 2.0
// request also 2.0 or 2.0.x.
func (v *validator) version(n int32) {
	if !v.wantKind(n, kindString, "a version string") {
		return
	}
	s := v.str(n)
	ok := versionOf(s, "1.0") || v.opts.Version == V20 && versionOf(s, "2.0")
	if !ok {
		if v.opts.Version == V20 {
			v.problem(`must be "2.0.0", "1.0.3" or another 2.0.x or 1.0.x version, got ` + quote(s))
		} else {
			v.problem(`must be "1.0.0" or another 1.0.x version, got ` + quote(s))
		}
	}
}

// versionOf reports whether s is minor ("1.0") or minor.<patch>.
func versionOf(s []byte, minor string) bool {
	ok := len(s) >= 3 && string(s[:3]) == minor
	if ok && len(s) > 3 {
		ok = s[3] == '.' && len(s) > 4
		for _, c := range s[4:] {
			ok = ok && isDigit(c)
		}
	}
	return ok
}
