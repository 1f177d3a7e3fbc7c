package demo

// Names the generator draws from. They are invented; any likeness is
// coincidence.

type region uint8

const (
	regionEurope region = iota
	regionIndia
	regionUS
)

var firstNames = [...][]string{
	regionEurope: {"Anna", "Bram", "Daan", "Emma", "Eva", "Femke", "Fleur", "Hugo", "Iris", "Jan", "Jesse", "Julia", "Kees", "Lars",
		"Lieke", "Lotte", "Luuk", "Maartje", "Milan", "Noah", "Noor", "Pieter", "Roos", "Ruben", "Sanne", "Sem", "Sophie", "Stijn",
		"Thijs", "Tess", "Lucas", "Marie", "Jonas", "Lea", "Elif", "Mehmet", "Fatima", "Youssef", "Olga", "Piotr", "Ana", "Marco",
		"Giulia", "Chloé", "Louis", "Ingrid", "Bjorn", "Aoife", "Sean", "Katarzyna"},
	regionIndia: {"Aarav", "Aditi", "Akash", "Ananya", "Arjun", "Deepa", "Divya", "Gaurav", "Ishaan", "Kavya", "Krishna", "Meera",
		"Neha", "Nikhil", "Pooja", "Priya", "Rahul", "Riya", "Rohan", "Sanjay", "Shreya", "Sneha", "Vikram", "Vivek"},
	regionUS: {"Ashley", "Brian", "Carlos", "Danielle", "David", "Emily", "Jacob", "Jasmine", "Jennifer", "Jessica", "Kevin",
		"Madison", "Marcus", "Matthew", "Megan", "Michael", "Olivia", "Rachel", "Ryan", "Samantha", "Tyler", "Zoe"},
}

var lastNames = [...][]string{
	regionEurope: {"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
		"de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
		"Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Vermeulen", "Schouten", "Willems", "Müller", "Schmidt", "Dubois",
		"Rossi", "Kowalski", "Nowak", "Yilmaz", "El Amrani", "Murphy", "Andersen", "Lindqvist", "Silva", "García", "Novák"},
	regionIndia: {"Sharma", "Verma", "Gupta", "Iyer", "Nair", "Reddy", "Patel", "Mehta", "Banerjee", "Chatterjee", "Das", "Ghosh",
		"Bose", "Mukherjee", "Rao", "Kulkarni", "Joshi", "Menon", "Pillai", "Sen"},
	regionUS: {"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Rodriguez", "Martinez", "Wilson", "Anderson",
		"Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis"},
}

// divisionDef is a level-2 org unit and the teams it can have, in the
// order they are created. A team with a zone works in that time zone
// (with schedule) instead of the tenant's.
type divisionDef struct {
	name  string
	size  float64 // relative headcount per team
	teams []teamDef
}

type teamDef struct {
	name     string
	zone     string
	schedule string
}

// divisions come in this order: Operations and People always exist, so
// every size has a team abroad and the central L&D budget's unit.
var divisions = []divisionDef{
	{"Operations", 1.6, []teamDef{{name: "Logistics"}, {"Kolkata Service Desk", "Asia/Kolkata", "mon-fri 09:30-13:30 14:00-18:30"},
		{name: "Warehouse"}, {name: "Planning"}, {name: "Procurement"}, {name: "Quality"}, {name: "Maintenance"}, {name: "Fleet"},
		{name: "Facilities"}, {name: "Health and Safety"}}},
	{"People", 0.6, []teamDef{{name: "Recruitment"}, {"US Talent Acquisition", "America/New_York", "mon-fri 08:30-17:00"},
		{name: "Learning and Development"}, {name: "HR Business Partners"}, {name: "Payroll"}, {name: "Reward"}}},
	{"Sales", 1.0, []teamDef{{"North America", "America/New_York", "mon-fri 08:30-17:00"}, {name: "Benelux"}, {name: "DACH"},
		{name: "Nordics"}, {name: "Key Accounts"}, {name: "Inside Sales"}, {name: "Partnerships"}, {name: "Sales Operations"}}},
	{"Technology", 1.2, []teamDef{{name: "Platform"}, {"Bangalore Development", "Asia/Kolkata", "mon-fri 09:30-18:30"},
		{name: "Data"}, {name: "Security"}, {name: "Mobile"}, {name: "Web"}, {name: "Infrastructure"}, {name: "Architecture"}}},
	{"Finance", 0.6, []teamDef{{name: "Accounting"}, {name: "Controlling"}, {name: "Treasury"}, {name: "Tax"},
		{name: "Financial Planning"}}},
	{"Customer Service", 1.4, []teamDef{{name: "Contact Centre"}, {name: "Field Service"}, {name: "Complaints"},
		{name: "Customer Success"}, {name: "Returns"}}},
	{"Marketing", 0.7, []teamDef{{name: "Brand"}, {name: "Digital Marketing"}, {name: "Product Marketing"}, {name: "Events"}}},
	{"Legal", 0.4, []teamDef{{name: "Contracts"}, {name: "Compliance Office"}, {name: "Privacy"}}},
}

const (
	rootUnit      = "Acme"
	executiveUnit = "Acme/Executive Office"
	// centralUnit owns the central L&D budget (leadership programmes and
	// the executive office).
	centralUnit = "Acme/People"
)

