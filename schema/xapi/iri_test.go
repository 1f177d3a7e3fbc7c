package xapi_test

import (
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestValidIRI(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"http://adlnet.gov/expapi/verbs/attempted",
		"https://example.com/a?b=c&d=%20e#frag",
		"course-v1:FUN-MOOC+00002+session01",
		"uuid://0b9e3947-7cf3-4507-a7a4-8f74be381fdd",
		"urn:uuid:0b9e3947-7cf3-4507-a7a4-8f74be381fdd",
		"mailto:ann@example.com",
		"tag:example.com,2026:x",
		"http://example.com/فعل/خواندن",
		"http://user:pw@[2001:db8::1]:8080/p",
		"http://[v1.fe80::a+en1]/",
		"http://127.0.0.1:80",
		"file:///tmp/x",
		"http://example.com/a?\ue000",
		"a:",
		"X-Y.Z+1:b",
	} {
		if !xapi.ValidIRI(in) {
			t.Errorf("ValidIRI(%q) = false, want true", in)
		}
	}
	for _, in := range []string{
		"", "should fail", "ab=c://should.fail.com", "//example.com/a", "/a/b", "1http://x", ":x",
		"http://example.com/a b", "http://example.com/<a>", "http://exa mple.com", "http://example.com/%zz",
		"http://example.com/%2", "http://example.com/a#b#c", "http://[::1/", "http://[not-ip]/",
		"http://host:80a/", "http://a:b:c/", "http://example.com/\x7f", "http://example.com/\ue000",
		"http://example.com/a\"b", "http://example.com/a{b}", "http://example.com/\\", "http://example.com/\xff",
		"http://example.com/\ufffe",
	} {
		if xapi.ValidIRI(in) {
			t.Errorf("ValidIRI(%q) = true, want false", in)
		}
	}
}

func TestValidUUID(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"a4f1e6b2-5c3d-4e7f-8a9b-0c1d2e3f4001", "A4F1E6B2-5C3D-4E7F-8A9B-0C1D2E3F4001",
		"12345678-1234-5678-1234-567812345678", "2a41c918-b88b-4220-20a5-a4c32391a240",
		"00000000-0000-0000-0000-000000000000",
	} {
		if !xapi.ValidUUID(in) {
			t.Errorf("ValidUUID(%q) = false, want true", in)
		}
	}
	for _, in := range []string{
		"", "AA97B177-9383-4934-8543-0F91A7A028368", "MA97B177-9383-4934-8543-0F91A7A02836",
		"a4f1e6b25c3d4e7f8a9b0c1d2e3f4001", "{a4f1e6b2-5c3d-4e7f-8a9b-0c1d2e3f4001}",
		"urn:uuid:a4f1e6b2-5c3d-4e7f-8a9b-0c1d2e3f4001", "a4f1e6b2-5c3d4-e7f-8a9b-0c1d2e3f4001",
	} {
		if xapi.ValidUUID(in) {
			t.Errorf("ValidUUID(%q) = true, want false", in)
		}
	}
}
