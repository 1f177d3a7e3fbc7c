package xapi_test

import (
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func res(r string) string { return st("result", r) }

func TestParseResultProperty(t *testing.T) {
	t.Parallel()
	runRules(t, []ruleCase{
		{name: "OK/Full", body: res(`{"score":{"scaled":0.95,"raw":95,"min":0,"max":100},"success":true,"completion":false,"response":"a[,]b","duration":"PT1H30M","extensions":{"http://example.com/x":[1,2]}}`), path: valid},
		{name: "OK/ScoreEdges", body: res(`{"score":{"scaled":-1,"raw":5,"min":5,"max":5}}`), path: valid},
		{name: "OK/ScoreExponent", body: res(`{"score":{"scaled":1e-1,"raw":-2.5E2}}`), path: valid},
		{name: "OK/EmptyScore", body: res(`{"score":{}}`), path: valid},
		{name: "OK/Durations", body: "[" + res(`{"duration":"P3Y1M29DT4H35M59.14S"}`) + "," + res(`{"duration":"P4W"}`) + "," + res(`{"duration":"PT16559.14S"}`) + "," + res(`{"duration":"P300Y"}`) + "]", path: valid},
		{name: "ErrNotObject", body: res(`"passed"`), path: "result"},
		{name: "ErrUnknownKey", body: res(`{"passed":true}`), path: "result.passed"},
		{name: "ErrScaledHigh", body: res(`{"score":{"scaled":1.01}}`), path: "result.score.scaled"},
		{name: "ErrScaledLow", body: res(`{"score":{"scaled":-1.5}}`), path: "result.score.scaled"},
		{name: "ErrRawAboveMax", body: res(`{"score":{"raw":11,"max":10}}`), path: "result.score.raw"},
		{name: "ErrRawBelowMin", body: res(`{"score":{"raw":1,"min":2}}`), path: "result.score.raw"},
		{name: "ErrMinAboveMax", body: res(`{"score":{"min":3,"max":2}}`), path: "result.score.min"},
		{name: "ErrScoreString", body: res(`{"score":{"max":"100"}}`), path: "result.score.max"},
		{name: "ErrScoreNull", body: res(`{"score":{"raw":null}}`), path: "result.score.raw"},
		{name: "ErrScoreHuge", body: res(`{"score":{"raw":1e999}}`), path: "result.score.raw"},
		{name: "ErrScoreUnknownKey", body: res(`{"score":{"percent":50}}`), path: "result.score.percent"},
		{name: "ErrScoreNotObject", body: res(`{"score":50}`), path: "result.score"},
		{name: "ErrSuccessString", body: res(`{"success":"true"}`), path: "result.success"},
		{name: "ErrCompletionNumber", body: res(`{"completion":1}`), path: "result.completion"},
		{name: "ErrResponseNumber", body: res(`{"response":42}`), path: "result.response"},
		{name: "ErrDurationGarbage", body: res(`{"duration":"should fail"}`), path: "result.duration"},
		{name: "ErrDurationWeeksMixed", body: res(`{"duration":"P4W1D"}`), path: "result.duration"},
		{name: "ErrDurationNumber", body: res(`{"duration":12345}`), path: "result.duration"},
		{name: "ErrDurationNoT", body: res(`{"duration":"P16559.14S"}`), path: "result.duration"},
		{name: "ErrExtensionsKey", body: res(`{"extensions":{"should fail":1}}`), path: `result.extensions["should fail"]`},
	})
}

func TestDurationValue(t *testing.T) {
	t.Parallel()
	var none *xapi.Result
	if _, ok, err := none.DurationValue(); ok || err != nil {
		t.Errorf("nil result: ok %v, err %v", ok, err)
	}
	if _, ok, err := (&xapi.Result{}).DurationValue(); ok || err != nil {
		t.Errorf("no duration: ok %v, err %v", ok, err)
	}
	if d, ok, err := (&xapi.Result{Duration: "PT1M"}).DurationValue(); !ok || err != nil || d != time.Minute {
		t.Errorf("PT1M: %v %v %v", d, ok, err)
	}
	if _, ok, err := (&xapi.Result{Duration: "1 minute"}).DurationValue(); !ok || err == nil {
		t.Errorf("bad duration: ok %v, err %v", ok, err)
	}
}
