package xapi_test

import (
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

const (
	agentBob   = `{"mbox":"mailto:bob@example.com"}`
	agentOAuth = `{"account":{"homePage":"http://example.com/xAPI/OAuth/Token","name":"oauth_consumer_x75db"}}`
)

func TestParseAgent(t *testing.T) {
	t.Parallel()
	runRules(t, []ruleCase{
		{name: "OK/Mbox", body: st("actor", `{"objectType":"Agent","name":"Ann","mbox":"mailto:ann@example.com"}`), path: valid},
		{name: "OK/MboxSHA1", body: st("actor", `{"mbox_sha1sum":"CD9B00A5611F94EAA7B1661EDAB976068E364975"}`), path: valid},
		{name: "OK/OpenID", body: st("actor", `{"openid":"http://openid.example.org/12345"}`), path: valid},
		{name: "OK/Account", body: st("actor", `{"account":{"homePage":"http://www.example.com","name":"1625378"}}`), path: valid},
		{name: "ErrNoIFI", body: st("actor", `{"name":"Ann"}`), path: "actor"},
		{name: "ErrTwoIFIs", body: st("actor", `{"mbox":"mailto:a@b.c","openid":"http://openid.example.org/1"}`), path: "actor"},
		{name: "ErrObjectTypeCase", body: st("actor", `{"objectType":"agent","mbox":"mailto:a@b.c"}`), path: "actor.objectType"},
		{name: "ErrObjectTypeActivity", body: st("actor", `{"objectType":"Activity","mbox":"mailto:a@b.c"}`), path: "actor.objectType"},
		{name: "ErrNameNumber", body: st("actor", `{"name":7,"mbox":"mailto:a@b.c"}`), path: "actor.name"},
		{name: "ErrNameNull", body: st("actor", `{"name":null,"mbox":"mailto:a@b.c"}`), path: "actor.name"},
		{name: "ErrUnknownKey", body: st("actor", `{"mbox":"mailto:a@b.c","email":"a@b.c"}`), path: "actor.email"},
		{name: "ErrMemberOnAgent", body: st("actor", `{"mbox":"mailto:a@b.c","member":[`+agentBob+`]}`), path: "actor.member"},
		{name: "ErrMboxNoScheme", body: st("actor", `{"mbox":"ann@example.com"}`), path: "actor.mbox"},
		{name: "ErrMboxHTTP", body: st("actor", `{"mbox":"http://should.fail.com"}`), path: "actor.mbox"},
		{name: "ErrMboxNoAt", body: st("actor", `{"mbox":"mailto:should.fail.com"}`), path: "actor.mbox"},
		{name: "ErrMboxTwoAt", body: st("actor", `{"mbox":"mailto:a@b@c.com"}`), path: "actor.mbox"},
		{name: "ErrMboxSpace", body: st("actor", `{"mbox":"mailto:ann smith@example.com"}`), path: "actor.mbox"},
		{name: "ErrMboxEmptyDomainLabel", body: st("actor", `{"mbox":"mailto:ann@example..com"}`), path: "actor.mbox"},
		{name: "ErrMboxNumber", body: st("actor", `{"mbox":42}`), path: "actor.mbox"},
		{name: "ErrSHA1Short", body: st("actor", `{"mbox_sha1sum":"cd9b00a5611f94eaa7b1661edab976068e36497"}`), path: "actor.mbox_sha1sum"},
		{name: "ErrSHA1NotHex", body: st("actor", `{"mbox_sha1sum":"zd9b00a5611f94eaa7b1661edab976068e364975"}`), path: "actor.mbox_sha1sum"},
		{name: "ErrOpenIDRelative", body: st("actor", `{"openid":"//openid.example.org/1"}`), path: "actor.openid"},
		{name: "ErrOpenIDBadScheme", body: st("actor", `{"openid":"ab=c://should.fail.com"}`), path: "actor.openid"},
		{name: "ErrAccountString", body: st("actor", `{"account":"ann"}`), path: "actor.account"},
		{name: "ErrAccountNoName", body: st("actor", `{"account":{"homePage":"http://www.example.com"}}`), path: "actor.account.name"},
		{name: "ErrAccountNoHomePage", body: st("actor", `{"account":{"name":"ann"}}`), path: "actor.account.homePage"},
		{name: "ErrAccountHomePage", body: st("actor", `{"account":{"homePage":"www.example.com","name":"ann"}}`), path: "actor.account.homePage"},
		{name: "ErrAccountNameObject", body: st("actor", `{"account":{"homePage":"http://www.example.com","name":{"key":"x"}}}`), path: "actor.account.name"},
		{name: "ErrAccountExtraKey", body: st("actor", `{"account":{"homePage":"http://www.example.com","name":"ann","id":1}}`), path: "actor.account.id"},

		{name: "OK/AnonymousGroup", body: st("actor", `{"objectType":"Group","member":[`+defActor+`,`+agentBob+`]}`), path: valid},
		{name: "OK/IdentifiedGroup", body: st("actor", `{"objectType":"Group","name":"Team","mbox":"mailto:team@example.com"}`), path: valid},
		{name: "OK/IdentifiedGroupMembers", body: st("actor", `{"objectType":"Group","account":{"homePage":"http://lms.example.com","name":"g1"},"member":[`+agentBob+`]}`), path: valid},
		{name: "ErrAnonymousGroupNoMember", body: st("actor", `{"objectType":"Group","name":"Team"}`), path: "actor.member"},
		{name: "ErrAnonymousGroupEmpty", body: st("actor", `{"objectType":"Group","member":[]}`), path: "actor.member"},
		{name: "ErrGroupMemberNotArray", body: st("actor", `{"objectType":"Group","member":`+agentBob+`}`), path: "actor.member"},
		{name: "ErrGroupMemberIsGroup", body: st("actor", `{"objectType":"Group","member":[{"objectType":"Group","mbox":"mailto:g@example.com"}]}`), path: "actor.member[0]"},
		{name: "ErrGroupMemberInvalid", body: st("actor", `{"objectType":"Group","member":[`+agentBob+`,{"name":"x"}]}`), path: "actor.member[1]"},
		{name: "ErrGroupTwoIFIs", body: st("actor", `{"objectType":"Group","mbox":"mailto:g@example.com","account":{"homePage":"http://x.com","name":"g"}}`), path: "actor"},

		{name: "OK/AuthorityAgent", body: st("authority", agentOAuth), path: valid},
		{name: "OK/AuthorityOAuthGroup", body: st("authority", `{"objectType":"Group","member":[`+agentOAuth+`,`+agentBob+`]}`), path: valid},
		{name: "ErrAuthorityIdentifiedGroup", body: st("authority", `{"objectType":"Group","mbox":"mailto:bob@example.com","member":[`+agentOAuth+`,`+agentBob+`]}`), path: "authority"},
		{name: "ErrAuthorityThreeMembers", body: st("authority", `{"objectType":"Group","member":[`+agentOAuth+`,`+agentBob+`,`+defActor+`]}`), path: "authority"},
		{name: "ErrAuthorityNoIFI", body: st("authority", `{"name":"LRS"}`), path: "authority"},
		{name: "ErrAuthorityMemberGroup", body: st("authority", `{"objectType":"Group","member":[`+agentOAuth+`,{"objectType":"Group","mbox":"mailto:g@x.com"}]}`), path: "authority.member[1]"},
	})
}

func TestIFI(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		actor xapi.Actor
		want  string
	}{
		{"Mbox", xapi.Actor{Mbox: "mailto:Ann@Example.com"}, "mbox:mailto:Ann@Example.com"},
		{"SHA1", xapi.Actor{MboxSHA1Sum: "CD9B00A5611F94EAA7B1661EDAB976068E364975"}, "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975"},
		{"OpenID", xapi.Actor{OpenID: "http://openid.example.org/1"}, "openid:http://openid.example.org/1"},
		{"Account", xapi.Actor{Account: &xapi.Account{HomePage: "http://lms.example.com", Name: "42"}}, "account:http://lms.example.com|42"},
		{"IdentifiedGroup", xapi.Actor{ObjectType: "Group", Mbox: "mailto:team@example.com", Member: []xapi.Actor{{Mbox: "mailto:x@y.z"}}}, "mbox:mailto:team@example.com"},
		{"AnonymousGroup", xapi.Actor{ObjectType: "Group", Member: []xapi.Actor{
			{OpenID: "http://openid.example.org/1"},
			{Account: &xapi.Account{HomePage: "http://lms.example.com", Name: "42"}},
			{Mbox: "mailto:b@example.com"},
		}}, "group:account:http://lms.example.com|42,mbox:mailto:b@example.com,openid:http://openid.example.org/1"},
		{"None", xapi.Actor{Name: "nobody"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.actor.IFI(); got != tc.want {
				t.Errorf("IFI() = %q, want %q", got, tc.want)
			}
		})
	}
}
