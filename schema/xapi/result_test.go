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

func TestParseDuration(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"PT1H30M", 90 * time.Minute},
		{"PT4.5S", 4500 * time.Millisecond},
		{"PT0,5S", 500 * time.Millisecond},
		{"P1DT2H", day + 2*time.Hour},
		{"P2W", 14 * day},
		{"PT0S", 0},
		{"PT1234S", 1234 * time.Second},
		{"PT4H35M59.14S", 4*time.Hour + 35*time.Minute + 59140*time.Millisecond},
		{"PT0.000000001S", 1},
		{"PT1.9999999999S", 1999999999},
		{"P1Y", 365 * day},
		{"P1M", 30 * day},
		{"P3Y1M29DT4H35M59.14S", (3*365+30+29)*day + 4*time.Hour + 35*time.Minute + 59140*time.Millisecond},
		{"P1.5D", 36 * time.Hour},
		{"PT0.5H", 30 * time.Minute},
		{"P0D", 0},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := xapi.ParseDuration(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
	for _, in := range []string{
		"", "P", "PT", "T1H", "1H", "PT1H30", "P4W1D", "P1YT", "PA1H0M0S", "should fail",
		"-PT1S", "P-1D", "PT1.S", "PT.5S", "PT1.5H30M", "P1DT1H1H", "PT1M1H", "P1M1Y",
		"P16559.14S", "P0003-01-29T04:35:59", "pt1h", "PT1h", "P1W1W", "PT1S ", " PT1S",
	} {
		t.Run("Err/"+in, func(t *testing.T) {
			if d, err := xapi.ParseDuration(in); err == nil {
				t.Errorf("ParseDuration(%q) = %v, want an error", in, d)
			}
		})
	}
	t.Run("ErrRange", func(t *testing.T) {
		for _, in := range []string{"P300Y", "PT99999999999999999999S", "P9999999999999999999D"} {
			if _, err := xapi.ParseDuration(in); err == nil {
				t.Errorf("ParseDuration(%q): want a range error", in)
			}
		}
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
