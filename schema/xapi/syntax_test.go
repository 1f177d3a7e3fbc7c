package xapi_test

import (
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestParseTimestamp(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 11, 23, 13, 1, 2, 345000000, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2026-11-23T13:01:02.345Z", want},
		{"2026-11-23T14:01:02.345+01:00", want},
		{"2026-11-23T14:01:02.345+0100", want},
		{"2026-11-23T14:01:02.345+01", want},
		{"2026-11-23T08:01:02.345-05:00", want},
		{"2026-11-23T13:01:02,345Z", want},
		{"2026-11-23T13:01:02.345000000000Z", want},
		{"2026-11-23T13:01:02.345", want},
		{"20261123T130102.345Z", want},
		{"20261123T140102.345+0100", want},
		{"2026-11-23T13:01:02Z", want.Truncate(time.Second)},
		{"2026-11-23T13:01Z", want.Truncate(time.Minute)},
		{"20261123T1301Z", want.Truncate(time.Minute)},
		{"2026-11-23T13:01:02.123456789Z", time.Date(2026, 11, 23, 13, 1, 2, 123456789, time.UTC)},
		{"2024-02-29T00:00:00Z", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"2026-01-01T00:30:00+01:00", time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)},
		{"2008-09-15T15:53:00.601+00:00", time.Date(2008, 9, 15, 15, 53, 0, 601000000, time.UTC)},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := xapi.ParseTimestamp(tc.in)
			if err != nil || !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Errorf("ParseTimestamp(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
	for _, in := range []string{
		"", "should fail", "01/011/2015", "2026-11-23", "2026-11-23 13:01:02Z", "2026-11-23t13:01:02z",
		"2008-09-15T15:53:00.601-00", "2008-09-15T15:53:00.601-0000", "2008-09-15T15:53:00.601-00:00",
		"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z",
		"2026-11-23T24:00:00Z", "2026-11-23T23:60:00Z", "2026-11-23T23:59:60Z", "2026-11-23T13:01:02.Z",
		"2026-11-23T13Z", "2026-11-23T13:01:02+24:00", "2026-11-23T13:01:02+01:60", "2026-11-23T13:01:02+1",
		"2026-11-23T13:01:02Z ", "+2026-11-23T13:01:02Z", "26-11-23T13:01:02Z", "2026-1123T13:01:02Z",
		"2026-11-23T13:01:02.345+01:00:00", "2026-11-23T1301:02Z",
	} {
		t.Run("Err/"+in, func(t *testing.T) {
			if got, err := xapi.ParseTimestamp(in); err == nil {
				t.Errorf("ParseTimestamp(%q) = %v, want an error", in, got)
			}
		})
	}
}

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

func TestValidLanguageTag(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"en", "en-US", "de-DE", "tlh", "cmn", "und", "zh-Hant", "sr-Latn-RS", "zh-cmn-Hans-CN",
		"sl-rozaj-biske", "de-CH-1901", "hy-Latn-IT-arevela", "az-Arab-x-AZE-derbend", "x-whatever",
		"i-enochian", "I-ENOCHIAN", "en-GB-oed", "es-419", "en-a-bbb-x-a-ccc", "qaa-Qaaa-QM-x-southern",
		"EN-us", "abcdefgh", "en-a-bbb-b-ccc",
	} {
		if !xapi.ValidLanguageTag(in) {
			t.Errorf("ValidLanguageTag(%q) = false, want true", in)
		}
	}
	for _, in := range []string{
		"", "a", "a-DE", "de-419-DE", "ar-a-aaa-b-bbb-a-ccc", "something", "a12345678", "a12345",
		"en-", "-en", "en--US", "en_US", "x", "en-x", "en-a", "de-1901-1901", "en-US-Latn",
		"supercalifragilisticexpialidociouswhatabouthhhhhhh", "en-abcdefghi", "é",
	} {
		if xapi.ValidLanguageTag(in) {
			t.Errorf("ValidLanguageTag(%q) = true, want false", in)
		}
	}
}
