package demo

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/leerlijn/leerlijn/schema/refdata"
)

// period is the generated stretch of time. Dates are midnight UTC standing
// for a calendar day; instants are real times.
type period struct {
	from, to   time.Time // first and last day
	days       int
	tenant     *time.Location
	start, end time.Time // from 00:00 to the day after to, 00:00, tenant time
	// workdays weighs each day for enrolments (weekdays, by season);
	// anyday weighs each day for learning (by season).
	workdays, anyday cumulative
}

func newPeriod(from, to time.Time, tenant *time.Location) period {
	p := period{from: from, to: to, tenant: tenant, days: int(to.Sub(from).Hours()/24) + 1}
	p.start = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, tenant)
	p.end = time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, tenant)
	work, all := make([]float64, p.days), make([]float64, p.days)
	for i := range p.days {
		d := from.AddDate(0, 0, i)
		all[i] = monthWeight[d.Month()-1]
		if weekday(d) < 5 {
			work[i] = all[i]
		}
	}
	p.workdays, p.anyday = newCumulative(work), newCumulative(all)
	return p
}

// years is the period's length in years.
func (p period) years() float64 { return float64(p.days) / 365 }

// index returns the day's position in the period.
func (p period) index(day time.Time) int { return int(day.Sub(p.from).Hours() / 24) }

// day returns the i-th day of the period.
func (p period) day(i int) time.Time { return p.from.AddDate(0, 0, i) }

// draw returns a day on or after lo, weighted by c; ok is false when no
// such day has weight.
func (p period) draw(r *rand.Rand, c cumulative, lo time.Time) (time.Time, bool) {
	i := c.draw(r, max(0, p.index(lo)))
	if i < 0 {
		return time.Time{}, false
	}
	return p.day(i), true
}

// weekday is 0 for Monday to 6 for Sunday.
func weekday(day time.Time) int { return (int(day.Weekday()) + 6) % 7 }

// span is a working time range in minutes since midnight.
type span struct{ from, to int }

// week is a schedule's spans per weekday, Monday first.
type week [7][]span

func weekOf(s refdata.Schedule) week {
	var w week
	for i, d := range refdata.Days {
		for _, sp := range s[d] {
			w[i] = append(w[i], span{clock(sp[:5]), clock(sp[6:])})
		}
	}
	return w
}

func clock(hhmm string) int {
	h, _ := strconv.Atoi(hhmm[:2])
	m, _ := strconv.Atoi(hhmm[3:])
	return h*60 + m
}

// works reports whether the day is a working day.
func (w *week) works(day time.Time) bool { return len(w[weekday(day)]) > 0 }

// nextWorkday returns the first working day on or after day.
func (w *week) nextWorkday(day time.Time) time.Time {
	for range 7 {
		if w.works(day) {
			return day
		}
		day = day.AddDate(0, 0, 1)
	}
	return day
}

// placement gives the chance that a session is in working time, at the
// edges of the day, or at the weekend.
type placement struct{ work, edge, weekend float64 }

type slot uint8

const (
	slotWork slot = iota
	slotEdge
	slotWeekend
)

func (pl placement) draw(r *rand.Rand) slot {
	switch x := r.Float64(); {
	case x < pl.work:
		return slotWork
	case x < pl.work+pl.edge:
		return slotEdge
	}
	return slotWeekend
}

// localTime returns minute m of day in loc (time.Date normalises minutes
// past midnight into the next day).
func localTime(day time.Time, loc *time.Location, m int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 0, m, 0, 0, loc)
}

// place returns the start of a session of durMin minutes on or soon after
// day, in the slot asked for.
func (p *person) place(r *rand.Rand, day time.Time, s slot, durMin int) time.Time {
	var start int
	switch s {
	case slotWeekend:
		wd := weekday(day)
		add := 5 - wd // Saturday
		if wd == 6 {
			add = 0
		} else if chance(r, 0.45) {
			add++ // Sunday
		}
		day = day.AddDate(0, 0, add)
		start = betweenInt(r, 9*60, max(9*60, 21*60-durMin))
	case slotWork:
		day = p.week.nextWorkday(day)
		spans := p.week[weekday(day)]
		total := 0
		for _, sp := range spans {
			total += sp.to - sp.from
		}
		x := r.IntN(total)
		sp := spans[0]
		for _, c := range spans {
			if x < c.to-c.from {
				sp = c
				break
			}
			x -= c.to - c.from
		}
		start = sp.from + r.IntN(max(1, sp.to-sp.from-durMin))
	case slotEdge:
		day = p.week.nextWorkday(day)
		spans := p.week[weekday(day)]
		first, last := spans[0].from, spans[len(spans)-1].to
		if first >= 8*60 && chance(r, earlyShare) {
			start = max(6*60, first-durMin-r.IntN(46))
		} else {
			start = min(last+15+r.IntN(226), max(last+15, 23*60-durMin))
		}
	}
	start -= start % 5
	return localTime(day, p.loc, start).Add(time.Duration(r.IntN(60)) * time.Second)
}
