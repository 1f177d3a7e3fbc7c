package processor

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/leerlijn/leerlijn/schema/event"
)

// Projection turns events into ClickHouse rows.
type Projection interface {
	// Name is stable: it names the durable consumer, the metric label and
	// the projection's tables.
	Name() string
	// Subjects are the event subjects the projection reads.
	Subjects() []string
	// Apply writes the whole batch to ClickHouse or returns an error. A
	// *PoisonError names one event that can never be applied; any other
	// error is treated as transient and the batch is retried.
	Apply(ctx context.Context, batch []event.Envelope) error
	// Reset empties the projection's tables before a replay.
	Reset(ctx context.Context) error
}

// PoisonError reports an event a projection can never apply.
type PoisonError struct {
	Seq    uint64
	Reason string
}

func (e *PoisonError) Error() string {
	return fmt.Sprintf("event %d cannot be applied: %s", e.Seq, e.Reason)
}

// ConsumerName is the durable consumer of a projection.
func ConsumerName(projection string) string { return event.ConsumerName(projection) }

// ByName returns the projection called name.
func ByName(ps []Projection, name string) (Projection, bool) {
	for _, p := range ps {
		if p.Name() == name {
			return p, true
		}
	}
	return nil, false
}

// filterSubjects is a helper for projections reading a few kinds.
func filterSubjects(kinds ...event.Kind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = event.Filter(k)
	}
	return out
}

// All returns every projection Leerlijn runs, writing through conn: the
// statements (and the LRS read model), the directory, the budget ledger,
// learning (enrolments and completion) and time off work.
func All(conn driver.Conn) []Projection {
	return []Projection{
		NewStatements(conn),
		NewDirectory(conn), NewBudget(conn), NewLearning(conn), NewTimeOff(conn),
	}
}
