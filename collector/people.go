package collector

import (
	"net/http"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/refdata"
)

// people serves GET /api/v1/people: the newest version of each of the
// tenant's people, paged.
func (a *referenceAPI) people(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return a.list(w, r, p, event.KindPerson, "people")
}

// person serves PUT and GET /api/v1/people/{id}. Each PUT is a new version
// of the person, valid from its valid_from on; the events before it stay
// on the log as the person's history. A PUT equal to the newest version
// writes nothing. GET returns the newest version.
func (a *referenceAPI) person(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if err := methodIs(r, http.MethodPut, http.MethodGet); err != nil {
		return err
	}
	id, err := pathID(r, "id", "person_id")
	if err != nil {
		return err
	}
	if r.Method != http.MethodPut {
		return a.getLatest(w, r, p, event.KindPerson, id)
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	pv, err := refdata.ParsePerson(id, body)
	if err != nil {
		return err
	}
	return a.put(w, r, p, event.KindPerson, id, pv, true)
}
