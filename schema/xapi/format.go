package xapi

import (
	"errors"
	"strconv"
	"strings"
)

// Statement formats of the statement resource's GET (Communication 2.1.3,
// "format").
const (
	FormatExact     = "exact"
	FormatIDs       = "ids"
	FormatCanonical = "canonical"
)

// Format rewrites a stored statement (or a statement of a StatementResult)
// in the given format:
//
//   - exact returns raw unchanged (the statement as stored).
//   - ids keeps only what identifies Agents, Groups, Activities and Verbs:
//     an Agent or identified Group keeps its objectType and IFI, an
//     anonymous Group its objectType and members (each as ids), an Activity
//     and a Verb only their id. This applies wherever they occur: actor,
//     object, authority, context instructor, team, contextActivities,
//     contextAgents, contextGroups and inside a SubStatement.
//   - canonical keeps Agents and Groups as stored and reduces every language
//     map of a Verb's display and of an Activity definition (name,
//     description, interaction component descriptions) to the one language
//     that langs prefers (Communication 2.1.3.s4). Format keeps each
//     Activity's definition as the statement carried it; FormatWith
//     replaces it by the LRS's canonical definition.
//
// raw must be a statement the LRS stored (valid JSON of a valid statement);
// Format does not validate it again.
func Format(raw []byte, format string, langs []LanguageRange) ([]byte, error) {
	return FormatWith(raw, format, langs, nil)
}

// Definitions returns the LRS's canonical definition (a JSON object) of
// the Activity with the given id, or nil when it has none.
type Definitions func(activityID string) []byte

// FormatWith is Format whose canonical format gives every Activity the
// definition defs returns for it (language maps reduced as above), in place
// of the one the statement carried or where it carried none; an Activity
// defs knows nothing of keeps its own. defs may be nil.
func FormatWith(raw []byte, format string, langs []LanguageRange, defs Definitions) ([]byte, error) {
	if format == FormatExact || format == "" {
		return raw, nil
	}
	if format != FormatIDs && format != FormatCanonical {
		return nil, errors.New("unknown statement format " + strconv.Quote(format))
	}
	v := validators.Get().(*validator)
	defer func() {
		v.release()
		validators.Put(v)
	}()
	v.reset(Options{})
	root := v.parse(raw)
	if root < 0 || v.nodes[root].kind != kindObject {
		return nil, errors.New("format statement: not a JSON object")
	}
	f := formatter{v: v, ids: format == FormatIDs, langs: langs}
	if format == FormatCanonical {
		f.defs = defs
	}
	return f.statement(make([]byte, 0, len(raw)), root), nil
}

type formatter struct {
	v     *validator
	ids   bool
	langs []LanguageRange
	defs  Definitions // canonical format: the LRS's definitions, or nil
}

// member calls fn for each member of object n and writes the members back,
// with fn's output as the value; fn returns dst unchanged to drop a member
// entirely (it is then removed with its key).
func (f *formatter) object(dst []byte, n int32, value func(dst []byte, key string, m int32) []byte) []byte {
	v := f.v
	dst = append(dst, '{')
	first := true
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		start := len(dst)
		if !first {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = append(dst, v.rawKey(c)...)
		dst = append(dst, '"', ':')
		mark := len(dst)
		dst = value(dst, string(v.key(c)), c)
		if len(dst) == mark { // dropped
			dst = dst[:start]
			continue
		}
		first = false
	}
	return append(dst, '}')
}

func (f *formatter) raw(dst []byte, n int32) []byte { return append(dst, f.v.raw(n)...) }

// statement formats a statement or a SubStatement.
func (f *formatter) statement(dst []byte, n int32) []byte {
	return f.object(dst, n, func(dst []byte, key string, m int32) []byte {
		switch key {
		case "actor", "authority":
			return f.agent(dst, m)
		case "verb":
			return f.verb(dst, m)
		case "object":
			return f.objectValue(dst, m)
		case "context":
			return f.context(dst, m)
		}
		return f.raw(dst, m)
	})
}

