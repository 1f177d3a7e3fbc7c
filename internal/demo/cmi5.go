package demo

import "github.com/leerlijn/leerlijn/schema/profile"

// cmi5 vocabulary the generated sessions use (cmi5 spec, "Statement API"
// section). schema/profile holds Leerlijn's own IRIs and the verbs the
// metrics read; these are context details that no Leerlijn metric reads,
// so they live here.
const (
	cmi5Category       = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
	cmi5MoveOnCategory = "https://w3id.org/xapi/cmi5/context/categories/moveon"
	cmi5SessionID      = profile.ExtCMI5SessionID
	cmi5LaunchMode     = "https://w3id.org/xapi/cmi5/context/extensions/launchmode"
	cmi5LaunchURL      = "https://w3id.org/xapi/cmi5/context/extensions/launchurl"
	cmi5MoveOn         = "https://w3id.org/xapi/cmi5/context/extensions/moveon"
	cmi5Progress       = "https://w3id.org/xapi/cmi5/result/extensions/progress"
)

// Activity types of the catalogue.
const (
	typeCourse      = "http://adlnet.gov/expapi/activities/course"
	typeMeeting     = "http://adlnet.gov/expapi/activities/meeting"
	typeMedia       = "http://adlnet.gov/expapi/activities/media"
	typePerformance = "http://adlnet.gov/expapi/activities/performance"
	typeBook        = "http://id.tincanapi.com/activitytype/book"
)

// Systems the statements come from.
const (
	lmsHome     = "https://lms.acme.example"
	lxpHome     = "https://lxp.acme.example"
	lmsPlatform = "Acme LMS"
	lxpPlatform = "Acme LXP"
	mailDomain  = "acme.example"
)
