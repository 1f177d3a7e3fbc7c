package collector

import (
	"net/http"
	"slices"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/profile"
)

// about answers GET /xapi/about (Communication 2.8): the versions served.
// It needs neither credentials nor the version header. Asked in xAPI 1.0.x
// (the request names a 1.0.x version) it lists only the 1.0.x versions: in
// 1.0.x the list may hold nothing else (Communication 2.8.s5.b1.b1).
// Without a version header it lists them all.
func (s *Server) about(w http.ResponseWriter, r *http.Request) {
	versions := supportedVersions
	if isVersionOf(r.Header.Get(VersionHeader), "1.0") {
		versions = slices.DeleteFunc(slices.Clone(versions), func(v string) bool { return !isVersionOf(v, "1.0") })
	}
	b, _ := json.Marshal(map[string]any{
		"version": versions,
		"extensions": map[string]any{
			profile.ExtLRS: map[string]any{"name": "Leerlijn", "build": s.build},
		},
	})
	w.Header().Set("Content-Type", "application/json")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(b)
}
