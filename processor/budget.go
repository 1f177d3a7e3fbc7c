package processor

import (
	"context"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/shopspring/decimal"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/refdata"
)

// Budget projects budget and expense events into budget_versions (every
// version of every budget, so that a new amount is an adjustment and
// history is kept) and budget_expenses. Commitments, releases and spend
// from statements are derived in the views from the learning facts.
type Budget struct {
	conn driver.Conn
}

// NewBudget returns the budget projection writing through conn.
func NewBudget(conn driver.Conn) *Budget { return &Budget{conn: conn} }

// Name implements Projection.
func (*Budget) Name() string { return "budget" }

// Subjects implements Projection.
func (*Budget) Subjects() []string { return filterSubjects(event.KindBudget, event.KindExpense) }

// Reset implements Projection.
func (b *Budget) Reset(ctx context.Context) error {
	return truncateTables(ctx, b.conn, b.Name(), "budget_versions", "budget_expenses")
}

// Apply implements Projection.
func (b *Budget) Apply(ctx context.Context, batch []event.Envelope) error {
	versions := newTableBatch("budget_versions",
		"tenant, budget_id, seq, stored, name, org_unit, person_id, period_start, period_end, amount, currency")
	expenses := newTableBatch("budget_expenses",
		"tenant, expense_id, budget_id, amount, currency, time, description, seq")
	for i := range batch {
		env := &batch[i]
		switch env.Kind {
		case event.KindBudget:
			v, err := refdata.ParseBudget(env.ID, env.Body)
			if err != nil {
				return &PoisonError{Seq: env.Seq, Reason: "budget event does not parse: " + err.Error()}
			}
			amount, err := decimal.NewFromString(v.Amount)
			if err != nil {
				return &PoisonError{Seq: env.Seq, Reason: "budget amount: " + err.Error()}
			}
			start, end := parseDay(v.PeriodStart), parseDay(v.PeriodEnd)
			versions.add(env.Seq, env.Tenant, v.ID, env.Seq, clampDateTime(env.Stored), v.Name, v.OrgUnit, v.PersonID,
				start, end, amount, v.Currency)
		case event.KindExpense:
			v, err := refdata.ParseExpense("", env.Body)
			if err != nil {
				return &PoisonError{Seq: env.Seq, Reason: "expense event does not parse: " + err.Error()}
			}
			amount, err := decimal.NewFromString(v.Amount)
			if err != nil {
				return &PoisonError{Seq: env.Seq, Reason: "expense amount: " + err.Error()}
			}
			expenses.add(env.Seq, env.Tenant, v.ExpenseID, v.BudgetID, amount, v.Currency, clampDateTime(v.Time), v.Description, env.Seq)
		}
	}
	if err := versions.send(ctx, b.conn); err != nil {
		return err
	}
	return expenses.send(ctx, b.conn)
}

// parseDay reads a calendar date that refdata already validated.
func parseDay(s string) time.Time {
	t, _ := time.Parse(refdata.DateLayout, s)
	return t
}
