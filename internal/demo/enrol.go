package demo

import (
	"math"
	"time"
)

// enrolment says how one formal enrolment is paid and what it is for.
type enrolment struct {
	// intended is the budget that should pay; the statement names it
	// when the directory would find another one. nil: none (data quality).
	intended *budget
	currency string
	quality  string // the planted data-quality issue, if any
	noCost   bool   // no cost extension (unknown learners)
	noCancel bool   // purchases and planted issues are not cancelled
	complete bool   // planted issues always complete
}

// outcome is how an enrolment ends.
type outcome uint8

const (
	outComplete outcome = iota
	outNoShow           // registered, never started
	outAbandon          // ends with a cmi5 abandoned session
	outSilent           // stops after some sessions
)

// enrol emits one enrolment: registered (with its cost), maybe a voided
// duplicate, then a cancellation or the learning until it completes or
// stops.
func (g *gen) enrol(p *person, a *activity, day time.Time, e enrolment) {
	r, w := g.r, g.w
	if p.moveNear(day) {
		day = day.AddDate(0, 0, 3)
	}
	regAt := p.place(r, day, slotWork, 5)
	regDay := dayOf(regAt, p.loc)
	s := lms(p, vRegistered, a, regAt)
	s.reg = newUUID(r)
	var ch *charge
	if !e.noCost && a.price > 0 {
		s.cost, s.currency = a.price, e.currency
		if e.currency != "EUR" {
			s.cost = roundPrice(float64(a.price) / 100 * 1.1)
		}
		def := w.defaultBudget(p, regDay)
		b := def
		if e.intended != nil {
			b = e.intended
			if b != def || chance(r, namedAnywayShare) {
				s.budget = b.id
			}
		}
		ch = &charge{budget: b, amount: s.cost, currency: s.currency, form: a.form, quality: e.quality}
	}
	if _, ok := g.emit(s); !ok {
		return
	}
	if ch != nil {
		g.charges = append(g.charges, ch)
	}
	notBefore := regAt
	if chance(r, duplicateRegistrationShare) {
		dup := s
		dup.at = regAt.Add(time.Duration(betweenInt(r, 20, 180)) * time.Second)
		if id, ok := g.emit(dup); ok {
			var dc *charge
			if ch != nil {
				c := *ch
				dc = &c
				g.charges = append(g.charges, dc)
			}
			voidAt := dup.at.Add(time.Duration(betweenInt(r, 120, 360)) * time.Minute)
			if g.void(dup, id, voidAt) && dc != nil {
				dc.released = true
			}
			notBefore = voidAt.Add(time.Hour)
		}
	}
	cancel := !e.noCancel && chance(r, cancelShare)
	out := outComplete
	if !e.complete && !chance(r, a.completion) {
		switch x := r.Float64(); {
		case x < noShowShare:
			out = outNoShow
		case x < noShowShare+abandonShare && a.delivery() == deliverELearning:
			out = outAbandon
		default:
			out = outSilent
		}
	}
	f := flow{g: g, p: p, a: a, reg: s.reg, ch: ch, notBefore: notBefore, regDay: regDay, out: out, cancel: cancel}
	switch a.delivery() {
	case deliverELearning:
		f.eLearning()
	default:
		f.scheduled()
	}
}

// flow is one enrolment after its registration.
type flow struct {
	g         *gen
	p         *person
	a         *activity
	reg       string
	ch        *charge
	notBefore time.Time
	regDay    time.Time
	out       outcome
	cancel    bool
}

// cancelOn emits the cancellation on day (or the next working day).
func (f *flow) cancelOn(day time.Time) {
	at := f.p.place(f.g.r, day, slotWork, 5)
	if !at.After(f.notBefore) {
		at = f.notBefore.Add(time.Hour)
	}
	s := lms(f.p, vUnregistered, f.a, at)
	s.reg = f.reg
	if _, ok := f.g.emit(s); ok && f.ch != nil {
		f.ch.released = true
	}
}

// spend marks the commitment spent when the statement was kept.
func (f *flow) spend(ok bool) {
	if ok && f.ch != nil {
		f.ch.spent = true
	}
}

// eLearning runs cmi5 sessions: launched, initialized, progressed,
// completed/passed/failed in the last one, terminated (or abandoned).
func (f *flow) eLearning() {
	r, p, a := f.g.r, f.p, f.a
	if f.cancel {
		f.cancelOn(f.regDay.AddDate(0, 0, betweenInt(r, 1, 10)))
		return
	}
	if f.out == outNoShow {
		return
	}
	n := max(1, a.sessions+r.IntN(3)-1)
	total := a.hours * 60 * between(r, 0.8, 1.25)
	weights, sum := make([]float64, n), 0.0
	for i := range weights {
		weights[i] = between(r, 0.5, 1.5)
		sum += weights[i]
	}
	k := n
	if f.out != outComplete && n > 1 {
		k = 1 + r.IntN(n-1)
	}
	wait, gap := 6.0, 3.0
	switch a.kind {
	case kindCompliance:
		wait = 3
	case kindCertification:
		wait, gap = 10, 6
	}
	day := dayOf(f.notBefore, p.loc).AddDate(0, 0, int(expDays(r, wait, 40)))
	prevEnd, progress := f.notBefore, 0.0
	for i := range k {
		minutes := int(math.Max(8, total*weights[i]/sum))
		start := p.place(r, day, placeELearning.draw(r), minutes)
		if !start.After(prevEnd) {
			start = prevEnd.Add(time.Duration(betweenInt(r, 30, 180)) * time.Minute)
		}
		next := progress + 100*weights[i]/sum
		end := outSilent
		if i == k-1 {
			end = f.out
		}
		prevEnd = f.session(start, minutes, progress, next, end)
		progress = next
		day = dayOf(prevEnd, p.loc).AddDate(0, 0, int(expDays(r, gap, 30)))
	}
}

