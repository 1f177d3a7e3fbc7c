package xapi

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
)

// Options for Parse.
type Options struct {
	// Multipart is true when the statements came in a multipart/mixed request,
	// where attachments may omit fileUrl (Communication 1.5.2). With
	// application/json an attachment without fileUrl is a problem.
	Multipart bool
	// Lenient downgrades the problems that real emitters commonly break (for
	// now: an unknown interactionType such as H5P's "compound") from errors
	// to Warnings.
	Lenient bool
	// Version is the xAPI version of the request (X-Experience-API-Version),
	// which decides the rules; the zero value is xAPI 1.0.x.
	Version Version
}

// Version is an xAPI version whose rules Parse applies.
type Version uint8

// The versions Parse knows.
const (
	// V10 is xAPI 1.0.x (1.0.3): ISO 8601 timestamps in extended or basic
	// format, no contextAgents or contextGroups, statement version 1.0.x,
	// "1.0.0" when the statement has none.
	V10 Version = iota
	// V20 is xAPI 2.0 (IEEE 9274.1.1): RFC 3339 timestamps (date and time
	// separated by "T" or a space, seconds and an offset required),
	// contextAgents and contextGroups, statement version 1.0.x or 2.0.x,
	// "2.0.0" when the statement has none.
	V20
)

// StatementVersion is the "version" the LRS gives a statement that has
// none (Data 2.4.10).
func (v Version) StatementVersion() string {
	if v == V20 {
		return "2.0.0"
	}
	return "1.0.0"
}

// Parsed is one valid statement of a request body.
type Parsed struct {
	// Raw is this statement's exact bytes inside the request body (a
	// sub-slice, not copied).
	Raw []byte
	// ID is the statement id as lowercase canonical UUID text, "" if the
	// client sent none.
	ID           string
	HasTimestamp bool
	// VoidTarget is, for the verb http://adlnet.gov/expapi/verbs/voided,
	// the id of the voided statement (lowercase); else "".
	VoidTarget string
	// Hash is the hex SHA-256 of the canonical form of the statement as the
	// client sent it (see canonical.go): equal hashes mean the same
	// statement, which makes a re-post with the same id a no-op instead of a
	// conflict. Compare it with the Hash recorded when the id was first
	// stored, not with a hash of the Stored form, which differs when the LRS
	// filled in the timestamp.
	Hash string
	// Warnings lists what Lenient mode let through.
	Warnings []Problem
	// Attachments lists the statement's Attachments, and those of its
	// SubStatement, in document order.
	Attachments []AttachmentRef
	// SignatureHash is set for a statement with a signature attachment
	// (Data 2.6): the hash of its canonical form without attachments, to be
	// compared with SignaturePayloadHash of the JWS payload.
	SignatureHash string

	// members holds, for each top-level member in document order, the
	// offsets of its first and past-last byte in Raw and member flags;
	// wraps holds the offsets of the single-Activity contextActivities values
	// that Stored writes as arrays. Both are sorted by offset.
	members []int32
	wraps   []int32
	version bool
	// xapi is the request's version, which decides the version Stored adds.
	xapi Version
}

// member flags in Parsed.members
const memberDrop = 1 // "stored" or "authority": the LRS sets its own

// MaxProblems bounds the problems one ValidationError lists, so that a
// hostile body cannot make the 400 response huge.
const MaxProblems = 1000

var validators = sync.Pool{New: func() any { return new(validator) }}

// Parse parses and validates a request body holding one statement (an
// object) or a batch (an array). It returns all problems of all statements
// as a *ValidationError (up to MaxProblems of them, then a count of the
// rest); malformed JSON is a *ValidationError too, with the byte offset in
// its reason. batch reports whether the body was an array. An
// empty array is a problem, and so are two statements with the same id in one
// batch.
func Parse(body []byte, opts Options) (stmts []Parsed, batch bool, err error) {
	v := validators.Get().(*validator)
	defer func() {
		v.release()
		validators.Put(v)
	}()
	v.reset(opts)

	root := v.parse(body)
	if root < 0 {
		return nil, false, &ValidationError{Problems: []Problem{{Path: "", Reason: v.err.reason()}}}
	}
	switch v.nodes[root].kind {
	case kindObject:
		v.stmts = append(v.stmts, v.statement(root))
	case kindArray:
		batch = true
		if v.nodes[root].n == 0 {
			v.problem("must hold at least one statement: the batch is an empty array")
		}
		i := 0
		for c := v.nodes[root].first; c >= 0; c = v.nodes[c].next {
			v.pushIndex(i)
			v.stmts = append(v.stmts, v.statement(c))
			v.pop()
			i++
		}
		if len(v.stmts) > 1 {
			v.duplicateIDs()
		}
	default:
		v.problem("must be a statement (a JSON object) or a batch (an array of statements), got " + v.nodes[root].kind.String())
	}
	if len(v.probs) > 0 {
		probs := append([]Problem(nil), v.probs...)
		if v.dropped > 0 {
			probs = append(probs, Problem{Reason: strconv.Itoa(v.dropped) + " more problems not listed"})
		}
		return nil, batch, &ValidationError{Problems: probs}
	}
	return v.results(), batch, nil
}

// duplicateIDs reports statements of a batch that share an id. Ids are
// valid UUIDs here, compared case-insensitively.
func (v *validator) duplicateIDs() {
	seen := make(map[[36]byte]int, len(v.stmts))
	for i := range v.stmts {
		if v.stmts[i].id < 0 {
			continue
		}
		var k [36]byte
		appendLower(k[:0], v.str(v.stmts[i].id))
		if j, dup := seen[k]; dup {
			v.pushIndex(i)
			v.problemAt("id", "repeats the id of statement ["+strconv.Itoa(j)+"] in the same batch")
			v.pop()
			continue
		}
		seen[k] = i
	}
}

