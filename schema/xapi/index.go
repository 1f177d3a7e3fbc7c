package xapi

import (
	"slices"
	"strings"
)

// Index is what the statement resource's filters (Communication 2.1.3)
// match a statement on. The processor stores it with every statement and
// the collector computes the same identifiers from the query parameters, so
// both sides must use these functions.
type Index struct {
	// Agents holds the IFIs (Actor.IFI) of the actor and of an Agent or
	// Group object, plus the IFIs of those Groups' members: the "agent"
	// filter matches a statement when one of them equals the parameter's.
	Agents []string
	// RelatedAgents adds the authority, context instructor and team,
	// contextAgents and contextGroups (xAPI 2.0) and the same properties of
	// a SubStatement object: the "agent" filter with related_agents=true.
	RelatedAgents []string
	// RelatedActivities holds the ids of the Activity object, of every
	// contextActivities entry, and of both in a SubStatement object: the
	// "activity" filter with related_activities=true.
	RelatedActivities []string
	// RefTarget is the lowercase id of the statement a StatementRef object
	// targets, "" for other objects. Filters other than since, until and
	// limit match a statement whose target matches (Communication
	// 2.1.3.s3).
	RefTarget string
	// Voiding reports that the statement voids RefTarget. A voiding
	// statement can itself never be voided (Data 2.3.2).
	Voiding bool
}

// Index returns what the statement filters match the statement on. Lists
// are sorted and free of duplicates and of empty identifiers.
func (s *Statement) Index() Index {
	var x Index
	x.Agents = appendActorIFIs(x.Agents, &s.Actor)
	if k := s.Object.Kind(); k == TypeAgent || k == TypeGroup {
		a := s.Object.Agent()
		x.Agents = appendActorIFIs(x.Agents, &a)
	}
	x.RelatedAgents = append(x.RelatedAgents, x.Agents...)
	if s.Authority != nil {
		x.RelatedAgents = appendActorIFIs(x.RelatedAgents, s.Authority)
	}
	x.RelatedAgents = appendContextAgents(x.RelatedAgents, s.Context)
	x.RelatedActivities = appendContextActivities(x.RelatedActivities, s.Context)
	switch s.Object.Kind() {
	case TypeActivity:
		x.RelatedActivities = append(x.RelatedActivities, s.Object.ID)
	case TypeStatementRef:
		x.RefTarget = strings.ToLower(s.Object.ID)
		x.Voiding = s.Verb.ID == VerbVoided
	case TypeSubStatement:
		sub := &s.Object
		if sub.Actor != nil {
			x.RelatedAgents = appendActorIFIs(x.RelatedAgents, sub.Actor)
		}
		if o := sub.Object; o != nil {
			switch o.Kind() {
			case TypeAgent, TypeGroup:
				a := o.Agent()
				x.RelatedAgents = appendActorIFIs(x.RelatedAgents, &a)
			case TypeActivity:
				x.RelatedActivities = append(x.RelatedActivities, o.ID)
			}
		}
		x.RelatedAgents = appendContextAgents(x.RelatedAgents, sub.Context)
		x.RelatedActivities = appendContextActivities(x.RelatedActivities, sub.Context)
	}
	x.Agents = sortedSet(x.Agents)
	x.RelatedAgents = sortedSet(x.RelatedAgents)
	x.RelatedActivities = sortedSet(x.RelatedActivities)
	return x
}

// appendActorIFIs appends the IFI of an Agent or Group and, for a Group,
// those of its members: a filter on an Agent matches the Groups it is a
// member of (Communication 2.1.3, agent).
func appendActorIFIs(dst []string, a *Actor) []string {
	if ifi := a.IFI(); ifi != "" && !strings.HasPrefix(ifi, "group:") {
		dst = append(dst, ifi)
	}
	for i := range a.Member {
		if ifi := a.Member[i].IFI(); ifi != "" {
			dst = append(dst, ifi)
		}
	}
	return dst
}

func appendContextAgents(dst []string, c *Context) []string {
	if c == nil {
		return dst
	}
	if c.Instructor != nil {
		dst = appendActorIFIs(dst, c.Instructor)
	}
	if c.Team != nil {
		dst = appendActorIFIs(dst, c.Team)
	}
	for i := range c.ContextAgents {
		dst = appendActorIFIs(dst, &c.ContextAgents[i].Agent)
	}
	for i := range c.ContextGroups {
		dst = appendActorIFIs(dst, &c.ContextGroups[i].Group)
	}
	return dst
}

func appendContextActivities(dst []string, c *Context) []string {
	if c == nil || c.ContextActivities == nil {
		return dst
	}
	ca := c.ContextActivities
	for _, l := range [...]ActivityList{ca.Parent, ca.Grouping, ca.Category, ca.Other} {
		for i := range l {
			dst = append(dst, l[i].ID)
		}
	}
	return dst
}

func sortedSet(s []string) []string {
	s = slices.DeleteFunc(s, func(x string) bool { return x == "" })
	slices.Sort(s)
	return slices.Compact(s)
}

// Activities returns every Activity of the statement that carries a
// definition: the object, the contextActivities, and both in a SubStatement
// object. The Activities resource merges these definitions (Communication
// 2.5).
func (s *Statement) Activities() []Activity {
	var out []Activity
	s.eachActivity(func(a Activity) {
		if a.Definition != nil {
			out = append(out, a)
		}
	})
	return out
}

// ActivityIDs returns the id of every Activity of the statement, defined or
// not, where Activities looks, without repeats.
func (s *Statement) ActivityIDs() []string {
	var out []string
	s.eachActivity(func(a Activity) {
		if !slices.Contains(out, a.ID) {
			out = append(out, a.ID)
		}
	})
	return out
}

// eachActivity calls fn for every Activity with an id: the object, the
// contextActivities, and both in a SubStatement object.
func (s *Statement) eachActivity(fn func(Activity)) {
	add := func(a Activity) {
		if a.ID != "" {
			fn(a)
		}
	}
	addContext := func(c *Context) {
		if c == nil || c.ContextActivities == nil {
			return
		}
		ca := c.ContextActivities
		for _, l := range [...]ActivityList{ca.Parent, ca.Grouping, ca.Category, ca.Other} {
			for _, a := range l {
				add(a)
			}
		}
	}
	switch s.Object.Kind() {
	case TypeActivity:
		add(s.Object.Activity())
	case TypeSubStatement:
		if o := s.Object.Object; o != nil && o.Kind() == TypeActivity {
			add(o.Activity())
		}
		addContext(s.Object.Context)
	}
	addContext(s.Context)
}
