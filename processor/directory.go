package processor

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/shopspring/decimal"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/refdata"
)

// Directory projects person and settings events into people and
// tenant_settings: who an actor is, in which org unit from which day, their
// hourly cost, time zone and work schedule, and each tenant's defaults. The
// metric views resolve statements against these tables at query time, so
// the order in which people and statements arrive does not matter.
type Directory struct {
	conn driver.Conn
}

// NewDirectory returns the directory projection writing through conn.
func NewDirectory(conn driver.Conn) *Directory { return &Directory{conn: conn} }

// Name implements Projection.
func (*Directory) Name() string { return "directory" }

// Subjects implements Projection.
func (*Directory) Subjects() []string { return filterSubjects(event.KindPerson, event.KindSettings) }

// Reset implements Projection.
func (d *Directory) Reset(ctx context.Context) error {
	return truncateTables(ctx, d.conn, d.Name(), "people", "tenant_settings")
}

// Apply implements Projection.
func (d *Directory) Apply(ctx context.Context, batch []event.Envelope) error {
	people := newTableBatch("people", personColumns)
	settings := newTableBatch("tenant_settings", settingsColumns)
	for i := range batch {
		env := &batch[i]
		switch env.Kind {
		case event.KindPerson:
			v, err := personValues(env)
			if err != nil {
				return err
			}
			people.add(env.Seq, v...)
		case event.KindSettings:
			v, _, err := settingsValues(env)
			if err != nil {
				return err
			}
			settings.add(env.Seq, v...)
		}
	}
	if err := people.send(ctx, d.conn); err != nil {
		return err
	}
	return settings.send(ctx, d.conn)
}

const personColumns = "tenant, person_id, valid_from, org_unit, org_path, actors, hourly_cost, has_hourly_cost, timezone, schedule, stored, seq"

// personValues is the people row of a person event (also written to
// timeoff_people). A body that does not parse can never be applied.
func personValues(env *event.Envelope) ([]any, error) {
	p, err := refdata.ParsePerson(env.ID, env.Body)
	if err != nil {
		return nil, &PoisonError{Seq: env.Seq, Reason: "person event does not parse: " + err.Error()}
	}
	validFrom := parseDay(p.ValidFrom)
	actors := make([]string, 0, len(p.Actors))
	for i := range p.Actors {
		actors = append(actors, p.Actors[i].IFI())
	}
	cost, has := decimal.Zero, uint8(0)
	if p.HourlyCost != "" {
		if cost, err = decimal.NewFromString(p.HourlyCost); err != nil {
			return nil, &PoisonError{Seq: env.Seq, Reason: "person hourly_cost: " + err.Error()}
		}
		has = 1
	}
	sched, err := refdata.CanonicalSchedule(p.WorkSchedule)
	if err != nil {
		return nil, &PoisonError{Seq: env.Seq, Reason: "person work_schedule: " + err.Error()}
	}
	return []any{env.Tenant, p.PersonID, validFrom, p.OrgUnit, refdata.Ancestors(p.OrgUnit), actors,
		cost, has, p.Timezone, sched, clampDateTime(env.Stored), env.Seq}, nil
}

const settingsColumns = "tenant, currency, timezone, schedule, abandoned_after_days, seq"

// tenantDefaults are what the metrics need of a tenant's settings.
type tenantDefaults struct {
	Timezone string `ch:"timezone"`
	Schedule string `ch:"schedule"`
}

// defaultTenant are the defaults of a tenant that never sent settings; the
// views spell the same values (schema/ddl/sql/0017_time_off_work.sql).
func defaultTenant() tenantDefaults {
	s := refdata.DefaultSettings()
	sched, err := refdata.CanonicalSchedule(s.WorkSchedule)
	if err != nil {
		panic(fmt.Sprintf("default schedule: %v", err))
	}
	return tenantDefaults{Timezone: s.Timezone, Schedule: sched}
}

// settingsValues is the tenant_settings row of a settings event.
func settingsValues(env *event.Envelope) ([]any, tenantDefaults, error) {
	s, err := refdata.ParseSettings(env.Body)
	if err != nil {
		return nil, tenantDefaults{}, &PoisonError{Seq: env.Seq, Reason: "settings event does not parse: " + err.Error()}
	}
	sched, err := refdata.CanonicalSchedule(s.WorkSchedule)
	if err != nil {
		return nil, tenantDefaults{}, &PoisonError{Seq: env.Seq, Reason: "settings work_schedule: " + err.Error()}
	}
	return []any{env.Tenant, s.Currency, s.Timezone, sched, uint16(s.AbandonedAfterDays), env.Seq},
		tenantDefaults{Timezone: s.Timezone, Schedule: sched}, nil
}