func (f *formatter) str(n int32, key string) string {
	v := f.v
	if v.nodes[n].kind != kindObject {
		return ""
	}
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		if string(v.key(c)) == key && v.nodes[c].kind == kindString {
			return string(v.str(c))
		}
	}
	return ""
}

func (f *formatter) objectValue(dst []byte, n int32) []byte {
	switch f.str(n, "objectType") {
	case TypeAgent, TypeGroup:
		return f.agent(dst, n)
	case TypeSubStatement:
		return f.statement(dst, n)
	case TypeStatementRef:
		return f.raw(dst, n)
	}
	return f.activity(dst, n)
}

// agent formats an Agent or Group: as stored, or in ids form.
func (f *formatter) agent(dst []byte, n int32) []byte {
	v := f.v
	if !f.ids || v.nodes[n].kind != kindObject {
		return f.raw(dst, n)
	}
	identified := v.hasIFI(n)
	return f.object(dst, n, func(dst []byte, key string, m int32) []byte {
		switch key {
		case "objectType", "mbox", "mbox_sha1sum", "openid", "account":
			return f.raw(dst, m)
		case "member":
			if identified || v.nodes[m].kind != kindArray {
				return dst
			}
			return f.array(dst, m, f.agent)
		}
		return dst
	})
}

func (f *formatter) array(dst []byte, n int32, elem func([]byte, int32) []byte) []byte {
	v := f.v
	dst = append(dst, '[')
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		if c != v.nodes[n].first {
			dst = append(dst, ',')
		}
		dst = elem(dst, c)
	}
	return append(dst, ']')
}

func (f *formatter) verb(dst []byte, n int32) []byte {
	return f.object(dst, n, func(dst []byte, key string, m int32) []byte {
		switch {
		case key == "id":
			return f.raw(dst, m)
		case f.ids:
			return dst
		case key == "display":
			return f.langMap(dst, m)
		}
		return f.raw(dst, m)
	})
}

func (f *formatter) activity(dst []byte, n int32) []byte {
	var canon []byte
	if f.defs != nil && f.v.nodes[n].kind == kindObject {
		canon = f.defs(f.str(n, "id"))
	}
	defined := false
	dst = f.object(dst, n, func(dst []byte, key string, m int32) []byte {
		switch {
		case key == "id":
			return f.raw(dst, m)
		case f.ids:
			return dst
		case key == "definition":
			defined = true
			if canon != nil {
				return f.canonicalDefinition(dst, canon)
			}
			return f.definition(dst, m)
		}
		return f.raw(dst, m)
	})
	if canon != nil && !defined {
		dst = dst[:len(dst)-1] // reopen the object
		if dst[len(dst)-1] != '{' {
			dst = append(dst, ',')
		}
		dst = append(dst, `"definition":`...)
		dst = f.canonicalDefinition(dst, canon)
		dst = append(dst, '}')
	}
	return dst
}

// canonicalDefinition writes def, an Activity definition the LRS holds,
// with its language maps reduced as the statement's own.
func (f *formatter) canonicalDefinition(dst, def []byte) []byte {
	v := validators.Get().(*validator)
	defer func() {
		v.release()
		validators.Put(v)
	}()
	v.reset(Options{})
	root := v.parse(def)
	if root < 0 || v.nodes[root].kind != kindObject {
		return append(dst, def...)
	}
	g := formatter{v: v, langs: f.langs}
	return g.definition(dst, root)
}

func (f *formatter) definition(dst []byte, n int32) []byte {
	return f.object(dst, n, func(dst []byte, key string, m int32) []byte {
		switch key {
		case "name", "description":
			return f.langMap(dst, m)
		case "choices", "scale", "source", "target", "steps":
			if f.v.nodes[m].kind != kindArray {
				return f.raw(dst, m)
			}
			return f.array(dst, m, func(dst []byte, c int32) []byte {
				if f.v.nodes[c].kind != kindObject {
					return f.raw(dst, c)
				}
				return f.object(dst, c, func(dst []byte, key string, d int32) []byte {
					if key == "description" {
						return f.langMap(dst, d)
					}
					return f.raw(dst, d)
				})
			})
		}
		return f.raw(dst, m)
	})
}

