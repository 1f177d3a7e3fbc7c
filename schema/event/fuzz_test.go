package event_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/event"
)

// FuzzParseSubject checks that every subject ParseSubject accepts is one
// that Subject builds: readers never accept what writers cannot write.
func FuzzParseSubject(f *testing.F) {
	for _, s := range []string{
		"leerlijn.acme.statement.0a1b2c3d-0000-4000-8000-000000000001",
		"leerlijn.acme.void.0a1b2c3d-0000-4000-8000-000000000001",
		"leerlijn.acme.settings",
		"leerlijn.acme.budget.b-1",
		"leerlijn.ACME.statement.x",
		"leerlijn.acme.statement.a.b",
		"leerlijn..statement.x",
		"leerlijn.acme.statement.",
		"leerlijn.acme",
		"other.acme.statement.x",
		"leerlijn.a*.statement.>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, subject string) {
		tenant, kind, key, err := event.ParseSubject(subject)
		if err != nil {
			return
		}
		again, err := event.Subject(tenant, kind, key)
		if err != nil {
			t.Fatalf("ParseSubject(%q) = %q, %q, %q, which Subject rejects: %v", subject, tenant, kind, key, err)
		}
		if again != subject {
			t.Fatalf("ParseSubject(%q) then Subject = %q", subject, again)
		}
	})
}

// FuzzDecode checks that Decode never panics, and that what it accepts
// encodes back to the same subject and headers.
func FuzzDecode(f *testing.F) {
	stored := time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.UTC).Format(time.RFC3339Nano)
	f.Add("leerlijn.acme.statement.x1", "1", "acme", "statement", stored, "h", []byte(`{}`), uint64(7))
	f.Add("leerlijn.acme.settings", "1", "acme", "settings", stored, "", []byte(nil), uint64(1))
	f.Add("leerlijn.acme.void.x1", "1", "acme", "void", stored, "", []byte("x2"), uint64(2))
	f.Add("leerlijn.acme.statement.x1", "2", "acme", "statement", stored, "", []byte(`{}`), uint64(7))
	f.Add("leerlijn.acme.statement.x1", "1", "globex", "statement", stored, "", []byte(`{}`), uint64(7))
	f.Add("leerlijn.acme.statement.x1", "1", "acme", "statement", "yesterday", "", []byte(`{}`), uint64(7))
	f.Add("leerlijn.acme.statement.x1", "+1", "acme", "statement", "2026-03-02T09:00:00+01:00", "", []byte(`{}`), uint64(7))
	f.Fuzz(func(t *testing.T, subject, schema, tenant, kind, storedAt, hash string, body []byte, seq uint64) {
		h := event.Header{
			event.HeaderSchema: {schema},
			event.HeaderTenant: {tenant},
			event.HeaderKind:   {kind},
			event.HeaderStored: {storedAt},
		}
		if hash != "" {
			h[event.HeaderHash] = []string{hash}
		}
		env, err := event.Decode(subject, h, body, seq)
		if err != nil {
			return
		}
		if env.Seq != seq || !bytes.Equal(env.Body, body) || env.Stored.Location() != time.UTC {
			t.Fatalf("Decode lost data: %+v", env)
		}
		subj, err := env.Subject()
		if err != nil || subj != subject {
			t.Fatalf("decoded envelope's subject = %q, %v; want %q", subj, err, subject)
		}
		again, err := event.Decode(subj, env.Header(), env.Body, seq)
		if err != nil {
			t.Fatalf("re-encoded envelope does not decode: %v", err)
		}
		if again.Tenant != env.Tenant || again.Kind != env.Kind || again.ID != env.ID || !again.Stored.Equal(env.Stored) || again.Hash != env.Hash {
			t.Fatalf("round trip differs:\n%+v\n%+v", env, again)
		}
	})
}
