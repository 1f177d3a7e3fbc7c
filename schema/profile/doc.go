// Package profile is Leerlijn's xAPI profile: the extension IRIs for cost,
// budget, working time and learning form, the verbs the metrics interpret,
// and typed accessors for them. No other package spells these IRIs out.
// It imports only the standard library and segmentio/encoding.
//
// The profile is documented for emitters in docs/profile.md.
package profile
