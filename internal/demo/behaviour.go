package demo

// The behaviour the demo organisation imitates. docs/demo.md explains each
// number; the tests in behaviour_test.go compute the outcomes from the
// generated data and check them. Rates "per year" are scaled to the length
// of the generated period.

// Targets the generator meets by construction, whatever the size.
const (
	// TargetUtilisation is the share of the allocated budget that is used
	// (committed + spent, expenses included) at the period's end. Studies of
	// Dutch training budgets find roughly half goes unspent, so the team and
	// central budgets are sized from the generated demand to land here.
	TargetUtilisation = 0.50
	// TargetFormalShare is the share of budget use that buys formal
	// courses; conferences, books, subscriptions and expenses take the
	// rest. Priced non-formal purchases are added until the share is met.
	TargetFormalShare = 0.875
)

// Organisation.
const (
	// managerShare of people lead others (higher hourly cost; the ones who
	// join leadership programmes). Every team's first person is a manager.
	managerShare = 0.08
	// executiveShare of people sit in Acme/Executive Office, a unit with no
	// budget of its own: their courses name the central L&D budget.
	executiveShare = 0.004
	minExecutives  = 3
	// moverShare of people move to another team during the period: a
	// second person version with valid_from on the move date.
	moverShare = 0.02
	// newHireShare of people join during the period (valid_from inside
	// it); they get the mandatory onboarding modules first.
	newHireShare = 0.04
	// individualBudgetShare of people (not executives) have an individual
	// learning budget of one of individualBudgetEUR.
	individualBudgetShare = 0.25
)

// individualBudgetEUR are the yearly amounts of individual learning
// budgets (pro rata for a shorter period).
var individualBudgetEUR = []int64{750, 1000, 1500, 2000}

// Work schedules: the share of people on each, in order; the rest keep
// the tenant's default (Monday to Friday 09:00-17:00). Teams abroad have
// their own local schedule (see orgunits.go).
var scheduleMix = []struct {
	share float64
	spec  string // refdata.ParseScheduleSpec syntax
}{
	{0.15, "mon-fri 08:30-12:30 13:00-17:00"}, // full time, explicit lunch break
	{0.10, "mon-thu 09:00-17:00"},             // part time, four days
	{0.05, "mon,tue,thu 09:00-17:00"},         // part time, three days
	{0.05, "mon-fri 09:00-13:00"},             // part time, mornings
	{0.05, "mon-fri 07:00-15:30"},             // early shift
}

// Formal learning volume per person per year.
const (
	// mandatoryPerYear compliance e-learning modules are assigned to
	// everyone (new hires get two at once on their first days).
	mandatoryPerYear = 1.6
	// electivePerYear courses (skills e-learning, classroom, virtual
	// classroom) people choose, times their engagement.
	electivePerYear = 1.1
	// certificationPerYear long certification programmes per person.
	certificationPerYear = 0.08
	// leadershipPerManagerYear: managers joining a leadership programme.
	leadershipPerManagerYear = 0.25
	// engagementSigma spreads engagement (log-normal, mean 1): a few
	// people learn a lot, many learn little.
	engagementSigma = 0.55
)

// Informal learning volume per person per month, times engagement.
const (
	workplacePerMonth    = 1.6 // coaching, shadowing, reviews: experienced with a duration
	socialPerMonth       = 0.9 // lunch and learns, communities, mentoring
	selfDirectedPerMonth = 1.6 // videos, articles, podcasts, MOOCs
)

// monthWeight is the seasonality of enrolments and learning: busy in
// January and September, quiet in July, August and December.
var monthWeight = [12]float64{1.3, 1.15, 1.1, 1.0, 0.95, 0.85, 0.45, 0.55, 1.25, 1.2, 1.05, 0.6}

// Enrolment outcomes. Completion itself is per activity (catalogue.go):
// compliance modules about 90 %, long certification programmes about 30 %.
const (
	// cancelShare of enrolments are cancelled before they start
	// (http://id.tincanapi.com/verb/unregistered): the commitment is
	// released.
	cancelShare = 0.07
	// Of the enrolments that do not complete: noShowShare never start,
	// abandonShare end with a cmi5 abandoned session (e-learning), and the
	// rest go silent after some sessions (abandoned after the tenant's 30
	// days of silence).
	noShowShare  = 0.25
	abandonShare = 0.35
)

// When learning happens. Each session is placed inside the learner's work
// schedule, at the edges of the day (before the schedule starts or in the
// evening) or at the weekend, with these probabilities per learning form.
// Classroom days, conferences and virtual classes are scheduled events in
// working hours and carry the work-time extension (true).
var (
	placeELearning    = placement{work: 0.68, edge: 0.22, weekend: 0.10}
	placeWorkplace    = placement{work: 0.93, edge: 0.06, weekend: 0.01}
	placeSocial       = placement{work: 0.72, edge: 0.22, weekend: 0.06}
	placeSelfDirected = placement{work: 0.45, edge: 0.35, weekend: 0.20}
)

// earlyShare of edge-of-day sessions happen before work; the rest in the
// evening.
const earlyShare = 0.3

// Voiding and data quality.
const (
	// duplicateRegistrationShare of enrolments are registered twice by the
	// LMS; the duplicate is voided a few hours later (its commitment is
	// released).
	duplicateRegistrationShare = 0.01
	// duplicateExperienceShare of experienced statements are sent twice by
	// the LXP; the duplicate is voided the next days (its minutes must not
	// count).
	duplicateExperienceShare = 0.005
	// namedAnywayShare of cost statements name their budget even where the
	// directory would find the same one.
	namedAnywayShare = 0.10
	// Statements that must land in the data-quality view: enrolments by
	// learners the directory does not know, costs in another currency than
	// the budget's, and costs that fit no budget (executives' enrolments
	// without a budget id: their unit has none).
	unknownLearners         = 2 // each with an enrolment and a session
	otherCurrencyEnrolments = 2
	noBudgetEnrolments      = 3
)

// Budgets and expenses.
const (
	// teamBudgetWeightEUR per head (times a random factor per team) sets
	// the relative size of team budgets; TargetUtilisation sets the scale.
	teamBudgetWeightEUR = 1000
	// centralBudgetWeightEUR per head funds leadership programmes and the
	// executive office from Acme/People's central L&D budget.
	centralBudgetWeightEUR = 150
	// expensesPerHeadYear: invoices, travel and venues booked directly on
	// team budgets, per head of the team (on the central budget, per
	// manager).
	expensesPerHeadYear = 0.04
)
