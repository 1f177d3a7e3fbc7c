package refdata

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The columns of the CSV import files (docs/import.md). A file has a header
// row naming its columns, in any order.
var (
	BudgetColumns = []string{"id", "name", "org_unit", "person_id", "period_start", "period_end", "amount", "currency"}
	PersonColumns = []string{"person_id", "actor_mbox", "actor_account_homepage", "actor_account_name", "org_unit", "hourly_cost", "timezone", "valid_from", "work_schedule"}
)

// CSVReader reads the rows of a reference-data CSV file one at a time: UTF-8
// with or without a byte-order mark, the separator (";" or ",") taken from
// the header row, columns by name. It never holds more than one row.
type CSVReader struct {
	r      *csv.Reader
	header []string
	index  map[string]int
}

// CSVRow is one data row.
type CSVRow struct {
	// Line is the file line the row starts on (the header is line 1).
	Line   int
	fields []string
	index  map[string]int
}

// Get returns the value of column col with surrounding spaces removed, or
// "" when the file has no such column.
func (r CSVRow) Get(col string) string {
	i, ok := r.index[col]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// CSVRowError is a row that cannot be read (wrong field count, bad
// quoting). Reading can go on with the next row.
type CSVRowError struct {
	Line   int
	Reason string
}

func (e *CSVRowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// ColumnRule says which columns a file must have: every column of All, and
// at least one column of each group in AnyOf.
type ColumnRule struct {
	All   []string
	AnyOf [][]string
}

// Column rules of the two files.
var (
	BudgetRequired = ColumnRule{
		All:   []string{"id", "name", "period_start", "period_end", "amount", "currency"},
		AnyOf: [][]string{{"org_unit", "person_id"}},
	}
	PersonRequired = ColumnRule{
		All:   []string{"person_id", "org_unit", "valid_from"},
		AnyOf: [][]string{{"actor_mbox", "actor_account_name"}},
	}
)

// NewCSVReader reads the header row and checks it: every column must be one
// of columns, appear once, and the rule must hold.
func NewCSVReader(r io.Reader, columns []string, rule ColumnRule) (*CSVReader, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	first, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read header row: %w", err)
	}
	if strings.TrimSpace(first) == "" {
		return nil, errors.New("line 1: the header row is missing: the first line must name the columns, e.g. " + strings.Join(columns, ","))
	}
	cr := csv.NewReader(io.MultiReader(strings.NewReader(first), br))
	cr.Comma = detectSeparator(first)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("line 1: read header row: %w", err)
	}
	c := &CSVReader{r: cr, index: map[string]int{}}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case h == "":
			return nil, fmt.Errorf("line 1: column %d has no name", i+1)
		case !slices.Contains(columns, h):
			return nil, fmt.Errorf("line 1: unknown column %q: the columns are %s", clipName(h), strings.Join(columns, ", "))
		}
		if _, dup := c.index[h]; dup {
			return nil, fmt.Errorf("line 1: column %q appears twice", h)
		}
		c.index[h] = i
		c.header = append(c.header, h)
	}
	var missing []string
	for _, col := range rule.All {
		if _, ok := c.index[col]; !ok {
			missing = append(missing, col)
		}
	}
	for _, group := range rule.AnyOf {
		if !slices.ContainsFunc(group, func(col string) bool { _, ok := c.index[col]; return ok }) {
			missing = append(missing, strings.Join(group, " or "))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("line 1: missing column %s", strings.Join(missing, ", "))
	}
	return c, nil
}

// Separator returns the field separator taken from the header row.
func (c *CSVReader) Separator() rune { return c.r.Comma }

// Header returns the column names in file order.
func (c *CSVReader) Header() []string { return slices.Clone(c.header) }

// Read returns the next row that is not empty. It returns io.EOF after the
// last row, a *CSVRowError for a row that cannot be read (call Read again
// for the next one), and any other error for a failing reader.
func (c *CSVReader) Read() (CSVRow, error) {
	for {
		rec, err := c.r.Read()
		if errors.Is(err, io.EOF) {
			return CSVRow{}, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return CSVRow{}, &CSVRowError{Line: pe.StartLine, Reason: pe.Err.Error()}
		}
		if err != nil {
			return CSVRow{}, err
		}
		line, _ := c.r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line (encoding/csv skips only truly empty ones)
		}
		if len(rec) != len(c.header) {
			return CSVRow{}, &CSVRowError{Line: line, Reason: fmt.Sprintf("has %d fields, the header has %d (separator %q; quote values that contain it)", len(rec), len(c.header), string(c.r.Comma))}
		}
		return CSVRow{Line: line, fields: slices.Clone(rec), index: c.index}, nil
	}
}

