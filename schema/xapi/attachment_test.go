package xapi_test

import (
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

const sha256Hex = "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"

// att builds an attachments array with one attachment; extra replaces or
// adds members ("-" drops one).
func att(extra ...string) string {
	kv := append([]string{
		"usageType", `"http://example.com/attachment-usage/test"`,
		"display", `{"en-US":"A test attachment"}`,
		"contentType", `"text/plain; charset=ascii"`,
		"length", `27`,
		"sha2", `"` + sha256Hex + `"`,
		"fileUrl", `"http://over.there.com/file.txt"`,
	}, extra...)
	var order []string
	vals := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		if _, ok := vals[kv[i]]; !ok {
			order = append(order, kv[i])
		}
		vals[kv[i]] = kv[i+1]
	}
	var parts []string
	for _, k := range order {
		if vals[k] != "-" {
			parts = append(parts, `"`+k+`":`+vals[k])
		}
	}
	return st("attachments", "[{"+strings.Join(parts, ",")+"}]")
}

func TestParseAttachments(t *testing.T) {
	t.Parallel()
	runRules(t, []ruleCase{
		{name: "OK/Full", body: att("description", `{"de":"Eine Testbefestigung"}`), path: valid},
		{name: "OK/SHA512Upper", body: att("sha2", `"`+strings.Repeat("AB", 64)+`"`), path: valid},
		{name: "OK/NoFileURLMultipart", body: att("fileUrl", "-"), path: valid, opts: xapi.Options{Multipart: true}},
		{name: "OK/Empty", body: st("attachments", `[]`), path: valid},
		{name: "ErrNoFileURLJSON", body: att("fileUrl", "-"), path: "attachments[0].fileUrl"},
		{name: "ErrNotArray", body: st("attachments", `{}`), path: "attachments"},
		{name: "ErrNotObject", body: st("attachments", `["x"]`), path: "attachments[0]"},
		{name: "ErrKeyCase", body: st("attachmentS", `[]`), path: "attachmentS"},
		{name: "ErrUnknownKey", body: att("size", `27`), path: "attachments[0].size"},
		{name: "ErrNoUsageType", body: att("usageType", "-"), path: "attachments[0].usageType"},
		{name: "ErrUsageTypeNotIRI", body: att("usageType", `"signature"`), path: "attachments[0].usageType"},
		{name: "ErrNoDisplay", body: att("display", "-"), path: "attachments[0].display"},
		{name: "ErrDisplayNumber", body: att("display", `12345`), path: "attachments[0].display"},
		{name: "ErrDisplayTag", body: att("display", `{"de-419-DE":"x"}`), path: `attachments[0].display["de-419-DE"]`},
		{name: "ErrDescriptionTag", body: att("description", `{"de-419-DE":"x"}`), path: `attachments[0].description["de-419-DE"]`},
		{name: "ErrNoContentType", body: att("contentType", "-"), path: "attachments[0].contentType"},
		{name: "ErrContentTypeNumber", body: att("contentType", `1`), path: "attachments[0].contentType"},
		{name: "ErrContentTypeNoSlash", body: att("contentType", `"text"`), path: "attachments[0].contentType"},
		{name: "ErrNoLength", body: att("length", "-"), path: "attachments[0].length"},
		{name: "ErrLengthString", body: att("length", `"27"`), path: "attachments[0].length"},
		{name: "ErrLengthFraction", body: att("length", `27.5`), path: "attachments[0].length"},
		{name: "ErrLengthNegative", body: att("length", `-1`), path: "attachments[0].length"},
		{name: "ErrNoSHA2", body: att("sha2", "-"), path: "attachments[0].sha2"},
		{name: "ErrSHA2Short", body: att("sha2", `"495395e7"`), path: "attachments[0].sha2"},
		{name: "ErrSHA2Number", body: att("sha2", `495395`), path: "attachments[0].sha2"},
		{name: "ErrFileURLNotIRI", body: att("fileUrl", `"file.txt"`), path: "attachments[0].fileUrl"},
		{name: "OK/SubStatementAttachments", body: st("object", `{"objectType":"SubStatement","actor":`+defActor+`,"verb":`+defVerb+`,"object":`+defObject+`,"attachments":[]}`), path: valid},
	})
}