// moveOn is the AU's cmi5 moveOn criterion.
func moveOn(a *activity) string {
	if a.assessed {
		return "CompletedOrPassed"
	}
	return "Completed"
}

// session emits one cmi5 session and returns when it ended.
func (f *flow) session(start time.Time, minutes int, from, to float64, end outcome) time.Time {
	g, r := f.g, f.g.r
	base := lms(f.p, vLaunched, f.a, start)
	base.reg, base.session, base.moveOn = f.reg, newUUID(r), moveOn(f.a)
	g.emit(base)
	initAt := start.Add(time.Duration(betweenInt(r, 3, 20)) * time.Second)
	s := base
	s.verb, s.at = vInitialized, initAt
	g.emit(s)
	length := time.Duration(minutes) * time.Minute
	np := min(3, minutes/20)
	for j := 1; j <= np; j++ {
		s := base
		s.verb, s.at = vProgressed, initAt.Add(length*time.Duration(j)/time.Duration(np+1))
		s.progress = max(1, min(99, int(from+(to-from)*float64(j)/float64(np+1))))
		g.emit(s)
	}
	endAt := initAt.Add(length)
	switch end {
	case outComplete:
		at := endAt.Add(-time.Duration(betweenInt(r, 2, 40)) * time.Second)
		s := base
		s.verb, s.at, s.dur = vCompleted, at, at.Sub(initAt)
		_, ok := g.emit(s)
		f.spend(ok)
		if f.a.assessed {
			at = at.Add(time.Duration(betweenInt(r, 1, 5)) * time.Second)
			s.verb, s.at, s.dur, s.score = vFailed, at, at.Sub(initAt), between(r, 0.35, 0.69)
			if chance(r, f.a.passRate) {
				s.verb, s.score = vPassed, between(r, 0.7, 1)
			}
			_, ok := g.emit(s)
			f.spend(ok)
			endAt = at.Add(time.Duration(betweenInt(r, 2, 30)) * time.Second)
		}
		s = base
		s.verb, s.at, s.dur = vTerminated, endAt, endAt.Sub(initAt)
		g.emit(s)
	case outAbandon:
		s := base
		s.verb, s.at, s.dur = vAbandoned, endAt.Add(time.Duration(betweenInt(r, 5, 20))*time.Minute), length
		g.emit(s)
	default:
		s := base
		s.verb, s.at, s.dur = vTerminated, endAt, endAt.Sub(initAt)
		g.emit(s)
	}
	return endAt
}

// nextWeekday returns day, or the Monday after it at a weekend.
func nextWeekday(day time.Time) time.Time {
	for weekday(day) >= 5 {
		day = day.AddDate(0, 0, 1)
	}
	return day
}

// scheduled runs classroom days, live online half-days, leadership
// modules and conference days: experienced with a duration and the
// work-time extension, then completed (and passed or failed).
func (f *flow) scheduled() {
	r, p, a := f.g.r, f.p, f.a
	lead := betweenInt(r, 14, 60)
	if a.kind == kindConference {
		lead = betweenInt(r, 20, 90)
	}
	first := nextWeekday(f.regDay.AddDate(0, 0, lead))
	if f.cancel {
		f.cancelOn(f.regDay.AddDate(0, 0, betweenInt(r, 1, lead-2)))
		return
	}
	days := a.sessions
	attend := days
	switch {
	case f.out == outNoShow:
		attend = 0
	case f.out != outComplete && days > 1:
		attend = 1 + r.IntN(days-1)
	}
	startMin, minutes := 9*60, int(a.hours*60)
	if a.delivery() == deliverVirtual {
		startMin = 13*60 + 30
	}
	day := first
	var lastEnd time.Time
	for i := range attend {
		if i > 0 {
			switch {
			case a.delivery() == deliverVirtual:
				day = day.AddDate(0, 0, 7)
			case a.kind == kindLeadership:
				day = nextWeekday(day.AddDate(0, 0, betweenInt(r, 21, 35)))
			default:
				day = nextWeekday(day.AddDate(0, 0, 1))
			}
		}
		start := localTime(day, p.loc, startMin)
		lastEnd = start.Add(time.Duration(minutes) * time.Minute)
		s := lms(p, vExperienced, a, lastEnd)
		s.reg, s.dur, s.workTime = f.reg, lastEnd.Sub(start), true
		f.g.emit(s)
	}
	if f.out != outComplete || attend == 0 {
		return
	}
	at := lastEnd.Add(time.Duration(betweenInt(r, 10, 30)) * time.Minute)
	s := lms(p, vCompleted, a, at)
	s.reg = f.reg
	_, ok := f.g.emit(s)
	f.spend(ok)
	if a.assessed {
		s.at = at.Add(time.Duration(betweenInt(r, 1, 10)) * time.Minute)
		s.verb, s.score = vFailed, between(r, 0.35, 0.69)
		if chance(r, a.passRate) {
			s.verb, s.score = vPassed, between(r, 0.7, 1)
		}
		_, ok := f.g.emit(s)
		f.spend(ok)
	}
}
