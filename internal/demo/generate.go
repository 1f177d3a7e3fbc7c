package demo

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the generator's zones, also where the system has no zoneinfo

	"github.com/leerlijn/leerlijn/schema/refdata"
)

// Dataset is a generated organisation: reference data in the order it is
// posted, and statements in time order.
type Dataset struct {
	Settings refdata.Settings
	// People holds every person version, each person's in date order.
	People   []refdata.Person
	Budgets  []refdata.Budget
	Expenses []refdata.Expense
	Stats    Stats
	stmts    []stmt
}

// Stats describe a Dataset.
type Stats struct {
	From              string `json:"from"`
	To                string `json:"to"`
	People            int    `json:"people"` // persons; PersonVersions counts their versions
	PersonVersions    int    `json:"person_versions"`
	Movers            int    `json:"movers"`
	NewHires          int    `json:"new_hires"`
	OrgUnits          int    `json:"org_units"`
	Activities        int    `json:"activities"`
	TeamBudgets       int    `json:"team_budgets"` // team and central budgets
	IndividualBudgets int    `json:"individual_budgets"`
	Expenses          int    `json:"expenses"`
	Statements        int    `json:"statements"`
	// Voided is the number of statements voided by another statement.
	Voided int            `json:"voided"`
	ByVerb map[string]int `json:"by_verb"`
	// Allocated and Used (committed + spent + expenses) in EUR, as the
	// generator booked them; Utilisation and FormalShare follow from them.
	Allocated   float64 `json:"allocated"`
	Used        float64 `json:"used"`
	Utilisation float64 `json:"utilisation"`
	FormalShare float64 `json:"formal_share"`
	// Planted data-quality issues: statements of unknown learners, costs
	// in another currency, costs that fit no budget.
	UnknownLearnerStatements int `json:"unknown_learner_statements"`
	OtherCurrencyCosts       int `json:"other_currency_costs"`
	NoBudgetCosts            int `json:"no_budget_costs"`
}

// Len returns the number of statements.
func (d *Dataset) Len() int { return len(d.stmts) }

// AppendStatement appends the JSON of the i-th statement (in time order).
func (d *Dataset) AppendStatement(b []byte, i int) ([]byte, error) { return d.stmts[i].appendJSON(b) }

// StatementID returns the id of the i-th statement.
func (d *Dataset) StatementID(i int) string { return d.stmts[i].id }

// Generate builds the organisation cfg describes. It is deterministic: the
// same cfg gives the same Dataset, byte for byte.
func Generate(cfg Config) (*Dataset, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	from, to, _ := cfg.Period()
	settings := refdata.DefaultSettings()
	tenant, err := time.LoadLocation(settings.Timezone)
	if err != nil {
		return nil, fmt.Errorf("load time zone %s: %w", settings.Timezone, err)
	}
	pd := newPeriod(from, to, tenant)
	o := newOrg(cfg.Seed, cfg.OrgUnits)
	if err := o.addPeople(cfg.Seed, cfg.People, pd); err != nil {
		return nil, err
	}
	w := &world{period: pd, cat: newCatalogue(cfg.Seed, cfg.Activities), org: o}
	budgets := w.addBudgets(cfg.Seed)

	gens := make([]*gen, len(o.people))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				gens[i] = w.learner(cfg.Seed, o.people[i])
			}
		})
	}
	for i := range o.people {
		next <- i
	}
	close(next)
	wg.Wait()
	gens = append(gens, w.quality(cfg.Seed))

	expenses := w.addExpenses(cfg.Seed, budgets)
	var charges []*charge
	for _, g := range gens {
		charges = append(charges, g.charges...)
	}
	var expenseCents int64
	for _, b := range budgets {
		expenseCents += b.used
	}
	pg := w.purchases(cfg.Seed, charges, expenseCents)
	gens = append(gens, pg)
	charges = append(charges, pg.charges...)
	use(charges)
	calibrate(budgets)

	d := &Dataset{Settings: settings, Expenses: expenses}
	n := 0
	for _, g := range gens {
		n += len(g.out)
	}
	d.stmts = make([]stmt, 0, n)
	for _, g := range gens {
		d.stmts = append(d.stmts, g.out...)
	}
	slices.SortStableFunc(d.stmts, func(a, b stmt) int { return a.at.Compare(b.at) })
	for _, p := range o.people {
		d.People = append(d.People, p.records()...)
	}
	for _, b := range budgets {
		d.Budgets = append(d.Budgets, b.record())
	}
	d.Stats = stats(w, budgets, charges, d)
	return d, nil
}

func stats(w *world, budgets []*budget, charges []*charge, d *Dataset) Stats {
	s := Stats{
		From: w.period.from.Format(refdata.DateLayout), To: w.period.to.Format(refdata.DateLayout),
		People: len(w.org.people), PersonVersions: len(d.People), OrgUnits: len(w.org.units),
		Activities: len(w.cat.all), Expenses: len(d.Expenses), Statements: len(d.stmts), ByVerb: map[string]int{},
	}
	for _, p := range w.org.people {
		if len(p.versions) > 1 {
			s.Movers++
		}
		if p.newHire {
			s.NewHires++
		}
	}
	var alloc, used int64
	for _, b := range budgets {
		if b.person != nil {
			s.IndividualBudgets++
		} else {
			s.TeamBudgets++
		}
		alloc += b.amount
		used += b.used
	}
	s.Allocated, s.Used = float64(alloc)/100, float64(used)/100
	s.Utilisation = float64(used) / float64(alloc)
	var formal int64
	for _, c := range charges {
		switch {
		case counts(c) && c.form == FormFormal:
			formal += c.amount
		case c.quality == qualityCurrency:
			s.OtherCurrencyCosts++
		case c.quality == qualityNoBudget:
			s.NoBudgetCosts++
		}
	}
	s.FormalShare = float64(formal) / float64(used)
	for i := range d.stmts {
		st := &d.stmts[i]
		s.ByVerb[verbs[st.verb].Display["en-US"]]++
		if st.verb == vVoided {
			s.Voided++
		}
		if st.actor.Account != nil && strings.HasPrefix(st.actor.Account.Name, unknownAccountPrefix) {
			s.UnknownLearnerStatements++
		}
	}
	return s
}
