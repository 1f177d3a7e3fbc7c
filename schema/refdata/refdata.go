package refdata

import (
	"errors"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// DateLayout is the layout of calendar dates (period bounds, valid_from).
const DateLayout = "2006-01-02"

// Budget is a training budget for an org unit (a team budget) or for one
// person (an individual learning budget) over a period. A later event with
// another amount is an adjustment from the event's time on; it does not
// rewrite what was allocated before.
type Budget struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	OrgUnit  string `json:"org_unit,omitempty"`
	PersonID string `json:"person_id,omitempty"`
	// PeriodStart and PeriodEnd are calendar dates; the period includes
	// both days.
	PeriodStart string `json:"period_start"`
	PeriodEnd   string `json:"period_end"`
	// Amount is a decimal with at most two decimals, e.g. "50000.00".
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// Expense is spend on a budget that no statement carries: an invoice,
// travel, a venue. ExpenseID is unique in the tenant.
type Expense struct {
	ExpenseID   string    `json:"expense_id"`
	BudgetID    string    `json:"budget_id"`
	Amount      string    `json:"amount"`
	Currency    string    `json:"currency"`
	Time        time.Time `json:"time"`
	Description string    `json:"description,omitempty"`
}

// Person is one version of a person in the directory, valid from
// ValidFrom on: a move to another org unit counts from that date, and
// learning before it stays where it happened.
type Person struct {
	PersonID string `json:"person_id"`
	// Actors are the xAPI Agents that identify the person (several
	// identifiers allowed: an LMS account, a work e-mail address…).
	Actors  []xapi.Actor `json:"actors"`
	OrgUnit string       `json:"org_unit"`
	// HourlyCost is a decimal amount in the tenant's currency, used to
	// price time off work; empty means unknown.
	HourlyCost string `json:"hourly_cost,omitempty"`
	// Timezone is an IANA zone; empty means the tenant's.
	Timezone string `json:"timezone,omitempty"`
	// WorkSchedule is the weekly schedule; nil means the tenant's default.
	WorkSchedule Schedule `json:"work_schedule,omitempty"`
	ValidFrom    string   `json:"valid_from"`
}

// Settings are a tenant's defaults.
type Settings struct {
	Currency           string   `json:"currency"`
	Timezone           string   `json:"timezone"`
	WorkSchedule       Schedule `json:"work_schedule"`
	AbandonedAfterDays int      `json:"abandoned_after_days"`
}

// Schedule is a weekly work schedule: day ("mon" … "sun") to time ranges
// "HH:MM-HH:MM" in the person's time zone, e.g.
// {"mon":["09:00-12:30","13:00-17:00"], …}. Days absent are not worked.
type Schedule map[string][]string

// Days are the schedule's keys in week order, Monday first.
var Days = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// DefaultSettings are the settings of a tenant that never set any:
// EUR, Europe/Amsterdam, Monday to Friday 09:00–17:00, abandoned after 30
// days of silence.
func DefaultSettings() Settings {
	day := []string{"09:00-17:00"}
	return Settings{
		Currency:           "EUR",
		Timezone:           "Europe/Amsterdam",
		WorkSchedule:       Schedule{"mon": day, "tue": day, "wed": day, "thu": day, "fri": day},
		AbandonedAfterDays: 30,
	}
}

var (
	amountRE   = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,2})?$`)
	currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)
	idRE       = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9_~:@+-]{0,127}$`)
	spanRE     = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$`)
)

// problems collects field problems.
type problems []xapi.Problem

func (ps *problems) add(path, reason string) {
	*ps = append(*ps, xapi.Problem{Path: path, Reason: reason})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &xapi.ValidationError{Problems: ps}
}

// ValidID reports whether s can be an id of a budget, expense or person:
// 1 to 128 characters of letters, digits and _ - ~ : @ +, usable as one
// subject token.
func ValidID(s string) bool { return idRE.MatchString(s) }

func checkID(ps *problems, path, s string) {
	if !ValidID(s) {
		ps.add(path, "must be 1 to 128 characters of letters, digits and _ - ~ : @ + (no dots or spaces)")
	}
}

// ValidAmount reports whether s is a decimal amount with at most two
// decimals ("1250.00", "-20", "0.5").
func ValidAmount(s string) bool { return amountRE.MatchString(s) }

// checkAmount validates an amount and returns it normalised (see
// NormalizeAmount), or unchanged when it is not valid.
func checkAmount(ps *problems, path, s string, allowNegative bool) string {
	switch {
	case !ValidAmount(s):
		ps.add(path, "must be a decimal amount as a string with at most two decimals, e.g. \"1250.00\"")
		return s
	case !allowNegative && strings.HasPrefix(s, "-") && NormalizeAmount(s) != "0.00":
		ps.add(path, "must not be negative")
		return s
	}
	return NormalizeAmount(s)
}

func checkCurrency(ps *problems, path, s string) {
	if !currencyRE.MatchString(s) {
		ps.add(path, "must be an ISO 4217 code of three capital letters, e.g. \"EUR\"")
	}
}

func checkDate(ps *problems, path, s string) (time.Time, bool) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		ps.add(path, "must be a date YYYY-MM-DD")
		return time.Time{}, false
	}
	return t, true
}

func checkZone(ps *problems, path, s string) {
	if s == "" {
		return
	}
	if _, err := time.LoadLocation(s); err != nil || s == "Local" {
		ps.add(path, "must be an IANA time zone such as \"Europe/Amsterdam\"")
	}
}

// CheckSchedule validates a schedule's days and ranges.
func checkSchedule(ps *problems, path string, s Schedule) {
	for day, spans := range s {
		known := false
		for _, d := range Days {
			known = known || d == day
		}
		if !known {
			ps.add(path+"."+day, "unknown day: use mon, tue, wed, thu, fri, sat, sun")
			continue
		}
		for i, span := range spans {
			if reason := checkSpan(span); reason != "" {
				ps.add(path+"."+day+"["+itoa(i)+"]", reason)
			}
		}
	}
}

// checkSpan returns why span is not a time range of one day, or "".
func checkSpan(span string) string {
	m := spanRE.FindStringSubmatch(span)
	if m == nil {
		return "must be a time range \"HH:MM-HH:MM\", e.g. \"09:00-17:00\""
	}
	if start, end := m[1]+m[2], m[3]+m[4]; end <= start || (m[3] == "24" && m[4] != "00") {
		return "must end after it starts, within the day"
	}
	return ""
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// decode reads a JSON object strictly: unknown fields are problems.
func decode(body []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &xapi.ValidationError{Problems: []xapi.Problem{decodeProblem(err)}}
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return &xapi.ValidationError{Problems: []xapi.Problem{{Path: "", Reason: "more than one JSON value: send exactly one object"}}}
	}
	return nil
}

// ParseBudget validates a budget; id comes from the URL (or the CSV row).
func ParseBudget(id string, body []byte) (Budget, error) {
	var b Budget
	if err := decode(body, &b); err != nil {
		return Budget{}, err
	}
	if b.ID == "" {
		b.ID = id
	}
	var ps problems
	checkID(&ps, "id", b.ID)
	if id != "" && b.ID != id {
		ps.add("id", "differs from the id in the URL")
	}
	b.Name = strings.TrimSpace(b.Name)
	if b.Name == "" {
		ps.add("name", "is required")
	}
	switch {
	case b.OrgUnit == "" && b.PersonID == "":
		ps.add("org_unit", "give org_unit (a team budget) or person_id (an individual budget)")
	case b.OrgUnit != "" && b.PersonID != "":
		ps.add("person_id", "give org_unit or person_id, not both")
	case b.OrgUnit != "":
		b.OrgUnit = NormalizeOrgUnit(b.OrgUnit)
		if b.OrgUnit == "" {
			ps.add("org_unit", "must be a path such as \"Acme/Operations/Logistics\"")
		}
	default:
		checkID(&ps, "person_id", b.PersonID)
	}
	start, ok1 := checkDate(&ps, "period_start", b.PeriodStart)
	end, ok2 := checkDate(&ps, "period_end", b.PeriodEnd)
	if ok1 && ok2 && end.Before(start) {
		ps.add("period_end", "must not be before period_start")
	}
	b.Amount = checkAmount(&ps, "amount", b.Amount, false)
	checkCurrency(&ps, "currency", b.Currency)
	return b, ps.err()
}

// ParseExpense validates an expense booked on budgetID.
func ParseExpense(budgetID string, body []byte) (Expense, error) {
	var e Expense
	if err := decode(body, &e); err != nil {
		return Expense{}, err
	}
	if e.BudgetID == "" {
		e.BudgetID = budgetID
	}
	var ps problems
	checkID(&ps, "expense_id", e.ExpenseID)
	checkID(&ps, "budget_id", e.BudgetID)
	if budgetID != "" && e.BudgetID != budgetID {
		ps.add("budget_id", "differs from the budget in the URL")
	}
	e.Amount = checkAmount(&ps, "amount", e.Amount, true)
	checkCurrency(&ps, "currency", e.Currency)
	if e.Time.IsZero() {
		ps.add("time", "is required: an RFC 3339 time, e.g. \"2026-03-02T10:00:00Z\"")
	}
	e.Time = e.Time.UTC()
	if len(e.Description) > 1000 {
		ps.add("description", "must be at most 1000 characters")
	}
	return e, ps.err()
}

// ParsePerson validates one version of a person.
func ParsePerson(personID string, body []byte) (Person, error) {
	var p Person
	if err := decode(body, &p); err != nil {
		return Person{}, err
	}
	if p.PersonID == "" {
		p.PersonID = personID
	}
	var ps problems
	checkID(&ps, "person_id", p.PersonID)
	if personID != "" && p.PersonID != personID {
		ps.add("person_id", "differs from the id in the URL")
	}
	if len(p.Actors) == 0 {
		ps.add("actors", "give at least one xAPI Agent that identifies the person, e.g. {\"mbox\":\"mailto:ann@example.com\"}")
	}
	p.Actors = checkActors(&ps, "actors", p.Actors)
	p.OrgUnit = NormalizeOrgUnit(p.OrgUnit)
	if p.OrgUnit == "" {
		ps.add("org_unit", "is required: a path such as \"Acme/Operations/Logistics\"")
	}
	if p.HourlyCost != "" {
		p.HourlyCost = checkAmount(&ps, "hourly_cost", p.HourlyCost, false)
	}
	checkZone(&ps, "timezone", p.Timezone)
	checkSchedule(&ps, "work_schedule", p.WorkSchedule)
	p.WorkSchedule = normalizeSchedule(&ps, "work_schedule", p.WorkSchedule)
	checkDate(&ps, "valid_from", p.ValidFrom)
	return p, ps.err()
}

func countIFIs(a *xapi.Actor) int {
	n := 0
	for _, s := range []string{a.Mbox, a.MboxSHA1Sum, a.OpenID} {
		if s != "" {
			n++
		}
	}
	if a.Account != nil {
		n++
	}
	return n
}

// ParseSettings validates a tenant's settings; absent fields keep the
// defaults.
func ParseSettings(body []byte) (Settings, error) {
	s := DefaultSettings()
	s.WorkSchedule = nil
	if err := decode(body, &s); err != nil {
		return Settings{}, err
	}
	if s.WorkSchedule == nil {
		s.WorkSchedule = DefaultSettings().WorkSchedule
	}
	var ps problems
	checkCurrency(&ps, "currency", s.Currency)
	if s.Timezone == "" {
		ps.add("timezone", "is required: an IANA time zone such as \"Europe/Amsterdam\"")
	}
	checkZone(&ps, "timezone", s.Timezone)
	checkSchedule(&ps, "work_schedule", s.WorkSchedule)
	s.WorkSchedule = normalizeSchedule(&ps, "work_schedule", s.WorkSchedule)
	if s.AbandonedAfterDays < 1 || s.AbandonedAfterDays > 3650 {
		ps.add("abandoned_after_days", "must be between 1 and 3650")
	}
	return s, ps.err()
}

// NormalizeOrgUnit trims an org-unit path: "Acme / Operations/" becomes
// "Acme/Operations". It returns "" for an empty path.
func NormalizeOrgUnit(s string) string {
	parts := strings.Split(s, "/")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "/")
}

// Ancestors returns the org unit and its ancestors, nearest first:
// "Acme/Ops/Logistics" gives ["Acme/Ops/Logistics", "Acme/Ops", "Acme"].
func Ancestors(orgUnit string) []string {
	var out []string
	for u := orgUnit; u != ""; {
		out = append(out, u)
		i := strings.LastIndexByte(u, '/')
		if i < 0 {
			break
		}
		u = u[:i]
	}
	return out
}
