package xapi

import (
	"errors"
	"sync"

	"github.com/segmentio/encoding/json"
)

// Extensions maps extension IRIs to their JSON values (Data 4.1).
type Extensions map[string]json.RawMessage

// The generic decoder of segmentio/encoding makes room for 64 entries in
// every map it decodes; a statement has several small maps (language maps,
// extensions), so Decode spent most of its time and memory on them. These
// decoders read the object with the package's own JSON tree and make maps
// of the right size.

var treePool = sync.Pool{New: func() any { return new(tree) }}

var errNotObject = errors.New("not a JSON object")

// members parses b as one JSON object and calls f for each member with its
// decoded key and the value node; t stays valid during the calls.
func members(b []byte, f func(t *tree, n int, key string, v int32) error) error {
	t := treePool.Get().(*tree)
	defer func() {
		t.b = nil
		if cap(t.nodes) > 4096 {
			t.nodes = nil
		}
		treePool.Put(t)
	}()
	root := t.parse(b)
	if root < 0 {
		return errors.New(t.err.reason())
	}
	if t.nodes[root].kind == kindNull {
		return nil
	}
	if t.nodes[root].kind != kindObject {
		return errNotObject
	}
	n := int(t.nodes[root].n)
	for c := t.nodes[root].first; c >= 0; c = t.nodes[c].next {
		k := t.rawKey(c)
		var key string
		if t.nodes[c].flags&flagKeyEsc != 0 {
			key = string(unescape(nil, k))
		} else {
			key = string(k)
		}
		if err := f(t, n, key, c); err != nil {
			return err
		}
	}
	return nil
}

// UnmarshalJSON reads a language map.
func (m *LanguageMap) UnmarshalJSON(b []byte) error {
	var out LanguageMap
	err := members(b, func(t *tree, n int, key string, v int32) error {
		if out == nil {
			out = make(LanguageMap, n)
		}
		nd := &t.nodes[v]
		if nd.kind != kindString {
			return errors.New("language map value is not a string")
		}
		s := t.b[nd.start+1 : nd.end-1]
		if nd.flags&flagEsc != 0 {
			out[key] = string(unescape(nil, s))
		} else {
			out[key] = string(s)
		}
		return nil
	})
	if err != nil {
		return err
	}
	*m = out
	return nil
}

// UnmarshalJSON reads extensions; each value keeps its JSON bytes.
func (e *Extensions) UnmarshalJSON(b []byte) error {
	var out Extensions
	err := members(b, func(t *tree, n int, key string, v int32) error {
		if out == nil {
			out = make(Extensions, n)
		}
		out[key] = append(json.RawMessage(nil), t.raw(v)...)
		return nil
	})
	if err != nil {
		return err
	}
	*e = out
	return nil
}
