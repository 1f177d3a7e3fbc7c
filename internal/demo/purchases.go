package demo

import (
	"fmt"
	"time"

	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// purchases adds priced non-formal learning (conference tickets, books,
// subscriptions) until formal courses are TargetFormalShare of budget
// use, expenses counted as non-formal.
func (w *world) purchases(seed int64, charges []*charge, expenses int64) *gen {
	g := &gen{w: w, r: newRand(seed, "purchases", 0)}
	r, pd := g.r, w.period
	var formal int64
	indiv := map[*budget]int64{} // use of individual budgets so far
	for _, c := range charges {
		if counts(c) && c.form == FormFormal {
			formal += c.amount
		}
		if counts(c) && c.budget.person != nil {
			indiv[c.budget] += c.amount
		}
	}
	target := int64(float64(formal)*(1-TargetFormalShare)/TargetFormalShare) - expenses
	got := int64(0)
	for tries := 0; got < target && tries < 100_000; tries++ {
		p := pick(r, w.org.people)
		k := kindBook // and only books near the target
		switch x := r.Float64(); {
		case target-got < 500_00:
		case x < 0.3:
			k = kindConference
		case x < 0.5:
			k = kindSubscription
		}
		a := w.cat.draw(r, k)
		day, ok := pd.draw(r, pd.workdays, p.start(pd))
		if !ok {
			continue
		}
		intended := w.teamBudget(p, day)
		if b := p.indiv; b != nil && !day.Before(b.from) && indiv[b]+a.price <= b.fixed && chance(r, 0.5) {
			intended = b
			indiv[b] += a.price
		}
		n := len(g.charges)
		if k == kindConference {
			g.enrol(p, a, day, enrolment{intended: intended, currency: "EUR", noCancel: true})
		} else {
			g.buy(p, a, day, intended)
		}
		for _, c := range g.charges[n:] {
			if counts(c) {
				got += c.amount
			}
		}
	}
	return g
}

// buy emits a book or subscription bought through the LXP: registered with
// its cost, reading or viewing sessions, and for most books completed.
func (g *gen) buy(p *person, a *activity, day time.Time, intended *budget) {
	r := g.r
	if p.moveNear(day) {
		day = day.AddDate(0, 0, 3)
	}
	regAt := p.place(r, day, slotWork, 5)
	regDay := dayOf(regAt, p.loc)
	s := lxp(p, vRegistered, a, regAt)
	s.reg, s.cost, s.currency = newUUID(r), a.price, "EUR"
	if def := g.w.defaultBudget(p, regDay); intended == nil {
		intended = def
	} else if intended != def || chance(r, namedAnywayShare) {
		s.budget = intended.id
	}
	if _, ok := g.emit(s); !ok {
		return
	}
	ch := &charge{budget: intended, amount: a.price, currency: "EUR", form: a.form}
	g.charges = append(g.charges, ch)
	lo, hi := 2, 10
	if a.kind == kindSubscription {
		lo, hi = 7, 30
	}
	last := regAt
	for range a.sessions {
		day = day.AddDate(0, 0, betweenInt(r, lo, hi))
		m := sessionMinutes(r, a)
		start := p.place(r, day, placeSelfDirected.draw(r), m)
		if !start.After(last) {
			start = last.Add(time.Hour)
		}
		last = start.Add(time.Duration(m) * time.Minute)
		e := lxp(p, vExperienced, a, last)
		e.reg, e.dur = s.reg, last.Sub(start)
		g.emit(e)
	}
	if a.kind == kindBook && chance(r, 0.6) {
		c := lxp(p, vCompleted, a, last.Add(time.Duration(betweenInt(r, 1, 10))*time.Minute))
		c.reg = s.reg
		if _, ok := g.emit(c); ok {
			ch.spent = true
		}
	}
}

// unknownAccountPrefix starts the LMS account names of unknown learners.
const unknownAccountPrefix = "tmp-"

// quality plants the statements that belong in the data-quality view:
// enrolments that fit no budget, costs in another currency, and learners
// the directory does not know.
func (w *world) quality(seed int64) *gen {
	g := &gen{w: w, r: newRand(seed, "quality", 0)}
	r, pd := g.r, w.period
	execs := w.org.exec.people
	for i := range noBudgetEnrolments {
		p := execs[i%len(execs)]
		if day, ok := pd.draw(r, pd.workdays, p.start(pd)); ok {
			g.enrol(p, w.cat.draw(r, kindClassroom), day, enrolment{currency: "EUR", quality: qualityNoBudget, noCancel: true, complete: true})
		}
	}
	abroad := w.org.teamsByZone["America/New_York"]
	if len(abroad) == 0 {
		abroad = w.org.teams
	}
	for range otherCurrencyEnrolments {
		t := pick(r, abroad)
		if len(t.people) == 0 {
			t = w.org.drawTeam(r)
		}
		p := pick(r, t.people)
		if day, ok := pd.draw(r, pd.workdays, p.start(pd)); ok {
			g.enrol(p, w.cat.draw(r, kindConference), day, enrolment{intended: w.defaultBudget(p, day), currency: "USD", quality: qualityCurrency, noCancel: true, complete: true})
		}
	}
	tenantWeek := weekOf(refdata.DefaultSettings().WorkSchedule)
	for i := range unknownLearners {
		name := fmt.Sprintf("Temporary Worker %d", i+1)
		ghost := &person{
			id: "", name: name, loc: pd.tenant, week: tenantWeek,
			account:  &xapi.Actor{Name: name, Account: &xapi.Account{HomePage: lmsHome, Name: fmt.Sprintf("%s%04d", unknownAccountPrefix, i+1)}},
			versions: []*version{{from: pd.from, unit: w.org.root}},
		}
		ghost.mbox = ghost.account
		if day, ok := pd.draw(r, pd.workdays, pd.from); ok {
			g.enrol(ghost, w.cat.draw(r, kindCompliance), day, enrolment{currency: "EUR", noCost: true, noCancel: true, complete: true})
		}
	}
	return g
}
