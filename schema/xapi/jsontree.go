package xapi

import (
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// The request body is parsed once into a flat tree of nodes that keep byte
// offsets into the body. Validation, the canonical hash and the stored form all
// work from that tree and the original bytes, so nothing is decoded into maps
// and the client's bytes stay available for Raw and Stored.

// kind is the JSON type of a node.
type kind uint8

const (
	kindNull kind = iota
	kindFalse
	kindTrue
	kindNumber
	kindString
	kindObject
	kindArray
)

// String names the kind as a reason would: "a string", "null".
func (k kind) String() string {
	switch k {
	case kindNull:
		return "null"
	case kindFalse, kindTrue:
		return "a boolean"
	case kindNumber:
		return "a number"
	case kindString:
		return "a string"
	case kindObject:
		return "an object"
	default:
		return "an array"
	}
}

// node flags. The validator marks nodes so that the canonical writer knows
// what to normalise without walking the statement's schema a second time.
const (
	flagEsc      uint8 = 1 << iota // string value holds escapes
	flagKeyEsc                     // member key holds escapes
	flagLower                      // canonical form: lowercase this string (a UUID)
	flagTime                       // canonical form: normalise this timestamp to UTC
	flagWrap                       // canonical form: write this object as a one-element array
	flagSkip                       // canonical form: leave this member out
	flagDuration                   // canonical form: seconds to 0.01 s (Data 4.6)
)

// node is one JSON value. Members of an object carry their key's offsets.
type node struct {
	start, end   int32 // value bytes [start, end); strings include their quotes
	kstart, kend int32 // key bytes without quotes when the node is an object member
	first, next  int32 // first child and next sibling, -1 for none
	n            int32 // number of children
	kind         kind
	flags        uint8
}

// maxDepth bounds nesting so that a hostile body cannot exhaust the stack.
const maxDepth = 200

// syntaxError is a malformed body: the byte offset and what was wrong.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) reason() string {
	return "malformed JSON at byte offset " + strconv.Itoa(e.off) + ": " + e.msg
}

// tree is a parsed body.
type tree struct {
	b     []byte
	nodes []node
	i     int
	err   *syntaxError
}

// parse parses b into t, reusing t's node storage. It returns the root node
// index, or -1 with t.err set.
func (t *tree) parse(b []byte) int32 {
	t.b, t.i, t.err = b, 0, nil
	t.nodes = t.nodes[:0]
	if len(b) > 1<<31-1 {
		t.fail(0, "body larger than 2 GiB")
		return -1
	}
	t.ws()
	root := t.value(0)
	if root < 0 {
		return -1
	}
	t.ws()
	if t.i < len(t.b) {
		t.fail(t.i, "unexpected "+t.describe(t.i)+" after the end of the JSON value")
		return -1
	}
	return root
}

func (t *tree) fail(off int, msg string) {
	if t.err == nil {
		t.err = &syntaxError{off: off, msg: msg}
	}
}

// describe names the byte at off for an error message.
func (t *tree) describe(off int) string {
	if off >= len(t.b) {
		return "end of input"
	}
	c := t.b[off]
	if c >= 0x20 && c < 0x7f {
		return "character " + strconv.QuoteRune(rune(c))
	}
	return "byte 0x" + strconv.FormatUint(uint64(c), 16)
}

func (t *tree) ws() {
	for t.i < len(t.b) {
		switch t.b[t.i] {
		case ' ', '\t', '\n', '\r':
			t.i++
		default:
			return
		}
	}
}

func (t *tree) add(n node) int32 {
	t.nodes = append(t.nodes, n)
	return int32(len(t.nodes) - 1)
}

// value parses one JSON value at t.i.
func (t *tree) value(depth int) int32 {
	if t.i >= len(t.b) {
		t.fail(t.i, "unexpected end of input, expected a value")
		return -1
	}
	start := t.i
	switch c := t.b[t.i]; c {
	case '{':
		return t.object(depth)
	case '[':
		return t.array(depth)
	case '"':
		esc, ok := t.str()
		if !ok {
			return -1
		}
		n := node{start: int32(start), end: int32(t.i), first: -1, next: -1, kind: kindString}
		if esc {
			n.flags = flagEsc
		}
		return t.add(n)
	case 't':
		return t.literal("true", kindTrue)
	case 'f':
		return t.literal("false", kindFalse)
	case 'n':
		return t.literal("null", kindNull)
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			if !t.number() {
				return -1
			}
			return t.add(node{start: int32(start), end: int32(t.i), first: -1, next: -1, kind: kindNumber})
		}
		t.fail(t.i, "unexpected "+t.describe(t.i)+", expected a value")
		return -1
	}
}

func (t *tree) literal(lit string, k kind) int32 {
	start := t.i
	if len(t.b)-t.i < len(lit) || string(t.b[t.i:t.i+len(lit)]) != lit {
		t.fail(t.i, "invalid literal, expected "+lit)
		return -1
	}
	t.i += len(lit)
	return t.add(node{start: int32(start), end: int32(t.i), first: -1, next: -1, kind: k})
}

