package collector

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/segmentio/encoding/json"
)

// A StatementResult's "more" IRL (Data 2.5) carries the whole query and the
// keyset position after the last statement returned, signed with HMAC-SHA256,
// so that paging needs no server-side session: any collector instance with
// the same key can continue a query, for as long as the cursor lives
// (-collector.cursor-ttl), across restarts. The signature covers the tenant,
// so a cursor cannot be replayed by another tenant's client, and the query,
// so it cannot be edited to widen it.

// cursor is the signed content of a "more" token.
type cursor struct {
	Version  int            `json:"v"`
	Tenant   string         `json:"t"`
	Query    statementQuery `json:"q"`
	StoredMs int64          `json:"s"`
	ID       string         `json:"i"`
	Expires  int64          `json:"e"`
}

const cursorVersion = 1

type cursorCodec struct {
	key []byte
	ttl time.Duration
}

// newCursorCodec uses key, or a random key when it is empty (cursors then
// end with the process; the composition root always passes a shared key).
func newCursorCodec(key string, ttl time.Duration) *cursorCodec {
	k := []byte(key)
	if len(k) == 0 {
		k = make([]byte, 32)
		_, _ = rand.Read(k)
	}
	return &cursorCodec{key: k, ttl: ttl}
}

func (c *cursorCodec) mac(payload []byte) []byte {
	h := hmac.New(sha256.New, c.key)
	h.Write(payload)
	return h.Sum(nil)
}

func (c *cursorCodec) encode(cur cursor, now time.Time) string {
	cur.Version = cursorVersion
	cur.Expires = now.Add(c.ttl).Unix()
	payload, _ := json.Marshal(cur)
	enc := base64.RawURLEncoding
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(c.mac(payload))
}

// decode checks a token's signature, expiry and tenant.
func (c *cursorCodec) decode(token, tenant string, now time.Time) (cursor, error) {
	bad := func(why string) (cursor, error) {
		return cursor{}, &Error{Status: http.StatusBadRequest, Reason: "more_invalid", Field: "more", Message: why}
	}
	p, s, ok := strings.Cut(token, ".")
	enc := base64.RawURLEncoding
	payload, err1 := enc.DecodeString(p)
	sig, err2 := enc.DecodeString(s)
	if !ok || err1 != nil || err2 != nil {
		return bad("is not a cursor this LRS issued: use the \"more\" IRL of a StatementResult as it is")
	}
	if !hmac.Equal(sig, c.mac(payload)) {
		return bad("has a wrong signature: it was changed, or issued with another key")
	}
	var cur cursor
	if err := json.Unmarshal(payload, &cur); err != nil || cur.Version != cursorVersion {
		return bad("cannot be read by this LRS version: run the query again")
	}
	if cur.Tenant != tenant {
		return bad("belongs to another tenant's query")
	}
	if now.Unix() > cur.Expires {
		return bad("has expired: run the query again (cursors live " + c.ttl.String() + ")")
	}
	return cur, nil
}
