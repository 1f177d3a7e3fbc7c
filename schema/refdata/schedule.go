package refdata

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file computes how much of a learning session falls inside a weekly
// work schedule, in the learner's time zone. ClickHouse only sums what it
// returns: the zone rules (DST), sessions crossing midnight and weekends are
// handled here, in Go, with table tests.

// WorkWeek is a compiled Schedule: for each weekday (indexed by
// time.Weekday, Sunday = 0) the worked minutes of the local day as sorted,
// non-overlapping, non-adjacent ranges.
type WorkWeek [7][]MinuteRange

// MinuteRange is [From, To) in minutes after local midnight; To is at most
// 1440 (24:00).
type MinuteRange struct{ From, To int }

// weekdayOf maps the schedule's day keys to time.Weekday.
var weekdayOf = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

// Compile parses the schedule's ranges and merges overlapping or touching
// ranges of a day. It rejects unknown days and malformed ranges, which
// ParsePerson and ParseSettings already refuse.
func (s Schedule) Compile() (WorkWeek, error) {
	var w WorkWeek
	for day, spans := range s {
		wd, ok := weekdayOf[day]
		if !ok {
			return WorkWeek{}, fmt.Errorf("schedule: unknown day %q", day)
		}
		for _, span := range spans {
			r, err := parseSpan(span)
			if err != nil {
				return WorkWeek{}, fmt.Errorf("schedule %s: %w", day, err)
			}
			w[wd] = append(w[wd], r)
		}
	}
	for d := range w {
		w[d] = merge(w[d])
	}
	return w, nil
}

func parseSpan(span string) (MinuteRange, error) {
	m := spanRE.FindStringSubmatch(span)
	if m == nil {
		return MinuteRange{}, fmt.Errorf("range %q is not HH:MM-HH:MM", span)
	}
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	r := MinuteRange{From: n(m[1])*60 + n(m[2]), To: n(m[3])*60 + n(m[4])}
	if r.To <= r.From || r.To > 24*60 {
		return MinuteRange{}, fmt.Errorf("range %q must end after it starts, within the day", span)
	}
	return r, nil
}

func merge(rs []MinuteRange) []MinuteRange {
	if len(rs) == 0 {
		return nil
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].From < rs[j].From })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.From <= last.To {
			last.To = max(last.To, r.To)
			continue
		}
		out = append(out, r)
	}
	return out
}

// Canonical is the schedule in one normal form, the same for every way of
// writing the same week: worked days in week order, Monday first, each with
// its merged ranges, e.g. "mon=09:00-12:30,13:00-17:00;tue=09:00-17:00".
// A week without any worked minute is "none".
func (w WorkWeek) Canonical() string {
	var b strings.Builder
	for _, day := range Days {
		rs := w[weekdayOf[day]]
		if len(rs) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(';')
		}
		b.WriteString(day)
		b.WriteByte('=')
		for i, r := range rs {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%02d:%02d-%02d:%02d", r.From/60, r.From%60, r.To/60, r.To%60)
		}
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// CanonicalSchedule returns the canonical form of s, or "" for a nil
// schedule, which means "the tenant's default".
func CanonicalSchedule(s Schedule) (string, error) {
	if s == nil {
		return "", nil
	}
	w, err := s.Compile()
	if err != nil {
		return "", err
	}
	return w.Canonical(), nil
}

// ParseWorkWeek reads a canonical schedule (see WorkWeek.Canonical).
func ParseWorkWeek(canonical string) (WorkWeek, error) {
	if canonical == "none" {
		return WorkWeek{}, nil
	}
	if canonical == "" {
		return WorkWeek{}, errors.New("schedule: empty canonical form")
	}
	s := Schedule{}
	for _, part := range strings.Split(canonical, ";") {
		day, spans, ok := strings.Cut(part, "=")
		if !ok {
			return WorkWeek{}, fmt.Errorf("schedule: %q is not day=ranges", part)
		}
		s[day] = append(s[day], strings.Split(spans, ",")...)
	}
	return s.Compile()
}

// ScheduleKey names a schedule in a zone: "<zone>|<canonical schedule>".
// Two learners with the same key have the same working minutes for the
// same session, so minutes are computed once per session and key.
func ScheduleKey(zone, canonical string) string { return zone + "|" + canonical }

// ParseScheduleKey splits a ScheduleKey and compiles its parts.
func ParseScheduleKey(key string) (*time.Location, WorkWeek, error) {
	zone, canonical, ok := strings.Cut(key, "|")
	if !ok {
		return nil, WorkWeek{}, fmt.Errorf("schedule key %q has no zone", key)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, WorkWeek{}, fmt.Errorf("schedule key %q: %w", key, err)
	}
	w, err := ParseWorkWeek(canonical)
	if err != nil {
		return nil, WorkWeek{}, err
	}
	return loc, w, nil
}

// DaySplit is the part of a session that falls on one local calendar day.
type DaySplit struct {
	// Day is the local date, as midnight UTC of that date (the value a
	// ClickHouse Date column stores).
	Day time.Time
	// Total is the session time on that day; Work the part of it inside
	// the schedule.
	Total, Work time.Duration
}

// Split cuts the session [start, end) at local midnights in loc and
// returns, for each local day it touches, the time on that day and the
// time inside the day's worked ranges. Times are real elapsed time: on a
// day when the clocks change, a range 01:00-04:00 that spans the change
// counts the hours that actually passed. Days the session only touches at
// an instant are left out; an empty session gives nil.
func (w *WorkWeek) Split(start, end time.Time, loc *time.Location) []DaySplit {
	if !end.After(start) {
		return nil
	}
	var out []DaySplit
	y, m, d := start.In(loc).Date()
	for day := time.Date(y, m, d, 0, 0, 0, 0, loc); day.Before(end); {
		y, m, d = day.Date()
		next := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
		a, b := later(start, day), earlier(end, next)
		if b.After(a) {
			split := DaySplit{Day: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Total: b.Sub(a)}
			for _, r := range w[day.Weekday()] {
				rs := later(a, time.Date(y, m, d, 0, r.From, 0, 0, loc))
				re := earlier(b, time.Date(y, m, d, 0, r.To, 0, 0, loc))
				if re.After(rs) {
					split.Work += re.Sub(rs)
				}
			}
			out = append(out, split)
		}
		day = next
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
