package xapi

import (
	"bytes"

	"github.com/segmentio/encoding/json"
)

// Context is a statement's context (Data 2.4.6).
type Context struct {
	Registration      string             `json:"registration,omitempty"`
	Instructor        *Actor             `json:"instructor,omitempty"`
	Team              *Actor             `json:"team,omitempty"`
	ContextActivities *ContextActivities `json:"contextActivities,omitempty"`
	Revision          string             `json:"revision,omitempty"`
	Platform          string             `json:"platform,omitempty"`
	Language          string             `json:"language,omitempty"`
	Statement         *StatementRef      `json:"statement,omitempty"`
	Extensions        Extensions         `json:"extensions,omitempty"`
	// ContextAgents and ContextGroups are xAPI 2.0 (IEEE 9274.1.1
	// 1.2.2.5): Agents and Groups related to the statement, each with the
	// Activity types that characterise the relation.
	ContextAgents []ContextAgent `json:"contextAgents,omitempty"`
	ContextGroups []ContextGroup `json:"contextGroups,omitempty"`
}

// ContextAgent relates an Agent to a statement (xAPI 2.0).
type ContextAgent struct {
	ObjectType    string   `json:"objectType"`
	Agent         Actor    `json:"agent"`
	RelevantTypes []string `json:"relevantTypes,omitempty"`
}

// ContextGroup relates a Group to a statement (xAPI 2.0).
type ContextGroup struct {
	ObjectType    string   `json:"objectType"`
	Group         Actor    `json:"group"`
	RelevantTypes []string `json:"relevantTypes,omitempty"`
}

// ContextActivities relates a statement to other Activities (Data 2.4.6.2).
type ContextActivities struct {
	Parent   ActivityList `json:"parent,omitempty"`
	Grouping ActivityList `json:"grouping,omitempty"`
	Category ActivityList `json:"category,omitempty"`
	Other    ActivityList `json:"other,omitempty"`
}

// ActivityList is a contextActivities value. xAPI 1.0.x allows a single
// Activity object in place of the array; decoding accepts both.
type ActivityList []Activity

// UnmarshalJSON accepts an array of Activities or a single Activity.
func (l *ActivityList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) > 0 && b[0] == '{' {
		var a Activity
		if err := json.Unmarshal(b, &a); err != nil {
			return err
		}
		*l = ActivityList{a}
		return nil
	}
	var list []Activity
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*l = list
	return nil
}

var contextKeys = [...]string{
	"registration", "instructor", "team", "contextActivities", "revision",
	"platform", "language", "statement", "extensions", "contextAgents", "contextGroups",
}

const (
	ctxRegistration = iota
	ctxInstructor
	ctxTeam
	ctxActivities
	ctxRevision
	ctxPlatform
	ctxLanguage
	ctxStatement
	ctxExtensions
	ctxAgents
	ctxGroups
)

// context validates a Context at the current path; obj is the kind of the
// statement's object, which decides whether revision and platform may be
// used (Data 2.4.6.s4).
func (v *validator) context(n int32, obj objKind) {
	if !v.wantKind(n, kindObject, "a Context object") {
		return
	}
	var f [len(contextKeys)]int32
	v.fields(n, contextKeys[:], f[:], "a Context")
	if m := f[ctxRegistration]; m >= 0 {
		v.pushField("registration")
		v.uuid(m)
		v.pop()
	}
	if m := f[ctxInstructor]; m >= 0 {
		v.pushField("instructor")
		v.agent(m, roleActor)
		v.pop()
	}
	if m := f[ctxTeam]; m >= 0 {
		v.pushField("team")
		v.agent(m, roleTeam)
		v.pop()
	}
	if m := f[ctxActivities]; m >= 0 {
		v.pushField("contextActivities")
		v.contextActivities(m)
		v.pop()
	}
	for _, i := range [...]int{ctxRevision, ctxPlatform} {
		m := f[i]
		if m < 0 {
			continue
		}
		v.pushField(contextKeys[i])
		v.wantKind(m, kindString, "a string")
		if obj != objActivity && obj != objInvalid {
			v.problem("is only allowed when the statement's object is an Activity, here it is " + objKindNames[obj] + " (Data 2.4.6.s4)")
		}
		v.pop()
	}
	if m := f[ctxLanguage]; m >= 0 {
		v.pushField("language")
		if v.wantKind(m, kindString, "an RFC 5646 language tag string") {
			if s := v.str(m); !ValidLanguageTag(view(s)) {
				v.problem("must be an RFC 5646 language tag, got " + quote(s))
			}
		}
		v.pop()
	}
	if m := f[ctxStatement]; m >= 0 {
		v.pushField("statement")
		v.statementRef(m)
		v.pop()
	}
	if m := f[ctxExtensions]; m >= 0 {
		v.pushField("extensions")
		v.extensions(m)
		v.pop()
	}
	for _, i := range [...]int{ctxAgents, ctxGroups} {
		m := f[i]
		if m < 0 {
			continue
		}
		v.pushField(contextKeys[i])
		if v.opts.Version != V20 {
			v.problem("is not a property of a Context in xAPI 1.0.x; it is new in xAPI 2.0: send the statement with X-Experience-API-Version: 2.0.0")
		} else {
			v.contextRelations(m, i == ctxGroups)
		}
		v.pop()
	}
}

