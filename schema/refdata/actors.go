package refdata

import (
	"errors"
	"slices"
	"strings"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// checkActors validates the Agents that identify a person and returns them
// normalised: objectType dropped (an Agent is implied), mbox_sha1sum in
// lower case, duplicates removed, sorted by identifier, so that the same
// set of identifiers in another order is the same person version. Problems
// name the actor by its index as sent.
func checkActors(ps *problems, path string, actors []xapi.Actor) []xapi.Actor {
	bad := false
	for i := range actors {
		a := &actors[i]
		p := path + "[" + itoa(i) + "]"
		if n := countIFIs(a); n != 1 || a.IsGroup() || len(a.Member) > 0 || (a.ObjectType != "" && a.ObjectType != "Agent") {
			ps.add(p, "must be an Agent with exactly one of mbox, mbox_sha1sum, openid, account")
			bad = true
			continue
		}
		switch {
		case a.Mbox != "":
			if !validMbox(a.Mbox) {
				ps.add(p+".mbox", "must be \"mailto:\" followed by an e-mail address, e.g. \"mailto:ann@example.com\"")
				bad = true
			}
		case a.MboxSHA1Sum != "":
			if !validSHA1(a.MboxSHA1Sum) {
				ps.add(p+".mbox_sha1sum", "must be the 40 hexadecimal digits of a SHA-1 hash")
				bad = true
			}
		case a.OpenID != "":
			if !xapi.ValidIRI(a.OpenID) {
				ps.add(p+".openid", "must be an absolute URI")
				bad = true
			}
		default:
			if !xapi.ValidIRI(a.Account.HomePage) {
				ps.add(p+".account.homePage", "must be an absolute IRL, e.g. \"https://lms.example.com\"")
				bad = true
			}
			if strings.TrimSpace(a.Account.Name) == "" {
				ps.add(p+".account.name", "is required")
				bad = true
			}
		}
	}
	if bad {
		return actors
	}
	out := make([]xapi.Actor, 0, len(actors))
	for _, a := range actors {
		a.ObjectType = ""
		a.MboxSHA1Sum = strings.ToLower(a.MboxSHA1Sum)
		if a.Account != nil {
			acc := *a.Account
			a.Account = &acc
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b xapi.Actor) int { return strings.Compare(a.IFI(), b.IFI()) })
	return slices.CompactFunc(out, func(a, b xapi.Actor) bool { return a.IFI() == b.IFI() })
}

// validMbox checks "mailto:" and an address with one "@", a non-empty
// local part and domain, and no spaces or control characters.
func validMbox(s string) bool {
	addr, ok := strings.CutPrefix(s, "mailto:")
	if !ok {
		return false
	}
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") {
		return false
	}
	for i := 0; i < len(addr); i++ {
		if c := addr[i]; c <= ' ' || c == 0x7f || c == '<' || c == '>' {
			return false
		}
	}
	return !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

func validSHA1(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func actorMbox(mbox string) xapi.Actor { return xapi.Actor{Mbox: mbox} }

func actorAccount(homePage, name string) xapi.Actor {
	return xapi.Actor{Account: &xapi.Account{HomePage: homePage, Name: name}}
}

// asProblems returns the problems of a validation error, or the error as
// one problem of the whole value.
func asProblems(err error) []xapi.Problem {
	var ve *xapi.ValidationError
	if errors.As(err, &ve) {
		return ve.Problems
	}
	return []xapi.Problem{{Reason: err.Error()}}
}
