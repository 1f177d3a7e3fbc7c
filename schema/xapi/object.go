package xapi

import (
	"time"
)

// Object is the object of a statement (Data 2.4.4): an Activity (the
// default), an Agent or Group, a StatementRef or a SubStatement. Which fields
// are set depends on Kind.
type Object struct {
	ObjectType string `json:"objectType,omitempty"`

	// Activity and StatementRef
	ID         string              `json:"id,omitempty"`
	Definition *ActivityDefinition `json:"definition,omitempty"`

	// Agent and Group
	Name        string   `json:"name,omitempty"`
	Mbox        string   `json:"mbox,omitempty"`
	MboxSHA1Sum string   `json:"mbox_sha1sum,omitempty"`
	OpenID      string   `json:"openid,omitempty"`
	Account     *Account `json:"account,omitempty"`
	Member      []Actor  `json:"member,omitempty"`

	// SubStatement
	Actor       *Actor       `json:"actor,omitempty"`
	Verb        *Verb        `json:"verb,omitempty"`
	Object      *Object      `json:"object,omitempty"`
	Result      *Result      `json:"result,omitempty"`
	Context     *Context     `json:"context,omitempty"`
	Timestamp   time.Time    `json:"timestamp,omitzero"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Object types (Data 2.4.4.s2).
const (
	TypeActivity     = "Activity"
	TypeAgent        = "Agent"
	TypeGroup        = "Group"
	TypeStatementRef = "StatementRef"
	TypeSubStatement = "SubStatement"
)

// Kind is the object's objectType, TypeActivity when it has none.
func (o *Object) Kind() string {
	if o.ObjectType == "" {
		return TypeActivity
	}
	return o.ObjectType
}

// Activity returns the object as an Activity (meaningful when Kind is
// TypeActivity).
func (o *Object) Activity() Activity {
	return Activity{ObjectType: o.ObjectType, ID: o.ID, Definition: o.Definition}
}

// Agent returns the object as an Agent or Group (meaningful when Kind is
// TypeAgent or TypeGroup).
func (o *Object) Agent() Actor {
	return Actor{
		ObjectType: o.ObjectType, Name: o.Name, Mbox: o.Mbox, MboxSHA1Sum: o.MboxSHA1Sum,
		OpenID: o.OpenID, Account: o.Account, Member: o.Member,
	}
}

// StatementRef points at another statement by id (Data 2.4.4.3).
type StatementRef struct {
	ObjectType string `json:"objectType"`
	ID         string `json:"id"`
}

// objKind is what a statement's object turned out to be.
type objKind uint8

const (
	objInvalid objKind = iota
	objActivity
	objAgent
	objGroup
	objStatementRef
	objSubStatement
)

var objKindNames = [...]string{
	objInvalid: "invalid", objActivity: "an Activity", objAgent: "an Agent", objGroup: "a Group",
	objStatementRef: "a StatementRef", objSubStatement: "a SubStatement",
}

// object validates a statement's (or SubStatement's) object at the current
// path. It returns the kind its objectType declares (objInvalid for an
// unknown one) and, for a valid StatementRef, its id node (else -1).
func (v *validator) object(n int32, inSub bool) (objKind, int32) {
	if !v.wantKind(n, kindObject, "an object (Activity, Agent, Group, StatementRef or SubStatement)") {
		return objInvalid, -1
	}
	ot := int32(-1)
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		if string(v.key(c)) == "objectType" {
			ot = c
			break
		}
	}
	if ot < 0 {
		v.activity(n)
		return objActivity, -1
	}
	if v.nodes[ot].kind != kindString {
		v.pushField("objectType")
		v.wantKind(ot, kindString, `"Activity", "Agent", "Group", "StatementRef" or "SubStatement"`)
		v.pop()
		return objInvalid, -1
	}
	switch t := v.str(ot); string(t) {
	case TypeActivity:
		v.activity(n)
		return objActivity, -1
	case TypeAgent:
		v.agent(n, roleObject)
		return objAgent, -1
	case TypeGroup:
		v.agent(n, roleObject)
		return objGroup, -1
	case TypeStatementRef:
		return objStatementRef, v.statementRef(n)
	case TypeSubStatement:
		if inSub {
			v.problem("a SubStatement must not contain another SubStatement (Data 2.4.4.3.s8.b4)")
			return objInvalid, -1
		}
		v.substatement(n)
		return objSubStatement, -1
	default:
		v.pushField("objectType")
		v.problem(`must be "Activity", "Agent", "Group", "StatementRef" or "SubStatement" (case-sensitive), got ` + quote(t))
		v.pop()
		return objInvalid, -1
	}
}

var statementRefKeys = [...]string{"objectType", "id"}

// statementRef validates a StatementRef and returns its id node (-1 when
// the reference is invalid).
func (v *validator) statementRef(n int32) int32 {
	if !v.wantKind(n, kindObject, "a StatementRef object") {
		return -1
	}
	before := v.problemCount()
	var f [2]int32
	v.fields(n, statementRefKeys[:], f[:], "a StatementRef")
	if v.required(f[0], "objectType", "a StatementRef") {
		v.pushField("objectType")
		if v.wantKind(f[0], kindString, `"StatementRef"`) {
			if t := v.str(f[0]); string(t) != TypeStatementRef {
				v.problem(`must be "StatementRef" (case-sensitive), got ` + quote(t))
			}
		}
		v.pop()
	}
	if v.required(f[1], "id", "a StatementRef") {
		v.pushField("id")
		v.uuid(f[1])
		v.pop()
	}
	if v.problemCount() > before {
		return -1
	}
	return f[1]
}

// subStatementKeys: the statement properties a SubStatement may have plus
// the four it must not have (Data 2.4.4.3.s8.b3), which get their own reason.
var subStatementKeys = [...]string{
	"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments",
	"id", "stored", "version", "authority",
}

const (
	subObjectType = iota
	subActor
	subVerb
	subObject
	subResult
	subContext
	subTimestamp
	subAttachments
	subFirstForbidden
)

// substatement validates a SubStatement: it is validated as a statement,
// without id, stored, version and authority, and without a nested
// SubStatement (Data 2.4.4.3.s8).
func (v *validator) substatement(n int32) {
	var f [len(subStatementKeys)]int32
	v.fields(n, subStatementKeys[:], f[:], "a SubStatement")
	for i := subFirstForbidden; i < len(f); i++ {
		if f[i] >= 0 {
			v.pushKey(f[i])
			v.problem("must not appear in a SubStatement (Data 2.4.4.3.s8.b3)")
			v.pop()
		}
	}
	if v.required(f[subActor], "actor", "a SubStatement") {
		v.pushField("actor")
		v.agent(f[subActor], roleActor)
		v.pop()
	}
	voiding := false
	if v.required(f[subVerb], "verb", "a SubStatement") {
		v.pushField("verb")
		voiding = v.verb(f[subVerb])
		v.pop()
	}
	obj := objInvalid
	if v.required(f[subObject], "object", "a SubStatement") {
		v.pushField("object")
		obj, _ = v.object(f[subObject], true)
		if voiding && obj != objInvalid && obj != objStatementRef {
			v.problem("must be a StatementRef: the verb " + VerbVoided + " voids the statement it references (Data 2.3.2)")
		}
		v.pop()
	}
	v.statementTail(f[subResult], f[subContext], f[subTimestamp], f[subAttachments], obj)
}