// detectSeparator picks ";" or "," for a header line: the one that occurs
// more often outside double quotes; "," when neither does.
func detectSeparator(line string) rune {
	semi, comma, quoted := 0, 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ';':
			semi++
		case c == ',':
			comma++
		}
	}
	if semi > comma {
		return ';'
	}
	return ','
}

func clipName(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// BudgetFromCSV builds the budget of a budgets row. The values are taken as
// they are, except that amount may have a decimal comma ("1250,50");
// ParseBudget (the API) validates them.
func BudgetFromCSV(row CSVRow) Budget {
	return Budget{
		ID:          row.Get("id"),
		Name:        row.Get("name"),
		OrgUnit:     row.Get("org_unit"),
		PersonID:    row.Get("person_id"),
		PeriodStart: row.Get("period_start"),
		PeriodEnd:   row.Get("period_end"),
		Amount:      csvAmount(row.Get("amount")),
		Currency:    row.Get("currency"),
	}
}

// csvAmount accepts a decimal comma, as spreadsheets in many locales
// write amounts: "1250,50" is "1250.50". Amounts with thousands separators
// ("1.250,50") are left for the API to reject.
func csvAmount(s string) string {
	whole, frac, ok := strings.Cut(s, ",")
	if !ok || strings.ContainsAny(whole, ".,") || strings.Contains(frac, ",") {
		return s
	}
	if ValidAmount(whole + "." + frac) {
		return whole + "." + frac
	}
	return s
}

// BudgetColumn returns the CSV column of a problem path of ParseBudget.
func BudgetColumn(path string) string { return topField(path) }

// PersonFromCSV builds the person version of a people row. Several
// identifiers go in one cell separated by ";": actor_mbox "a@x.org;b@y.org"
// (mailto: is added when missing), actor_account_name "u1;u2" with one
// actor_account_homepage for all names or one per name. work_schedule uses
// the syntax of ParseScheduleSpec; hourly_cost may have a decimal comma.
// The error, a *xapi.ValidationError whose
// paths are column names, covers only what the CSV syntax decides; the
// rest is ParsePerson's (the API's) to check.
func PersonFromCSV(row CSVRow) (Person, error) {
	var ps problems
	p := Person{
		PersonID:   row.Get("person_id"),
		OrgUnit:    row.Get("org_unit"),
		HourlyCost: csvAmount(row.Get("hourly_cost")),
		Timezone:   row.Get("timezone"),
		ValidFrom:  row.Get("valid_from"),
	}
	for _, m := range splitList(row.Get("actor_mbox")) {
		if !strings.HasPrefix(m, "mailto:") {
			m = "mailto:" + m
		}
		p.Actors = append(p.Actors, actorMbox(m))
	}
	names, homes := splitList(row.Get("actor_account_name")), splitList(row.Get("actor_account_homepage"))
	switch {
	case len(names) == 0 && len(homes) > 0:
		ps.add("actor_account_name", "is empty but actor_account_homepage is set: give the account name(s)")
	case len(names) > 0 && len(homes) == 0:
		ps.add("actor_account_homepage", "is required with actor_account_name: the homePage of the system the account is on, e.g. https://lms.example.com")
	case len(homes) != 1 && len(homes) != len(names):
		ps.add("actor_account_homepage", fmt.Sprintf("has %d values for %d account names: give one homepage for all or one per name", len(homes), len(names)))
	default:
		for i, n := range names {
			h := homes[0]
			if len(homes) > 1 {
				h = homes[i]
			}
			p.Actors = append(p.Actors, actorAccount(h, n))
		}
	}
	ws, err := ParseScheduleSpec(row.Get("work_schedule"))
	if err != nil {
		ps = append(ps, asProblems(err)...)
	}
	p.WorkSchedule = ws
	return p, ps.err()
}

// PersonColumn returns the CSV column of a problem path of ParsePerson for
// the person p that PersonFromCSV built.
func PersonColumn(path string, p Person) string {
	top := topField(path)
	if top != "actors" {
		return top
	}
	var i int
	if _, err := fmt.Sscanf(path, "actors[%d]", &i); err != nil || i < 0 || i >= len(p.Actors) {
		return "actor_mbox"
	}
	switch a := p.Actors[i]; {
	case a.Account == nil:
		return "actor_mbox"
	case strings.Contains(path, "homePage"):
		return "actor_account_homepage"
	default:
		return "actor_account_name"
	}
}

// topField is the first name of a problem path: "work_schedule.mon[0]"
// gives "work_schedule".
func topField(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ";") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
