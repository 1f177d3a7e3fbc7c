package event

import (
	"errors"
	"fmt"
	"strings"
)

// Kind is the type of an event on the log. It is the third token of the
// subject and is also carried in the HeaderKind header.
type Kind string

// The event kinds. Statement events carry an xAPI statement as stored; the
// others carry reference data commands (see the metrics issue).
const (
	KindStatement Kind = "statement"
	KindBudget    Kind = "budget"
	KindExpense   Kind = "expense"
	KindPerson    Kind = "person"
	KindSettings  Kind = "settings"
	// KindVoid marks a statement as voided: its key is the voided
	// statement's id and its body the voiding statement's id. The collector
	// writes it atomically with the voiding statement, so that reading a
	// statement by id can tell whether it is voided.
	KindVoid Kind = "void"
)

// Subjects:
//
//	leerlijn.<tenant>.statement.<statement id>   one subject per statement
//	leerlijn.<tenant>.void.<voided statement id>
//	leerlijn.<tenant>.budget.<budget id>
//	leerlijn.<tenant>.expense.<expense id>      the body names the budget
//	leerlijn.<tenant>.person.<person id>
//	leerlijn.<tenant>.settings
//
// One subject per statement lets JetStream itself decide "is this id new?"
// atomically with storing it (Nats-Expected-Last-Subject-Sequence: 0), and
// lets the collector read a statement back by id without an index of its own.
const subjectRoot = "leerlijn"

// ErrBadTenant is returned for tenant names that cannot be a subject token.
var ErrBadTenant = errors.New("tenant must be 1 to 63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit")

// ValidTenant reports whether name can be used as a tenant: it becomes a
// subject token, a ClickHouse value and a Grafana organisation name.
func ValidTenant(name string) error {
	if len(name) == 0 || len(name) > 63 {
		return ErrBadTenant
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '-' || c == '_') && i > 0:
		default:
			return ErrBadTenant
		}
	}
	return nil
}

// validToken reports whether s can be used as one subject token: printable
// ASCII without '.', '*', '>' or whitespace.
func validToken(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '.' || c == '*' || c == '>' {
			return false
		}
	}
	return true
}

// Subject returns the subject of an event of kind about key in tenant.
// Settings events have no key. The tenant must pass ValidTenant and the key
// must be a single subject token (no dots, wildcards or spaces).
func Subject(tenant string, kind Kind, key string) (string, error) {
	if err := ValidTenant(tenant); err != nil {
		return "", fmt.Errorf("subject for tenant %q: %w", tenant, err)
	}
	if !validToken(string(kind)) {
		return "", fmt.Errorf("subject for kind %q: kind must be one subject token", kind)
	}
	if kind == KindSettings {
		return subjectRoot + "." + tenant + "." + string(kind), nil
	}
	if !validToken(key) {
		return "", fmt.Errorf("subject for %s key %q: key must be one subject token without '.', '*', '>' or spaces", kind, key)
	}
	return subjectRoot + "." + tenant + "." + string(kind) + "." + key, nil
}

// StatementSubject is Subject for a statement; statement ids are UUIDs and
// always valid tokens, so a bad tenant is the only possible error.
func StatementSubject(tenant, statementID string) (string, error) {
	return Subject(tenant, KindStatement, statementID)
}

// Filter returns the subject filter that matches every event of kind in
// every tenant ("leerlijn.*.statement.>").
func Filter(kind Kind) string {
	if kind == KindSettings {
		return subjectRoot + ".*." + string(kind)
	}
	return subjectRoot + ".*." + string(kind) + ".>"
}

// TenantFilter returns the filter of all events of one tenant.
func TenantFilter(tenant string) string {
	return subjectRoot + "." + tenant + ".>"
}

// TenantKindFilter returns the filter of the events of one kind in one
// tenant ("leerlijn.acme.budget.>"), for listing a tenant's budgets or
// people by subject.
func TenantKindFilter(tenant string, kind Kind) (string, error) {
	if err := ValidTenant(tenant); err != nil {
		return "", fmt.Errorf("filter for tenant %q: %w", tenant, err)
	}
	if kind == KindSettings {
		return subjectRoot + "." + tenant + "." + string(kind), nil
	}
	return subjectRoot + "." + tenant + "." + string(kind) + ".>", nil
}

// ParseSubject splits an event subject into tenant, kind and key. It
// accepts exactly the subjects Subject builds: a subject with a tenant that
// is not valid, a key of several tokens or a wildcard is an error, so that
// an event written around the collector cannot smuggle a bad tenant or key
// into a projection.
func ParseSubject(subject string) (tenant string, kind Kind, key string, err error) {
	parts := strings.SplitN(subject, ".", 4)
	if len(parts) < 3 || parts[0] != subjectRoot {
		return "", "", "", fmt.Errorf("parse subject %q: not a leerlijn event subject", subject)
	}
	tenant, kind = parts[1], Kind(parts[2])
	if err := ValidTenant(tenant); err != nil {
		return "", "", "", fmt.Errorf("parse subject %q: %w", subject, err)
	}
	if !validToken(string(kind)) {
		return "", "", "", fmt.Errorf("parse subject %q: bad event kind", subject)
	}
	if len(parts) == 4 {
		key = parts[3]
	}
	switch {
	case kind == KindSettings && len(parts) == 4:
		return "", "", "", fmt.Errorf("parse subject %q: %s event with a key", subject, kind)
	case kind != KindSettings && !validToken(key):
		return "", "", "", fmt.Errorf("parse subject %q: %s event needs a key of one subject token", subject, kind)
	}
	return tenant, kind, key, nil
}
