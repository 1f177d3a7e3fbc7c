package xapi

import (
	"errors"
	"strconv"
	"time"
)

// ParseTimestamp parses an xAPI Timestamp (Data 4.5) and returns the instant
// in UTC.
//
// Accepted is ISO 8601 date and time of day, in extended or basic format, as
// the ADL conformance suite asks (XAPI-00123):
//
//	2026-11-23T13:01:02.345Z      2026-11-23T14:01:02,345+01:00
//	2026-11-23T13:01Z             20261123T130102.345+0100
//	2026-11-23T13:01:02.345-05    2026-11-23T13:01:02.345   (no zone: taken as UTC)
//
// The date is YYYY-MM-DD or YYYYMMDD, then "T", then hh:mm[:ss[.f]] or
// hhmm[ss[.f]] (a fraction with "." or ",", any number of digits, kept to the
// nanosecond), then optionally "Z" or an offset ±hh, ±hhmm or ±hh:mm. Dates
// must exist (no February 30), hours run 00-23 and seconds 00-59 (24:00 and
// leap seconds are rejected). The "unknown local offset" forms "-00", "-0000"
// and "-00:00" are rejected, as the conformance suite requires. A timestamp
// without a zone is accepted (Data 4.5 says it SHOULD include one) and read
// as UTC. The instant must fall in the years 0000-9999 in UTC, so that it can
// be written back as RFC 3339.
func ParseTimestamp(s string) (time.Time, error) {
	t, code := parseTimestamp(s)
	if code != tsOK {
		return time.Time{}, errors.New("invalid timestamp " + strconv.Quote(clip(s)) + ": " + tsReasons[code])
	}
	return t, nil
}

const (
	tsOK = iota
	tsSyntax
	tsDate
	tsTime
	tsNegZero
	tsOffset
	tsRange
)

var tsReasons = [...]string{
	tsOK:      "",
	tsSyntax:  "must be an ISO 8601 date and time such as 2026-11-23T13:01:02.345Z",
	tsDate:    "is not a calendar date",
	tsTime:    "has a time of day out of range (hours 00-23, minutes and seconds 00-59)",
	tsNegZero: "must not use the offset -00, -0000 or -00:00 (use Z or +00:00)",
	tsOffset:  "has an offset out of range",
	tsRange:   "is outside the years 0000-9999 once converted to UTC",
}

