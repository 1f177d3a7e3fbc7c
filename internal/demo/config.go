package demo

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/leerlijn/leerlijn/schema/refdata"
)

// Config says what organisation to generate. The same Config gives the
// same Dataset, byte for byte.
type Config struct {
	// Seed chooses the organisation; statement ids derive from it too.
	Seed       int64
	People     int
	OrgUnits   int
	Activities int
	// Year is the calendar year of learning, unless From and To (dates,
	// both included) are set.
	Year     int
	From, To string
}

// Limits of the sizes.
const (
	minPeople, maxPeople         = 10, 200_000
	minOrgUnits, maxOrgUnits     = 6, 400
	minActivities, maxActivities = 30, 2000
	maxPeriodDays                = 3 * 366
)

// RegisterFlags registers the generation flags with their defaults: 2,000
// people in 40 org units, 150 activities, the current year.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.Int64Var(&c.Seed, "seed", 1, "seed of the generated organisation: the same seed and sizes give byte-identical data and statement ids")
	fs.IntVar(&c.People, "people", 2000, fmt.Sprintf("people in the directory (%d to %d)", minPeople, maxPeople))
	fs.IntVar(&c.OrgUnits, "org-units", 40, fmt.Sprintf("org units over three levels, the root included (%d to %d)", minOrgUnits, maxOrgUnits))
	fs.IntVar(&c.Activities, "activities", 150, fmt.Sprintf("activities in the catalogue (%d to %d)", minActivities, maxActivities))
	fs.IntVar(&c.Year, "year", time.Now().Year(), "calendar year of learning (ignored when -from and -to are set)")
	fs.StringVar(&c.From, "from", "", "first day of learning, YYYY-MM-DD (with -to; overrides -year)")
	fs.StringVar(&c.To, "to", "", "last day of learning, YYYY-MM-DD (with -from)")
}

// Period returns the first and last day of learning as dates (midnight
// UTC standing for the calendar day).
func (c Config) Period() (from, to time.Time, err error) {
	if c.From == "" && c.To == "" {
		if c.Year < 1971 || c.Year > 2100 {
			return from, to, fmt.Errorf("-year %d: give a year between 1971 and 2100", c.Year)
		}
		return time.Date(c.Year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(c.Year, 12, 31, 0, 0, 0, 0, time.UTC), nil
	}
	if c.From == "" || c.To == "" {
		return from, to, errors.New("-from and -to go together: give both dates, or neither and -year")
	}
	if from, err = time.Parse(refdata.DateLayout, c.From); err != nil {
		return from, to, fmt.Errorf("-from %q: must be a date YYYY-MM-DD", c.From)
	}
	if to, err = time.Parse(refdata.DateLayout, c.To); err != nil {
		return from, to, fmt.Errorf("-to %q: must be a date YYYY-MM-DD", c.To)
	}
	switch days := int(to.Sub(from).Hours()/24) + 1; {
	case days < 28:
		return from, to, fmt.Errorf("-from %s -to %s: the period must be at least 28 days", c.From, c.To)
	case days > maxPeriodDays:
		return from, to, fmt.Errorf("-from %s -to %s: the period must be at most %d days", c.From, c.To, maxPeriodDays)
	case from.Year() < 1971 || to.Year() > 2100:
		return from, to, errors.New("-from and -to must lie between 1971 and 2100")
	}
	return from, to, nil
}

// Validate checks the sizes and the period.
func (c Config) Validate() error {
	var errs []error
	if c.People < minPeople || c.People > maxPeople {
		errs = append(errs, fmt.Errorf("-people %d: give %d to %d", c.People, minPeople, maxPeople))
	}
	if c.OrgUnits < minOrgUnits || c.OrgUnits > maxOrgUnits {
		errs = append(errs, fmt.Errorf("-org-units %d: give %d to %d", c.OrgUnits, minOrgUnits, maxOrgUnits))
	}
	if c.Activities < minActivities || c.Activities > maxActivities {
		errs = append(errs, fmt.Errorf("-activities %d: give %d to %d", c.Activities, minActivities, maxActivities))
	}
	if _, _, err := c.Period(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
