package demo

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/leerlijn/leerlijn/schema/refdata"
)

// budget is a team, central or individual learning budget.
type budget struct {
	id, name string
	unit     *orgUnit // team and central budgets
	person   *person  // individual budgets
	from, to time.Time
	// fixed is an individual budget's amount; weight sizes a team or
	// central budget before calibration. Both in cents.
	fixed  int64
	weight float64
	// used is committed + spent + expenses; amount is the allocation.
	used, amount int64
}

func (b *budget) record() refdata.Budget {
	rec := refdata.Budget{
		ID: b.id, Name: b.name,
		PeriodStart: b.from.Format(refdata.DateLayout), PeriodEnd: b.to.Format(refdata.DateLayout),
		Amount: cents(b.amount), Currency: "EUR",
	}
	if b.person != nil {
		rec.PersonID = b.person.id
	} else {
		rec.OrgUnit = b.unit.path
	}
	return rec
}

// addBudgets creates a budget for every team, the central L&D budget on
// Acme/People, and individual budgets for some people. Amounts of team
// and central budgets are set later by calibrate.
func (w *world) addBudgets(seed int64) []*budget {
	r := newRand(seed, "budgets", 0)
	pd := w.period
	suffix := fmt.Sprint(pd.from.Year())
	var out []*budget
	for _, t := range w.org.teams {
		heads := max(2, len(t.people))
		t.budget = &budget{
			id:   "team-" + slugify(strings.TrimPrefix(t.path, rootUnit+"/")) + "-" + suffix,
			name: "Team budget " + strings.TrimPrefix(t.path, rootUnit+"/"),
			unit: t, from: pd.from, to: pd.to,
			weight: float64(heads) * teamBudgetWeightEUR * 100 * between(r, 0.6, 1.6),
		}
		out = append(out, t.budget)
	}
	for _, u := range w.org.units {
		if u.path == centralUnit {
			u.budget = &budget{
				id: "central-ld-" + suffix, name: "Central L&D budget: leadership and executive development",
				unit: u, from: pd.from, to: pd.to,
				weight: float64(len(w.org.people)) * centralBudgetWeightEUR * 100,
			}
			w.central = u.budget
			out = append(out, u.budget)
		}
	}
	for _, p := range w.org.people {
		if p.exec || !chance(r, individualBudgetShare) {
			continue
		}
		// A yearly amount, pro rata for a shorter period, in EUR 50.
		eur := float64(pick(r, individualBudgetEUR)) * math.Min(1, pd.years())
		p.indiv = &budget{
			id:     "ilb-" + p.id + "-" + suffix,
			name:   "Individual learning budget " + p.id,
			person: p, from: p.start(pd), to: pd.to,
			fixed: max(1, int64(math.Round(eur/50))) * 50 * 100,
		}
		p.indiv.amount = p.indiv.fixed
		out = append(out, p.indiv)
	}
	return out
}

// expenseKinds are what expenses are for, with their range in EUR.
var expenseKinds = []struct {
	what   string
	lo, hi float64
}{
	{"Travel to an external training", 80, 600},
	{"Venue for a team learning day", 300, 1500},
	{"Books and materials", 30, 200},
	{"Catering for a lunch and learn", 60, 350},
}

// addExpenses books expenses on team and central budgets, on working days
// strictly inside the period, in the tenant's working hours.
func (w *world) addExpenses(seed int64, budgets []*budget) []refdata.Expense {
	r := newRand(seed, "expenses", 0)
	pd := w.period
	var out []refdata.Expense
	for _, b := range budgets {
		if b.person != nil {
			continue
		}
		heads := len(b.unit.people)
		if b == w.central {
			heads = 0
			for _, p := range w.org.people {
				if p.manager || p.exec {
					heads++
				}
			}
		}
		for i := range poisson(r, expensesPerHeadYear*float64(heads)*pd.years()) {
			day, ok := pd.draw(r, pd.workdays, pd.from.AddDate(0, 0, 1))
			if !ok || !day.Before(pd.to) {
				continue
			}
			k := pick(r, expenseKinds)
			amount := int64(math.Round(between(r, k.lo, k.hi))) * 100
			at := localTime(day, pd.tenant, betweenInt(r, 10*60, 16*60)).Add(time.Duration(r.IntN(60)) * time.Second)
			out = append(out, refdata.Expense{
				ExpenseID: fmt.Sprintf("exp-%s-%d", b.id, i+1), BudgetID: b.id,
				Amount: cents(amount), Currency: "EUR", Time: at.UTC(), Description: k.what,
			})
			b.used += amount
		}
	}
	return out
}

// use adds the charges that count to their budgets: not released, in the
// budget's currency, and not planted as a data-quality issue.
func use(charges []*charge) {
	for _, c := range charges {
		if counts(c) {
			c.budget.used += c.amount
		}
	}
}

func counts(c *charge) bool {
	return !c.released && c.budget != nil && c.quality == "" && c.currency == "EUR"
}

// calibrate sizes the team and central budgets so that, with the fixed
// individual budgets, TargetUtilisation of the whole allocation is used:
// each gets its weight times one factor, rounded to EUR 100 (at least
// EUR 100).
func calibrate(budgets []*budget) {
	var used, fixed int64
	weights := 0.0
	for _, b := range budgets {
		used += b.used
		if b.person != nil {
			fixed += b.fixed
		} else {
			weights += b.weight
		}
	}
	need := float64(used)/TargetUtilisation - float64(fixed)
	k := need / weights
	if k <= 0 {
		k = 0.1
	}
	for _, b := range budgets {
		if b.person == nil {
			b.amount = max(1, int64(math.Round(k*b.weight/10000))) * 100 * 100
		}
	}
}
