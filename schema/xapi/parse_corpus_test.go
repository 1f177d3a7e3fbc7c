package xapi_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// invalidCorpus maps every file under the corpus's invalid/ folder to the
// path (prefix) of the problem Parse must report. The paths follow the
// "what is wrong (concrete)" column of INDEX.md ("statement.actor.mbox" there
// is "actor.mbox" here), made as precise as our paths are: INDEX.md names the
// object, we often name the member ("statement.actor.account" there,
// "actor.account.homePage" here). TestCorpusIndexPaths checks that each entry
// extends INDEX.md's path.
//
// Decisions on the corpus's deliberate cases (see doc.go):
//   - h5p/single-choice-set-parent-compound.json is rejected in strict mode
//     and accepted with a Warning in Lenient mode (TestCorpusLenientCompound).
//   - xapi-spec/data-appendix-d-signed-statement-as-plain-json.json is
//     rejected as application/json and accepted as multipart
//     (TestCorpusSignedMultipart).
var invalidCorpus = map[string]string{
	"xapi-spec/data-appendix-d-signed-statement-as-plain-json.json": "attachments[0].fileUrl",
	"h5p/single-choice-set-parent-compound.json":                    "object.definition.interactionType",

	"adl-conformance/formatting__statement-actor-missing.json":                                                                                          "actor",
	"adl-conformance/formatting__statement-verb-missing.json":                                                                                           "verb",
	"adl-conformance/formatting__statement-object-missing.json":                                                                                         "object",
	"adl-conformance/formatting__statement-actor-should-fail-on-null.json":                                                                              "actor.name",
	"adl-conformance/formatting__with-strings-where-numbers-are-required.json":                                                                          "result.score.max",
	"adl-conformance/formatting__with-strings-where-booleans-are-required.json":                                                                         "result.success",
	"adl-conformance/formatting__should-fail-when-not-using-id.json":                                                                                    "iD",
	"adl-conformance/agents__statement-actor-without-account-mbox-mbox-sha1sum-openid-should-fail.json":                                                 "actor",
	"adl-conformance/agents__statement-actor-mbox-cannot-be-used-with-account.json":                                                                     "actor",
	"adl-conformance/agents__statement-actor-mbox-sha1sum-cannot-be-used-with-mbox.json":                                                                "actor",
	"adl-conformance/groups__statement-actor-mbox-cannot-be-used-with-account.json":                                                                     "actor",
	"adl-conformance/ifis__statement-actor-agent-mbox-not-iri.json":                                                                                     "actor.mbox",
	"adl-conformance/ifis__statement-actor-agent-mbox-not-mailto-email-address.json":                                                                    "actor.mbox",
	"adl-conformance/ifis__statement-actor-agent-openid-not-uri.json":                                                                                   "actor.openid",
	"adl-conformance/accountobjects__statement-actor-agent-account-homepage-property-exists.json":                                                       "actor.account.homePage",
	"adl-conformance/accountobjects__statement-actor-agent-account-homepage-property-is-irl.json":                                                       "actor.account.homePage",
	"adl-conformance/accountobjects__statement-actor-agent-account-name-property-exists.json":                                                           "actor.account.name",
	"adl-conformance/actors__statement-actor-objecttype-should-fail-when-not-agent.json":                                                                "actor.objectType",
	"adl-conformance/objects__statement-activity-should-fail-on-activity.json":                                                                          "object.objectType",
	"adl-conformance/objects__statement-agent-template-should-fail-on-agent.json":                                                                       "object.objectType",
	"adl-conformance/groups__statement-actor-anonymous-group-missing-member.json":                                                                       "actor.member",
	"adl-conformance/verbs__statement-verb-missing-id.json":                                                                                             "verb.id",
	"adl-conformance/verbs__statement-verb-id-not-iri.json":                                                                                             "verb.id",
	"adl-conformance/verbs__statement-verb-display-is-string.json":                                                                                      "verb.display",
	"adl-conformance/activities__statement-activity-id-not-provided.json":                                                                               "object.id",
	"adl-conformance/activities__statement-activity-id-not-iri.json":                                                                                    "object.id",
	"adl-conformance/activities__statement-object-name-language-map-is-string.json":                                                                     "object.definition.name",
	"adl-conformance/activities__statement-activity-type-not-iri.json":                                                                                  "object.definition.type",
	"adl-conformance/activities__statement-activity-interactiontype-fails-with-invalid-string.json":                                                     "object.definition.interactionType",
	"adl-conformance/formatting__when-interactiontype-is-wrong-case-true-false.json":                                                                    "object.definition.interactionType",
	"adl-conformance/extensions__statement-activity-extensions-key-is-not-an-iri.json":                                                                  `object.definition.extensions["should fail"]`,
	"adl-conformance/extensions__statement-result-extensions-key-is-not-an-iri.json":                                                                    `result.extensions["should fail"]`,
	"adl-conformance/languages__statement-object-name-language-map-invalid.json":                                                                        `object.definition.name["a12345678"]`,
	"adl-conformance/formatting__statement-verb-display-should-fail-given-invalid-language-code.json":                                                   `verb.display["something"]`,
	"adl-conformance/contexts__statement-context-language-is-is-invalid-language.json":                                                                  "context.language",
	"adl-conformance/results__statement-result-success-property-is-string-true.json":                                                                    "result.success",
	"adl-conformance/results__statement-result-completion-property-is-string-true.json":                                                                 "result.completion",
	"adl-conformance/durations__statement-result-duration-property-is-invalid-with-invalid-string.json":                                                 "result.duration",
	"adl-conformance/durations__statement-result-duration-property-is-invalid-with-invalid-duration.json":                                               "result.duration",
	"adl-conformance/durations__statement-result-duration-property-is-invalid-with-p4w1d.json":                                                          "result.duration",
	"adl-conformance/scores__statement-result-scaled-should-reject-with-value-1-01.json":                                                                "result.score.scaled",
	"adl-conformance/scores__statement-result-raw-rejects-raw-greater-than-max.json":                                                                    "result.score.raw",
	"adl-conformance/scores__statement-result-raw-rejects-raw-less-than-min.json":                                                                       "result.score.raw",
	"adl-conformance/scores__statement-result-min-rejects-decimal-number-greater-than-max.json":                                                         "result.score.min",
	"adl-conformance/scores__statement-result-min-greater-than-max-and-raw-outside.json":                                                                "result.score.min",
	"adl-conformance/timestamps__statement-template-invalid-date-in-timestamp.json":                                                                     "timestamp",
	"adl-conformance/timestamps__statement-template-invalid-date-in-timestamp-did-not-reject-statement-timestmap-with-00-offset.json":                   "timestamp",
	"adl-conformance/timestamps__statement-template-invalid-date-in-timestamp-did-not-reject-statement-timestmap-with-00-00-offset.json":                "timestamp",
	"adl-conformance/uuids__statement-id-invalid-uuid-with-too-many-digits.json":                                                                        "id",
	"adl-conformance/uuids__statement-id-invalid-uuid-with-non-a-f.json":                                                                                "id",
	"adl-conformance/uuids__statement-context-registration-invalid-uuid-with-too-many-digits.json":                                                      "context.registration",
	"adl-conformance/statementrefs__statementref-id-not-uuid.json":                                                                                      "object.id",
	"adl-conformance/version__statement-version-invalid-string.json":                                                                                    "version",
	"adl-conformance/version__statement-version-invalid-0-9-9.json":                                                                                     "version",
	"adl-conformance/version__statement-version-invalid-1-1-0.json":                                                                                     "version",
	"adl-conformance/substatements__substatement-invalid-when-not-substatement.json":                                                                    "object.objectType",
	"adl-conformance/substatements__substatement-requires-actor.json":                                                                                   "object.actor",
	"adl-conformance/substatements__substatement-invalid-nested-substatement.json":                                                                      "object.object",
	"adl-conformance/substatements__substatement-invalid-with-property-id.json":                                                                         "object.id",
	"adl-conformance/substatements__substatement-invalid-with-property-stored.json":                                                                     "object.stored",
	"adl-conformance/substatements__substatement-invalid-with-property-version.json":                                                                    "object.version",
	"adl-conformance/substatements__substatement-invalid-with-property-authority.json":                                                                  "object.authority",
	"adl-conformance/voiding__statement-verb-voided-does-not-use-object-statementref.json":                                                              "object",
	"adl-conformance/statementrefs__statementref-invalid-when-not-statementref.json":                                                                    "object.objectType",
	"adl-conformance/contextactivities__statement-context-contextactivities-rejects-any-property-key-other-than-parent-grouping-category-or-other.json": "context.contextActivities.consequences",
	"adl-conformance/contextactivities__statement-context-contextactivities-other-contains-non-activity.json":                                           "context.contextActivities.other[1]",
	"adl-conformance/contexts__statement-context-team-is-agent.json":                                                                                    "context.team",
	"adl-conformance/contexts__statement-context-revision-is-invalid-with-object-agent.json":                                                            "context.revision",
	"adl-conformance/contexts__statement-context-platform-is-invalid-with-object-agent.json":                                                            "context.platform",
	"adl-conformance/contexts__statement-context-platform-is-invalid-with-substatement.json":                                                            "context.platform",
	"adl-conformance/contexts__statement-context-statement-objecttype-lowercase-statementref.json":                                                      "context.statement.objectType",
	"adl-conformance/authorities__should-fail-statement-authority-identified-group-mbox.json":                                                           "authority",
	"adl-conformance/authorities__statement-authority-invalid-three-member.json":                                                                        "authority",
	"adl-conformance/attachments__statement-attachments-not-an-array.json":                                                                              "attachments",
	"adl-conformance/attachments__statement-length-invalid-string.json":                                                                                 "attachments[0].length",
	"adl-conformance/attachments__statement-attachment-display-language-map-numeric.json":                                                               "attachments[0].display",
}

