package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/profile"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// Learning forms: the values of the learning-form extension.
const (
	FormFormal       = "formal"
	FormWorkplace    = "workplace"
	FormSocial       = "social"
	FormSelfDirected = "self-directed"
)

// kind is a kind of activity in the catalogue.
type kind uint8

const (
	kindCompliance    kind = iota // mandatory e-learning module (cmi5)
	kindSkills                    // elective e-learning course (cmi5)
	kindCertification             // long online certification programme (cmi5)
	kindClassroom                 // one to three classroom days
	kindVirtual                   // weekly live online half-days
	kindLeadership                // leadership programme, paid centrally
	kindWorkplace                 // learning in the flow of work
	kindSocial                    // learning with and from others
	kindConference                // external conference, priced
	kindSelfDirected              // videos, articles, podcasts, MOOCs
	kindBook                      // a bought book, read in sessions
	kindSubscription              // a yearly content subscription
	numKinds
)

type delivery uint8

const (
	deliverELearning delivery = iota // cmi5 sessions
	deliverClassroom                 // whole days on site
	deliverVirtual                   // live online half-days
	deliverInformal                  // experienced statements
)

// kindDef describes a kind: its share of the catalogue and the ranges its
// activities draw from.
type kindDef struct {
	share    float64
	form     string
	typ      string
	delivery delivery
	price    [2]float64 // EUR; zero is free
	// hours is the total learning time of a formal course; for informal
	// kinds the median minutes of one session.
	hours [2]float64
	// sessions are cmi5 sessions, classroom days or live half-days; for
	// books and subscriptions, reading sessions.
	sessions   [2]int
	completion [2]float64
	assessed   float64 // share of the kind's activities with a pass mark
	passRate   [2]float64
}

var kindDefs = [numKinds]kindDef{
	kindCompliance:    {0.08, FormFormal, typeCourse, deliverELearning, [2]float64{20, 90}, [2]float64{0.5, 1.5}, [2]int{1, 2}, [2]float64{0.86, 0.96}, 0.7, [2]float64{0.88, 0.97}},
	kindSkills:        {0.16, FormFormal, typeCourse, deliverELearning, [2]float64{150, 650}, [2]float64{3, 10}, [2]int{3, 7}, [2]float64{0.45, 0.80}, 0.4, [2]float64{0.75, 0.92}},
	kindCertification: {0.07, FormFormal, typeCourse, deliverELearning, [2]float64{1500, 4500}, [2]float64{24, 60}, [2]int{10, 22}, [2]float64{0.28, 0.50}, 1, [2]float64{0.62, 0.80}},
	kindClassroom:     {0.10, FormFormal, typeCourse, deliverClassroom, [2]float64{600, 2400}, [2]float64{7.5, 7.5}, [2]int{1, 3}, [2]float64{0.84, 0.94}, 0.3, [2]float64{0.85, 0.97}},
	kindVirtual:       {0.06, FormFormal, typeCourse, deliverVirtual, [2]float64{350, 1200}, [2]float64{3, 3}, [2]int{2, 4}, [2]float64{0.72, 0.88}, 0, [2]float64{}},
	kindLeadership:    {0.03, FormFormal, typeCourse, deliverClassroom, [2]float64{3500, 7500}, [2]float64{8, 8}, [2]int{4, 6}, [2]float64{0.80, 0.92}, 0, [2]float64{}},
	kindWorkplace:     {0.18, FormWorkplace, typePerformance, deliverInformal, [2]float64{}, [2]float64{40, 90}, [2]int{}, [2]float64{}, 0, [2]float64{}},
	kindSocial:        {0.10, FormSocial, typeMeeting, deliverInformal, [2]float64{}, [2]float64{45, 90}, [2]int{}, [2]float64{}, 0, [2]float64{}},
	kindConference:    {0.04, FormSocial, typeMeeting, deliverClassroom, [2]float64{350, 1400}, [2]float64{8, 8}, [2]int{1, 2}, [2]float64{1, 1}, 0, [2]float64{}},
	kindSelfDirected:  {0.12, FormSelfDirected, typeMedia, deliverInformal, [2]float64{}, [2]float64{8, 35}, [2]int{}, [2]float64{}, 0, [2]float64{}},
	kindBook:          {0.04, FormSelfDirected, typeBook, deliverInformal, [2]float64{25, 60}, [2]float64{30, 60}, [2]int{3, 8}, [2]float64{}, 0, [2]float64{}},
	kindSubscription:  {0.02, FormSelfDirected, typeMedia, deliverInformal, [2]float64{180, 420}, [2]float64{20, 45}, [2]int{6, 20}, [2]float64{}, 0, [2]float64{}},
}

