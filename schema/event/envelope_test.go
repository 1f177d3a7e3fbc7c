package event_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/event"
)

// TestEnvelopeRoundTrip: what Header and Subject write, Decode reads back,
// optional headers included and absent ones staying zero.
func TestEnvelopeRoundTrip(t *testing.T) {
	stored := time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.UTC)
	for _, tc := range []struct {
		name string
		env  event.Envelope
	}{
		{"statement with every header", event.Envelope{Tenant: "acme", Kind: event.KindStatement, ID: "0a1b2c3d-0000-4000-8000-000000000001",
			Stored: stored, Hash: "abc", Client: "lms", XAPIVersion: "2.0.0", Warnings: "object: compound", NoDefine: true, Body: []byte(`{}`)}},
		{"statement with the required headers only", event.Envelope{Tenant: "acme", Kind: event.KindStatement, ID: "0a1b2c3d-0000-4000-8000-000000000002",
			Stored: stored, Body: []byte(`{}`)}},
		{"settings", event.Envelope{Tenant: "globex", Kind: event.KindSettings, Stored: stored, Body: []byte(`{"currency":"EUR"}`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			subj, err := tc.env.Subject()
			if err != nil {
				t.Fatal(err)
			}
			got, err := event.Decode(subj, tc.env.Header(), tc.env.Body, 42)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.env
			want.Seq = 42
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded %+v\nwant    %+v", got, want)
			}
		})
	}
}
