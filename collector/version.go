package collector

import (
	"net/http"
	"strings"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// The collector serves xAPI 1.0.x (as 1.0.3) and 2.0.x (as 2.0.0, IEEE
// 9274.1.1): each request is handled by the rules of the version its
// X-Experience-API-Version header names, and answered with that version's
// latest patch in the same header (Communication 3.3).
const (
	VersionHeader = "X-Experience-API-Version"
	// Version is the 1.0.x patch this collector answers 1.0.x requests
	// with.
	Version = "1.0.3"
	// Version20 is the 2.0.x patch this collector answers 2.0.x requests
	// with.
	Version20 = "2.0.0"
)

// supportedVersions is what /about reports: the latest patch of each
// version, and the earlier 1.0 patches whose requests are served as 1.0.3.
var supportedVersions = []string{"1.0.3", "1.0.2", "1.0.1", "1.0.0", "2.0.0"}

// checkVersion enforces the X-Experience-API-Version header rule
// (Communication 3.3): required on every request except /about, and it must
// be a version this LRS serves. It returns the version the request is
// served as: Version or Version20.
func checkVersion(r *http.Request) (string, error) {
	v := r.Header.Get(VersionHeader)
	if v == "" {
		return "", &Error{Status: http.StatusBadRequest, Reason: "version_missing", Field: VersionHeader,
			Message: "header is missing: send " + VersionHeader + ": " + Version20 + " (or " + Version + ")"}
	}
	switch {
	case isVersionOf(v, "1.0"):
		return Version, nil
	case isVersionOf(v, "2.0"):
		return Version20, nil
	}
	return "", &Error{Status: http.StatusBadRequest, Reason: "version_unsupported", Field: VersionHeader,
		Message: "header " + quote(v) + " is not a version this LRS serves: send one of 2.0.0, 1.0.3 (any 2.0.x or 1.0.x is served as those)"}
}

// answerVersion is the version header of the answer: the served version
// of the request's version, or fallback when the request names none this
// LRS serves.
func answerVersion(r *http.Request, fallback string) string {
	v := r.Header.Get(VersionHeader)
	switch {
	case isVersionOf(v, "1.0"):
		return Version
	case isVersionOf(v, "2.0"):
		return Version20
	}
	return fallback
}

// isVersionOf accepts minor ("1.0") and minor.<patch>.
func isVersionOf(v, minor string) bool {
	rest, ok := strings.CutPrefix(v, minor)
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

func isVersion20(v string) bool { return v == Version20 }

// Header values shared by every answer (net/http does not change them).
var (
	headerVersion10 = []string{Version}
	headerVersion20 = []string{Version20}
)

// setVersionHeader sets the answer's version header to v without
// allocating.
func setVersionHeader(h http.Header, v string) {
	if v == Version20 {
		h[VersionHeader] = headerVersion20
	} else {
		h[VersionHeader] = headerVersion10
	}
}

// parseVersion is the statement validation rules of a served version.
func parseVersion(version string) xapi.Version {
	if isVersion20(version) {
		return xapi.V20
	}
	return xapi.V10
}

func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return `"` + s + `"`
}
