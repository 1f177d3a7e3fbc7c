package collector

import (
	"net/http"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// agents answers GET and HEAD /agents (Communication 2.4): the Person
// object of an Agent. Leerlijn does not link identities across Agents, so
// the Person holds what the request's Agent holds, each as a one-element
// array (Communication 2.4.s3.b3). Its methods are GET and HEAD (route).
func (s *Server) agents(w http.ResponseWriter, r *http.Request, p *Principal, _ string) error {
	if !p.Client.Has(ScopeAll, ScopeAllRead, ScopeStatementsRead, ScopeProfile, ScopeState, ScopeDefine) {
		return errScope("all/read")
	}
	q := r.URL.Query()
	for name := range q {
		if name != "agent" {
			return unknownDocParam(name, []string{"agent"}, "Agents")
		}
	}
	v, ok, err := single(q, "agent")
	if err != nil {
		return err
	}
	if !ok {
		return paramError("agent", "is required: an Agent as JSON, e.g. {\"mbox\":\"mailto:ann@example.com\"}")
	}
	a, err := xapi.ParseAgentParam([]byte(v), "agent", false)
	if err != nil {
		return err
	}
	person := map[string]any{"objectType": "Person"}
	if a.Name != "" {
		person["name"] = []string{a.Name}
	}
	switch {
	case a.Mbox != "":
		person["mbox"] = []string{a.Mbox}
	case a.MboxSHA1Sum != "":
		person["mbox_sha1sum"] = []string{a.MboxSHA1Sum}
	case a.OpenID != "":
		person["openid"] = []string{a.OpenID}
	case a.Account != nil:
		person["account"] = []xapi.Account{*a.Account}
	}
	body, err := json.Marshal(person)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("ETag", `"`+sha1Hex(body)+`"`)
	if r.Method == http.MethodGet {
		_, _ = w.Write(body)
	}
	return nil
}