func readCorpus(tb testing.TB, root, sub, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(root, sub, name))
	if err != nil {
		tb.Fatalf("read corpus file: %v", err)
	}
	return b
}

// hasPath reports whether a problem's path is want or lies below it.
func hasPath(probs []xapi.Problem, want string) bool {
	for _, p := range probs {
		if pathWithin(p.Path, want) {
			return true
		}
	}
	return false
}

func pathWithin(path, prefix string) bool {
	if !strings.HasPrefix(path, prefix) {
		return false
	}
	rest := path[len(prefix):]
	return rest == "" || prefix == "" || rest[0] == '.' || rest[0] == '['
}

func TestCorpusValid(t *testing.T) {
	t.Parallel()
	root := testenv.Corpus(t)
	for _, name := range testenv.CorpusFiles(t, root, "valid") {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := readCorpus(t, root, "valid", name)
			stmts, batch, err := xapi.Parse(body, xapi.Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			want := 1
			if batch {
				var list []any
				decodeJSON(t, body, &list)
				want = len(list)
			}
			if len(stmts) != want {
				t.Fatalf("got %d statements, want %d", len(stmts), want)
			}
			for i, p := range stmts {
				if len(p.Warnings) > 0 {
					t.Errorf("statement %d: warnings in strict mode: %v", i, p.Warnings)
				}
				if len(p.Hash) != 64 {
					t.Errorf("statement %d: hash %q", i, p.Hash)
				}
				// Every valid statement round-trips through Stored and Decode.
				out := p.Stored("", testStored, []byte(testAuthority))
				if _, _, err := xapi.Parse(out, xapi.Options{}); err != nil {
					t.Errorf("statement %d: Stored output does not parse: %v\n%s", i, err, out)
				}
				if _, err := xapi.Decode(p.Raw); err != nil {
					t.Errorf("statement %d: Decode: %v", i, err)
				}
			}
		})
	}
}

