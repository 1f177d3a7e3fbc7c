package collector

import (
	"errors"
	"net/http"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/refdata"
)

// settings serves PUT and GET /api/v1/settings, the tenant's defaults. A
// tenant always has settings (the defaults until it sets any), so PUT
// answers 200; fields left out of a PUT take their default values, not the
// stored ones.
func (a *referenceAPI) settings(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if err := methodIs(r, http.MethodPut, http.MethodGet); err != nil {
		return err
	}
	if r.Method != http.MethodPut {
		err := a.getLatest(w, r, p, event.KindSettings, "")
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		body, err := json.Marshal(refdata.DefaultSettings())
		if err != nil {
			return err
		}
		writeJSON(w, r, http.StatusOK, body)
		return nil
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	s, err := refdata.ParseSettings(body)
	if err != nil {
		return err
	}
	return a.put(w, r, p, event.KindSettings, "", s, false)
}
