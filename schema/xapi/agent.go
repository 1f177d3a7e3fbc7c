package xapi

import (
	"slices"
	"strings"
)

// Actor is an Agent or a Group (Data 2.4.2). An Agent has exactly one
// inverse functional identifier (IFI): Mbox, MboxSHA1Sum, OpenID or Account.
// A Group has ObjectType "Group" and is identified (one IFI) or anonymous (no
// IFI, only Member).
type Actor struct {
	ObjectType  string   `json:"objectType,omitempty"`
	Name        string   `json:"name,omitempty"`
	Mbox        string   `json:"mbox,omitempty"`
	MboxSHA1Sum string   `json:"mbox_sha1sum,omitempty"`
	OpenID      string   `json:"openid,omitempty"`
	Account     *Account `json:"account,omitempty"`
	Member      []Actor  `json:"member,omitempty"`
}

// Account is a user account on an existing system (Data 2.4.2.4).
type Account struct {
	HomePage string `json:"homePage"`
	Name     string `json:"name"`
}

// IsGroup reports whether the actor is a Group.
func (a *Actor) IsGroup() bool { return a.ObjectType == TypeGroup }

// IFI returns a stable identifier string for the actor, for keys and joins:
//
//	mbox:mailto:a@b.c             (the mbox exactly as sent)
//	mbox_sha1sum:<40 hex digits>  (lowercased: hex case carries no meaning)
//	openid:<uri>
//	account:<homePage>|<name>
//	group:<member IFI>,<member IFI>,…  (an anonymous Group: member IFIs sorted)
//
// The mbox is not lowercased. The spec compares IFIs exactly and only says
// the domain part of an e-mail address is case-insensitive (Data 2.4.2.3.s4),
// so "mailto:Ann@Example.com" and "mailto:ann@example.com" stay two
// identifiers; folding them is a decision for the reader of the data. An
// actor without any identifier (not valid xAPI) gives "".
func (a *Actor) IFI() string {
	switch {
	case a.Mbox != "":
		return "mbox:" + a.Mbox
	case a.MboxSHA1Sum != "":
		return "mbox_sha1sum:" + strings.ToLower(a.MboxSHA1Sum)
	case a.OpenID != "":
		return "openid:" + a.OpenID
	case a.Account != nil:
		return "account:" + a.Account.HomePage + "|" + a.Account.Name
	case a.IsGroup() && len(a.Member) > 0:
		ids := make([]string, len(a.Member))
		for i := range a.Member {
			ids[i] = a.Member[i].IFI()
		}
		slices.Sort(ids)
		return "group:" + strings.Join(ids, ",")
	}
	return ""
}

// Where an Agent or Group appears decides the rules it must follow.
type role uint8

const (
	roleActor           role = iota // statement or SubStatement actor, context instructor
	roleObject                      // statement object (objectType required, checked by object)
	roleTeam                        // context team: must be a Group
	roleMember                      // member of a Group: must be an Agent
	roleAuthority                   // authority: an Agent or an anonymous Group of two Agents
	roleAuthorityMember             // member of an authority Group
)

var agentKeys = [...]string{"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member"}

const (
	agObjectType = iota
	agName
	agMbox
	agSHA1
	agOpenID
	agAccount
	agMember
)