// Topics of the catalogue, per kind. When a kind needs more activities
// than it has topics, later ones get a level suffix.
var topics = map[kind][]string{
	kindCompliance: {"Information Security Awareness", "Privacy and GDPR Essentials", "Anti-Bribery and Corruption", "Code of Conduct",
		"Health and Safety Basics", "Fire Safety", "Preventing Harassment at Work", "Export Control Basics", "Data Classification",
		"Competition Law Basics", "Diversity and Inclusion Foundations", "Phishing Awareness Refresher", "Sanctions Screening"},
	kindSkills: {"Excel for Analysts", "Python Fundamentals", "SQL for Reporting", "Project Management Essentials", "Agile Foundations",
		"Negotiation Skills Online", "Time Management", "Giving and Receiving Feedback", "Customer Conversations", "Business Writing",
		"Presentation Skills Online", "Power BI Dashboards", "Cloud Fundamentals", "Kubernetes Basics", "Financial Acumen",
		"Lean Six Sigma Yellow Belt", "Design Thinking Online", "Cyber Security Fundamentals", "Contract Law Essentials",
		"Data Literacy", "Working with Generative AI", "Inclusive Leadership Online", "Resilience and Wellbeing", "Spreadsheet Modelling",
		"Writing for the Web", "Supply Chain Fundamentals", "Service Design Basics", "Accessibility Essentials"},
	kindCertification: {"PRINCE2 Foundation and Practitioner", "PMP Exam Preparation", "AWS Solutions Architect Associate",
		"Lean Six Sigma Green Belt", "ITIL 4 Foundation", "CISSP Preparation", "Certified Scrum Product Owner",
		"Management Accounting Certificate", "Azure Administrator Associate", "Data Analytics Professional Certificate",
		"Certified Information Privacy Professional", "Supply Chain Professional Certificate"},
	kindClassroom: {"Forklift Operator Certification", "First Aid and Emergency Response", "Negotiation Masterclass",
		"Presentation Skills Workshop", "Effective Meetings", "Conflict Management", "Sales Bootcamp", "Train the Trainer",
		"Situational Leadership", "Warehouse Safety Practical", "Customer Service Excellence", "Time and Energy Management",
		"Coaching Skills for Managers", "Finance for Non-Finance Managers", "Change Management Practitioner", "Difficult Conversations",
		"Account Management Workshop"},
	kindVirtual: {"Remote Team Collaboration", "Agile Retrospectives Live", "Storytelling with Data Live", "Stakeholder Management Live",
		"Advanced Excel Live", "Interviewing Skills Live", "Mindful Productivity Live", "Account Planning Live", "Feedback Culture Live",
		"Facilitation Skills Live"},
	kindLeadership: {"First-Line Leadership Programme", "Leading Leaders Programme", "Executive Leadership Journey",
		"Women in Leadership Programme", "Strategic Leadership Programme"},
	kindWorkplace: {"On-the-job coaching", "Job shadowing", "Stretch assignment review", "Peer review session", "Mentored practice",
		"Toolbox talk", "After-action review", "Onboarding buddy session", "Cross-team rotation day", "Customer visit debrief",
		"Pair programming session", "Process walk", "Safety walk", "Quality circle", "Incident post-mortem", "Sales call debrief",
		"Skills sign-off practice", "Shift handover learning", "Code review walkthrough", "Month-end close walkthrough",
		"Tool training at the desk", "Field ride-along", "Working out loud session", "Lessons learned session",
		"Process improvement kaizen", "Supervisor feedback session", "Reverse mentoring", "Project kick-off learning review",
		"Shadowing a specialist"},
	kindSocial: {"Lunch and learn: customer stories", "Lunch and learn: new tools", "Community of practice: data",
		"Community of practice: project management", "Community of practice: security", "Mentoring conversation",
		"Brown-bag session: finance", "Hackathon", "Community of practice: service", "Lunch and learn: sustainability",
		"Peer learning circle", "Book club", "Meetup: agile coaches", "Lunch and learn: wellbeing", "Ask me anything with leadership",
		"Community of practice: sales", "Knowledge sharing café"},
	kindConference: {"Conference: Learning Technologies", "Conference: Data Innovation Summit", "Conference: Logistics World",
		"Conference: Web Summit", "Conference: Security Europe", "Conference: Finance Leaders Forum", "Conference: Customer Experience Live",
		"Conference: HR Tech Europe", "Conference: Supply Chain Week"},
	kindSelfDirected: {"Video: a five-minute guide to pivot tables", "Article: writing clear e-mails", "Podcast: leadership lessons",
		"Video: introduction to machine learning", "Article: psychological safety in teams", "Podcast: the future of logistics",
		"MOOC: learning how to learn", "Video: running better one-to-ones", "Article: OKRs explained", "Podcast: customer obsession",
		"MOOC: introduction to statistics", "Video: keyboard shortcuts that save hours", "Article: the basics of cloud costs",
		"Podcast: security stories", "MOOC: financial markets", "Video: giving a great demo", "Article: negotiation myths",
		"MOOC: project management principles", "Video: time blocking", "Article: inclusive language"},
	kindBook: {"Book: Thinking, Fast and Slow", "Book: The Phoenix Project", "Book: Radical Candor", "Book: Atomic Habits",
		"Book: The Goal", "Book: Crucial Conversations", "Book: Team Topologies", "Book: Never Split the Difference"},
	kindSubscription: {"Subscription: online course library", "Subscription: technical books online", "Subscription: language learning app",
		"Subscription: business news and analysis"},
}
