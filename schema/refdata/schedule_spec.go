package refdata

import (
	"slices"
	"strings"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// This file reads and writes the compact schedule syntax of the CSV import
// ("mon-fri 09:00-12:30 13:00-17:00; sat 10:00-12:00") and normalises
// schedules sent as JSON.

// normalizeSchedule returns s with each day's ranges sorted and days
// without ranges dropped, and adds a problem for ranges of one day that
// overlap (their minutes would count twice). Call it after checkSchedule;
// a schedule with problems is returned unchanged. nil stays nil.
func normalizeSchedule(ps *problems, path string, s Schedule) Schedule {
	if s == nil || hasProblemUnder(*ps, path) {
		return s
	}
	out := make(Schedule, len(s))
	for _, day := range Days {
		spans := slices.Clone(s[day])
		if len(spans) == 0 {
			continue
		}
		slices.Sort(spans) // "HH:MM-HH:MM" sorts by start time
		if a, b, ok := overlap(spans); ok {
			ps.add(path+"."+day, "ranges "+a+" and "+b+" overlap")
		}
		out[day] = spans
	}
	return out
}

// overlap finds two overlapping ranges in sorted valid ranges.
func overlap(sorted []string) (string, string, bool) {
	for i := 1; i < len(sorted); i++ {
		if sorted[i][:5] < sorted[i-1][6:] {
			return sorted[i-1], sorted[i], true
		}
	}
	return "", "", false
}

func hasProblemUnder(ps problems, path string) bool {
	for _, p := range ps {
		if p.Path == path || strings.HasPrefix(p.Path, path+".") {
			return true
		}
	}
	return false
}

// ParseScheduleSpec parses the compact schedule syntax of CSV files:
//
//	mon-fri 09:00-12:30 13:00-17:00; sat 10:00-12:00
//
// Groups are separated by ";". A group is one or more days, then one or
// more time ranges. Days are mon, tue, wed, thu, fri, sat, sun (any case),
// as a list ("mon,wed,fri"), a range forward through the week ("mon-fri"),
// or both ("mon-wed,fri"). Ranges are "HH:MM-HH:MM" ("9:00" is read as
// "09:00"; "24:00" ends at midnight), separated by spaces or commas; the
// ranges of a group must not overlap. A day may appear in one group only.
// An empty spec is a nil Schedule (the tenant's default). The result is
// normalised as the JSON work_schedule is; problems have the path
// "work_schedule" and quote the group they are about.
func ParseScheduleSpec(spec string) (Schedule, error) {
	const path = "work_schedule"
	if strings.TrimSpace(spec) == "" {
		return nil, nil
	}
	var ps problems
	s := Schedule{}
	for _, group := range strings.Split(spec, ";") {
		group = strings.TrimSpace(group)
		if group == "" {
			continue
		}
		in := "in " + quoteSpec(group) + ": "
		cut := strings.IndexAny(group, "0123456789")
		if cut < 0 {
			ps.add(path, in+"give one or more time ranges after the days, e.g. \"mon-fri 09:00-17:00\"")
			continue
		}
		days, reason := parseSpecDays(group[:cut])
		if reason != "" {
			ps.add(path, in+reason)
			continue
		}
		var spans []string
		for _, r := range strings.FieldsFunc(group[cut:], isSpecSeparator) {
			span, ok := parseSpecSpan(r)
			if !ok {
				ps.add(path, in+quoteSpec(r)+" is not a time range HH:MM-HH:MM, e.g. \"09:00-17:00\"")
				continue
			}
			if reason := checkSpan(span); reason != "" {
				ps.add(path, in+quoteSpec(r)+" "+reason)
				continue
			}
			spans = append(spans, span)
		}
		slices.Sort(spans)
		if a, b, ok := overlap(spans); ok {
			ps.add(path, in+"ranges "+a+" and "+b+" overlap")
		}
		for _, d := range days {
			if _, dup := s[d]; dup {
				ps.add(path, "day "+d+" is given twice: give each day in one group")
				continue
			}
			s[d] = slices.Clone(spans)
		}
	}
	if len(ps) == 0 {
		checkSchedule(&ps, path, s)
		s = normalizeSchedule(&ps, path, s)
	}
	if len(ps) > 0 {
		return nil, &xapi.ValidationError{Problems: ps}
	}
	if len(s) == 0 { // only separators: no schedule given
		return nil, nil
	}
	return s, nil
}

func isSpecSeparator(c rune) bool { return c == ',' || c == ' ' || c == '\t' }

// parseSpecDays reads "mon-fri", "mon,wed" or "mon-wed, fri"; it returns
// the days in week order, or a reason.
func parseSpecDays(text string) ([]string, string) {
	items := strings.FieldsFunc(text, isSpecSeparator)
	if len(items) == 0 {
		return nil, "start with the days, e.g. \"mon-fri\""
	}
	var out []string
	for _, item := range items {
		from, to, isRange := strings.Cut(item, "-")
		a, b := dayIndex(from), dayIndex(to)
		if !isRange {
			b = a
		}
		if a < 0 || b < 0 {
			return nil, quoteSpec(item) + " is not a day or day range: use mon, tue, wed, thu, fri, sat, sun, e.g. \"mon-fri\""
		}
		if b < a {
			return nil, quoteSpec(item) + " goes backwards: a day range runs forward through the week (mon … sun)"
		}
		for i := a; i <= b; i++ {
			if !slices.Contains(out, Days[i]) {
				out = append(out, Days[i])
			}
		}
	}
	slices.SortFunc(out, func(x, y string) int { return dayIndex(x) - dayIndex(y) })
	return out, ""
}

func dayIndex(s string) int {
	return slices.Index(Days[:], strings.ToLower(strings.TrimSpace(s)))
}

// parseSpecSpan reads "9:00-17:30" or "09:00-17:30" and returns it as
// "HH:MM-HH:MM"; whether it is a range within a day is checkSpan's job.
func parseSpecSpan(s string) (string, bool) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return "", false
	}
	a, ok1 := padClock(from)
	b, ok2 := padClock(to)
	return a + "-" + b, ok1 && ok2
}

func padClock(s string) (string, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return "", false
	}
	for _, c := range h + m {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	if len(h) == 1 {
		h = "0" + h
	}
	return h + ":" + m, true
}

// quoteSpec quotes part of a schedule spec for a reason, clipped so that a
// long cell cannot make the error huge.
func quoteSpec(s string) string {
	if len(s) > 60 {
		cut := 60
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// FormatScheduleSpec writes a schedule in the syntax ParseScheduleSpec
// reads, joining consecutive days with the same ranges: the default
// schedule is "mon-fri 09:00-17:00". A nil or empty schedule gives "".
func FormatScheduleSpec(s Schedule) string {
	var groups []string
	for i := 0; i < len(Days); {
		spans := s[Days[i]]
		if len(spans) == 0 {
			i++
			continue
		}
		j := i
		for j+1 < len(Days) && slices.Equal(s[Days[j+1]], spans) {
			j++
		}
		days := Days[i]
		if j > i {
			days += "-" + Days[j]
		}
		groups = append(groups, days+" "+strings.Join(spans, " "))
		i = j + 1
	}
	return strings.Join(groups, "; ")
}
