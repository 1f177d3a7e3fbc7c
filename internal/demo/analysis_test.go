package demo_test

import (
	"errors"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/internal/demo"
	"github.com/leerlijn/leerlijn/schema/profile"
	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// analysis recomputes the behaviour of a dataset from what it posts (the
// statement JSON and the reference data), with the rules of
// docs/metrics.md, independently of the generator's own bookkeeping.
type analysis struct {
	allocated, used float64 // EUR, over all budgets
	usedByForm      map[string]float64
	budgetUse       map[string][2]float64 // id: used, allocated
	// formal activities: registrations, cancelled, completed
	activities map[string]*activityStats
	// learning minutes: total, outside Monday-Friday 09-17 local time, at
	// weekends, outside the learner's schedule (work-time honoured)
	minutes, outside917, weekend, outsideSchedule float64
	minutesByForm                                 map[string]float64
	// planted issues, as the ledger finds them
	unknownLearnerStmts, otherCurrency, noBudget int
	voided, cancelled, abandoned, statements     int
	// moverUnits counts the org units movers learn in: before and after
	// their move
	moverUnits map[string]map[string]bool
	zones      map[string]int
}

type activityStats struct {
	name                           string
	enrolled, cancelled, completed int
}

func (s *activityStats) rate() float64 {
	return float64(s.completed) / float64(s.enrolled-s.cancelled)
}

type dirPerson struct {
	versions []refdata.Person // by valid_from
	loc      *time.Location
	spans    [7][][2]int // working minutes per weekday, Monday first
}

func spansOf(s refdata.Schedule) [7][][2]int {
	var out [7][][2]int
	clock := func(hhmm string) int {
		h, _ := strconv.Atoi(hhmm[:2])
		m, _ := strconv.Atoi(hhmm[3:])
		return h*60 + m
	}
	for i, day := range refdata.Days {
		for _, sp := range s[day] {
			out[i] = append(out[i], [2]int{clock(sp[:5]), clock(sp[6:])})
		}
	}
	return out
}

func analyse(tb testing.TB, d *demo.Dataset) *analysis {
	tb.Helper()
	a := &analysis{
		usedByForm: map[string]float64{}, budgetUse: map[string][2]float64{}, activities: map[string]*activityStats{},
		minutesByForm: map[string]float64{}, moverUnits: map[string]map[string]bool{}, zones: map[string]int{},
	}
	tenant, _ := time.LoadLocation(d.Settings.Timezone)
	dir := map[string]*dirPerson{}
	people := map[string]*dirPerson{}
	for _, p := range d.People {
		dp := people[p.PersonID]
		if dp == nil {
			dp = &dirPerson{loc: tenant, spans: spansOf(d.Settings.WorkSchedule)}
			if p.Timezone != "" {
				dp.loc, _ = time.LoadLocation(p.Timezone)
				a.zones[p.Timezone]++
			}
			if p.WorkSchedule != nil {
				dp.spans = spansOf(p.WorkSchedule)
			}
			people[p.PersonID] = dp
			for _, act := range p.Actors {
				dir[act.IFI()] = dp
			}
		}
		dp.versions = append(dp.versions, p)
	}
	budgets := map[string]refdata.Budget{}
	byOwner := map[string][]refdata.Budget{}
	for _, b := range d.Budgets {
		budgets[b.ID] = b
		byOwner[b.OrgUnit+"|"+b.PersonID] = append(byOwner[b.OrgUnit+"|"+b.PersonID], b)
		amt, _ := strconv.ParseFloat(b.Amount, 64)
		a.allocated += amt
		a.budgetUse[b.ID] = [2]float64{0, amt}
	}
	spend := func(id, form string, amount float64) {
		a.used += amount
		a.usedByForm[form] += amount
		u := a.budgetUse[id]
		a.budgetUse[id] = [2]float64{u[0] + amount, u[1]}
	}
	for _, e := range d.Expenses {
		amt, _ := strconv.ParseFloat(e.Amount, 64)
		spend(e.BudgetID, "expense", amt)
	}

	stmts := decodeAll(tb, d)
	voided := map[string]bool{}
	for _, s := range stmts {
		if s.Verb.ID == profile.VerbVoided {
			voided[s.Object.ID] = true
		}
	}
	a.statements, a.voided = len(stmts), len(voided)

	type commitment struct {
		budget, form string
		amount       float64
	}
	commits := map[string][]commitment{}
	cancelled := map[string]bool{}
	regActivity := map[string]string{}
	completed := map[string]bool{}
	for _, s := range stmts {
		if voided[s.ID] || s.Verb.ID == profile.VerbVoided {
			continue
		}
		p := dir[s.Actor.IFI()]
		if p == nil {
			a.unknownLearnerStmts++
			continue
		}
		form := learningForm(s)
		reg := ""
		if s.Context != nil {
			reg = s.Context.Registration
		}
		day := s.Timestamp.In(p.loc).Format(refdata.DateLayout)
		v := p.versionAt(day)
		if len(p.versions) > 1 {
			if a.moverUnits[v.PersonID] == nil {
				a.moverUnits[v.PersonID] = map[string]bool{}
			}
			a.moverUnits[v.PersonID][v.OrgUnit] = true
		}
		switch s.Verb.ID {
		case profile.VerbRegistered:
			if form == demo.FormFormal {
				if regActivity[reg] == "" {
					st := a.activity(s)
					st.enrolled++
				}
				regActivity[reg] = s.Object.ID
			}
			amount, currency, ok := cost(s)
			if !ok {
				continue
			}
			bud, found := budgetFor(s, v, day, budgets, byOwner)
			switch {
			case !found:
				a.noBudget++
			case bud.Currency != currency:
				a.otherCurrency++
			default:
				commits[reg] = append(commits[reg], commitment{bud.ID, form, amount})
			}
		case profile.VerbUnregistered:
			cancelled[reg] = true
			a.cancelled++
		case profile.VerbCompleted:
			completed[reg] = true
		case profile.VerbAbandoned:
			a.abandoned++
		}
		if s.Result != nil && s.Result.Duration != "" && (s.Verb.ID == profile.VerbExperienced ||
			s.Verb.ID == profile.VerbTerminated || s.Verb.ID == profile.VerbAbandoned) {
			dur, _ := xapi.ParseDuration(s.Result.Duration)
			_, workTime := s.Context.Extensions[profile.ExtWorkTime]
			a.session(p, s.Timestamp.Add(-dur), s.Timestamp, workTime, form)
		}
	}
	for reg, cs := range commits {
		if cancelled[reg] {
			continue
		}
		for _, c := range cs {
			spend(c.budget, c.form, c.amount)
		}
	}
	for reg, act := range regActivity {
		st := a.activities[act]
		switch {
		case cancelled[reg]:
			st.cancelled++
		case completed[reg]:
			st.completed++
		}
	}
	return a
}

// decodeAll decodes every statement of d, on every CPU.
func decodeAll(tb testing.TB, d *demo.Dataset) []*xapi.Statement {
	tb.Helper()
	stmts := make([]*xapi.Statement, d.Len())
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var b []byte
			var err error
			for i := w; i < len(stmts) && errs[w] == nil; i += workers {
				if b, err = d.AppendStatement(b[:0], i); err == nil {
					stmts[i], err = xapi.Decode(b)
				}
				errs[w] = err
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		tb.Fatal(err)
	}
	return stmts
}

func (a *analysis) activity(s *xapi.Statement) *activityStats {
	st := a.activities[s.Object.ID]
	if st == nil {
		st = &activityStats{name: s.Object.Definition.Name["en-US"]}
		a.activities[s.Object.ID] = st
	}
	return st
}

// session adds the minutes of [from, to) in the learner's time zone, one
// local day at a time.
func (a *analysis) session(p *dirPerson, from, to time.Time, workTime bool, form string) {
	overlap := func(s, e, lo, hi int) float64 { return float64(max(0, min(e, hi)-max(s, lo))) }
	for t := from.In(p.loc); t.Before(to); {
		y, m, d := t.Date()
		next := time.Date(y, m, d+1, 0, 0, 0, 0, p.loc)
		end := to.In(p.loc)
		e := 24 * 60
		if end.Before(next) {
			e = end.Hour()*60 + end.Minute()
		}
		s := t.Hour()*60 + t.Minute()
		n := float64(e - s)
		wd := (int(t.Weekday()) + 6) % 7
		a.minutes += n
		a.minutesByForm[form] += n
		if wd >= 5 {
			a.weekend += n
			a.outside917 += n
		} else {
			a.outside917 += n - overlap(s, e, 9*60, 17*60)
		}
		if !workTime {
			in := 0.0
			for _, span := range p.spans[wd] {
				in += overlap(s, e, span[0], span[1])
			}
			a.outsideSchedule += n - in
		}
		t = next
	}
}

// versionAt is the person version valid on day.
func (p *dirPerson) versionAt(day string) refdata.Person {
	v := p.versions[0]
	for _, w := range p.versions[1:] {
		if w.ValidFrom <= day {
			v = w
		}
	}
	return v
}

// budgetFor applies the ledger's rule: the budget the statement names,
// else the learner's individual budget covering the day, else the budget
// of the learner's org unit or its nearest ancestor covering the day.
func budgetFor(s *xapi.Statement, v refdata.Person, day string, budgets map[string]refdata.Budget, byOwner map[string][]refdata.Budget) (refdata.Budget, bool) {
	if raw, ok := s.Context.Extensions[profile.ExtBudget]; ok {
		var id string
		_ = json.Unmarshal(raw, &id)
		b, ok := budgets[id]
		return b, ok
	}
	covering := func(key string) (refdata.Budget, bool) {
		for _, b := range byOwner[key] {
			if b.PeriodStart <= day && day <= b.PeriodEnd {
				return b, true
			}
		}
		return refdata.Budget{}, false
	}
	if b, ok := covering("|" + v.PersonID); ok {
		return b, true
	}
	for _, u := range refdata.Ancestors(v.OrgUnit) {
		if b, ok := covering(u + "|"); ok {
			return b, true
		}
	}
	return refdata.Budget{}, false
}

func cost(s *xapi.Statement) (float64, string, bool) {
	if s.Context == nil {
		return 0, "", false
	}
	raw, ok := s.Context.Extensions[profile.ExtCost]
	if !ok {
		return 0, "", false
	}
	var c struct{ Amount, Currency string }
	if err := json.Unmarshal(raw, &c); err != nil {
		return 0, "", false
	}
	amt, err := strconv.ParseFloat(c.Amount, 64)
	return amt, c.Currency, err == nil
}

func learningForm(s *xapi.Statement) string {
	if s.Object.Definition == nil {
		return ""
	}
	var f string
	_ = json.Unmarshal(s.Object.Definition.Extensions[profile.ExtLearningForm], &f)
	return f
}

// rates returns the completion rates of formal activities with at least
// n enrolments that were not cancelled, sorted.
func (a *analysis) rates(n int) []float64 {
	var out []float64
	for _, st := range a.activities {
		if st.enrolled-st.cancelled >= n {
			out = append(out, st.rate())
		}
	}
	slices.Sort(out)
	return out
}
