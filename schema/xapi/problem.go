package xapi

import (
	"strconv"
	"strings"
)

// Problem is one thing wrong with a request body.
type Problem struct {
	// Path is the JSON path relative to the request body: "actor.mbox",
	// "[3].verb.id" for batch member 3, "context.extensions[\"http://x/y\"]",
	// "object.definition.choices[2].id"; "" for the whole body.
	Path string
	// Reason is lowercase and says why and, where useful, what is expected.
	Reason string
}

// String joins path and reason: `actor.mbox: must be a mailto: IRI`.
func (p Problem) String() string {
	if p.Path == "" {
		return p.Reason
	}
	return p.Path + ": " + p.Reason
}

// ValidationError lists every problem of a request body. The collector turns
// it into a 400 Bad Request body; find it with errors.As.
type ValidationError struct {
	Problems []Problem
}

// Error joins the problems with "; ".
func (e *ValidationError) Error() string {
	var sb strings.Builder
	sb.WriteString("invalid xAPI statement: ")
	for i, p := range e.Problems {
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(p.String())
	}
	return sb.String()
}

// segment kinds of a path.
const (
	segField  = iota // .name, a property the spec defines (name is a constant)
	segKey           // a key taken from the body: .key, or ["key"] when it is not an identifier
	segMapKey        // a key of a map (extensions, language map): always ["key"]
	segIndex         // [i]
)

// segment is one step of a path. Keys from the body are kept as offsets so
// that building a path costs nothing until a problem needs it.
type segment struct {
	kind   uint8
	name   string // segField
	member int32  // segKey, segMapKey: the member node whose key this is
	index  int32  // segIndex
}

// renderPath writes the path of segs as Problem.Path shows it.
func (v *validator) renderPath(extra string) string {
	var sb strings.Builder
	for _, s := range v.path {
		switch s.kind {
		case segField:
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(s.name)
		case segIndex:
			sb.WriteByte('[')
			sb.WriteString(strconv.Itoa(int(s.index)))
			sb.WriteByte(']')
		case segKey, segMapKey:
			k := v.key(s.member)
			if s.kind == segKey && isIdent(k) {
				if sb.Len() > 0 {
					sb.WriteByte('.')
				}
				sb.Write(k)
			} else {
				sb.WriteByte('[')
				sb.WriteString(strconv.Quote(clip(string(k))))
				sb.WriteByte(']')
			}
		}
	}
	if extra != "" {
		if sb.Len() > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(extra)
	}
	return sb.String()
}

func isIdent(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i, c := range b {
		if !(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// clip shortens a client value quoted in a reason, so that a hostile body
// cannot make the error response huge.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}

// quote renders a client string for a reason: clipped and quoted.
func quote(b []byte) string {
	return strconv.Quote(clip(string(b)))
}
