package refdata

import "strings"

// NormalizeAmount writes a valid amount (see ValidAmount) with exactly two
// decimals and without leading zeros or a negative zero: "1250" becomes
// "1250.00", "0.5" "0.50", "-007.1" "-7.10" and "-0" "0.00". Equal amounts
// then have equal strings, so that an unchanged resource is recognised.
// Other strings are returned unchanged.
func NormalizeAmount(s string) string {
	if !ValidAmount(s) {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = (frac + "00")[:2]
	if neg && (whole != "0" || frac != "00") {
		return "-" + whole + "." + frac
	}
	return whole + "." + frac
}