// agent validates an Agent or Group at the current path. It reports whether
// the object is a Group.
func (v *validator) agent(n int32, r role) (group bool) {
	if !v.wantKind(n, kindObject, "an Agent or Group object") {
		return false
	}
	var f [len(agentKeys)]int32
	v.fields(n, agentKeys[:], f[:], "an Agent or Group")

	if m := f[agObjectType]; m >= 0 {
		v.pushField("objectType")
		if v.wantKind(m, kindString, `"Agent" or "Group"`) {
			switch t := v.str(m); string(t) {
			case TypeAgent:
			case TypeGroup:
				group = true
			default:
				v.problem(`must be "Agent" or "Group" (case-sensitive), got ` + quote(t))
			}
		}
		v.pop()
	}
	switch {
	case r == roleTeam && !group:
		v.problem(`must be a Group (objectType "Group"): a context team is a Group (Data 2.4.6.s3)`)
	case (r == roleMember || r == roleAuthorityMember) && group:
		v.problem("must be an Agent: a Group's members are Agents, not Groups (Data 2.4.2.2.s4.b2)")
	}
	if m := f[agName]; m >= 0 {
		v.pushField("name")
		v.wantKind(m, kindString, "a string")
		v.pop()
	}

	// Inverse functional identifiers (Data 2.4.2.3). Reasons do not repeat
	// their values: they are personal data and reasons end up in logs.
	var ifiBuf [4]string
	ifis := ifiBuf[:0]
	if m := f[agMbox]; m >= 0 {
		ifis = append(ifis, "mbox")
		v.pushField("mbox")
		if v.wantKind(m, kindString, "a mailto: IRI string") && !validMbox(v.str(m)) {
			v.problem(`must be "mailto:" followed by an e-mail address (Data 2.4.2.3)`)
		}
		v.pop()
	}
	if m := f[agSHA1]; m >= 0 {
		ifis = append(ifis, "mbox_sha1sum")
		v.pushField("mbox_sha1sum")
		if v.wantKind(m, kindString, "a string of 40 hex digits") && !validSHA1(v.str(m)) {
			v.problem("must be the hex SHA-1 of a mailto: IRI (40 hex digits)")
		}
		v.pop()
	}
	if m := f[agOpenID]; m >= 0 {
		ifis = append(ifis, "openid")
		v.pushField("openid")
		if v.wantKind(m, kindString, "a URI string") && !validURI(view(v.str(m))) {
			v.problem("must be an absolute URI with a scheme")
		}
		v.pop()
	}
	if m := f[agAccount]; m >= 0 {
		ifis = append(ifis, "account")
		v.pushField("account")
		v.account(m)
		v.pop()
	}
	switch {
	case !group && len(ifis) != 1:
		v.problem("an Agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account), " + countIFIs(ifis))
	case group && len(ifis) > 1:
		v.problem("an identified Group must have exactly one inverse functional identifier, " + countIFIs(ifis))
	}

	m := f[agMember]
	switch {
	case m >= 0 && !group:
		v.pushField("member")
		v.problem(`is only allowed in a Group (objectType "Group")`)
		v.pop()
	case m < 0 && group && len(ifis) == 0:
		v.problemAt("member", "is required in an anonymous Group (a Group without mbox, mbox_sha1sum, openid or account)")
	case m >= 0:
		v.pushField("member")
		if v.wantKind(m, kindArray, "an array of Agents") {
			if v.nodes[m].n == 0 && len(ifis) == 0 {
				v.problem("an anonymous Group must have at least one member")
			}
			mr := roleMember
			if r == roleAuthority {
				mr = roleAuthorityMember
			}
			i := 0
			for c := v.nodes[m].first; c >= 0; c = v.nodes[c].next {
				v.pushIndex(i)
				v.agent(c, mr)
				v.pop()
				i++
			}
		}
		v.pop()
	}

	if r == roleAuthority && group {
		// Data 2.4.9.s3.b1: in 3-legged OAuth the authority is a Group of two
		// Agents, the application and the user. It carries no IFI.
		members := int32(0)
		if m >= 0 && v.nodes[m].kind == kindArray {
			members = v.nodes[m].n
		}
		if len(ifis) > 0 || members != 2 {
			v.problem("an authority Group must be an anonymous Group of exactly two Agents, the OAuth consumer and the user (Data 2.4.9.s3.b1)")
		}
	}
	return group
}

func countIFIs(ifis []string) string {
	if len(ifis) == 0 {
		return "got none"
	}
	return "got " + strings.Join(ifis, ", ")
}

var accountKeys = [...]string{"homePage", "name"}

// account validates an Account object (Data 2.4.2.4).
func (v *validator) account(n int32) {
	if !v.wantKind(n, kindObject, "an account object with homePage and name") {
		return
	}
	var f [2]int32
	v.fields(n, accountKeys[:], f[:], "an account")
	if v.required(f[0], "homePage", "an account") {
		v.pushField("homePage")
		v.iri(f[0])
		v.pop()
	}
	if v.required(f[1], "name", "an account") {
		v.pushField("name")
		v.wantKind(f[1], kindString, "a string")
		v.pop()
	}
}

// validMbox checks "mailto:" followed by an e-mail address: a non-empty local
// part and a domain of dot-separated labels, without spaces or a second "@".
func validMbox(s []byte) bool {
	const scheme = "mailto:"
	if len(s) <= len(scheme) || string(s[:len(scheme)]) != scheme {
		return false
	}
	addr := s[len(scheme):]
	at := -1
	for i, c := range addr {
		switch {
		case c == '@':
			if at >= 0 {
				return false
			}
			at = i
		case c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '?' || c == '#':
			return false
		}
	}
	if at <= 0 || at == len(addr)-1 {
		return false
	}
	domain := addr[at+1:]
	label := 0
	for _, c := range domain {
		switch {
		case c == '.':
			if label == 0 {
				return false
			}
			label = 0
		case isAlpha(c) || isDigit(c) || c == '-' || c >= 0x80:
			label++
		default:
			return false
		}
	}
	return label > 0
}

func validSHA1(s []byte) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range s {
		if !isHex(c) {
			return false
		}
	}
	return true
}
