package collector

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
)

// Documents of the State, Activity Profile and Agent Profile resources
// (Communication 2.2 to 2.7) live in JetStream key-value buckets, one per
// resource, so that every document write is an event on JetStream.
//
// A key is "<tenant>.<context hash>.<id hash>", where the context hash
// covers what scopes the document (the Activity and Agent of a state, plus
// its registration as a token of its own so that a query can leave it
// open; the Activity of an Activity Profile; the Agent of an Agent
// Profile): a KV key allows few characters, and the identifiers are
// client-chosen IRIs and strings. The tenant leads, so no key of one
// tenant can be reached from another. The value is one line of JSON
// metadata (the original identifiers, content type, update time, SHA-1)
// followed by the document as sent. Writes are compare-and-set on the key's
// revision, so concurrent writers cannot lose each other's changes.

// docMeta is the metadata line of a stored document.
type docMeta struct {
	ID      string    `json:"id"`
	Context string    `json:"ctx"`
	Type    string    `json:"ct"`
	Updated time.Time `json:"upd"`
	SHA1    string    `json:"sha1"`
}

// document is a stored document and its revision in the bucket.
type document struct {
	docMeta
	Body     []byte
	revision uint64
}

// ETag is the document's entity tag: its quoted SHA-1 in hex
// (Communication 3.1).
func (d *document) ETag() string { return `"` + d.SHA1 + `"` }

func (d *document) isJSON() bool {
	mt, _, err := mime.ParseMediaType(d.Type)
	return err == nil && mt == "application/json"
}

func encodeDocument(m docMeta, body []byte) []byte {
	line, _ := json.Marshal(m)
	out := make([]byte, 0, len(line)+1+len(body))
	out = append(out, line...)
	out = append(out, '\n')
	return append(out, body...)
}

func decodeDocument(v []byte, rev uint64) (*document, error) {
	line, body, ok := bytes.Cut(v, []byte{'\n'})
	if !ok {
		return nil, errors.New("stored document has no metadata line")
	}
	d := &document{Body: body, revision: rev}
	if err := json.Unmarshal(line, &d.docMeta); err != nil {
		return nil, fmt.Errorf("decode document metadata: %w", err)
	}
	return d, nil
}

// hashToken is a KV key token for an identifier: 128 bits of its SHA-256.
func hashToken(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func sha1Hex(b []byte) string {
	s := sha1.Sum(b)
	return hex.EncodeToString(s[:])
}

// docStore is one resource's bucket.
type docStore struct {
	kv jetstream.KeyValue
}

// get reads a document; a document whose metadata names another context
// or id (a hash collision) is reported as absent.
func (s *docStore) get(ctx context.Context, key, context, id string) (*document, error) {
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: read document: %w", ErrUnavailable, err)
	}
	d, err := decodeDocument(e.Value(), e.Revision())
	if err != nil {
		return nil, err
	}
	if d.Context != context || d.ID != id {
		return nil, nil
	}
	return d, nil
}

var errRevision = errors.New("document changed concurrently")

// put writes a document: created when old is nil, else replacing old's
// revision. errRevision means another writer came first.
func (s *docStore) put(ctx context.Context, key string, old *document, m docMeta, body []byte) error {
	v := encodeDocument(m, body)
	var err error
	if old == nil {
		_, err = s.kv.Create(ctx, key, v)
		if errors.Is(err, jetstream.ErrKeyExists) {
			return errRevision
		}
	} else {
		_, err = s.kv.Update(ctx, key, v, old.revision)
		if isWrongLastSeq(err) || errors.Is(err, jetstream.ErrKeyExists) {
			return errRevision
		}
	}
	if err != nil {
		return fmt.Errorf("%w: store document: %w", ErrUnavailable, err)
	}
	return nil
}

// remove deletes a document, only at old's revision when old is given.
func (s *docStore) remove(ctx context.Context, key string, old *document) error {
	var opts []jetstream.KVDeleteOpt
	if old != nil {
		opts = append(opts, jetstream.LastRevision(old.revision))
	}
	err := s.kv.Delete(ctx, key, opts...)
	if isWrongLastSeq(err) {
		return errRevision
	}
	if err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("%w: delete document: %w", ErrUnavailable, err)
	}
	return nil
}

// list returns the documents whose keys match pattern (a key with "*"
// tokens), skipping deleted ones.
func (s *docStore) list(ctx context.Context, pattern string) ([]*document, []string, error) {
	w, err := s.kv.Watch(ctx, pattern, jetstream.IgnoreDeletes())
	if err != nil {
		return nil, nil, fmt.Errorf("%w: list documents: %w", ErrUnavailable, err)
	}
	defer w.Stop()
	var docs []*document
	var keys []string
	for {
		select {
		case e, ok := <-w.Updates():
			if !ok || e == nil {
				return docs, keys, nil
			}
			d, err := decodeDocument(e.Value(), e.Revision())
			if err != nil {
				return nil, nil, err
			}
			docs = append(docs, d)
			keys = append(keys, e.Key())
		case <-ctx.Done():
			return nil, nil, fmt.Errorf("%w: list documents: %w", ErrUnavailable, ctx.Err())
		}
	}
}

// preconditions checks If-Match and If-None-Match against the current
// document (nil when there is none), as RFC 2616 14.24 and 14.26 describe:
// a failed precondition is 412 Precondition Failed (Communication 3.1).
func preconditions(r *http.Request, cur *document) error {
	if im := r.Header.Get("If-Match"); im != "" {
		if cur == nil || !etagMatches(im, cur.ETag()) {
			return &Error{Status: http.StatusPreconditionFailed, Reason: "precondition", Field: "If-Match",
				Message: "does not match the document's current ETag (it changed, or does not exist): GET it again and retry with its ETag"}
		}
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && cur != nil && etagMatches(inm, cur.ETag()) {
		return &Error{Status: http.StatusPreconditionFailed, Reason: "precondition", Field: "If-None-Match",
			Message: "matches the existing document: it exists already"}
	}
	return nil
}

// etagMatches reports whether a header's list of entity tags (or "*")
// names etag; weak tags compare by their opaque part.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		t = strings.TrimPrefix(t, "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// docStores are the buckets of the three document resources.
type docStores struct {
	state, activityProfile, agentProfile *docStore
}

func openDocStores(ctx context.Context, js jetstream.JetStream) (docStores, error) {
	open := func(name string) (*docStore, error) {
		kv, err := js.KeyValue(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("open document bucket %s (created by the event log set-up): %w", name, err)
		}
		return &docStore{kv: kv}, nil
	}
	var ds docStores
	var err error
	if ds.state, err = open(event.StateBucket); err != nil {
		return ds, err
	}
	if ds.activityProfile, err = open(event.ActivityProfileBucket); err != nil {
		return ds, err
	}
	if ds.agentProfile, err = open(event.AgentProfileBucket); err != nil {
		return ds, err
	}
	return ds, nil
}
