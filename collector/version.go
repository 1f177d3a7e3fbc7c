package collector

import (
	"net/http"
	"strings"
)

// The xAPI version this collector speaks: it answers with it on every
// response and accepts requests of any 1.0.x version.
const (
	VersionHeader = "X-Experience-API-Version"
	Version       = "1.0.3"
)

// supportedVersions is what /about reports.
var supportedVersions = []string{"1.0.3", "1.0.2", "1.0.1", "1.0.0"}

// checkVersion enforces the X-Experience-API-Version header rule
// (Communication 3.3): required on every request except /about, and it must
// be a version this LRS serves.
func checkVersion(r *http.Request) (string, error) {
	v := r.Header.Get(VersionHeader)
	if v == "" {
		return "", errorf(http.StatusBadRequest, "version_missing",
			"the "+VersionHeader+" header is missing: send "+VersionHeader+": "+Version)
	}
	if !isVersion10(v) {
		return "", errorf(http.StatusBadRequest, "version_unsupported",
			"the "+VersionHeader+" header "+quote(v)+" is not a version this LRS serves: send one of "+strings.Join(supportedVersions, ", "))
	}
	return v, nil
}

// isVersion10 accepts "1.0" and "1.0.<patch>".
func isVersion10(v string) bool {
	rest, ok := strings.CutPrefix(v, "1.0")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	if rest[0] != '.' || len(rest) == 1 {
		return false
	}
	for _, c := range rest[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return `"` + s + `"`
}