func TestCorpusInvalid(t *testing.T) {
	t.Parallel()
	root := testenv.Corpus(t)
	files := testenv.CorpusFiles(t, root, "invalid")
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, ok := invalidCorpus[filepath.ToSlash(name)]
			if !ok {
				t.Fatalf("no expected path for %s in invalidCorpus", name)
			}
			_, _, err := xapi.Parse(readCorpus(t, root, "invalid", name), xapi.Options{})
			var ve *xapi.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Parse: got %v, want a *ValidationError", err)
			}
			if !hasPath(ve.Problems, want) {
				t.Errorf("no problem at %q; got %v", want, ve.Problems)
			}
		})
	}
	if len(files) != len(invalidCorpus) {
		t.Errorf("invalidCorpus has %d entries, the corpus %d invalid files", len(invalidCorpus), len(files))
	}
}

// TestCorpusIndexPaths checks the table against INDEX.md: each expected path
// must lie at or below the path INDEX.md gives for the file.
func TestCorpusIndexPaths(t *testing.T) {
	t.Parallel()
	root := testenv.Corpus(t)
	f, err := os.Open(filepath.Join(root, "INDEX.md"))
	if err != nil {
		t.Fatalf("open INDEX.md: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	seen := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "|")
		if len(cols) < 9 || !strings.HasPrefix(strings.TrimSpace(cols[1]), "`invalid/") {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(cols[1]), "`invalid/"), "`")
		what := strings.TrimSpace(cols[7])
		path, _, found := strings.Cut(what, ":")
		if !found || !strings.HasPrefix(path, "statement") {
			continue // "(see rule)" and the edge-case table
		}
		path = strings.TrimPrefix(strings.TrimPrefix(path, "statement"), ".")
		seen++
		t.Run(name, func(t *testing.T) {
			want, ok := invalidCorpus[name]
			if !ok {
				t.Fatalf("INDEX.md lists %s, invalidCorpus does not", name)
			}
			if !pathWithin(want, path) {
				t.Errorf("expected path %q is not at or below INDEX.md's %q", want, path)
			}
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read INDEX.md: %v", err)
	}
	if seen < 70 {
		t.Errorf("found only %d invalid rows in INDEX.md", seen)
	}
}

// TestCorpusLenientCompound: H5P's interactionType "compound" is an error in
// strict mode and a Warning in Lenient mode.
func TestCorpusLenientCompound(t *testing.T) {
	t.Parallel()
	root := testenv.Corpus(t)
	body := readCorpus(t, root, "invalid", "h5p/single-choice-set-parent-compound.json")
	t.Run("Strict", func(t *testing.T) {
		_, _, err := xapi.Parse(body, xapi.Options{})
		var ve *xapi.ValidationError
		if !errors.As(err, &ve) || !hasPath(ve.Problems, "object.definition.interactionType") {
			t.Fatalf("got %v, want a problem at object.definition.interactionType", err)
		}
	})
	t.Run("Lenient", func(t *testing.T) {
		stmts, _, err := xapi.Parse(body, xapi.Options{Lenient: true})
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		w := stmts[0].Warnings
		if len(w) != 1 || w[0].Path != "object.definition.interactionType" {
			t.Fatalf("warnings %v, want one at object.definition.interactionType", w)
		}
	})
}

// TestCorpusSignedMultipart: the signed statement's attachment has no
// fileUrl, which only a multipart request may do.
func TestCorpusSignedMultipart(t *testing.T) {
	t.Parallel()
	root := testenv.Corpus(t)
	body := readCorpus(t, root, "invalid", "xapi-spec/data-appendix-d-signed-statement-as-plain-json.json")
	t.Run("JSON", func(t *testing.T) {
		_, _, err := xapi.Parse(body, xapi.Options{})
		var ve *xapi.ValidationError
		if !errors.As(err, &ve) || !hasPath(ve.Problems, "attachments[0].fileUrl") {
			t.Fatalf("got %v, want a problem at attachments[0].fileUrl", err)
		}
	})
	t.Run("Multipart", func(t *testing.T) {
		if _, _, err := xapi.Parse(body, xapi.Options{Multipart: true}); err != nil {
			t.Fatalf("Parse: %v", err)
		}
	})
}

// TestCorpusEdgeCases pins the four cases INDEX.md says the spec accepts and
// some LRSs reject.
func TestCorpusEdgeCases(t *testing.T) {
	t.Parallel()
	root := testenv.Corpus(t)
	for _, name := range []string{
		"ralph/fun-mooc-video-batch.json",
		"xapi-spec/data-2.4-simplest-statement.json",
		"xapi-spec/about-appendix-b-cmi5-failed.json",
		"adl-conformance/contextactivities__statement-context-contextactivities-accepts-all-property-keys-parent-grouping-category-and-other.json",
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := xapi.Parse(readCorpus(t, root, "valid", name), xapi.Options{}); err != nil {
				t.Fatalf("Parse: %v", err)
			}
		})
	}
}