var contextAgentKeys = [...]string{"objectType", "agent", "relevantTypes"}
var contextGroupKeys = [...]string{"objectType", "group", "relevantTypes"}

// contextRelations validates contextAgents or contextGroups (xAPI 2.0,
// IEEE 9274.1.1 1.2.2.5): an array of contextAgent objects, each an Agent
// with optional relevantTypes, or of contextGroup objects, each a Group.
func (v *validator) contextRelations(n int32, groups bool) {
	objectType, member, keys, what := "contextAgent", "agent", contextAgentKeys[:], "a contextAgent"
	if groups {
		objectType, member, keys, what = "contextGroup", "group", contextGroupKeys[:], "a contextGroup"
	}
	if !v.wantKind(n, kindArray, "an array of "+objectType+" objects") {
		return
	}
	i := 0
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		v.pushIndex(i)
		i++
		if !v.wantKind(c, kindObject, what+" object") {
			v.pop()
			continue
		}
		var f [3]int32
		v.fields(c, keys, f[:], what)
		if v.required(f[0], "objectType", what) {
			v.pushField("objectType")
			if v.wantKind(f[0], kindString, quote([]byte(objectType))) {
				if t := v.str(f[0]); string(t) != objectType {
					v.problem("must be " + quote([]byte(objectType)) + " (case-sensitive), got " + quote(t))
				}
			}
			v.pop()
		}
		if v.required(f[1], member, what) {
			v.pushField(member)
			before := v.problemCount()
			group := v.agent(f[1], roleActor)
			switch {
			case v.problemCount() > before:
			case groups && !group:
				v.problem(`must be a Group (objectType "Group")`)
			case !groups && group:
				v.problem("must be an Agent, not a Group: relate Groups with contextGroups")
			}
			v.pop()
		}
		if m := f[2]; m >= 0 {
			v.pushField("relevantTypes")
			if v.wantKind(m, kindArray, "an array of Activity type IRIs") {
				if v.nodes[m].n == 0 {
					v.problem("must hold at least one Activity type IRI; leave relevantTypes out for a generic relation")
				}
				j := 0
				for t := v.nodes[m].first; t >= 0; t = v.nodes[t].next {
					v.pushIndex(j)
					v.iri(t)
					v.pop()
					j++
				}
			}
			v.pop()
		}
		v.pop()
	}
}

var contextActivityKeys = [...]string{"parent", "grouping", "category", "other"}

// contextActivities validates the contextActivities map: its keys are
// parent, grouping, category and other, its values an Activity or an array of
// Activities (Data 2.4.6.2.s4). Single Activities are remembered, because the
// LRS returns them as one-element arrays (stored form and canonical form).
func (v *validator) contextActivities(n int32) {
	if !v.wantKind(n, kindObject, "a contextActivities object (parent, grouping, category, other)") {
		return
	}
	if v.nodes[n].first < 0 {
		v.problem("must hold at least one of parent, grouping, category or other; leave contextActivities out when there is none (Data 2.4.6.2)")
		return
	}
	var f [len(contextActivityKeys)]int32
	v.fields(n, contextActivityKeys[:], f[:], "contextActivities (parent, grouping, category, other)")
	for i, name := range contextActivityKeys {
		m := f[i]
		if m < 0 {
			continue
		}
		v.pushField(name)
		switch v.nodes[m].kind {
		case kindObject:
			v.activity(m)
			v.nodes[m].flags |= flagWrap
			v.wraps = append(v.wraps, m)
		case kindArray:
			j := 0
			for c := v.nodes[m].first; c >= 0; c = v.nodes[c].next {
				v.pushIndex(j)
				v.activity(c)
				v.pop()
				j++
			}
		default:
			v.wantKind(m, kindArray, "an array of Activities (or a single Activity)")
		}
		v.pop()
	}
}
