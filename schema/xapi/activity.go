package xapi

import ()

// Activity is a thing a statement is about (Data 2.4.4.1).
type Activity struct {
	ObjectType string              `json:"objectType,omitempty"`
	ID         string              `json:"id"`
	Definition *ActivityDefinition `json:"definition,omitempty"`
}

// ActivityDefinition is an Activity's metadata, including the interaction
// properties of cmi.interaction activities (Data 2.4.4.1.s2, s8).
type ActivityDefinition struct {
	Name                    LanguageMap            `json:"name,omitempty"`
	Description             LanguageMap            `json:"description,omitempty"`
	Type                    string                 `json:"type,omitempty"`
	MoreInfo                string                 `json:"moreInfo,omitempty"`
	InteractionType         string                 `json:"interactionType,omitempty"`
	CorrectResponsesPattern []string               `json:"correctResponsesPattern,omitempty"`
	Choices                 []InteractionComponent `json:"choices,omitempty"`
	Scale                   []InteractionComponent `json:"scale,omitempty"`
	Source                  []InteractionComponent `json:"source,omitempty"`
	Target                  []InteractionComponent `json:"target,omitempty"`
	Steps                   []InteractionComponent `json:"steps,omitempty"`
	Extensions              Extensions             `json:"extensions,omitempty"`
}

// InteractionComponent is one entry of an interaction component list
// (Data 2.4.4.1.s15).
type InteractionComponent struct {
	ID          string      `json:"id"`
	Description LanguageMap `json:"description,omitempty"`
}

var activityKeys = [...]string{"objectType", "id", "definition"}

// activity validates an Activity at the current path.
func (v *validator) activity(n int32) {
	if !v.wantKind(n, kindObject, "an Activity object") {
		return
	}
	var f [len(activityKeys)]int32
	v.fields(n, activityKeys[:], f[:], "an Activity")
	if m := f[0]; m >= 0 {
		v.pushField("objectType")
		if v.wantKind(m, kindString, `"Activity"`) {
			if t := v.str(m); string(t) != TypeActivity {
				v.problem(`must be "Activity" (case-sensitive), got ` + quote(t))
			}
		}
		v.pop()
	}
	if v.required(f[1], "id", "an Activity") {
		v.pushField("id")
		v.iri(f[1])
		v.pop()
	}
	if m := f[2]; m >= 0 {
		v.pushField("definition")
		v.definition(m)
		v.pop()
	}
}

var definitionKeys = [...]string{
	"name", "description", "type", "moreInfo", "extensions", "interactionType",
	"correctResponsesPattern", "choices", "scale", "source", "target", "steps",
}

const (
	defName = iota
	defDescription
	defType
	defMoreInfo
	defExtensions
	defInteractionType
	defCorrectResponses
	defChoices // the component lists follow in definitionKeys order
)

// interactionTypes is the vocabulary of Data 2.4.4.1.s8 with the component
// lists each type supports (Data 2.4.4.1.s15, table 2), as a bit set over
// choices, scale, source, target, steps.
var interactionTypes = map[string]uint8{
	"true-false":   0,
	"choice":       1 << 0,
	"fill-in":      0,
	"long-fill-in": 0,
	"matching":     1<<2 | 1<<3,
	"performance":  1 << 4,
	"sequencing":   1 << 0,
	"likert":       1 << 1,
	"numeric":      0,
	"other":        0,
}

