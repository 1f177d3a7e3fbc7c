package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// orgUnit is a node of the org tree: the root, a division (level 2, or the
// executive office) or a team (level 3).
type orgUnit struct {
	path     string
	parent   *orgUnit
	division int     // index in divisions; -1 for the root and the executive office
	zone     string  // IANA zone of a team abroad; "" is the tenant's
	schedule string  // the schedule of a team abroad
	weight   float64 // relative headcount
	region   region
	budget   *budget // the unit's own team or central budget
	people   []*person
}

// org is the org tree and the people in it.
type org struct {
	units []*orgUnit // root first, then level 2, then teams
	root  *orgUnit
	exec  *orgUnit
	teams []*orgUnit
	// teamsByZone lists the teams per zone, for moves within a zone.
	teamsByZone map[string][]*orgUnit
	people      []*person
}

// newOrg builds n (at least 6) org units over three levels: the root, the
// executive office, at least two divisions (Operations and People, which
// holds the central budget) and their teams, at least one each.
func newOrg(seed int64, n int) *org {
	r := newRand(seed, "org", 0)
	o := &org{teamsByZone: map[string][]*orgUnit{}}
	o.root = &orgUnit{path: rootUnit, division: -1}
	o.exec = &orgUnit{path: executiveUnit, parent: o.root, division: -1}
	o.units = append(o.units, o.root, o.exec)
	nDiv := min(max((n+3)/7, 2), len(divisions), n-4)
	divs := make([]*orgUnit, nDiv)
	for i := range nDiv {
		divs[i] = &orgUnit{path: rootUnit + "/" + divisions[i].name, parent: o.root, division: i}
		o.units = append(o.units, divs[i])
	}
	used := make([]int, nDiv)
	for j := range n - 2 - nDiv {
		d := j % nDiv
		def := teamDef{name: fmt.Sprintf("Team %d", used[d]+1)}
		if used[d] < len(divisions[d].teams) {
			def = divisions[d].teams[used[d]]
		}
		used[d]++
		t := &orgUnit{
			path: divs[d].path + "/" + def.name, parent: divs[d], division: d,
			zone: def.zone, schedule: def.schedule,
			weight: divisions[d].size * logNormal(r, 1, 0.35),
		}
		switch def.zone {
		case "Asia/Kolkata":
			t.region = regionIndia
		case "America/New_York":
			t.region = regionUS
		}
		o.teams = append(o.teams, t)
		o.units = append(o.units, t)
		o.teamsByZone[t.zone] = append(o.teamsByZone[t.zone], t)
	}
	return o
}

// ancestors returns the unit and its ancestors, nearest first.
func (u *orgUnit) ancestors() []*orgUnit {
	var out []*orgUnit
	for ; u != nil; u = u.parent {
		out = append(out, u)
	}
	return out
}

// headcounts splits people over the teams by weight, at least two each
// where there are enough people (largest remainder).
func headcounts(teams []*orgUnit, people int) []int {
	out := make([]int, len(teams))
	floor := 0
	if people >= 2*len(teams) {
		floor = 2
	}
	rest := people - floor*len(teams)
	sum := 0.0
	for _, t := range teams {
		sum += t.weight
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, len(teams))
	given := 0
	for i, t := range teams {
		share := float64(rest) * t.weight / sum
		out[i] = floor + int(math.Floor(share))
		given += out[i] - floor
		rems[i] = rem{i, share - math.Floor(share)}
	}
	for k := 0; given < rest; k++ {
		best := -1
		for j := range rems {
			if rems[j].f >= 0 && (best < 0 || rems[j].f > rems[best].f) {
				best = j
			}
		}
		out[rems[best].i]++
		rems[best].f = -1
		given++
	}
	return out
}

// addPeople creates the people: executives first, then each team's.
func (o *org) addPeople(seed int64, n int, p period) error {
	execs := max(minExecutives, int(math.Round(executiveShare*float64(n))))
	counts := headcounts(o.teams, n-execs)
	emails := map[string]int{}
	add := func(u *orgUnit, first bool) error {
		i := len(o.people)
		r := newRand(seed, "person", i)
		pr, err := newPerson(r, i, u, first, p, emails)
		if err != nil {
			return err
		}
		o.people = append(o.people, pr)
		return nil
	}
	for i := range execs {
		if err := add(o.exec, i == 0); err != nil {
			return err
		}
	}
	for ti, t := range o.teams {
		for i := range counts[ti] {
			if err := add(t, i == 0); err != nil {
				return err
			}
		}
	}
	o.planMoves(seed, p)
	for _, pr := range o.people {
		for _, v := range pr.versions {
			v.unit.people = append(v.unit.people, pr)
		}
	}
	return nil
}

// planMoves gives moverShare of people a second version in another team
// of the same time zone, from a date in the middle of the period.
func (o *org) planMoves(seed int64, p period) {
	r := newRand(seed, "moves", 0)
	for _, pr := range o.people {
		u := pr.versions[0].unit
		if pr.exec || pr.newHire || !chance(r, moverShare) || len(o.teamsByZone[u.zone]) < 2 {
			continue
		}
		var same, other []*orgUnit
		for _, t := range o.teamsByZone[u.zone] {
			switch {
			case t == u:
			case t.division == u.division:
				same = append(same, t)
			default:
				other = append(other, t)
			}
		}
		to := other
		if len(same) > 0 && (len(other) == 0 || chance(r, 0.6)) {
			to = same
		}
		day := p.from.AddDate(0, 0, int(between(r, 0.2, 0.8)*float64(p.days)))
		hourly := pr.versions[0].hourly
		if chance(r, 0.5) {
			hourly = roundHalf(float64(hourly) / 100 * between(r, 1.02, 1.08))
		}
		pr.versions = append(pr.versions, &version{from: day, unit: pick(r, to), hourly: hourly})
	}
}

// roundHalf rounds EUR to 0.50 and returns cents.
func roundHalf(eur float64) int64 { return int64(math.Round(eur*2)) * 50 }

// dayOf returns the calendar date of t in loc, as midnight UTC.
func dayOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// drawTeam returns a random team that has people.
func (o *org) drawTeam(r *rand.Rand) *orgUnit {
	for {
		t := pick(r, o.teams)
		if len(t.people) > 0 {
			return t
		}
	}
}