// parseTimestamp is ParseTimestamp without allocating: it returns a reason
// code instead of an error.
func parseTimestamp(s string) (time.Time, int) {
	var year, month, day, hour, min, sec, nsec int
	ok := false
	i := 0
	num := func(n int) (int, bool) {
		if i+n > len(s) {
			return 0, false
		}
		v := 0
		for j := i; j < i+n; j++ {
			if !isDigit(s[j]) {
				return 0, false
			}
			v = v*10 + int(s[j]-'0')
		}
		i += n
		return v, true
	}
	if year, ok = num(4); !ok {
		return time.Time{}, tsSyntax
	}
	extended := i < len(s) && s[i] == '-'
	if extended {
		i++
	}
	if month, ok = num(2); !ok {
		return time.Time{}, tsSyntax
	}
	if extended {
		if i >= len(s) || s[i] != '-' {
			return time.Time{}, tsSyntax
		}
		i++
	}
	if day, ok = num(2); !ok {
		return time.Time{}, tsSyntax
	}
	if i >= len(s) || s[i] != 'T' {
		return time.Time{}, tsSyntax
	}
	i++
	if hour, ok = num(2); !ok {
		return time.Time{}, tsSyntax
	}
	if extended {
		if i >= len(s) || s[i] != ':' {
			return time.Time{}, tsSyntax
		}
		i++
	}
	if min, ok = num(2); !ok {
		return time.Time{}, tsSyntax
	}
	// optional seconds
	hasSec := false
	if extended {
		if i < len(s) && s[i] == ':' {
			i++
			hasSec = true
		}
	} else if i < len(s) && isDigit(s[i]) {
		hasSec = true
	}
	if hasSec {
		if sec, ok = num(2); !ok {
			return time.Time{}, tsSyntax
		}
		if i < len(s) && (s[i] == '.' || s[i] == ',') {
			i++
			start := i
			scale := 100000000
			for i < len(s) && isDigit(s[i]) {
				nsec += int(s[i]-'0') * scale
				scale /= 10
				i++
			}
			if i == start {
				return time.Time{}, tsSyntax
			}
		}
	}
	// zone
	offset := 0
	switch {
	case i == len(s):
	case s[i] == 'Z':
		i++
	case s[i] == '+' || s[i] == '-':
		neg := s[i] == '-'
		i++
		oh, ok := num(2)
		if !ok {
			return time.Time{}, tsSyntax
		}
		om := 0
		if i < len(s) {
			if s[i] == ':' {
				i++
			}
			if om, ok = num(2); !ok {
				return time.Time{}, tsSyntax
			}
		}
		if oh > 23 || om > 59 {
			return time.Time{}, tsOffset
		}
		if neg && oh == 0 && om == 0 {
			return time.Time{}, tsNegZero
		}
		offset = oh*3600 + om*60
		if neg {
			offset = -offset
		}
	default:
		return time.Time{}, tsSyntax
	}
	if i != len(s) {
		return time.Time{}, tsSyntax
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return time.Time{}, tsDate
	}
	if hour > 23 || min > 59 || sec > 59 {
		return time.Time{}, tsTime
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC)
	t = t.Add(-time.Duration(offset) * time.Second)
	if y := t.Year(); y < 0 || y > 9999 {
		return time.Time{}, tsRange
	}
	return t, tsOK
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// appendTimestamp writes t as the LRS writes timestamps: RFC 3339 in UTC with
// milliseconds, "2026-11-23T13:01:02.345Z".
func appendTimestamp(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, "2006-01-02T15:04:05.000Z07:00")
}

// appendInstant writes t in UTC with as many fraction digits as it needs; the
// canonical form uses it so that the same instant always hashes the same.
func appendInstant(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, "2006-01-02T15:04:05.999999999Z07:00")
}

// parseRFC3339 parses an xAPI 2.0 timestamp: an RFC 3339 date-time (section
// 5.6), "YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm)", where the separator may also
// be "t" or a space (the note in 5.6) and "z" stands for "Z". The offset
// "-00:00" is rejected as in xAPI 1.0.x.
func parseRFC3339(s string) (time.Time, int) {
	n, ok := rfc3339Shape(s)
	if !ok {
		return time.Time{}, tsSyntax
	}
	return parseTimestamp(n)
}

// rfc3339Shape checks the layout RFC 3339 requires beyond what
// parseTimestamp checks, and returns s with "T" and "Z" normalised.
func rfc3339Shape(s string) (string, bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' {
		return "", false
	}
	switch s[10] {
	case 'T', 't', ' ':
	default:
		return "", false
	}
	i := 19
	if s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	switch rest := s[i:]; {
	case rest == "Z" || rest == "z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
	default:
		return "", false
	}
	if s[10] == 'T' && s[len(s)-1] != 'z' {
		return s, true
	}
	b := []byte(s)
	b[10] = 'T'
	if b[len(b)-1] == 'z' {
		b[len(b)-1] = 'Z'
	}
	return string(b), true
}

// parseAnyTimestamp parses a timestamp valid under the rules of any xAPI
// version: ISO 8601 as parseTimestamp reads it, or RFC 3339 with a space
// or lowercase separators.
func parseAnyTimestamp(s string) (time.Time, int) {
	t, code := parseTimestamp(s)
	if code == tsSyntax {
		if n, ok := rfc3339Shape(s); ok {
			return parseTimestamp(n)
		}
	}
	return t, code
}
