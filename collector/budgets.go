package collector

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/refdata"
)

// budgets serves GET /api/v1/budgets: the tenant's budgets, paged.
func (a *referenceAPI) budgets(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return a.list(w, r, p, event.KindBudget, "budgets")
}

// budget serves PUT and GET /api/v1/budgets/{id}. A PUT whose normalised
// budget equals the stored one writes nothing; a new amount is stored as a
// new event, which the ledger turns into an adjustment.
func (a *referenceAPI) budget(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if err := methodIs(r, http.MethodPut, http.MethodGet); err != nil {
		return err
	}
	id, err := pathID(r, "id", "id")
	if err != nil {
		return err
	}
	if r.Method != http.MethodPut {
		return a.getLatest(w, r, p, event.KindBudget, id)
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	b, err := refdata.ParseBudget(id, body)
	if err != nil {
		return err
	}
	return a.put(w, r, p, event.KindBudget, id, b, true)
}

// expenses serves POST /api/v1/budgets/{id}/expenses. Expenses are
// immutable: each is stored once on its own subject with "expected last
// subject sequence 0", so JetStream decides atomically whether its
// expense_id is new. Posting the same expense again is a no-op (200);
// different content under a used expense_id is a 409.
func (a *referenceAPI) expenses(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if err := methodIs(r, http.MethodPost); err != nil {
		return err
	}
	budgetID, err := pathID(r, "id", "budget_id")
	if err != nil {
		return err
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	e, err := refdata.ParseExpense(budgetID, body)
	if err != nil {
		return err
	}
	if _, err := a.s.latest(r.Context(), p.Client.Tenant, event.KindBudget, budgetID); err != nil {
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("%w: no budget with this id in your tenant: PUT /api/v1/budgets/{id} first", ErrNotFound)
		}
		return err
	}
	norm, err := json.Marshal(e)
	if err != nil {
		return err
	}
	it := item{env: event.Envelope{
		Tenant: p.Client.Tenant, Kind: event.KindExpense, ID: e.ExpenseID, Stored: time.Now().UTC(),
		Hash: bodyHash(norm), Client: p.Client.Key, Body: norm,
	}}
	dup, err := a.s.pub.store(r.Context(), []item{it})
	if errors.Is(err, ErrConflict) {
		return fmt.Errorf("%w: this expense_id is already used by an expense with other content; expenses cannot be changed: "+
			"book a correction as a new expense (a negative amount reverses one)", ErrConflict)
	}
	if err != nil {
		return err
	}
	outcome, status := outcomeCreated, http.StatusCreated
	if dup[0] {
		outcome, status = outcomeDuplicate, http.StatusOK
	}
	a.stored(p, event.KindExpense, outcome, 0)
	w.Header().Set(OutcomeHeader, outcome)
	w.Header().Set("Location", r.URL.Path+"/"+e.ExpenseID)
	writeJSON(w, r, status, norm)
	return nil
}

// expense serves GET /api/v1/budgets/{id}/expenses/{expense_id}.
func (a *referenceAPI) expense(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if err := methodIs(r, http.MethodGet); err != nil {
		return err
	}
	budgetID, err := pathID(r, "id", "budget_id")
	if err != nil {
		return err
	}
	expenseID, err := pathID(r, "expense_id", "expense_id")
	if err != nil {
		return err
	}
	m, err := a.s.latest(r.Context(), p.Client.Tenant, event.KindExpense, expenseID)
	if err != nil {
		return err
	}
	var e refdata.Expense
	if err := json.Unmarshal(m.Data, &e); err != nil {
		return fmt.Errorf("decode stored expense: %w", err)
	}
	if e.BudgetID != budgetID {
		return fmt.Errorf("%w: no expense with this id on this budget", ErrNotFound)
	}
	writeMsg(w, r, m)
	return nil
}
