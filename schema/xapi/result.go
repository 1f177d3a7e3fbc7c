package xapi

import (
	"strconv"
	"time"
)

// Result is a statement's measured outcome (Data 2.4.5).
type Result struct {
	Score      *Score     `json:"score,omitempty"`
	Success    *bool      `json:"success,omitempty"`
	Completion *bool      `json:"completion,omitempty"`
	Response   string     `json:"response,omitempty"`
	Duration   string     `json:"duration,omitempty"`
	Extensions Extensions `json:"extensions,omitempty"`
}

// Score is a Result's score (Data 2.4.5.1).
type Score struct {
	Scaled *float64 `json:"scaled,omitempty"`
	Raw    *float64 `json:"raw,omitempty"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
}

// DurationValue returns the duration as a time.Duration, whether the result
// has one, and an error if it does not parse (see ParseDuration for how
// years and months are counted).
func (r *Result) DurationValue() (time.Duration, bool, error) {
	if r == nil || r.Duration == "" {
		return 0, false, nil
	}
	d, err := ParseDuration(r.Duration)
	return d, true, err
}

var resultKeys = [...]string{"score", "success", "completion", "response", "duration", "extensions"}

// result validates a Result at the current path.
func (v *validator) result(n int32) {
	if !v.wantKind(n, kindObject, "a Result object") {
		return
	}
	var f [len(resultKeys)]int32
	v.fields(n, resultKeys[:], f[:], "a Result")
	if m := f[0]; m >= 0 {
		v.pushField("score")
		v.score(m)
		v.pop()
	}
	for _, i := range [...]int{1, 2} {
		if m := f[i]; m >= 0 {
			v.pushField(resultKeys[i])
			v.wantKind(m, kindTrue, "a boolean (true or false, not a string)")
			v.pop()
		}
	}
	if m := f[3]; m >= 0 {
		v.pushField("response")
		v.wantKind(m, kindString, "a string")
		v.pop()
	}
	if m := f[4]; m >= 0 {
		v.pushField("duration")
		if v.wantKind(m, kindString, "an ISO 8601 duration string") {
			if s := v.str(m); !validDuration(view(s)) {
				v.problem(errDurationSyntax.Error() + " (Data 4.6), got " + quote(s))
			} else {
				v.nodes[m].flags |= flagDuration
			}
		}
		v.pop()
	}
	if m := f[5]; m >= 0 {
		v.pushField("extensions")
		v.extensions(m)
		v.pop()
	}
}

var scoreKeys = [...]string{"scaled", "raw", "min", "max"}

// score validates a Score: numbers, scaled within [-1, 1], min not above
// max, raw within [min, max] (Data 2.4.5.1). min equal to max is accepted.
func (v *validator) score(n int32) {
	if !v.wantKind(n, kindObject, "a Score object") {
		return
	}
	var f [len(scoreKeys)]int32
	v.fields(n, scoreKeys[:], f[:], "a Score")
	var val [len(scoreKeys)]float64
	var ok [len(scoreKeys)]bool
	for i, name := range scoreKeys {
		m := f[i]
		if m < 0 {
			continue
		}
		v.pushField(name)
		if v.wantKind(m, kindNumber, "a number (not a string)") {
			x, err := strconv.ParseFloat(view(v.raw(m)), 64)
			if err != nil {
				v.problem("is out of range for a number")
			} else {
				val[i], ok[i] = x, true
			}
		}
		v.pop()
	}
	const scaled, raw, min, max = 0, 1, 2, 3
	if ok[scaled] && (val[scaled] < -1 || val[scaled] > 1) {
		v.problemAt("scaled", "must be between -1 and 1 inclusive, got "+num(val[scaled]))
	}
	if ok[min] && ok[max] && val[min] > val[max] {
		v.problemAt("min", "must not be greater than max ("+num(val[min])+" > "+num(val[max])+")")
	}
	if ok[raw] && ok[min] && val[raw] < val[min] {
		v.problemAt("raw", "must not be less than min ("+num(val[raw])+" < "+num(val[min])+")")
	}
	if ok[raw] && ok[max] && val[raw] > val[max] {
		v.problemAt("raw", "must not be greater than max ("+num(val[raw])+" > "+num(val[max])+")")
	}
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
