package xapi

import "strings"

// ValidLanguageTag reports whether s is a well-formed RFC 5646 language tag:
// it follows the ABNF of section 2.1 (language with up to three extlangs,
// script, region, variants, extensions, private use; or a private-use or
// grandfathered tag), compared case-insensitively, and it repeats no variant
// and no extension singleton (section 2.2.5 and 2.2.6). Subtags are not looked
// up in the IANA registry, so "en-US" and "tlh" pass, "a-DE", "de-419-DE" and
// "something" do not.
func ValidLanguageTag(s string) bool {
	if s == "" {
		return false
	}
	for _, g := range grandfathered {
		if len(s) == len(g) && strings.EqualFold(s, g) {
			return true
		}
	}
	var tags [64]string // enough for any tag of a sensible length
	n := 0
	for rest := s; ; {
		i := strings.IndexByte(rest, '-')
		sub := rest
		if i >= 0 {
			sub = rest[:i]
		}
		if len(sub) == 0 || len(sub) > 8 || !isAlnumString(sub) {
			return false
		}
		if n == len(tags) {
			return false
		}
		tags[n] = sub
		n++
		if i < 0 {
			break
		}
		rest = rest[i+1:]
	}
	t := tags[:n]
	if strings.EqualFold(t[0], "x") {
		return len(t) > 1 // privateuse = "x" 1*("-" (1*8alphanum))
	}
	i := 0
	// language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA
	if !isAlphaString(t[0]) || len(t[0]) < 2 {
		return false
	}
	shortLang := len(t[0]) <= 3
	i++
	// extlang = 3ALPHA *2("-" 3ALPHA), only after a 2-3 letter language
	for ext := 0; shortLang && ext < 3 && i < len(t) && len(t[i]) == 3 && isAlphaString(t[i]); ext++ {
		i++
	}
	// script = 4ALPHA
	if i < len(t) && len(t[i]) == 4 && isAlphaString(t[i]) {
		i++
	}
	// region = 2ALPHA / 3DIGIT
	if i < len(t) && ((len(t[i]) == 2 && isAlphaString(t[i])) || (len(t[i]) == 3 && isDigitString(t[i]))) {
		i++
	}
	// variant = 5*8alphanum / (DIGIT 3alphanum), each at most once
	for v0 := i; i < len(t) && (len(t[i]) >= 5 || (len(t[i]) == 4 && isDigit(t[i][0]))); i++ {
		for _, prev := range t[v0:i] {
			if strings.EqualFold(prev, t[i]) {
				return false
			}
		}
	}
	// extension = singleton 1*("-" (2*8alphanum)), each singleton at most once
	var seen [36]bool
	for i < len(t) && len(t[i]) == 1 && !strings.EqualFold(t[i], "x") {
		k := singletonIndex(t[i][0])
		if seen[k] {
			return false
		}
		seen[k] = true
		i++
		start := i
		for i < len(t) && len(t[i]) >= 2 {
			i++
		}
		if i == start {
			return false
		}
	}
	// privateuse = "x" 1*("-" (1*8alphanum))
	if i < len(t) && strings.EqualFold(t[i], "x") {
		return i+1 < len(t)
	}
	return i == len(t)
}

// grandfathered lists RFC 5646's irregular and regular grandfathered tags.
var grandfathered = [...]string{
	"en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon",
	"i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu",
	"sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",
	"art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka",
	"zh-min", "zh-min-nan", "zh-xiang",
}

func singletonIndex(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}

func isAlnumString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlpha(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isAlphaString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlpha(s[i]) {
			return false
		}
	}
	return true
}

func isDigitString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// langMap validates a language map at the current path: an object whose keys
// are language tags and whose values are strings.
func (v *validator) langMap(n int32) {
	if !v.wantKind(n, kindObject, "a language map (an object of language tag to string)") {
		return
	}
	v.uniqueKeys(n)
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		v.pushMapKey(c)
		if k := v.key(c); !ValidLanguageTag(view(k)) {
			v.problem("key is not an RFC 5646 language tag, got " + quote(k))
		}
		v.wantKind(c, kindString, "a string")
		v.pop()
	}
}
