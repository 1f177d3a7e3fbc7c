package xapi

import (
	"fmt"

	"github.com/segmentio/encoding/json"
)

// ParseAgentParam validates the JSON of an Agent given as a request
// parameter (the "agent" of a statement query or a document resource) and
// decodes it. name is the parameter's name, the first segment of every
// Problem.Path. An Agent must have exactly one IFI; with allowGroup an
// identified Group (one IFI, members optional) is accepted too, never an
// anonymous one: a parameter has to identify someone.
func ParseAgentParam(b []byte, name string, allowGroup bool) (Actor, error) {
	v := validators.Get().(*validator)
	defer func() {
		v.release()
		validators.Put(v)
	}()
	v.reset(Options{})
	v.pushField(name)
	root := v.parse(b)
	if root < 0 {
		return Actor{}, &ValidationError{Problems: []Problem{{Path: name, Reason: "must be an Agent as JSON: " + v.err.reason()}}}
	}
	group := v.agent(root, roleActor)
	if len(v.probs) == 0 && group {
		switch {
		case !allowGroup:
			v.problem(`must be an Agent, not a Group (objectType "Group")`)
		case !v.hasIFI(root):
			v.problem("must identify one Agent or an identified Group: an anonymous Group cannot be used here")
		}
	}
	if len(v.probs) > 0 {
		return Actor{}, &ValidationError{Problems: append([]Problem(nil), v.probs...)}
	}
	var a Actor
	if err := json.Unmarshal(b, &a); err != nil {
		return Actor{}, fmt.Errorf("decode %s: %w", name, err)
	}
	return a, nil
}

// hasIFI reports whether the Agent or Group object n has an IFI member.
func (v *validator) hasIFI(n int32) bool {
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		switch string(v.key(c)) {
		case "mbox", "mbox_sha1sum", "openid", "account":
			return true
		}
	}
	return false
}
