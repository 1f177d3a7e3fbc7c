package xapi

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"time"
)

// Nominal lengths of the calendar units of a duration. ISO 8601 years and
// months have no fixed length (Data 2.3.1.b8 says so too), so ParseDuration
// uses these fixed values; a statement keeps its duration string as sent.
const (
	NominalDay   = 24 * time.Hour
	NominalWeek  = 7 * NominalDay
	NominalMonth = 30 * NominalDay
	NominalYear  = 365 * NominalDay
)

var (
	errDurationSyntax = errors.New("must be an ISO 8601 duration such as PT1H30M, PT4.5S, P1DT2H or P2W")
	errDurationRange  = errors.New("is longer than time.Duration can hold (about 292 years)")
)

// ParseDuration parses an xAPI duration (Data 4.6: ISO 8601:2004 4.4.3.2, the
// format with designators) into a time.Duration.
//
// The grammar is P[nY][nM][nW|nD][T[nH][nM][nS]] with at least one
// component, where weeks stand alone ("P4W1D" is invalid), "T" must be
// followed by a component, each n is digits, and only the last component may
// carry a fraction ("PT4.5S", "P1,5D"). Signs and the alternative format
// (P0003-01-29T…) are rejected, and so is "P16559.14S" (seconds need the
// "T"). Years, months, weeks and days count as NominalYear (365 days),
// NominalMonth (30 days), NominalWeek and NominalDay; a duration beyond about
// 292 years is a valid xAPI duration but gives an error here.
func ParseDuration(s string) (time.Duration, error) {
	d, err := parseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %s: %w", strconv.Quote(clip(s)), err)
	}
	return d, nil
}

// validDuration checks the syntax only, so that long but well-formed
// durations (P300Y) are accepted by validation.
func validDuration(s string) bool {
	_, err := parseDuration(s)
	return !errors.Is(err, errDurationSyntax)
}

func parseDuration(s string) (time.Duration, error) {
	if len(s) < 2 || s[0] != 'P' {
		return 0, errDurationSyntax
	}
	// designators in the order they may appear, and their unit
	type unit struct {
		d   byte
		len uint64
	}
	date := [...]unit{{'Y', uint64(NominalYear)}, {'M', uint64(NominalMonth)}, {'W', uint64(NominalWeek)}, {'D', uint64(NominalDay)}}
	clock := [...]unit{{'H', uint64(time.Hour)}, {'M', uint64(time.Minute)}, {'S', uint64(time.Second)}}

	var total uint64 // nanoseconds
	overflow := false
	add := func(v uint64) {
		if total+v < total || total+v > math.MaxInt64 {
			overflow = true
		}
		total += v
	}
	i := 1
	components := 0
	weeks := false
	fraction := false // a fraction was seen: it must have been the last component
	inTime := false
	next := 0 // index of the next allowed designator in the current part
	for i < len(s) {
		if s[i] == 'T' {
			if inTime {
				return 0, errDurationSyntax
			}
			inTime, next = true, 0
			i++
			if i == len(s) {
				return 0, errDurationSyntax // "T" without a component
			}
			continue
		}
		if fraction {
			return 0, errDurationSyntax
		}
		// number: digits [ (.|,) digits ]
		start := i
		var whole uint64
		big := false
		for i < len(s) && isDigit(s[i]) {
			if whole > (math.MaxUint64-9)/10 {
				big = true
			} else {
				whole = whole*10 + uint64(s[i]-'0')
			}
			i++
		}
		if i == start {
			return 0, errDurationSyntax
		}
		var frac, scale uint64 = 0, 1 // frac/scale, at most 9 digits kept
		if i < len(s) && (s[i] == '.' || s[i] == ',') {
			i++
			fstart := i
			for i < len(s) && isDigit(s[i]) {
				if scale < 1e9 {
					frac = frac*10 + uint64(s[i]-'0')
					scale *= 10
				}
				i++
			}
			if i == fstart {
				return 0, errDurationSyntax
			}
			fraction = true
		}
		if i == len(s) {
			return 0, errDurationSyntax // a number needs its designator
		}
		units := date[:]
		if inTime {
			units = clock[:]
		}
		found := false
		for k := next; k < len(units); k++ {
			if units[k].d != s[i] {
				continue
			}
			u := units[k].len
			weeks = weeks || units[k].d == 'W'
			hi, lo := bits.Mul64(whole, u)
			if hi != 0 || big {
				overflow = true
			}
			add(lo)
			if frac > 0 {
				fh, fl := bits.Mul64(frac, u)
				q, _ := bits.Div64(fh, fl, scale) // < u, so it fits
				add(q)
			}
			next, found = k+1, true
			break
		}
		if !found {
			return 0, errDurationSyntax
		}
		components++
		i++
	}
	if components == 0 || (weeks && components > 1) {
		return 0, errDurationSyntax
	}
	if overflow {
		return 0, errDurationRange
	}
	return time.Duration(total), nil
}
