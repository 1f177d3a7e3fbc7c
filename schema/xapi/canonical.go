package xapi

import (
	"slices"
	"unicode/utf8"
)

// The canonical form of a statement is what Parsed.Hash is the SHA-256 of.
// Two posts of the same statement id with equal hashes are the same statement
// (the second is a no-op); different hashes are a conflict (409). The form
// follows the Statement Comparison Requirements (Data 2.3.1.s9): differences
// that the LRS itself may cause are ignored, other serialisation differences
// count.
//
// The canonical form is the statement
//   - without "stored", "authority" and "version" (set or overwritten by the
//     LRS, Data 2.3.1.b1), and without the top-level "id": hashes are only
//     ever compared for the same id, which may come in the body or, for PUT,
//     in the query string,
//   - with the keys of every object sorted by their UTF-8 bytes and no
//     insignificant whitespace,
//   - with strings re-escaped minimally: only '"', '\\' and control characters
//     are escaped (as \b \f \n \r \t or \u00xx), everything else is written as
//     UTF-8, so "\u00e9" and "é" hash the same,
//   - with single-Activity contextActivities values written as one-element
//     arrays (the LRS returns them so, Data 2.4.6.2.s4.b3),
//   - with UUIDs lowercased: context registration and the
//     ids of StatementRefs (object and context statement),
//   - with "result.duration" compared to 0.01 s: further fraction digits of
//     its seconds are cut, and trailing zeros, so "PT1.5S", "PT1.50S" and
//     "PT1.509S" hash the same (Data 4.6, 2.0: 4.2.7),
//   - with "timestamp" (of the statement and of a SubStatement) written as the
//     UTC instant, RFC 3339 with only the fraction digits it needs, so that
//     "…T14:00:00+01:00" and "…T13:00:00.000Z" hash the same
//     (Data 2.3.1.b4).
//
// Numbers are kept as written ("1" and "1.0" differ), and so are IRIs, verb
// display maps, Group member order and attachments. The spec would let an
// LRS ignore some of these too (Data 2.3.1.b3, b5, b6); we compare them
// strictly, so such a re-post is reported as a conflict rather than silently
// accepted.
func (v *validator) canonical(dst []byte, n int32) []byte {
	nd := v.nodes[n]
	switch nd.kind {
	case kindObject:
		if nd.flags&flagWrap != 0 {
			dst = append(dst, '[')
		}
		base := len(v.order)
		for c := nd.first; c >= 0; c = v.nodes[c].next {
			if v.nodes[c].flags&flagSkip == 0 {
				v.order = append(v.order, c)
			}
		}
		members := v.order[base:len(v.order):len(v.order)]
		v.sortMembers(members)
		dst = append(dst, '{')
		for i, c := range members {
			if i > 0 {
				dst = append(dst, ',')
			}
			if v.nodes[c].flags&flagKeyEsc != 0 {
				dst = appendCanonString(dst, v.key(c))
			} else {
				dst = append(dst, '"')
				dst = append(dst, v.rawKey(c)...)
				dst = append(dst, '"')
			}
			dst = append(dst, ':')
			dst = v.canonical(dst, c)
		}
		dst = append(dst, '}')
		v.order = v.order[:base]
		if nd.flags&flagWrap != 0 {
			dst = append(dst, ']')
		}
		return dst
	case kindArray:
		dst = append(dst, '[')
		for c := nd.first; c >= 0; c = v.nodes[c].next {
			if c != nd.first {
				dst = append(dst, ',')
			}
			dst = v.canonical(dst, c)
		}
		return append(dst, ']')
	case kindString:
		switch {
		case nd.flags&flagTime != 0:
			t, _ := parseAnyTimestamp(view(v.str(n)))
			dst = append(dst, '"')
			dst = appendInstant(dst, t)
			return append(dst, '"')
		case nd.flags&flagDuration != 0 && nd.flags&flagEsc == 0:
			dst = append(dst, '"')
			dst = appendCanonDuration(dst, v.str(n))
			return append(dst, '"')
		case nd.flags&flagLower != 0:
			dst = append(dst, '"')
			dst = appendLower(dst, v.str(n))
			return append(dst, '"')
		case nd.flags&flagEsc != 0:
			return appendCanonString(dst, v.str(n))
		}
	}
	// numbers, literals and strings without escapes are canonical as sent
	return append(dst, v.raw(n)...)
}

// sortMembers sorts member nodes by their decoded keys.
func (v *validator) sortMembers(m []int32) {
	less := func(a, b int32) int {
		ka, kb := v.sortKey(a), v.sortKey(b)
		switch {
		case string(ka) < string(kb):
			return -1
		case string(ka) > string(kb):
			return 1
		}
		return int(a - b) // duplicate keys (extension values): keep document order
	}
	if len(m) <= 12 {
		for i := 1; i < len(m); i++ {
			for j := i; j > 0 && less(m[j], m[j-1]) < 0; j-- {
				m[j], m[j-1] = m[j-1], m[j]
			}
		}
		return
	}
	slices.SortFunc(m, less)
}

func (v *validator) sortKey(c int32) []byte {
	if v.nodes[c].flags&flagKeyEsc == 0 {
		return v.rawKey(c)
	}
	return v.key(c)
}

// appendCanonString writes s (decoded string content) as a JSON string with
// minimal escaping.
func appendCanonString(dst, s []byte) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20:
			switch c {
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
		case c < utf8.RuneSelf:
			dst = append(dst, c)
		default:
			_, size := utf8.DecodeRune(s[i:])
			dst = append(dst, s[i:i+size]...)
			i += size
			continue
		}
		i++
	}
	return append(dst, '"')
}

// appendCanonDuration appends an ISO 8601 duration with the fraction of its
// seconds cut to two digits and without trailing zeros (and without the
// point when nothing is left of the fraction).
func appendCanonDuration(dst, d []byte) []byte {
	dot := -1
	for i := len(d) - 1; i >= 0; i-- {
		c := d[i]
		if c == '.' || c == ',' {
			dot = i
			break
		}
		if (c < '0' || c > '9') && c != 'S' {
			break
		}
	}
	if dot < 0 || len(d) == 0 || d[len(d)-1] != 'S' {
		return append(dst, d...)
	}
	frac := d[dot+1 : len(d)-1]
	if len(frac) > 2 {
		frac = frac[:2]
	}
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	dst = append(dst, d[:dot]...)
	if len(frac) > 0 {
		dst = append(dst, '.')
		dst = append(dst, frac...)
	}
	return append(dst, 'S')
}