func (f *formatter) context(dst []byte, n int32) []byte {
	v := f.v
	if v.nodes[n].kind != kindObject {
		return f.raw(dst, n)
	}
	return f.object(dst, n, func(dst []byte, key string, m int32) []byte {
		switch key {
		case "instructor", "team":
			return f.agent(dst, m)
		case "contextActivities":
			if v.nodes[m].kind != kindObject {
				return f.raw(dst, m)
			}
			return f.object(dst, m, func(dst []byte, _ string, a int32) []byte {
				if v.nodes[a].kind == kindArray {
					return f.array(dst, a, f.activity)
				}
				return f.activity(dst, a)
			})
		case "contextAgents", "contextGroups":
			if v.nodes[m].kind != kindArray {
				return f.raw(dst, m)
			}
			return f.array(dst, m, func(dst []byte, c int32) []byte {
				if v.nodes[c].kind != kindObject {
					return f.raw(dst, c)
				}
				return f.object(dst, c, func(dst []byte, key string, d int32) []byte {
					if key == "agent" || key == "group" {
						return f.agent(dst, d)
					}
					return f.raw(dst, d)
				})
			})
		}
		return f.raw(dst, m)
	})
}

// langMap writes a language map reduced to its preferred entry (canonical
// format); in other formats it is written as stored.
func (f *formatter) langMap(dst []byte, n int32) []byte {
	v := f.v
	if f.ids || v.nodes[n].kind != kindObject || v.nodes[n].n < 2 {
		return f.raw(dst, n)
	}
	best, bestScore := int32(-1), -1.0
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		if s := matchLanguage(string(v.key(c)), f.langs); s > bestScore {
			best, bestScore = c, s
		}
	}
	dst = append(dst, '{', '"')
	dst = append(dst, v.rawKey(best)...)
	dst = append(dst, '"', ':')
	dst = append(dst, v.raw(best)...)
	return append(dst, '}')
}

// LanguageRange is one entry of an Accept-Language header: a language
// range ("en-GB", "en", "*") and its quality.
type LanguageRange struct {
	Tag string
	Q   float64
}

// ParseAcceptLanguage reads an Accept-Language header (RFC 2616 14.4).
// Malformed entries are skipped; ranges with quality 0 are kept, as "not
// acceptable".
func ParseAcceptLanguage(h string) []LanguageRange {
	var out []LanguageRange
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.TrimSpace(tag)
		if tag == "" {
			continue
		}
		q := 1.0
		if p, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			x, err := strconv.ParseFloat(p, 64)
			if err != nil || x < 0 || x > 1 {
				continue
			}
			q = x
		}
		out = append(out, LanguageRange{Tag: tag, Q: q})
	}
	return out
}

// matchLanguage scores a language tag of a map against the ranges: the
// quality of the longest matching range (RFC 2616 14.4: a range matches a
// tag equal to it or starting with it followed by "-"; "*" matches any),
// plus a small bonus for the length of the match so that "en-GB" beats
// "en" at equal quality. A tag no range matches scores 0, below any match,
// so that the first entry of the map is kept when nothing matches.
func matchLanguage(tag string, langs []LanguageRange) float64 {
	best, bestLen := 0.0, -1
	for _, r := range langs {
		l := -1
		switch {
		case r.Tag == "*":
			l = 0
		case strings.EqualFold(r.Tag, tag):
			l = len(r.Tag)
		case len(tag) > len(r.Tag) && strings.EqualFold(tag[:len(r.Tag)], r.Tag) && tag[len(r.Tag)] == '-':
			l = len(r.Tag)
		}
		if l > bestLen {
			best, bestLen = r.Q, l
		}
	}
	if bestLen < 0 || best == 0 {
		return 0
	}
	return best + float64(bestLen)/1e6
}
