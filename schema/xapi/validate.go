package xapi

// validator walks a parsed body along the xAPI 1.0.3 data model (Part Two)
// and collects every problem with its path. One validator serves one Parse
// call; Parse keeps them in a pool so that the steady state allocates little.
type validator struct {
	tree
	opts  Options
	path  []segment
	probs []Problem
	warns []Problem
	arena []byte    // decoded keys and strings that held escapes
	order []int32   // member order scratch for the canonical writer
	canon []byte    // canonical form scratch
	out   []byte    // ids, void targets and hashes of all statements, as one string later
	wraps []int32   // nodes of single-object contextActivities values
	atts  []int32   // attachment object nodes of all statements
	stmts []stmtRun // one per statement of the body

	dropped int // problems beyond MaxProblems
}

// stmtRun is what validation learned about one statement.
type stmtRun struct {
	node      int32
	id        int32 // the "id" string node, or -1
	voidRef   int32 // the StatementRef id node of a voiding statement, or -1
	timestamp bool
	version   bool
	wraps     [2]int // this statement's range in validator.wraps
	warns     [2]int // this statement's range in validator.warns
	atts      [2]int // this statement's range in validator.atts
	attsNode  int32  // the statement's "attachments" member, or -1
}

func (v *validator) reset(opts Options) {
	v.opts = opts
	v.path = v.path[:0]
	v.probs = v.probs[:0]
	v.warns = v.warns[:0]
	v.arena = v.arena[:0]
	v.order = v.order[:0]
	v.canon = v.canon[:0]
	v.out = v.out[:0]
	v.wraps = v.wraps[:0]
	v.atts = v.atts[:0]
	v.stmts = v.stmts[:0]
	v.dropped = 0
}

// release drops references to the body and trims buffers that a huge body
// grew, before the validator goes back to the pool.
func (v *validator) release() {
	v.b = nil
	const keep = 1 << 16
	if cap(v.nodes) > keep {
		v.nodes = nil
	}
	if cap(v.arena) > keep {
		v.arena = nil
	}
	if cap(v.canon) > keep {
		v.canon = nil
	}
	if cap(v.out) > keep {
		v.out = nil
	}
	if cap(v.probs) > 1024 {
		v.probs = nil
	}
}

// key returns a member's key, decoded if it held escapes.
func (v *validator) key(c int32) []byte {
	k := v.rawKey(c)
	if v.nodes[c].flags&flagKeyEsc == 0 {
		return k
	}
	start := len(v.arena)
	v.arena = unescape(v.arena, k)
	return v.arena[start:len(v.arena):len(v.arena)]
}

// str returns a string node's content, decoded if it held escapes.
func (v *validator) str(n int32) []byte {
	nd := &v.nodes[n]
	s := v.b[nd.start+1 : nd.end-1]
	if nd.flags&flagEsc == 0 {
		return s
	}
	start := len(v.arena)
	v.arena = unescape(v.arena, s)
	return v.arena[start:len(v.arena):len(v.arena)]
}

func (v *validator) pushField(name string) {
	v.path = append(v.path, segment{kind: segField, name: name})
}

func (v *validator) pushKey(member int32) {
	v.path = append(v.path, segment{kind: segKey, member: member})
}

func (v *validator) pushMapKey(member int32) {
	v.path = append(v.path, segment{kind: segMapKey, member: member})
}

func (v *validator) pushIndex(i int) {
	v.path = append(v.path, segment{kind: segIndex, index: int32(i)})
}

func (v *validator) pop() { v.path = v.path[:len(v.path)-1] }

// problemCount counts the problems so far, listed or not.
func (v *validator) problemCount() int { return len(v.probs) + v.dropped }

// problem records a problem at the current path.
func (v *validator) problem(reason string) { v.problemAt("", reason) }

// problemAt records a problem at the current path plus one field name.
func (v *validator) problemAt(field, reason string) {
	if len(v.probs) >= MaxProblems {
		v.dropped++
		return
	}
	v.probs = append(v.probs, Problem{Path: v.renderPath(field), Reason: reason})
}

// warn records a Warning at the current path (Lenient mode).
func (v *validator) warn(reason string) {
	v.warns = append(v.warns, Problem{Path: v.renderPath(""), Reason: reason})
}

