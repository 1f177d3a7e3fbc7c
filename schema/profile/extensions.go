package profile

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"

	"github.com/segmentio/encoding/json"
)

// Extensions is an xAPI extensions map (context, result or activity
// definition), as schema/xapi decodes it.
type Extensions = map[string]json.RawMessage

// Money is an amount in a currency. Amount is a decimal string with at most
// two decimals ("1250.00"), never a float.
type Money struct {
	Amount   string
	Currency string
}

var (
	amountRE   = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,2})?$`)
	currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Cost reads ExtCost from a statement's context extensions:
// {"amount": "1250.00", "currency": "EUR"}. The amount may also be given as
// a JSON number with at most two decimals; it is returned as written. ok
// is false when the extension is absent; err says what is wrong with one
// that is present.
func Cost(ext Extensions) (Money, bool, error) {
	raw, ok := ext[ExtCost]
	if !ok {
		return Money{}, false, nil
	}
	var v struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return Money{}, true, fmt.Errorf("cost extension must be an object {\"amount\": \"1250.00\", \"currency\": \"EUR\"}")
	}
	amount := string(bytes.TrimSpace(v.Amount))
	if len(amount) > 1 && amount[0] == '"' {
		if err := json.Unmarshal(v.Amount, &amount); err != nil {
			return Money{}, true, fmt.Errorf("cost amount: %w", err)
		}
	}
	if !amountRE.MatchString(amount) {
		return Money{}, true, errors.New("cost amount must be a decimal with at most two decimals, e.g. \"1250.00\"")
	}
	if !currencyRE.MatchString(v.Currency) {
		return Money{}, true, errors.New("cost currency must be an ISO 4217 code of three capital letters, e.g. \"EUR\"")
	}
	return Money{Amount: amount, Currency: v.Currency}, true, nil
}

// Budget reads ExtBudget from a statement's context extensions: the id of
// the budget that pays, a non-empty string.
func Budget(ext Extensions) (string, bool, error) {
	raw, ok := ext[ExtBudget]
	if !ok {
		return "", false, nil
	}
	var id string
	if err := json.Unmarshal(raw, &id); err != nil || id == "" {
		return "", true, errors.New("budget extension must be a budget id string")
	}
	return id, true, nil
}

// WorkTime reads ExtWorkTime from a statement's context extensions: true
// when the statement's learning time is working time, false when it is
// not, whatever the learner's schedule says.
func WorkTime(ext Extensions) (bool, bool, error) {
	raw, ok := ext[ExtWorkTime]
	if !ok {
		return false, false, nil
	}
	var v bool
	if err := json.Unmarshal(raw, &v); err != nil {
		return false, true, errors.New("work-time extension must be true or false")
	}
	return v, true, nil
}

// LearningForm reads ExtLearningForm from an activity definition's
// extensions: formal, workplace, social or self-directed.
func LearningForm(ext Extensions) (string, bool, error) {
	raw, ok := ext[ExtLearningForm]
	if !ok {
		return "", false, nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", true, errors.New("learning-form extension must be a string")
	}
	switch v {
	case FormFormal, FormWorkplace, FormSocial, FormSelfDirected:
		return v, true, nil
	}
	return "", true, fmt.Errorf("learning-form extension must be %s, %s, %s or %s", FormFormal, FormWorkplace, FormSocial, FormSelfDirected)
}

// CMI5SessionID reads cmi5's session id from a statement's context
// extensions.
func CMI5SessionID(ext Extensions) (string, bool, error) {
	raw, ok := ext[ExtCMI5SessionID]
	if !ok {
		return "", false, nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil || v == "" {
		return "", true, errors.New("cmi5 session id must be a non-empty string")
	}
	return v, true, nil
}
