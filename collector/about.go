package collector

import (
	"net/http"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/profile"
)

// about answers GET /xapi/about (Communication 2.8): the versions served.
// It needs neither credentials nor the version header.
func (s *Server) about(w http.ResponseWriter, r *http.Request) {
	b, _ := json.Marshal(map[string]any{
		"version": supportedVersions,
		"extensions": map[string]any{
			profile.ExtLRS: map[string]any{"name": "Leerlijn", "build": s.build},
		},
	})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(b)
}
