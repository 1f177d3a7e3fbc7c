package collector

import (
	"testing"
	"time"
)

// TestCursorLifetime: a "more" cursor works for its whole TTL (at least a
// day) and on another instance with the same key, not after, not with
// another key, not for another tenant.
func TestCursorLifetime(t *testing.T) {
	since := int64(1)
	c := newCursorCodec("a-shared-secret-of-some-length", 48*time.Hour)
	issued := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tok := c.encode(cursor{Tenant: "acme", Query: statementQuery{Verb: "http://x.org/v", Since: &since, Limit: 10}, StoredMs: 42, ID: "id"}, issued)

	other := newCursorCodec("a-shared-secret-of-some-length", 48*time.Hour)
	cur, err := other.decode(tok, "acme", issued.Add(47*time.Hour))
	if err != nil || cur.Query.Verb != "http://x.org/v" || *cur.Query.Since != 1 || cur.StoredMs != 42 || cur.ID != "id" {
		t.Fatalf("decode after 47h on another instance: %+v, %v", cur, err)
	}
	for name, f := range map[string]func() error{
		"expired": func() error { _, err := c.decode(tok, "acme", issued.Add(49*time.Hour)); return err },
		"other key": func() error {
			_, err := newCursorCodec("another-secret-0123456789", time.Hour).decode(tok, "acme", issued)
			return err
		},
		"other tenant":   func() error { _, err := c.decode(tok, "globex", issued); return err },
		"not a cursor":   func() error { _, err := c.decode("abc", "acme", issued); return err },
		"edited payload": func() error { _, err := c.decode("e30"+tok[3:], "acme", issued); return err },
	} {
		if f() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
