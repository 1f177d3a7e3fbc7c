package xapi_test

import (
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestParseActivityDefinition(t *testing.T) {
	t.Parallel()
	runRules(t, []ruleCase{
		{name: "OK/Full", body: st("object", activityWith(`{"name":{"en-US":"Q1"},"description":{"en-US":"first"},"type":"http://adlnet.gov/expapi/activities/cmi.interaction","moreInfo":"https://example.com/q1","interactionType":"choice","correctResponsesPattern":["a[,]b"],"choices":[{"id":"a","description":{"en-US":"A"}},{"id":"b"}],"extensions":{"http://example.com/ext":{"any":[1,null]}}}`)), path: valid},
		{name: "OK/Empty", body: st("object", activityWith(`{}`)), path: valid},
		{name: "OK/Matching", body: st("object", activityWith(`{"interactionType":"matching","source":[{"id":"1"}],"target":[{"id":"1"}]}`)), path: valid},
		{name: "OK/Performance", body: st("object", activityWith(`{"interactionType":"performance","steps":[{"id":"s1"}]}`)), path: valid},
		{name: "OK/Likert", body: st("object", activityWith(`{"interactionType":"likert","scale":[{"id":"1"},{"id":"2"}]}`)), path: valid},
		{name: "OK/EmptyCorrectResponses", body: st("object", activityWith(`{"interactionType":"fill-in","correctResponsesPattern":[]}`)), path: valid},
		{name: "ErrNotObject", body: st("object", activityWith(`"definition"`)), path: "object.definition"},
		{name: "ErrNameString", body: st("object", activityWith(`{"name":"Q1"}`)), path: "object.definition.name"},
		{name: "ErrDescriptionTag", body: st("object", activityWith(`{"description":{"de-419-DE":"x"}}`)), path: `object.definition.description["de-419-DE"]`},
		{name: "ErrTypeNotIRI", body: st("object", activityWith(`{"type":"quiz"}`)), path: "object.definition.type"},
		{name: "ErrMoreInfoNull", body: st("object", activityWith(`{"moreInfo":null}`)), path: "object.definition.moreInfo"},
		{name: "ErrUnknownKey", body: st("object", activityWith(`{"interactiontype":"choice"}`)), path: "object.definition.interactiontype"},
		{name: "ErrInteractionType", body: st("object", activityWith(`{"interactionType":"compound"}`)), path: "object.definition.interactionType"},
		{name: "ErrInteractionTypeCase", body: st("object", activityWith(`{"interactionType":"Other"}`)), path: "object.definition.interactionType"},
		{name: "ErrInteractionTypeNumber", body: st("object", activityWith(`{"interactionType":12345}`)), path: "object.definition.interactionType"},
		{name: "ErrCorrectResponsesWithoutType", body: st("object", activityWith(`{"correctResponsesPattern":["true"]}`)), path: "object.definition.correctResponsesPattern"},
		{name: "ErrCorrectResponsesNotStrings", body: st("object", activityWith(`{"interactionType":"numeric","correctResponsesPattern":[4]}`)), path: "object.definition.correctResponsesPattern[0]"},
		{name: "ErrCorrectResponsesString", body: st("object", activityWith(`{"interactionType":"true-false","correctResponsesPattern":"true"}`)), path: "object.definition.correctResponsesPattern"},
		{name: "ErrChoicesWithoutType", body: st("object", activityWith(`{"choices":[{"id":"a"}]}`)), path: "object.definition.choices"},
		{name: "ErrChoicesOnTrueFalse", body: st("object", activityWith(`{"interactionType":"true-false","choices":[{"id":"a"}]}`)), path: "object.definition.choices"},
		{name: "ErrScaleOnChoice", body: st("object", activityWith(`{"interactionType":"choice","scale":[{"id":"a"}]}`)), path: "object.definition.scale"},
		{name: "ErrStepsOnMatching", body: st("object", activityWith(`{"interactionType":"matching","steps":[{"id":"a"}]}`)), path: "object.definition.steps"},
		{name: "ErrComponentNoID", body: st("object", activityWith(`{"interactionType":"choice","choices":[{"id":"a"},{"description":{"en":"b"}}]}`)), path: "object.definition.choices[1].id"},
		{name: "ErrComponentIDNumber", body: st("object", activityWith(`{"interactionType":"choice","choices":[{"id":1}]}`)), path: "object.definition.choices[0].id"},
		{name: "ErrComponentDuplicateID", body: st("object", activityWith(`{"interactionType":"choice","choices":[{"id":"a"},{"id":"b"},{"id":"a"}]}`)), path: "object.definition.choices[2].id"},
		{name: "ErrComponentExtraKey", body: st("object", activityWith(`{"interactionType":"likert","scale":[{"id":"a","name":"x"}]}`)), path: "object.definition.scale[0].name"},
		{name: "ErrComponentDescription", body: st("object", activityWith(`{"interactionType":"sequencing","choices":[{"id":"a","description":"A"}]}`)), path: "object.definition.choices[0].description"},
		{name: "ErrComponentNotObject", body: st("object", activityWith(`{"interactionType":"choice","choices":["a"]}`)), path: "object.definition.choices[0]"},
		{name: "ErrComponentsNotArray", body: st("object", activityWith(`{"interactionType":"choice","choices":{"id":"a"}}`)), path: "object.definition.choices"},
		{name: "ErrExtensionsString", body: st("object", activityWith(`{"extensions":"x"}`)), path: "object.definition.extensions"},
		{name: "ErrExtensionKeyNotIRI", body: st("object", activityWith(`{"extensions":{"id":"valid","description":{"en-US":"valid"}}}`)), path: `object.definition.extensions["id"]`},
		{name: "OK/ExtensionValueNull", body: st("object", activityWith(`{"extensions":{"http://example.com/null":null}}`)), path: valid},
	})
}

// TestParseLenient: Lenient mode turns an unknown interactionType into a
// Warning whose path points into the batch.
func TestParseLenient(t *testing.T) {
	t.Parallel()
	body := "[" + st() + "," + st("object", activityWith(`{"interactionType":"compound","choices":[{"id":"a"}]}`)) + "]"
	stmts := mustParse(t, body, xapi.Options{Lenient: true})
	if len(stmts[0].Warnings) != 0 {
		t.Errorf("statement 0: warnings %v", stmts[0].Warnings)
	}
	w := stmts[1].Warnings
	if len(w) != 1 || w[0].Path != "[1].object.definition.interactionType" {
		t.Fatalf("statement 1: warnings %v, want one at [1].object.definition.interactionType", w)
	}
	// Lenient mode does not let other problems through.
	probs := problems(t, st("object", activityWith(`{"interactionType":"compound","type":"not an IRI"}`)), xapi.Options{Lenient: true})
	if len(probs) != 1 || probs[0].Path != "object.definition.type" {
		t.Errorf("got %v, want only object.definition.type", probs)
	}
}
