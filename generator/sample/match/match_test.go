package match

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	uuid1 = "0b8c5f4e-7a0e-4f4e-9a59-3b1a6f0d2c11"
	uuid2 = "1c9d6a5f-8b1f-4a5f-8b6a-4c2b7a1e3d22"
	tok1  = "bkaa_Mq8We1Rt4Yu7Io0Pa3SdXq3vB9kLmP2wR7tYz4NcH8s"
	jwt   = "bkaj_eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqb2I6MSJ9.c2ln-bmF0_dXJl"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name      string
		doc, act  string
		prior     Bindings
		exact     bool
		wantBound Bindings
		wantPaths []string // paths of the mismatches, in order
		reason    string   // substring of the first mismatch's reason
	}{
		{name: "equal scalars", doc: `"a"`, act: `"a"`},
		{name: "subset allows extra fields", doc: `{"a":1}`, act: `{"a":1,"b":2}`},
		{name: "exact rejects extra fields", doc: `{"a":1}`, act: `{"b":2,"a":1,"c":3}`, exact: true,
			wantPaths: []string{"$.b", "$.c"}, reason: "unexpected field"},
		{name: "key order is free", doc: `{"a":1,"b":2}`, act: `{"b":2,"a":1}`, exact: true},
		{name: "missing field", doc: `{"a":{"b":true}}`, act: `{"a":{}}`, wantPaths: []string{"$.a.b"}, reason: "missing field"},
		{name: "value differs", doc: `{"s":"connected"}`, act: `{"s":"lost"}`, wantPaths: []string{"$.s"}, reason: "value differs"},
		{name: "type differs", doc: `{"n":1}`, act: `{"n":"1"}`, wantPaths: []string{"$.n"}, reason: "expected a number, got a string"},
		{name: "numbers compare by value", doc: `[1, 1.5, 100, 0]`, act: `[1.0, 1.50, 1e2, -0]`},
		{name: "big numbers", doc: `12345678901234567890123`, act: `12345678901234567890123.0`},
		{name: "numbers differ", doc: `1.0000001`, act: `1`, wantPaths: []string{"$"}},
		{name: "null, bools", doc: `[null,true,false]`, act: `[null,true,false]`},
		{name: "null vs false", doc: `[null]`, act: `[false]`, wantPaths: []string{"$[0]"}, reason: "expected null, got a boolean"},
		{name: "arrays are not subsets", doc: `{"a":[1,2]}`, act: `{"a":[1,2,3]}`, wantPaths: []string{"$.a"}, reason: "expected 2 items, got 3"},
		{name: "array items in order", doc: `[{"id":1},{"id":2}]`, act: `[{"id":2},{"id":1}]`, wantPaths: []string{"$[0].id", "$[1].id"}},
		{name: "odd keys are quoted in paths", doc: `{"content-type":"a","x y":{"1":2}}`, act: `{"content-type":"b","x y":{"1":3}}`,
			wantPaths: []string{`$["content-type"]`, `$["x y"]["1"]`}},
		{name: "placeholder binds a string", doc: `{"token":"<agent-access-token>"}`, act: `{"token":"` + tok1 + `"}`,
			wantBound: Bindings{"agent-access-token": tok1}},
		{name: "placeholder binds non-strings as JSON", doc: `{"a":"<n>","b":"<o>","c":"<t>"}`, act: `{"a":42,"b":{"x":[1, 2]},"c":true}`,
			wantBound: Bindings{"n": "42", "o": `{"x":[1,2]}`, "t": "true"}},
		{name: "placeholder wants non-empty", doc: `{"a":"<x>","b":"<y>","c":"<z>"}`, act: `{"a":"","b":null,"c":[]}`,
			wantPaths: []string{"$.a", "$.b", "$.c"}, reason: "expects a non-empty value"},
		{name: "placeholder bound earlier in the document", doc: `{"a":"<id>","b":{"c":"<id>"}}`, act: `{"a":"x1","b":{"c":"x2"}}`,
			wantBound: Bindings{"id": "x1"}, wantPaths: []string{"$.b.c"}, reason: "placeholder <id> was bound to x1, got x2"},
		{name: "placeholder bound before", doc: `{"a":"<id>"}`, act: `{"a":"x1"}`, prior: Bindings{"id": "x0"},
			wantPaths: []string{"$.a"}, reason: "was bound to x0, got x1"},
		{name: "placeholder bound before and equal", doc: `{"a":"<id>"}`, act: `{"a":"x0"}`, prior: Bindings{"id": "x0"}, wantBound: Bindings{}},
		{name: "any matches null and binds nothing", doc: `{"a":"<any>","b":"<any>"}`, act: `{"a":null,"b":{"c":1}}`},
		{name: "any does not match a missing field", doc: `{"a":"<any>"}`, act: `{}`, wantPaths: []string{"$.a"}, reason: "missing field"},
		{name: "uuid", doc: `{"id":"<uuid:agent-id>"}`, act: `{"id":"` + uuid1 + `"}`, wantBound: Bindings{"agent-id": uuid1}},
		{name: "uuid rejects other strings", doc: `{"id":"<uuid:agent-id>"}`, act: `{"id":"agent-1"}`, wantPaths: []string{"$.id"}, reason: "expects a UUID"},
		{name: "bare type binds nothing", doc: `{"a":"<uuid>","b":"<uuid>","t":"<timestamp>","n":"<number>","k":"<token>"}`,
			act: `{"a":"` + uuid1 + `","b":"` + uuid2 + `","t":"2026-11-26T03:00:00Z","n":3,"k":"` + tok1 + `"}`},
		{name: "timestamp", doc: `{"at":"<timestamp:created>"}`, act: `{"at":"2026-11-26T03:44:26.123+01:00"}`, wantBound: Bindings{"created": "2026-11-26T03:44:26.123+01:00"}},
		{name: "timestamp rejects dates", doc: `{"at":"<timestamp:c>"}`, act: `{"at":"26/11/2026"}`, wantPaths: []string{"$.at"}, reason: "RFC 3339"},
		{name: "number", doc: `{"n":"<number:count>"}`, act: `{"n":-1.5e3}`, wantBound: Bindings{"count": "-1.5e3"}},
		{name: "number rejects numeric strings", doc: `{"n":"<number:count>"}`, act: `{"n":"3"}`, wantPaths: []string{"$.n"}, reason: "expects a number, got a string"},
		{name: "token", doc: `{"t":"<token:job>"}`, act: `{"t":"` + jwt + `"}`, wantBound: Bindings{"job": jwt}},
		{name: "token rejects other strings", doc: `{"t":"<token:job>"}`, act: `{"t":"secret"}`, wantPaths: []string{"$.t"}, reason: "Buildkite token"},
		{name: "token rejects numbers", doc: `{"t":"<token:job>"}`, act: `{"t":12}`, wantPaths: []string{"$.t"}, reason: "expects a string, got a number"},
		{name: "embedded placeholder", doc: `{"h":"Token <agent-token>"}`, act: `{"h":"Token ` + tok1 + `"}`, wantBound: Bindings{"agent-token": tok1}},
		{name: "embedded placeholders and literals", doc: `{"u":"https://x.test/v3/jobs/<uuid:job>/log?n=<number:n>"}`,
			act: `{"u":"https://x.test/v3/jobs/` + uuid1 + `/log?n=12"}`, wantBound: Bindings{"job": uuid1, "n": "12"}},
		{name: "embedded placeholder bound before", doc: `{"h":"Token <t>"}`, act: `{"h":"Token abc"}`, prior: Bindings{"t": "xyz"},
			wantPaths: []string{"$.h"}, reason: "does not match"},
		{name: "embedded literal differs", doc: `{"h":"Token <t>"}`, act: `{"h":"Bearer abc"}`, wantPaths: []string{"$.h"}, reason: "does not match"},
		{name: "embedded name twice must agree", doc: `{"h":"<a>-<a>"}`, act: `{"h":"x-y"}`, wantPaths: []string{"$.h"}, reason: "was bound to x, got y"},
		{name: "embedded needs a string", doc: `{"h":"n=<n>"}`, act: `{"h":5}`, wantPaths: []string{"$.h"}, reason: "expected a string"},
		{name: "regexp characters are literal", doc: `{"h":"a.b*(c) <x>"}`, act: `{"h":"aXb*(c) 1"}`, wantPaths: []string{"$.h"}},
		{name: "invalid actual JSON is a mismatch", doc: `{"a":1}`, act: `<html>oops</html>`, wantPaths: []string{"$"}, reason: "not valid JSON"},
		{name: "empty actual body", doc: `{"a":1}`, act: ``, wantPaths: []string{"$"}, reason: "not valid JSON"},
		{name: "duplicate keys in actual: last wins", doc: `{"a":2}`, act: `{"a":1,"a":2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var prior Bindings
			if tt.prior != nil {
				prior = Bindings{}
				for k, v := range tt.prior {
					prior[k] = v
				}
			}
			bound, mm, err := JSON([]byte(tt.doc), []byte(tt.act), prior, Options{Exact: tt.exact})
			require.NoError(t, err)
			want := tt.wantBound
			if want == nil {
				want = Bindings{}
			}
			assert.Equal(t, want, bound)
			var paths []string
			for _, m := range mm {
				paths = append(paths, m.Path)
			}
			assert.Equal(t, tt.wantPaths, paths)
			if tt.reason != "" {
				require.NotEmpty(t, mm)
				assert.Contains(t, mm[0].Reason, tt.reason)
			}
			assert.Equal(t, tt.prior, prior, "the bindings passed in must not change")
		})
	}
}

func TestJSONSyntaxErrors(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		line, col int
		msg       string
	}{
		{"bad token", "{\n  \"a\": 1,\n  \"b\": tru\n}", 3, 11, "invalid character"},
		{"trailing comma", "{\"a\": 1,}", 1, 9, "invalid character '}'"},
		{"unclosed", "{\"a\": [1, 2", 1, 12, "unexpected end of JSON"},
		{"empty", "  \n", 2, 1, "unexpected end of JSON"},
		{"trailing text", "{} {}", 1, 4, "after top-level value"},
		{"duplicate key", "{\"a\": 1,\n \"a\": 2}", 2, 2, `key "a" appears twice`},
		{"unknown placeholder type", "{\n  \"a\": \"<ulid:x>\"\n}", 2, 8, `unknown type "ulid"`},
		{"named any", `["<any:x>"]`, 1, 2, "takes no name"},
		{"comment", "{\n // note\n}", 2, 2, "invalid character '/'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := JSON([]byte(tt.doc), []byte(`{}`), nil, Options{})
			var se *SyntaxError
			require.True(t, errors.As(err, &se), "want *SyntaxError, got %v", err)
			assert.Contains(t, se.Msg, tt.msg)
			assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{se.Line, se.Col}, se.Msg)
		})
	}
}

func TestValue(t *testing.T) {
	tests := []struct {
		name, doc, act string
		prior          Bindings
		ok             bool
		bound          Bindings
		reason         string
	}{
		{name: "equal", doc: "201", act: "201", ok: true},
		{name: "differs", doc: "201", act: "200", reason: `expected "201", got "200"`},
		{name: "number placeholder", doc: "<number:status>", act: "201", ok: true, bound: Bindings{"status": "201"}},
		{name: "number placeholder rejects text", doc: "<number>", act: "abc", reason: "expects a number"},
		{name: "header pattern", doc: "Token <agent-token>", act: "Token " + tok1, ok: true, bound: Bindings{"agent-token": tok1}},
		{name: "bound value must agree", doc: "<id>", act: "b", prior: Bindings{"id": "a"}, reason: "placeholder <id> was bound to a, got b"},
		{name: "bound value agrees", doc: "<id>", act: "a", prior: Bindings{"id": "a"}, ok: true},
		{name: "any", doc: "<any>", act: "", ok: true},
		{name: "empty is not a value", doc: "<x>", act: "", reason: "expects a non-empty value"},
		{name: "pattern with bound value", doc: "Bearer <t>", act: "Bearer abc", prior: Bindings{"t": "abc"}, ok: true},
		{name: "uuid", doc: "<uuid:u>", act: uuid1, ok: true, bound: Bindings{"u": uuid1}},
		{name: "unknown type", doc: "<nope:x>", act: "1", reason: "unknown type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bound, ok, reason := Value(tt.doc, tt.act, tt.prior)
			assert.Equal(t, tt.ok, ok)
			want := tt.bound
			if want == nil {
				want = Bindings{}
			}
			assert.Equal(t, want, bound)
			if tt.reason != "" {
				assert.Contains(t, reason, tt.reason)
			} else {
				assert.Empty(t, reason)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	_, mm, err := JSON([]byte(`{"name":"builder-1","tags":["a"],"gone":1}`), []byte(`{"name":"builder-2","tags":["a","b"]}`), nil, Options{})
	require.NoError(t, err)
	want := `$.name: value differs
  - documented:        "builder-1"
  + the mock answered: "builder-2"
$.tags: expected 1 items, got 2 (arrays must have the same length)
  - documented:        ["a"]
  + the mock answered: ["a","b"]
$.gone: missing field
  - documented:        1
  + the mock answered: (absent)
`
	assert.Equal(t, want, Diff(mm))
	assert.Equal(t, "", Diff(nil))
}

func TestDiffShortensLongValues(t *testing.T) {
	long := `"` + strings.Repeat("é", 300) + `"`
	out := Diff([]Mismatch{{Path: "$", Expected: long, Actual: `"x"`, Reason: "value differs"}})
	assert.Contains(t, out, "more bytes)")
	assert.Less(t, len(out), 400)
}

// BenchmarkJSON matches a register response with typed placeholders.
func BenchmarkJSON(b *testing.B) {
	doc := []byte(`{"id":"<uuid:agent-id>","name":"builder-1","access_token":"<token:agent-access-token>",` +
		`"endpoint":"https://agent.buildkite.com/v3","meta_data":["queue=default"],"ping_interval":"<number>"}`)
	act := []byte(`{"id":"` + uuid1 + `","name":"builder-1","access_token":"` + tok1 + `","endpoint":"https://agent.buildkite.com/v3",` +
		`"meta_data":["queue=default"],"ping_interval":10,"job_status_interval":5,"heartbeat_interval":60}`)
	for i := 0; i < b.N; i++ {
		if _, mm, err := JSON(doc, act, nil, Options{}); err != nil || len(mm) > 0 {
			b.Fatal(err, mm)
		}
	}
}
