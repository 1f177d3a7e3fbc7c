package profile

// Leerlijn's extension IRIs (docs/profile.md).
const (
	// ExtCost is a context extension: {"amount": "1250.00", "currency": "EUR"},
	// the price of this enrolment for this learner.
	ExtCost = "https://leerlijn.dev/xapi/extensions/cost"
	// ExtBudget is a context extension: the id of the budget that pays.
	ExtBudget = "https://leerlijn.dev/xapi/extensions/budget"
	// ExtWorkTime is a context extension: true/false, overriding the work
	// schedule for this statement's time.
	ExtWorkTime = "https://leerlijn.dev/xapi/extensions/work-time"
	// ExtLearningForm is an activity definition extension: formal,
	// workplace, social or self-directed.
	ExtLearningForm = "https://leerlijn.dev/xapi/extensions/learning-form"
	// ExtLRS is the /about extension that names this LRS.
	ExtLRS = "https://leerlijn.dev/xapi/extensions/lrs"
	// ExtCMI5SessionID is cmi5's context extension naming the AU launch
	// session a statement belongs to (cmi5 9.6.3.1).
	ExtCMI5SessionID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
)

// ActivityTypeCourse is ADL's activity type of a course: a context
// activity of this type is the course a lesson counts toward.
const ActivityTypeCourse = "http://adlnet.gov/expapi/activities/course"

// Learning forms, the values of ExtLearningForm.
const (
	FormFormal       = "formal"
	FormWorkplace    = "workplace"
	FormSocial       = "social"
	FormSelfDirected = "self-directed"
)

// Verbs the metrics interpret.
const (
	VerbRegistered   = "http://adlnet.gov/expapi/verbs/registered"
	VerbLaunched     = "http://adlnet.gov/expapi/verbs/launched"
	VerbInitialized  = "http://adlnet.gov/expapi/verbs/initialized"
	VerbAttempted    = "http://adlnet.gov/expapi/verbs/attempted"
	VerbExperienced  = "http://adlnet.gov/expapi/verbs/experienced"
	VerbProgressed   = "http://adlnet.gov/expapi/verbs/progressed"
	VerbCompleted    = "http://adlnet.gov/expapi/verbs/completed"
	VerbPassed       = "http://adlnet.gov/expapi/verbs/passed"
	VerbFailed       = "http://adlnet.gov/expapi/verbs/failed"
	VerbTerminated   = "http://adlnet.gov/expapi/verbs/terminated"
	VerbVoided       = "http://adlnet.gov/expapi/verbs/voided"
	VerbAbandoned    = "https://w3id.org/xapi/adl/verbs/abandoned"
	VerbWaived       = "https://w3id.org/xapi/adl/verbs/waived"
	VerbSatisfied    = "https://w3id.org/xapi/adl/verbs/satisfied"
	VerbUnregistered = "http://id.tincanapi.com/verb/unregistered"
)