// results builds the Parsed values. All ids, void targets and hashes of the
// body share one string allocation; the member layouts share one slice.
func (v *validator) results() []Parsed {
	out := make([]Parsed, len(v.stmts))
	layout := 0
	for i := range v.stmts {
		run := &v.stmts[i]
		layout += 3*int(v.nodes[run.node].n) + 2*(run.wraps[1]-run.wraps[0])
	}
	spans := make([]int32, 0, layout)
	type ref struct{ id, void, hash [2]int }
	var refsBuf [16]ref
	refs := refsBuf[:0]
	for i := range v.stmts {
		run := &v.stmts[i]
		nd := v.nodes[run.node]
		p := &out[i]
		p.Raw = v.b[nd.start:nd.end:nd.end]
		p.HasTimestamp = run.timestamp
		p.version = run.version
		p.xapi = v.opts.Version

		var r ref
		if run.id >= 0 {
			r.id[0] = len(v.out)
			v.out = appendLower(v.out, v.str(run.id))
			r.id[1] = len(v.out)
		}
		if run.voidRef >= 0 {
			r.void[0] = len(v.out)
			v.out = appendLower(v.out, v.str(run.voidRef))
			r.void[1] = len(v.out)
		}
		v.canon = v.canonical(v.canon[:0], run.node)
		sum := sha256.Sum256(v.canon)
		r.hash[0] = len(v.out)
		v.out = hex.AppendEncode(v.out, sum[:])
		r.hash[1] = len(v.out)
		refs = append(refs, r)

		// layout for Stored
		base := nd.start
		start := len(spans)
		for c := nd.first; c >= 0; c = v.nodes[c].next {
			m := v.nodes[c]
			flags := int32(0)
			if m.flags&flagSkip != 0 && string(v.key(c)) != "version" && string(v.key(c)) != "id" {
				flags = memberDrop
			}
			spans = append(spans, m.kstart-1-base, m.end-base, flags)
		}
		p.members = spans[start:len(spans):len(spans)]
		start = len(spans)
		for _, w := range v.sortedWraps(run.wraps) {
			spans = append(spans, v.nodes[w].start-base, v.nodes[w].end-base)
		}
		p.wraps = spans[start:len(spans):len(spans)]
		if k := run.warns; k[1] > k[0] {
			p.Warnings = append([]Problem(nil), v.warns[k[0]:k[1]]...)
		}
		if k := run.atts; k[1] > k[0] {
			p.Attachments = make([]AttachmentRef, 0, k[1]-k[0])
			signed := false
			for _, n := range v.atts[k[0]:k[1]] {
				a := v.attachmentRef(n)
				signed = signed || a.IsSignature()
				p.Attachments = append(p.Attachments, a)
			}
			if signed && run.attsNode >= 0 {
				p.SignatureHash = v.comparisonHash(run.node, run.attsNode)
			}
		}
	}
	all := string(v.out)
	for i, r := range refs {
		out[i].ID = all[r.id[0]:r.id[1]]
		out[i].VoidTarget = all[r.void[0]:r.void[1]]
		out[i].Hash = all[r.hash[0]:r.hash[1]]
	}
	return out
}

// sortedWraps returns a statement's single-Activity contextActivities nodes
// in document order.
func (v *validator) sortedWraps(r [2]int) []int32 {
	w := v.wraps[r[0]:r[1]]
	for i := 1; i < len(w); i++ {
		for j := i; j > 0 && v.nodes[w[j]].start < v.nodes[w[j-1]].start; j-- {
			w[j], w[j-1] = w[j-1], w[j]
		}
	}
	return w
}

// comparisonHash is the hash of the canonical form of statement n without
// its attachments member: what a signature's payload is compared on.
// Attachments are left out because the signed statement was serialised
// before the signature was attached (Data 2.6).
func (v *validator) comparisonHash(n, attachments int32) string {
	v.nodes[attachments].flags |= flagSkip
	v.canon = v.canonical(v.canon[:0], n)
	v.nodes[attachments].flags &^= flagSkip
	sum := sha256.Sum256(v.canon)
	return hex.EncodeToString(sum[:])
}

// SignaturePayloadHash validates the payload of a statement signature (the
// JWS payload: the statement as serialised before the signature was added)
// and returns the hash to compare with Parsed.SignatureHash.
func SignaturePayloadHash(payload []byte, opts Options) (string, error) {
	opts.Multipart = true
	v := validators.Get().(*validator)
	defer func() {
		v.release()
		validators.Put(v)
	}()
	v.reset(opts)
	root := v.parse(payload)
	if root < 0 {
		return "", &ValidationError{Problems: []Problem{{Reason: v.err.reason()}}}
	}
	if v.nodes[root].kind != kindObject {
		return "", &ValidationError{Problems: []Problem{{Reason: "must be one statement (a JSON object)"}}}
	}
	run := v.statement(root)
	if len(v.probs) > 0 {
		return "", &ValidationError{Problems: append([]Problem(nil), v.probs...)}
	}
	if run.attsNode >= 0 {
		return v.comparisonHash(root, run.attsNode), nil
	}
	v.canon = v.canonical(v.canon[:0], root)
	sum := sha256.Sum256(v.canon)
	return hex.EncodeToString(sum[:]), nil
}
