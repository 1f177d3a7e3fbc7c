// Package xapi is Leerlijn's model of xAPI 1.0.3 statements (Part Two,
// "Experience API Data"): the typed Statement that processors read (Decode),
// and Parse, which the collector calls on every POST and PUT to validate a
// request body, find each statement's bytes and id, and compute the hash
// that tells an identical re-post from a conflicting one. Stored writes a
// statement as the LRS stores and returns it.
//
// It imports only the standard library and github.com/segmentio/encoding,
// because every other package of ours imports it.
//
// # Parsing
//
// Parse reads the body once into a flat tree of nodes that keep byte
// offsets (jsontree.go), so that it neither decodes into maps nor copies the
// client's bytes: Parsed.Raw is a sub-slice of the body and Stored keeps the
// client's members byte for byte. Validation walks that tree and reports
// every problem with a JSON path, Problem.Path.
//
// # Validation
//
// The rules are those of the xAPI 1.0.3 data model as the ADL LRS
// conformance suite checks them (Data 2.2 to 2.4.11 and 4.x): required
// properties, no unknown or repeated keys anywhere (keys are case-sensitive),
// no null outside extensions, JSON types, objectType vocabularies, the
// inverse functional identifier rules of Agents and Groups, IRIs (RFC 3987
// syntax), UUIDs, RFC 5646 language tags, ISO 8601 timestamps and durations,
// interaction types and component lists, SubStatement and voiding rules,
// context rules, score ranges, statement version 1.0.x, attachments and
// authority.
//
// Deliberate decisions, kept in line with the corpus tests
// (parse_corpus_test.go):
//
//   - An IRI is anything with a scheme by RFC 3987 syntax, so an Open edX
//     course key such as "course-v1:FUN-MOOC+00002+session01" and "uuid://…"
//     ids are accepted (some LRSs reject them).
//   - A UUID is any 8-4-4-4-12 hex string, whatever its variant and version
//     (Data 4.4 only recommends RFC 4122 variant 2), so
//     "12345678-1234-5678-1234-567812345678" is accepted.
//   - A contextActivities value may be a single Activity object (allowed in
//     1.0.x); Stored and the canonical form turn it into a one-element array.
//   - Client-sent "stored" and "authority" are accepted (and validated);
//     Stored replaces them.
//   - An unknown interactionType (H5P sends "compound") is a problem; with
//     Options.Lenient it is a Warning at object.definition.interactionType
//     and the statement is accepted.
//   - An attachment without fileUrl is a problem unless Options.Multipart:
//     a signed statement sent as plain application/json is rejected
//     (Communication 1.5.2).
//   - Timestamps without a zone are accepted and read as UTC; "-00:00" style
//     offsets are rejected (see ParseTimestamp).
//   - Score min equal to max is accepted; min above max is not.
//   - A SubStatement may carry attachments (only id, stored, version and
//     authority are forbidden); a voided verb inside a SubStatement needs a
//     StatementRef object as at the top level.
//   - An attachment's sha2 must be a hex SHA-2 digest (56, 64, 96 or 128 hex
//     digits), its contentType a type/subtype media type, its length a
//     non-negative integer.
//   - Interaction component lists need an interactionType that supports them
//     (choices for choice and sequencing, scale for likert, source and target
//     for matching, steps for performance), and their ids must be distinct.
//   - Reasons never repeat the value of an mbox, mbox_sha1sum, openid or
//     account: reasons reach logs, and those are personal data. Other client
//     values are quoted, clipped to 80 bytes.
//   - A ValidationError lists at most MaxProblems problems and then counts
//     the rest, so that a hostile body cannot make the 400 response huge.
//   - Repeated keys are a problem in every object the spec defines and in
//     language maps and extensions (Data 2.2.s2.b2); inside extension values
//     anything goes (Data 4.1.s3.b2).
//
// # Versions
//
// Options.Version selects the rules: V10 (xAPI 1.0.x, the default) or V20
// (xAPI 2.0, IEEE 9274.1.1): RFC 3339 timestamps, contextAgents and
// contextGroups, statement version 1.0.x or 2.0.x, and "2.0.0" as the
// version Stored adds.
//
// # Reading statements back
//
// Format writes a stored statement in the statement resource's formats
// (exact, ids, canonical with Accept-Language); Statement.Index is what
// the statement filters match; ParseAgentParam validates an Agent given as
// a request parameter.
//
// # Hash
//
// The canonical form behind Parsed.Hash is documented in canonical.go.
// Parsed.SignatureHash and SignaturePayloadHash compare a signed
// statement with its JWS payload on that form without attachments.
package xapi
