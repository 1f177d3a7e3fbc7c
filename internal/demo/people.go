package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// person is one person of the directory.
type person struct {
	idx      int
	id       string
	name     string
	account  *xapi.Actor // as the LMS identifies them
	mbox     *xapi.Actor // as the LXP identifies them
	versions []*version
	hire     time.Time // date; learning starts at max(hire, period start)
	newHire  bool
	zone     string // "" is the tenant's
	loc      *time.Location
	spec     string // work schedule spec; "" is the tenant's default
	week     week
	manager  bool
	exec     bool
	// engagement scales elective and informal learning (mean 1).
	engagement float64
	indiv      *budget // individual learning budget, or nil
}

// version is a person version: the org unit and hourly cost from a date.
type version struct {
	from   time.Time // date
	unit   *orgUnit
	hourly int64 // cents
}

// unitAt returns the person's org unit on the day of t (tenant's dates).
func (p *person) unitAt(day time.Time) *orgUnit {
	u := p.versions[0].unit
	for _, v := range p.versions[1:] {
		if !v.from.After(day) {
			u = v.unit
		}
	}
	return u
}

// moveNear reports whether day is within a day of a move, where the
// processor's choice of time zone for "the statement's date" could matter.
func (p *person) moveNear(day time.Time) bool {
	for _, v := range p.versions[1:] {
		if d := day.Sub(v.from); d > -48*time.Hour && d < 48*time.Hour {
			return true
		}
	}
	return false
}

func newPerson(r *rand.Rand, i int, u *orgUnit, first bool, p period, emails map[string]int) (*person, error) {
	pr := &person{idx: i, id: fmt.Sprintf("p%05d", i+1), exec: u.path == executiveUnit, zone: u.zone}
	given, family := pick(r, firstNames[u.region]), pick(r, lastNames[u.region])
	pr.name = given + " " + family
	local := asciiLower(given) + "." + asciiLower(family)
	emails[local]++
	if n := emails[local]; n > 1 {
		local += fmt.Sprint(n)
	}
	pr.account = &xapi.Actor{Name: pr.name, Account: &xapi.Account{HomePage: lmsHome, Name: fmt.Sprintf("%06d", 100000+i*7)}}
	pr.mbox = &xapi.Actor{Name: pr.name, Mbox: "mailto:" + local + "@" + mailDomain}

	pr.loc = p.tenant
	if pr.zone != "" {
		loc, err := time.LoadLocation(pr.zone)
		if err != nil {
			return nil, fmt.Errorf("load time zone %s: %w", pr.zone, err)
		}
		pr.loc = loc
	}
	pr.manager = first || chance(r, managerShare)
	switch {
	case u.schedule != "":
		pr.spec = u.schedule
	case !pr.exec && !pr.manager:
		x := r.Float64()
		for _, m := range scheduleMix {
			if x < m.share {
				pr.spec = m.spec
				break
			}
			x -= m.share
		}
	}
	sched := refdata.DefaultSettings().WorkSchedule
	if pr.spec != "" {
		s, err := refdata.ParseScheduleSpec(pr.spec)
		if err != nil {
			return nil, fmt.Errorf("schedule %q: %w", pr.spec, err)
		}
		sched = s
	}
	pr.week = weekOf(sched)

	var hourly float64
	switch {
	case pr.exec:
		hourly = between(r, 150, 220)
	case u.region == regionIndia:
		hourly = between(r, 18, 35)
	case pr.manager:
		hourly = between(r, 75, 110)
	default:
		hourly = math.Min(95, math.Max(30, logNormal(r, 52, 0.25)))
	}
	if u.region == regionUS {
		hourly *= 1.2
	}
	pr.hire = p.from.AddDate(0, 0, -betweenInt(r, 30, 7000))
	if !pr.exec && !first && chance(r, newHireShare) {
		pr.newHire = true
		pr.hire = p.from.AddDate(0, 0, int(between(r, 0.02, 0.7)*float64(p.days)))
	}
	pr.versions = []*version{{from: pr.hire, unit: u, hourly: roundHalf(hourly)}}
	pr.engagement = math.Exp(engagementSigma*r.NormFloat64() - engagementSigma*engagementSigma/2)
	return pr, nil
}

// start is the first day the person can learn in the period.
func (p *person) start(pd period) time.Time {
	if p.hire.After(pd.from) {
		return p.hire
	}
	return pd.from
}

// records returns the person's versions as reference data.
func (p *person) records() []refdata.Person {
	out := make([]refdata.Person, 0, len(p.versions))
	for _, v := range p.versions {
		rec := refdata.Person{
			PersonID:   p.id,
			Actors:     []xapi.Actor{{Account: p.account.Account}, {Mbox: p.mbox.Mbox}},
			OrgUnit:    v.unit.path,
			HourlyCost: cents(v.hourly),
			Timezone:   p.zone,
			ValidFrom:  v.from.Format(refdata.DateLayout),
		}
		if p.spec != "" {
			rec.WorkSchedule, _ = refdata.ParseScheduleSpec(p.spec)
		}
		out = append(out, rec)
	}
	return out
}

// asciiLower folds a name into an e-mail local part: "Chloé" gives
// "chloe", "van den Berg" "vandenberg".
func asciiLower(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if f, ok := foldLetters[c]; ok {
			c = f
		}
		if c >= 'a' && c <= 'z' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// foldLetters maps the accented letters of names.go to ASCII.
var foldLetters = map[rune]rune{'é': 'e', 'è': 'e', 'ë': 'e', 'á': 'a', 'à': 'a', 'ä': 'a', 'í': 'i', 'ï': 'i',
	'ó': 'o', 'ö': 'o', 'ø': 'o', 'ú': 'u', 'ü': 'u', 'ç': 'c', 'ñ': 'n', 'š': 's', 'ž': 'z', 'ł': 'l'}

// cents writes an amount in cents as a decimal string: 125000 is "1250.00".
func cents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}
