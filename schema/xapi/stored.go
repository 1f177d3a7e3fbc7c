package xapi

import (
	"strconv"
	"time"
)

// Stored returns the statement as the LRS stores and returns it: the
// client's members in their original order and bytes, except that
//   - "stored" and "authority" sent by the client are dropped (Data 2.4.8,
//     2.4.9: the LRS sets them),
//   - single-Activity contextActivities values (allowed in 1.0.x) are written
//     as one-element arrays (Data 2.4.6.2.s4.b3),
//
// and these members are appended:
//   - "id": id, if the client sent none (id is ignored otherwise),
//   - "timestamp": stored, if the client sent none (Data 2.4.7.s3.b2),
//   - "stored": stored,
//   - "authority": the given raw JSON Agent or Group, left out when empty,
//   - "version": "1.0.0" ("2.0.0" when parsed as Options.Version V20), if
//     the client sent none (Data 2.4.10.s3.b3).
//
// Timestamps are written RFC 3339 with milliseconds in UTC
// ("2026-11-23T13:01:02.345Z"). Whitespace between the client's members is
// not kept; whitespace inside them is. The result is valid JSON that Parse
// accepts, given a valid id and authority. It is a new slice; Stored reads
// Raw, so call it before the request body's buffer is reused.
func (p *Parsed) Stored(id string, stored time.Time, authority []byte) []byte {
	raw := p.Raw
	out := make([]byte, 0, len(raw)+len(authority)+len(id)+2*len(p.wraps)+128)
	out = append(out, '{')
	w := 0
	for k := 0; k+2 < len(p.members); k += 3 {
		start, end, flags := p.members[k], p.members[k+1], p.members[k+2]
		if flags&memberDrop != 0 {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		pos := start
		for ; w+1 < len(p.wraps) && p.wraps[w] < end; w += 2 {
			ws, we := p.wraps[w], p.wraps[w+1]
			if ws < start {
				continue
			}
			out = append(out, raw[pos:ws]...)
			out = append(out, '[')
			out = append(out, raw[ws:we]...)
			out = append(out, ']')
			pos = we
		}
		out = append(out, raw[pos:end]...)
	}
	member := func(name string) {
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, '"')
		out = append(out, name...)
		out = append(out, '"', ':')
	}
	if p.ID == "" && id != "" {
		member("id")
		out = strconv.AppendQuote(out, id)
	}
	if !p.HasTimestamp {
		member("timestamp")
		out = append(out, '"')
		out = appendTimestamp(out, stored)
		out = append(out, '"')
	}
	member("stored")
	out = append(out, '"')
	out = appendTimestamp(out, stored)
	out = append(out, '"')
	if len(authority) > 0 {
		member("authority")
		out = append(out, authority...)
	}
	if !p.version {
		member("version")
		out = append(out, '"')
		out = append(out, p.xapi.StatementVersion()...)
		out = append(out, '"')
	}
	return append(out, '}')
}
