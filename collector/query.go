package collector

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// statementQuery is a statement query (GET /statements without statementId
// or voidedStatementId, Communication 2.1.3) as the store runs it and as a
// "more" cursor carries it. Identifiers are normalised: the agent is its
// IFI (xapi.Actor.IFI), the registration lowercase.
type statementQuery struct {
	Agent             string `json:"a,omitempty"`
	RelatedAgents     bool   `json:"ra,omitempty"`
	Verb              string `json:"v,omitempty"`
	Activity          string `json:"ac,omitempty"`
	RelatedActivities bool   `json:"rac,omitempty"`
	Registration      string `json:"r,omitempty"`
	// Since is exclusive, Until inclusive, both in Unix milliseconds of
	// "stored"; nil when not given.
	Since       *int64 `json:"si,omitempty"`
	Until       *int64 `json:"u,omitempty"`
	Limit       int    `json:"l,omitempty"`
	Format      string `json:"f,omitempty"`
	Attachments bool   `json:"at,omitempty"`
	Ascending   bool   `json:"as,omitempty"`
	// Client restricts the query to one client's statements, for clients
	// that hold only statements/read/mine.
	Client string `json:"c,omitempty"`
}

// filtered reports whether the query has filters a StatementRef's target
// can meet (all but the time and sequence ones).
func (q *statementQuery) filtered() bool {
	return q.Agent != "" || q.Verb != "" || q.Activity != "" || q.Registration != ""
}

// queryParams are the parameters of a statement query; single-statement
// GETs accept only statementId or voidedStatementId with format and
// attachments.
var queryParams = map[string]bool{
	"agent": true, "verb": true, "activity": true, "registration": true,
	"related_activities": true, "related_agents": true, "since": true, "until": true,
	"limit": true, "format": true, "attachments": true, "ascending": true,
}

func paramError(name, why string) *Error {
	return &Error{Status: http.StatusBadRequest, Reason: "parameter", Field: name, Message: why}
}

// single returns the value of a parameter that may be given once.
func single(q url.Values, name string) (string, bool, error) {
	vs, ok := q[name]
	if !ok {
		return "", false, nil
	}
	if len(vs) != 1 {
		return "", false, paramError(name, "is given "+strconv.Itoa(len(vs))+" times: give it once")
	}
	return vs[0], true, nil
}

func boolParam(q url.Values, name string) (bool, error) {
	v, ok, err := single(q, name)
	if err != nil || !ok {
		return false, err
	}
	switch v {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, paramError(name, "must be true or false (lowercase, as in JSON), got "+quote(v))
}

func timeParam(q url.Values, name string) (*int64, error) {
	v, ok, err := single(q, name)
	if err != nil || !ok {
		return nil, err
	}
	t, err := xapi.ParseTimestamp(v)
	if err != nil {
		return nil, paramError(name, "must be an ISO 8601 timestamp such as 2026-11-23T13:01:02.345Z, got "+quote(v))
	}
	// Stored times are kept to the millisecond; since is exclusive and
	// until inclusive of the stored time as returned, so both compare with
	// the instant truncated to the millisecond.
	ms := t.Truncate(time.Millisecond).UnixMilli()
	return &ms, nil
}

func formatParam(q url.Values) (string, error) {
	v, ok, err := single(q, "format")
	if err != nil || !ok {
		return xapi.FormatExact, err
	}
	switch v {
	case xapi.FormatExact, xapi.FormatIDs, xapi.FormatCanonical:
		return v, nil
	}
	return "", paramError("format", `must be "ids", "exact" or "canonical", got `+quote(v))
}

// parseStatementQuery reads a statement query. Unknown parameters,
// including known ones in another case, are a 400 (Communication 3.2).
func parseStatementQuery(q url.Values, maxLimit int) (statementQuery, error) {
	var sq statementQuery
	for name := range q {
		if !queryParams[name] {
			return sq, unknownParam(name, "a statement query")
		}
	}
	if v, ok, err := single(q, "agent"); err != nil {
		return sq, err
	} else if ok {
		a, err := xapi.ParseAgentParam([]byte(v), "agent", true)
		if err != nil {
			return sq, err
		}
		sq.Agent = a.IFI()
	}
	if v, ok, err := single(q, "verb"); err != nil {
		return sq, err
	} else if ok {
		if !xapi.ValidIRI(v) {
			return sq, paramError("verb", "must be a Verb id (an absolute IRI), got "+quote(v))
		}
		sq.Verb = v
	}
	if v, ok, err := single(q, "activity"); err != nil {
		return sq, err
	} else if ok {
		if !xapi.ValidIRI(v) {
			return sq, paramError("activity", "must be an Activity id (an absolute IRI), got "+quote(v))
		}
		sq.Activity = v
	}
	if v, ok, err := single(q, "registration"); err != nil {
		return sq, err
	} else if ok {
		if !xapi.ValidUUID(v) {
			return sq, paramError("registration", "must be a UUID, got "+quote(v))
		}
		sq.Registration = strings.ToLower(v)
	}
	var err error
	if sq.RelatedAgents, err = boolParam(q, "related_agents"); err != nil {
		return sq, err
	}
	if sq.RelatedActivities, err = boolParam(q, "related_activities"); err != nil {
		return sq, err
	}
	if sq.Attachments, err = boolParam(q, "attachments"); err != nil {
		return sq, err
	}
	if sq.Ascending, err = boolParam(q, "ascending"); err != nil {
		return sq, err
	}
	if sq.Since, err = timeParam(q, "since"); err != nil {
		return sq, err
	}
	if sq.Until, err = timeParam(q, "until"); err != nil {
		return sq, err
	}
	if sq.Format, err = formatParam(q); err != nil {
		return sq, err
	}
	sq.Limit = maxLimit
	if v, ok, err := single(q, "limit"); err != nil {
		return sq, err
	} else if ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return sq, paramError("limit", "must be a non-negative integer, got "+quote(v))
		}
		if n > 0 && n < maxLimit {
			sq.Limit = n
		}
	}
	return sq, nil
}

func unknownParam(name, where string) *Error {
	for known := range queryParams {
		if strings.EqualFold(known, name) {
			return paramError(name, "is not a parameter of "+where+": parameter names are case-sensitive, use "+quote(known))
		}
	}
	for _, known := range []string{"statementId", "voidedStatementId", "more"} {
		if strings.EqualFold(known, name) && known != name {
			return paramError(name, "is not a parameter of "+where+": parameter names are case-sensitive, use "+quote(known))
		}
	}
	return paramError(name, "is not a parameter of "+where)
}