func (t *tree) object(depth int) int32 {
	if depth >= maxDepth {
		t.fail(t.i, "nested deeper than "+strconv.Itoa(maxDepth)+" levels")
		return -1
	}
	idx := t.add(node{start: int32(t.i), first: -1, next: -1, kind: kindObject})
	t.i++ // '{'
	t.ws()
	if t.i < len(t.b) && t.b[t.i] == '}' {
		t.i++
		t.nodes[idx].end = int32(t.i)
		return idx
	}
	prev, count := int32(-1), int32(0)
	for {
		if t.i >= len(t.b) || t.b[t.i] != '"' {
			t.fail(t.i, "unexpected "+t.describe(t.i)+", expected a string key")
			return -1
		}
		ks := t.i + 1
		kesc, ok := t.str()
		if !ok {
			return -1
		}
		ke := t.i - 1
		t.ws()
		if t.i >= len(t.b) || t.b[t.i] != ':' {
			t.fail(t.i, "unexpected "+t.describe(t.i)+", expected ':' after an object key")
			return -1
		}
		t.i++
		t.ws()
		c := t.value(depth + 1)
		if c < 0 {
			return -1
		}
		m := &t.nodes[c]
		m.kstart, m.kend = int32(ks), int32(ke)
		if kesc {
			m.flags |= flagKeyEsc
		}
		if prev < 0 {
			t.nodes[idx].first = c
		} else {
			t.nodes[prev].next = c
		}
		prev = c
		count++
		t.ws()
		if t.i >= len(t.b) {
			t.fail(t.i, "unexpected end of input, expected ',' or '}'")
			return -1
		}
		switch t.b[t.i] {
		case ',':
			t.i++
			t.ws()
			continue
		case '}':
			t.i++
			t.nodes[idx].end = int32(t.i)
			t.nodes[idx].n = count
			return idx
		default:
			t.fail(t.i, "unexpected "+t.describe(t.i)+", expected ',' or '}'")
			return -1
		}
	}
}

func (t *tree) array(depth int) int32 {
	if depth >= maxDepth {
		t.fail(t.i, "nested deeper than "+strconv.Itoa(maxDepth)+" levels")
		return -1
	}
	idx := t.add(node{start: int32(t.i), first: -1, next: -1, kind: kindArray})
	t.i++ // '['
	t.ws()
	if t.i < len(t.b) && t.b[t.i] == ']' {
		t.i++
		t.nodes[idx].end = int32(t.i)
		return idx
	}
	prev, count := int32(-1), int32(0)
	for {
		c := t.value(depth + 1)
		if c < 0 {
			return -1
		}
		if prev < 0 {
			t.nodes[idx].first = c
		} else {
			t.nodes[prev].next = c
		}
		prev = c
		count++
		t.ws()
		if t.i >= len(t.b) {
			t.fail(t.i, "unexpected end of input, expected ',' or ']'")
			return -1
		}
		switch t.b[t.i] {
		case ',':
			t.i++
			t.ws()
			continue
		case ']':
			t.i++
			t.nodes[idx].end = int32(t.i)
			t.nodes[idx].n = count
			return idx
		default:
			t.fail(t.i, "unexpected "+t.describe(t.i)+", expected ',' or ']'")
			return -1
		}
	}
}

// strSafe marks the ASCII bytes a string may hold without escaping.
var strSafe = func() (s [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		s[c] = c != '"' && c != '\\'
	}
	return s
}()

// str scans a string starting at the opening quote and leaves t.i after the
// closing quote. It reports whether the string holds escapes.
func (t *tree) str() (esc, ok bool) {
	b := t.b
	i := t.i + 1
	for {
		for i < len(b) && strSafe[b[i]] {
			i++
		}
		if i >= len(b) {
			t.fail(t.i, "unterminated string")
			return false, false
		}
		switch c := b[i]; {
		case c == '"':
			t.i = i + 1
			return esc, true
		case c == '\\':
			esc = true
			if i+1 >= len(b) {
				t.fail(i, "unterminated string")
				return false, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex4(b[i+2:i+6]) {
					t.fail(i, "invalid \\u escape, expected four hex digits")
					return false, false
				}
				i += 6
			default:
				t.fail(i, "invalid escape "+strconv.Quote(string(b[i:i+2])))
				return false, false
			}
		case c < 0x20:
			t.fail(i, "control character in string (must be escaped)")
			return false, false
		default: // c >= 0x80
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 {
				t.fail(i, "invalid UTF-8 in string")
				return false, false
			}
			i += size
		}
	}
}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !isHex(c) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number scans a JSON number per RFC 8259.
func (t *tree) number() bool {
	b, i := t.b, t.i
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	default:
		t.fail(i, "invalid number, expected a digit")
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			t.fail(i, "invalid number, expected a digit after '.'")
			return false
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			t.fail(i, "invalid number, expected a digit in the exponent")
			return false
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	t.i = i
	return true
}

// raw returns a node's value bytes (strings with their quotes).
func (t *tree) raw(n int32) []byte {
	return t.b[t.nodes[n].start:t.nodes[n].end]
}

// rawKey returns a member's key bytes as sent, without quotes.
func (t *tree) rawKey(n int32) []byte {
	return t.b[t.nodes[n].kstart:t.nodes[n].kend]
}

// view returns a read-only string over b without copying. The body is never
// modified while a Parse call runs, and no view outlives that call: anything
// kept (IDs, hashes, reasons) is copied first.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// unescape appends the decoded content of a JSON string (without quotes) to
// dst. The scanner has already checked the escapes. Lone surrogates decode to
// U+FFFD, as encoding/json does.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			j := i + 1
			for j < len(s) && s[j] != '\\' {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		switch s[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := rune(hex4(s[i+2 : i+6]))
			i += 6
			if r >= 0xD800 && r < 0xDC00 && i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
				if r2 := rune(hex4(s[i+2 : i+6])); r2 >= 0xDC00 && r2 < 0xE000 {
					r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
					i += 6
				}
			}
			if r >= 0xD800 && r < 0xE000 {
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, s[i+1])
		}
		i += 2
	}
	return dst
}

func hex4(b []byte) int {
	v := 0
	for _, c := range b[:4] {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= int(c - '0')
		case c >= 'a' && c <= 'f':
			v |= int(c-'a') + 10
		default:
			v |= int(c-'A') + 10
		}
	}
	return v
}
