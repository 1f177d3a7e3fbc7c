package refdata

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// decodeProblem turns a JSON decoding error into a problem that names the
// field and the expected type, without quoting the value sent (it may be
// personal data, and problems end up in logs).
func decodeProblem(err error) xapi.Problem {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var pe *time.ParseError
	switch {
	case errors.As(err, &te):
		return xapi.Problem{Path: jsonPath(te.Field), Reason: "must be " + typeName(te.Type)}
	case errors.As(err, &pe):
		return xapi.Problem{Reason: "a time is not an RFC 3339 time such as \"2026-03-02T10:00:00Z\""}
	case errors.As(err, &se):
		return xapi.Problem{Reason: "not valid JSON: syntax error at byte " + strconv.FormatInt(se.Offset, 10)}
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		if n, err := strconv.Unquote(name); err == nil && isFieldName(n) {
			return xapi.Problem{Reason: "unknown field " + strconv.Quote(n) + ": see docs/api.md for the fields"}
		}
		return xapi.Problem{Reason: "an unknown field: see docs/api.md for the fields"}
	}
	if strings.Contains(msg, "EOF") {
		return xapi.Problem{Reason: "not valid JSON: the body ends too early"}
	}
	return xapi.Problem{Reason: "not a valid JSON object of the expected fields"}
}

// jsonPath turns the decoder's "actors.0.mbox" into "actors[0].mbox".
func jsonPath(field string) string {
	var sb strings.Builder
	for i, part := range strings.Split(field, ".") {
		if _, err := strconv.Atoi(part); err == nil {
			sb.WriteString("[" + part + "]")
			continue
		}
		if i > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(part)
	}
	return sb.String()
}

func typeName(t reflect.Type) string {
	if t == nil {
		return "of another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeOf(time.Time{}):
		return "an RFC 3339 time as a string, e.g. \"2026-03-02T10:00:00Z\""
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return "an array"
	case t.Kind() == reflect.Struct || t.Kind() == reflect.Map:
		return "an object"
	case t.Kind() == reflect.Bool:
		return "true or false"
	}
	return "of another type"
}

// isFieldName reports whether an unknown key looks like a field name (and
// not like a value put in the wrong place), so that it can be quoted.
func isFieldName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