// wantKind checks the node's JSON type; what names the expected value for
// the reason ("a string", "an object"). Booleans match either literal.
func (v *validator) wantKind(n int32, k kind, what string) bool {
	got := v.nodes[n].kind
	if got == k || (k == kindTrue && got == kindFalse) {
		return true
	}
	if got == kindNull {
		v.problem("must not be null, expected " + what)
	} else {
		v.problem("must be " + what + ", got " + got.String())
	}
	return false
}

// fields looks up each member's key in names and stores the member node in
// dst at the same index (-1 when absent). Unknown keys (keys are
// case-sensitive, Data 2.2.s4.b1.b5) and repeated keys are problems.
func (v *validator) fields(n int32, names []string, dst []int32, what string) {
	for i := range dst {
		dst[i] = -1
	}
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		k := v.key(c)
		j := -1
		for i, name := range names {
			if string(k) == name {
				j = i
				break
			}
		}
		switch {
		case j < 0:
			v.pushKey(c)
			v.problem("is not a property of " + what + "; property names are case-sensitive")
			v.pop()
		case dst[j] >= 0:
			v.pushKey(c)
			v.problem("appears more than once (Data 2.2.s2.b2)")
			v.pop()
		default:
			dst[j] = c
		}
	}
}

// required reports a missing required member.
func (v *validator) required(m int32, name, what string) bool {
	if m < 0 {
		v.problemAt(name, "is required in "+what)
		return false
	}
	return true
}

// uniqueKeys reports keys that occur more than once in a map object.
func (v *validator) uniqueKeys(n int32) {
	nd := v.nodes[n]
	if nd.n < 2 {
		return
	}
	if nd.n <= 32 {
		for c := nd.first; c >= 0; c = v.nodes[c].next {
			kc := v.key(c)
			for d := nd.first; d != c; d = v.nodes[d].next {
				if string(v.key(d)) == string(kc) {
					v.pushMapKey(c)
					v.problem("appears more than once (Data 2.2.s2.b2)")
					v.pop()
					break
				}
			}
		}
		return
	}
	seen := make(map[string]struct{}, nd.n)
	for c := nd.first; c >= 0; c = v.nodes[c].next {
		k := string(v.key(c))
		if _, dup := seen[k]; dup {
			v.pushMapKey(c)
			v.problem("appears more than once (Data 2.2.s2.b2)")
			v.pop()
			continue
		}
		seen[k] = struct{}{}
	}
}

// iri checks an IRI string at the current path.
func (v *validator) iri(n int32) bool {
	if !v.wantKind(n, kindString, "an IRI string") {
		return false
	}
	if s := v.str(n); !ValidIRI(view(s)) {
		v.problem("must be an absolute IRI with a scheme (RFC 3987), got " + quote(s))
		return false
	}
	return true
}

// uuid checks a UUID string at the current path and marks it for lowercasing
// in the canonical form.
func (v *validator) uuid(n int32) bool {
	if !v.wantKind(n, kindString, "a UUID string") {
		return false
	}
	if s := v.str(n); !ValidUUID(view(s)) {
		v.problem("must be a UUID in standard form (8-4-4-4-12 hex digits), got " + quote(s))
		return false
	}
	v.nodes[n].flags |= flagLower
	return true
}

// timestamp checks an ISO 8601 timestamp at the current path.
func (v *validator) timestamp(n int32) bool {
	if !v.wantKind(n, kindString, "an ISO 8601 timestamp string") {
		return false
	}
	s := v.str(n)
	if v.opts.Version == V20 {
		if _, code := parseRFC3339(view(s)); code != tsOK {
			v.problem(tsReasons[code] + " (xAPI 2.0 timestamps are RFC 3339), got " + quote(s))
			return false
		}
		return true
	}
	if _, code := parseTimestamp(view(s)); code != tsOK {
		v.problem(tsReasons[code] + ", got " + quote(s))
		return false
	}
	return true
}

// extensions checks an extensions map: keys are IRIs, values any JSON
// (Data 4.1: an LRS must not reject a statement for its extension values).
func (v *validator) extensions(n int32) {
	if !v.wantKind(n, kindObject, "an extensions object (IRI keys, any values)") {
		return
	}
	v.uniqueKeys(n)
	for c := v.nodes[n].first; c >= 0; c = v.nodes[c].next {
		if k := v.key(c); !ValidIRI(view(k)) {
			v.pushMapKey(c)
			v.problem("extension key must be an absolute IRI (Data 4.1), got " + quote(k))
			v.pop()
		}
	}
}
