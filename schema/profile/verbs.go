package profile

// Class is what a verb means to the metrics. The projections store the
// class, not the verb IRI, so the ClickHouse views never spell an IRI.
type Class string

// The verb classes (docs/profile.md, docs/metrics.md).
const (
	// ClassRegistered is an enrolment (ADL registered).
	ClassRegistered Class = "registered"
	// ClassStarted is learning activity that starts an enrolment:
	// launched, initialized, attempted, experienced, progressed.
	ClassStarted    Class = "started"
	ClassCompleted  Class = "completed"
	ClassPassed     Class = "passed"
	ClassFailed     Class = "failed"
	ClassTerminated Class = "terminated"
	// ClassAbandoned is cmi5's abandoned: the session ended abnormally.
	ClassAbandoned Class = "abandoned"
	ClassWaived    Class = "waived"
	ClassSatisfied Class = "satisfied"
	// ClassUnregistered is a cancelled enrolment (Tin Can unregistered).
	ClassUnregistered Class = "unregistered"
	// ClassOther is any other verb: it still counts as activity.
	ClassOther Class = "other"
)

var classes = map[string]Class{
	VerbRegistered:   ClassRegistered,
	VerbLaunched:     ClassStarted,
	VerbInitialized:  ClassStarted,
	VerbAttempted:    ClassStarted,
	VerbExperienced:  ClassStarted,
	VerbProgressed:   ClassStarted,
	VerbCompleted:    ClassCompleted,
	VerbPassed:       ClassPassed,
	VerbFailed:       ClassFailed,
	VerbTerminated:   ClassTerminated,
	VerbAbandoned:    ClassAbandoned,
	VerbWaived:       ClassWaived,
	VerbSatisfied:    ClassSatisfied,
	VerbUnregistered: ClassUnregistered,
}

// ClassOf returns the class of a verb IRI.
func ClassOf(verbID string) Class {
	if c, ok := classes[verbID]; ok {
		return c
	}
	return ClassOther
}