// definition validates an Activity Definition at the current path.
func (v *validator) definition(n int32) {
	if !v.wantKind(n, kindObject, "an Activity Definition object") {
		return
	}
	var f [len(definitionKeys)]int32
	v.fields(n, definitionKeys[:], f[:], "an Activity Definition")
	for i, name := range definitionKeys[:defType] {
		if m := f[i]; m >= 0 {
			v.pushField(name)
			v.langMap(m)
			v.pop()
		}
	}
	for i, name := range definitionKeys[defType:defExtensions] {
		if m := f[defType+i]; m >= 0 {
			v.pushField(name)
			v.iri(m)
			v.pop()
		}
	}
	if m := f[defExtensions]; m >= 0 {
		v.pushField("extensions")
		v.extensions(m)
		v.pop()
	}

	// Interaction Activities (Data 2.4.4.1.s13): a valid interactionType, and
	// only the component lists that type supports.
	var itype []byte
	lists, known := uint8(0), false
	if m := f[defInteractionType]; m >= 0 {
		v.pushField("interactionType")
		if v.wantKind(m, kindString, "an interaction type string") {
			itype = v.str(m)
			lists, known = interactionTypes[string(itype)]
			if !known {
				reason := `must be one of "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric" or "other" (case-sensitive), got ` + quote(itype)
				if v.opts.Lenient {
					// Lenient mode keeps data that real emitters send (H5P
					// uses "compound" for container content).
					v.warn(reason)
				} else {
					v.problem(reason)
				}
			}
		}
		v.pop()
	}
	hasType := f[defInteractionType] >= 0
	if m := f[defCorrectResponses]; m >= 0 {
		v.pushField("correctResponsesPattern")
		if !hasType {
			v.problem("is only allowed with an interactionType (Data 2.4.4.1.s8)")
		}
		if v.wantKind(m, kindArray, "an array of strings") {
			i := 0
			for c := v.nodes[m].first; c >= 0; c = v.nodes[c].next {
				v.pushIndex(i)
				v.wantKind(c, kindString, "a string")
				v.pop()
				i++
			}
		}
		v.pop()
	}
	for i, name := range definitionKeys[defChoices:] {
		m := f[defChoices+i]
		if m < 0 {
			continue
		}
		v.pushField(name)
		switch {
		case !hasType:
			v.problem("is only allowed with an interactionType (Data 2.4.4.1.s15)")
		case known && lists&(1<<i) == 0:
			v.problem("is not an interaction component list of interactionType " + quote(itype) + " (Data 2.4.4.1.s15)")
		}
		v.components(m)
		v.pop()
	}
}

var componentKeys = [...]string{"id", "description"}

// components validates an interaction component list: objects with a string
// id, distinct within the list, and an optional description.
func (v *validator) components(n int32) {
	if !v.wantKind(n, kindArray, "an array of interaction components") {
		return
	}
	var seen map[string]struct{} // long lists only; short ones compare pairwise
	if v.nodes[n].n > 64 {
		seen = make(map[string]struct{}, v.nodes[n].n)
	}
	i := 0
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		v.pushIndex(i)
		i++
		if !v.wantKind(c, kindObject, "an interaction component object with id and description") {
			v.pop()
			continue
		}
		var f [2]int32
		v.fields(c, componentKeys[:], f[:], "an interaction component")
		if v.required(f[0], "id", "an interaction component") {
			v.pushField("id")
			if v.wantKind(f[0], kindString, "a string") {
				id := v.str(f[0])
				dup := false
				if seen != nil {
					_, dup = seen[string(id)]
					seen[string(id)] = struct{}{}
				} else {
					for d := v.nodes[n].first; d != c && !dup; d = v.nodes[d].next {
						did := v.componentID(d)
						dup = did != nil && string(did) == string(id)
					}
				}
				if dup {
					v.problem("duplicates the id " + quote(id) + " of an earlier component (Data 2.4.4.1.s16.b1)")
				}
			}
			v.pop()
		}
		if f[1] >= 0 {
			v.pushField("description")
			v.langMap(f[1])
			v.pop()
		}
		v.pop()
	}
}

// componentID returns the string id of a component node, or nil.
func (v *validator) componentID(c int32) []byte {
	if v.nodes[c].kind != kindObject {
		return nil
	}
	for m := v.nodes[c].first; m >= 0; m = v.nodes[m].next {
		if string(v.key(m)) == "id" && v.nodes[m].kind == kindString {
			return v.str(m)
		}
	}
	return nil
}
