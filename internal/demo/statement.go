package demo

import (
	"fmt"
	"math"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/profile"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

type verbKind uint8

const (
	vRegistered verbKind = iota
	vUnregistered
	vLaunched
	vInitialized
	vProgressed
	vCompleted
	vPassed
	vFailed
	vTerminated
	vAbandoned
	vExperienced
	vVoided
	numVerbs
)

var verbs = [numVerbs]xapi.Verb{
	vRegistered:   {ID: profile.VerbRegistered, Display: xapi.LanguageMap{"en-US": "registered"}},
	vUnregistered: {ID: profile.VerbUnregistered, Display: xapi.LanguageMap{"en-US": "unregistered"}},
	vLaunched:     {ID: profile.VerbLaunched, Display: xapi.LanguageMap{"en-US": "launched"}},
	vInitialized:  {ID: profile.VerbInitialized, Display: xapi.LanguageMap{"en-US": "initialized"}},
	vProgressed:   {ID: profile.VerbProgressed, Display: xapi.LanguageMap{"en-US": "progressed"}},
	vCompleted:    {ID: profile.VerbCompleted, Display: xapi.LanguageMap{"en-US": "completed"}},
	vPassed:       {ID: profile.VerbPassed, Display: xapi.LanguageMap{"en-US": "passed"}},
	vFailed:       {ID: profile.VerbFailed, Display: xapi.LanguageMap{"en-US": "failed"}},
	vTerminated:   {ID: profile.VerbTerminated, Display: xapi.LanguageMap{"en-US": "terminated"}},
	vAbandoned:    {ID: profile.VerbAbandoned, Display: xapi.LanguageMap{"en-US": "abandoned"}},
	vExperienced:  {ID: profile.VerbExperienced, Display: xapi.LanguageMap{"en-US": "experienced"}},
	vVoided:       {ID: profile.VerbVoided, Display: xapi.LanguageMap{"en-US": "voided"}},
}

// stmt is a generated statement in compact form; encode writes its JSON.
type stmt struct {
	at       time.Time
	id       string
	actor    *xapi.Actor
	lxp      bool // from the LXP: timestamp with the learner's offset
	loc      *time.Location
	verb     verbKind
	act      *activity
	target   string // the voided statement
	reg      string
	session  string
	dur      time.Duration
	cost     int64 // cents; 0 is none
	currency string
	budget   string
	score    float64 // scaled; NaN is none
	progress int     // percent; -1 is none
	workTime bool    // the work-time extension, true
	moveOn   string  // cmi5 moveOn criterion of the AU
}

// object is an Activity or a StatementRef. (xapi.Object's omitzero on
// its SubStatement timestamp is not honoured by segmentio/encoding.)
type object struct {
	ObjectType string                   `json:"objectType,omitempty"`
	ID         string                   `json:"id"`
	Definition *xapi.ActivityDefinition `json:"definition,omitempty"`
}

// statement is the JSON form of a statement.
type statement struct {
	ID        string        `json:"id"`
	Actor     *xapi.Actor   `json:"actor"`
	Verb      xapi.Verb     `json:"verb"`
	Object    object        `json:"object"`
	Result    *xapi.Result  `json:"result,omitempty"`
	Context   *xapi.Context `json:"context,omitempty"`
	Timestamp string        `json:"timestamp"`
}

const timestampLayout = "2006-01-02T15:04:05.000Z07:00"

var (
	rawTrue     = json.RawMessage("true")
	cmi5Context = xapi.ActivityList{{ID: cmi5Category}}
	cmi5MoveOnC = xapi.ActivityList{{ID: cmi5Category}, {ID: cmi5MoveOnCategory}}
)

// cmi5 reports whether the statement belongs to a cmi5 session.
func (s *stmt) cmi5() bool { return s.session != "" }

// appendJSON appends the statement's JSON to b.
func (s *stmt) appendJSON(b []byte) ([]byte, error) {
	out := statement{ID: s.id, Actor: s.actor, Verb: verbs[s.verb]}
	if s.lxp {
		out.Timestamp = s.at.In(s.loc).Format(timestampLayout)
	} else {
		out.Timestamp = s.at.UTC().Format(timestampLayout)
	}
	if s.verb == vVoided {
		out.Object = object{ObjectType: xapi.TypeStatementRef, ID: s.target}
		return json.Append(b, &out, json.SortMapKeys)
	}
	out.Object = object{ID: s.act.id, Definition: s.act.def}

	var res xapi.Result
	hasResult := false
	if s.dur > 0 {
		res.Duration, hasResult = isoDuration(s.dur), true
	}
	switch s.verb {
	case vCompleted:
		res.Completion, hasResult = ptr(true), true
	case vPassed, vFailed:
		res.Success, hasResult = ptr(s.verb == vPassed), true
	}
	if !math.IsNaN(s.score) {
		raw := math.Round(s.score * 100)
		res.Score = &xapi.Score{Scaled: ptr(raw / 100), Raw: ptr(raw), Min: ptr(0.0), Max: ptr(100.0)}
	}
	if s.progress >= 0 {
		res.Extensions, hasResult = map[string]json.RawMessage{cmi5Progress: fmt.Append(nil, s.progress)}, true
	}
	if hasResult {
		out.Result = &res
	}

	ctx := &xapi.Context{Registration: s.reg, Platform: lmsPlatform, Language: "en-US"}
	if s.lxp {
		ctx.Platform = lxpPlatform
	}
	ext := map[string]json.RawMessage{}
	if s.cost > 0 {
		ext[profile.ExtCost] = fmt.Appendf(nil, `{"amount":%q,"currency":%q}`, cents(s.cost), s.currency)
	}
	if s.budget != "" {
		ext[profile.ExtBudget] = jsonString(s.budget)
	}
	if s.workTime {
		ext[profile.ExtWorkTime] = rawTrue
	}
	if s.cmi5() {
		ext[cmi5SessionID] = jsonString(s.session)
		switch s.verb {
		case vLaunched:
			ext[cmi5LaunchMode] = jsonString("Normal")
			ext[cmi5LaunchURL] = jsonString(s.act.id + "/launch")
			ext[cmi5MoveOn] = jsonString(s.moveOn)
			ctx.ContextActivities = &xapi.ContextActivities{Category: cmi5Context}
		case vInitialized, vTerminated, vAbandoned:
			ctx.ContextActivities = &xapi.ContextActivities{Category: cmi5Context}
		case vCompleted, vPassed, vFailed:
			ctx.ContextActivities = &xapi.ContextActivities{Category: cmi5MoveOnC}
		}
	}
	if len(ext) > 0 {
		ctx.Extensions = ext
	}
	out.Context = ctx
	return json.Append(b, &out, json.SortMapKeys)
}

func ptr[T any](v T) *T { return &v }

// isoDuration writes d, whole seconds, as an ISO 8601 duration: PT1H2M3S.
func isoDuration(d time.Duration) string {
	sec := int64(d.Round(time.Second) / time.Second)
	h, m, s := sec/3600, sec/60%60, sec%60
	b := []byte("PT")
	if h > 0 {
		b = fmt.Appendf(b, "%dH", h)
	}
	if m > 0 {
		b = fmt.Appendf(b, "%dM", m)
	}
	if s > 0 || h == 0 && m == 0 {
		b = fmt.Appendf(b, "%dS", s)
	}
	return string(b)
}
