package xapi

import (
	"fmt"
	"time"

	"github.com/segmentio/encoding/json"
)

// Decode reads a statement into the typed model. It is meant for statements
// that passed Parse (or were stored by the LRS) and does not validate:
// unknown members are ignored, and a timestamp or stored value that does not
// parse is left as the zero time. Timestamps are read with ParseTimestamp, so
// every form Parse accepts decodes, and come out in UTC.
func Decode(raw []byte) (*Statement, error) {
	s := new(Statement)
	if err := json.Unmarshal(raw, s); err != nil {
		return nil, fmt.Errorf("decode statement: %w", err)
	}
	return s, nil
}

// UnmarshalJSON reads a statement, parsing its timestamps with
// ParseTimestamp rather than as RFC 3339 only.
func (s *Statement) UnmarshalJSON(b []byte) error {
	type plain Statement
	var w struct {
		*plain
		Timestamp string `json:"timestamp"`
		Stored    string `json:"stored"`
	}
	w.plain = (*plain)(s)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	s.Timestamp = tolerantTime(w.Timestamp)
	s.Stored = tolerantTime(w.Stored)
	return nil
}

// UnmarshalJSON reads an object, parsing a SubStatement's timestamp with
// ParseTimestamp.
func (o *Object) UnmarshalJSON(b []byte) error {
	type plain Object
	var w struct {
		*plain
		Timestamp string `json:"timestamp"`
	}
	w.plain = (*plain)(o)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	o.Timestamp = tolerantTime(w.Timestamp)
	return nil
}

func tolerantTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := parseAnyTimestamp(s)
	return t
}
