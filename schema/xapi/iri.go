package xapi

import (
	"net/netip"
	"unicode/utf8"
)

// ValidIRI reports whether s is an absolute IRI by the syntax of RFC 3987
// section 2.2: a scheme (a letter, then letters, digits, "+", "-" or "."),
// a colon, then a hierarchical part, query and fragment made only of the
// characters the RFC allows, with well-formed percent-encodings. Anything with a
// scheme is accepted, so `course-v1:FUN-MOOC+00002+session01` (an Open edX
// course key) and `uuid://…` are IRIs; `ab=c://x` (bad scheme), relative
// references and strings with spaces are not.
//
// xAPI IRLs (account homePage, moreInfo, fileUrl) are checked the same way:
// whether an IRL resolves is not a syntax question (Data 2.2.s4.b6 allows
// best-effort validation).
func ValidIRI(s string) bool { return validIRI(s, false) }

// validURI is ValidIRI restricted to ASCII, for the openid URI.
func validURI(s string) bool { return validIRI(s, true) }

func validIRI(s string, asciiOnly bool) bool {
	// scheme
	if len(s) == 0 || !isAlpha(s[0]) {
		return false
	}
	i := 1
	for i < len(s) && (isAlpha(s[i]) || isDigit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.') {
		i++
	}
	if i >= len(s) || s[i] != ':' {
		return false
	}
	i++
	// hier-part
	if len(s)-i >= 2 && s[i] == '/' && s[i+1] == '/' {
		i += 2
		end := i
		for end < len(s) && s[end] != '/' && s[end] != '?' && s[end] != '#' {
			end++
		}
		if !validAuthority(s[i:end], asciiOnly) {
			return false
		}
		i = end
	}
	// path, then query and fragment: one pass over the allowed characters.
	const (
		inPath = iota
		inQuery
		inFragment
	)
	part := inPath
	for i < len(s) {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 3
			continue
		case c == '?':
			if part == inPath {
				part = inQuery
			}
		case c == '#':
			if part == inFragment {
				return false
			}
			part = inFragment
		case c == '/' || c == ':' || c == '@' || isUnreserved(c) || isSubDelim(c):
		case c >= 0x80:
			if asciiOnly {
				return false
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size <= 1 {
				return false
			}
			if !isUCSChar(r) && !(part == inQuery && isIPrivate(r)) {
				return false
			}
			i += size
			continue
		default:
			return false
		}
		i++
	}
	return true
}

// validAuthority checks [ iuserinfo "@" ] ihost [ ":" port ].
func validAuthority(a string, asciiOnly bool) bool {
	// userinfo ends at the last '@' (an '@' cannot appear in the host).
	at := -1
	for j := len(a) - 1; j >= 0; j-- {
		if a[j] == '@' {
			at = j
			break
		}
	}
	if at >= 0 {
		if !validChars(a[:at], asciiOnly, true) {
			return false
		}
		a = a[at+1:]
	}
	host := a
	if len(a) > 0 && a[0] == '[' {
		end := -1
		for j := 1; j < len(a); j++ {
			if a[j] == ']' {
				end = j
				break
			}
		}
		if end < 0 || !validIPLiteral(a[1:end]) {
			return false
		}
		host, a = "", a[end+1:]
	} else {
		colon := -1
		for j := len(a) - 1; j >= 0; j-- {
			if a[j] == ':' {
				colon = j
				break
			}
		}
		if colon >= 0 {
			host, a = a[:colon], a[colon:]
		} else {
			a = ""
		}
	}
	if host != "" && !validChars(host, asciiOnly, false) {
		return false
	}
	// what is left is empty or ":" port
	if a != "" {
		if a[0] != ':' {
			return false
		}
		for j := 1; j < len(a); j++ {
			if !isDigit(a[j]) {
				return false
			}
		}
	}
	return true
}

// validChars checks a run of iunreserved / pct-encoded / sub-delims (and ':'
// when colon is true), as ireg-name and iuserinfo allow.
func validChars(s string, asciiOnly, colon bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 3
			continue
		case isUnreserved(c) || isSubDelim(c) || (colon && c == ':'):
		case c >= 0x80 && !asciiOnly:
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && size <= 1) || !isUCSChar(r) {
				return false
			}
			i += size
			continue
		default:
			return false
		}
		i++
	}
	return true
}

// validIPLiteral checks the inside of [ ]: an IPv6 address or IPvFuture.
func validIPLiteral(s string) bool {
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') {
		// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
		i := 1
		for i < len(s) && isHex(s[i]) {
			i++
		}
		if i == 1 || i >= len(s) || s[i] != '.' || i+1 >= len(s) {
			return false
		}
		for _, c := range []byte(s[i+1:]) {
			if !isUnreserved(c) && !isSubDelim(c) && c != ':' {
				return false
			}
		}
		return true
	}
	addr, err := netip.ParseAddr(s)
	return err == nil && addr.Is6() && addr.Zone() == ""
}

func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func isUnreserved(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~'
}

func isSubDelim(c byte) bool {
	switch c {
	case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=':
		return true
	}
	return false
}

// isUCSChar is RFC 3987's ucschar.
func isUCSChar(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFEF:
		return true
	case r >= 0x10000 && r <= 0xEFFFD:
		// each plane without its last two code points; plane 14 starts at xE1000
		return r&0xFFFF <= 0xFFFD && !(r >= 0xE0000 && r < 0xE1000)
	}
	return false
}

// isIPrivate is RFC 3987's iprivate, allowed in the query only.
func isIPrivate(r rune) bool {
	return (r >= 0xE000 && r <= 0xF8FF) || (r >= 0xF0000 && r <= 0xFFFFD) || (r >= 0x100000 && r <= 0x10FFFD)
}

// ValidUUID reports whether s is a UUID in the standard string form:
// 8-4-4-4-12 hexadecimal digits, either case, any variant and version
// (Data 4.4 requires the form and only recommends RFC 4122 variant 2).
func ValidUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

// appendLower appends s with ASCII letters lowercased.
func appendLower(dst []byte, s []byte) []byte {
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