// activity is one catalogue entry.
type activity struct {
	id, name string
	kind     kind
	form     string
	price    int64 // cents, EUR
	// hours: total hours (formal); minutes: typical session (informal).
	hours, minutes float64
	sessions       int
	completion     float64
	assessed       bool
	passRate       float64
	popularity     float64
	def            *xapi.ActivityDefinition
}

func (a *activity) delivery() delivery { return kindDefs[a.kind].delivery }

// catalogue is the activities by kind.
type catalogue struct {
	all    []*activity
	byKind [numKinds][]*activity
	pop    [numKinds]cumulative
}

func (c *catalogue) draw(r *rand.Rand, k kind) *activity {
	return c.byKind[k][c.pop[k].draw(r, 0)]
}

// newCatalogue builds n activities, each kind taking its share (at least
// one of every kind).
func newCatalogue(seed int64, n int) *catalogue {
	r := newRand(seed, "catalogue", 0)
	var counts [numKinds]int
	total, largest := 0, kind(0)
	for k := range numKinds {
		counts[k] = max(1, int(math.Round(kindDefs[k].share*float64(n))))
		total += counts[k]
		if counts[k] > counts[largest] {
			largest = k
		}
	}
	counts[largest] += n - total

	c := &catalogue{}
	seen := map[string]bool{}
	for k := range numKinds {
		d := kindDefs[k]
		names := topics[k]
		weights := make([]float64, 0, counts[k])
		for i := range counts[k] {
			name := names[i%len(names)]
			if lvl := i/len(names) + 1; lvl > 1 {
				name = fmt.Sprintf("%s (level %d)", name, lvl)
			}
			a := &activity{name: name, kind: k, form: d.form}
			home, path := lxpHome, "/activity/"
			if d.form == FormFormal {
				home, path = lmsHome, "/course/"
			}
			slug := slugify(name)
			for seen[slug] {
				slug += "-x"
			}
			seen[slug] = true
			a.id = home + path + slug
			if d.price[1] > 0 {
				a.price = roundPrice(between(r, d.price[0], d.price[1]))
			}
			if d.form == FormFormal || k == kindConference {
				a.hours = between(r, d.hours[0], d.hours[1])
			} else {
				a.minutes = between(r, d.hours[0], d.hours[1])
			}
			a.sessions = betweenInt(r, d.sessions[0], d.sessions[1])
			a.completion = between(r, d.completion[0], d.completion[1])
			a.assessed = chance(r, d.assessed)
			if a.assessed {
				a.passRate = between(r, d.passRate[0], d.passRate[1])
			}
			a.popularity = logNormal(r, 1, 0.8)
			a.def = &xapi.ActivityDefinition{
				Name:       xapi.LanguageMap{"en-US": name},
				Type:       d.typ,
				Extensions: map[string]json.RawMessage{profile.ExtLearningForm: jsonString(d.form)},
			}
			c.byKind[k] = append(c.byKind[k], a)
			c.all = append(c.all, a)
			weights = append(weights, a.popularity)
		}
		c.pop[k] = newCumulative(weights)
	}
	return c
}

// roundPrice rounds EUR to 5 below 100 and to 25 above, in cents.
func roundPrice(eur float64) int64 {
	step := 25.0
	if eur < 100 {
		step = 5
	}
	return int64(math.Max(step, math.Round(eur/step)*step)) * 100
}

// slugify makes a URL path segment of a name.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}
