package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// world is what every learner's generation reads; nothing in it changes
// while learners are generated.
type world struct {
	period  period
	cat     *catalogue
	org     *org
	central *budget
}

// charge is the cost of one registration and where it lands.
type charge struct {
	budget   *budget // nil: fits no budget
	amount   int64   // cents
	currency string
	form     string
	// released: cancelled or voided; spent: completed, passed or failed.
	released, spent bool
	// quality names the data-quality issue the charge was made for.
	quality string
}

// Data-quality issues the generator plants (charge.quality).
const (
	qualityNoBudget = "no_budget"
	qualityCurrency = "currency"
)

// gen generates statements for one stream: a learner, or one of the
// organisation-wide phases.
type gen struct {
	w       *world
	r       *rand.Rand
	out     []stmt
	charges []*charge
}

// emit stamps s with an id and keeps it if it falls inside the period.
func (g *gen) emit(s stmt) (string, bool) {
	s.id = newUUID(g.r)
	s.at = s.at.Truncate(time.Second)
	if s.at.Before(g.w.period.start) || !s.at.Before(g.w.period.end) {
		return s.id, false
	}
	g.out = append(g.out, s)
	return s.id, true
}

// lms and lxp start a statement from the LMS (account, UTC timestamp) or
// the LXP (mbox, local timestamp).
func lms(p *person, v verbKind, a *activity, at time.Time) stmt {
	return stmt{at: at, actor: p.account, loc: p.loc, verb: v, act: a, score: math.NaN(), progress: -1}
}

func lxp(p *person, v verbKind, a *activity, at time.Time) stmt {
	return stmt{at: at, actor: p.mbox, loc: p.loc, lxp: true, verb: v, act: a, score: math.NaN(), progress: -1}
}

// void emits a voiding statement for target, from the same system and
// actor as the voided one, and reports whether it falls in the period.
func (g *gen) void(voided stmt, target string, at time.Time) bool {
	v := voided
	v.verb, v.target, v.at = vVoided, target, at
	v.act, v.reg, v.session, v.cost, v.budget, v.dur, v.workTime = nil, "", "", 0, "", 0, false
	_, ok := g.emit(v)
	return ok
}

// defaultBudget is the budget the directory finds for a cost of p on day:
// the individual budget covering it, else the nearest org-unit budget.
func (w *world) defaultBudget(p *person, day time.Time) *budget {
	if b := p.indiv; b != nil && !day.Before(b.from) && !day.After(b.to) {
		return b
	}
	for _, u := range p.unitAt(day).ancestors() {
		if u.budget != nil {
			return u.budget
		}
	}
	return nil
}

// teamBudget is the budget that pays for p's team-paid learning on day:
// the team's, or the central one for the executive office.
func (w *world) teamBudget(p *person, day time.Time) *budget {
	if b := p.unitAt(day).budget; b != nil {
		return b
	}
	return w.central
}

// learner generates one person's learning over the period.
func (w *world) learner(seed int64, p *person) *gen {
	g := &gen{w: w, r: newRand(seed, "learning", p.idx)}
	pd := w.period
	start := p.start(pd)
	years := float64(pd.index(pd.to)-pd.index(start)+1) / 365
	if years <= 0 {
		return g
	}
	r := g.r
	spent := int64(0) // of the individual budget
	enrol := func(a *activity, day time.Time, intended *budget) {
		g.enrol(p, a, day, enrolment{intended: intended, currency: "EUR"})
	}
	// Onboarding: new hires get two mandatory modules in their first days.
	if p.newHire {
		for range 2 {
			enrol(w.cat.draw(r, kindCompliance), p.hire.AddDate(0, 0, r.IntN(4)), w.teamBudget(p, p.hire))
		}
	}
	for range poisson(r, mandatoryPerYear*years) {
		if day, ok := pd.draw(r, pd.workdays, start); ok {
			enrol(w.cat.draw(r, kindCompliance), day, w.teamBudget(p, day))
		}
	}
	for range poisson(r, electivePerYear*years*p.engagement) {
		k := kindSkills
		switch x := r.Float64(); {
		case x < 0.28:
			k = kindClassroom
		case x < 0.45:
			k = kindVirtual
		}
		a := w.cat.draw(r, k)
		day, ok := pd.draw(r, pd.workdays, start)
		if !ok {
			continue
		}
		intended := w.teamBudget(p, day)
		if p.indiv != nil && spent+a.price <= p.indiv.fixed && !day.Before(p.indiv.from) && chance(r, 0.7) {
			intended, spent = p.indiv, spent+a.price
		}
		enrol(a, day, intended)
	}
	for range poisson(r, certificationPerYear*years*p.engagement) {
		if day, ok := pd.draw(r, pd.workdays, start); ok {
			enrol(w.cat.draw(r, kindCertification), day, w.teamBudget(p, day))
		}
	}
	lead := 0.0
	switch {
	case p.exec:
		lead = 2 * leadershipPerManagerYear
	case p.manager:
		lead = leadershipPerManagerYear
	}
	for range poisson(r, lead*years) {
		if day, ok := pd.draw(r, pd.workdays, start); ok {
			enrol(w.cat.draw(r, kindLeadership), day, w.central)
		}
	}
	months := years * 12 * p.engagement
	informal := []struct {
		k    kind
		rate float64
		pl   placement
	}{
		{kindWorkplace, workplacePerMonth, placeWorkplace},
		{kindSocial, socialPerMonth, placeSocial},
		{kindSelfDirected, selfDirectedPerMonth, placeSelfDirected},
	}
	for _, inf := range informal {
		for range poisson(r, inf.rate*months) {
			if day, ok := pd.draw(r, pd.anyday, start); ok {
				a := w.cat.draw(r, inf.k)
				g.experience(p, a, day, inf.pl, sessionMinutes(r, a))
			}
		}
	}
	return g
}

// sessionMinutes draws the length of an informal session.
func sessionMinutes(r *rand.Rand, a *activity) int {
	return int(math.Min(240, math.Max(5, logNormal(r, a.minutes, 0.4))))
}

// experience emits one informal session: experienced, with a duration,
// from the LXP; now and then the LXP sends it twice and voids the copy.
func (g *gen) experience(p *person, a *activity, day time.Time, pl placement, minutes int) {
	r := g.r
	startAt := p.place(r, day, pl.draw(r), minutes)
	s := lxp(p, vExperienced, a, startAt.Add(time.Duration(minutes)*time.Minute))
	s.dur = time.Duration(minutes) * time.Minute
	if _, ok := g.emit(s); !ok {
		return
	}
	if chance(r, duplicateExperienceShare) {
		dup := s
		dup.at = s.at.Add(time.Duration(betweenInt(r, 30, 300)) * time.Second)
		if id, ok := g.emit(dup); ok {
			g.void(dup, id, dup.at.Add(time.Duration(betweenInt(r, 20, 72))*time.Hour))
		}
	}
}
