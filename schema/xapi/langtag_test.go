package xapi_test

import (
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

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
