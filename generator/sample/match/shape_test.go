package match

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSONShape(t *testing.T) {
	tests := []struct {
		name      string
		doc, act  string
		prior     Bindings
		exact     bool
		wantBound Bindings
		wantPaths []string // paths of the mismatches, in order
		reasons   []string // the mismatches' reasons, in order (when given)
	}{
		{name: "values are not compared", doc: `{"name":"my-agent","n":1,"ok":true,"tags":["a"]}`,
			act: `{"name":"builder-7","n":42.5,"ok":false,"tags":["x","y","z"]}`},
		{name: "extra fields are allowed", doc: `{"a":1}`, act: `{"a":2,"b":"x"}`},
		{name: "exact shape rejects extra fields", doc: `{"a":1}`, act: `{"a":2,"b":"x"}`, exact: true,
			wantPaths: []string{"$.b"}, reasons: []string{"unexpected field (the response block is exact)"}},
		{name: "retyped field", doc: `{"n":1}`, act: `{"n":"1"}`, wantPaths: []string{"$.n"}, reasons: []string{"type string, documented number"}},
		{name: "every type is named", doc: `[{"s":"x","n":1,"b":true,"z":null,"o":{},"a":[]}]`,
			act:       `[{"s":1,"n":true,"b":null,"z":{},"o":[],"a":"x"}]`,
			wantPaths: []string{"$[0].s", "$[0].n", "$[0].b", "$[0].z", "$[0].o", "$[0].a"},
			reasons: []string{"type number, documented string", "type bool, documented number", "type null, documented bool",
				"type object, documented null", "type array, documented object", "type string, documented array"}},
		{name: "removed field", doc: `{"agent":{"id":"x","name":"y"}}`, act: `{"agent":{"id":"z"}}`,
			wantPaths: []string{"$.agent.name"}, reasons: []string{"missing field"}},
		{name: "renamed field", doc: `{"access_token":"t"}`, act: `{"token":"t"}`, wantPaths: []string{"$.access_token"}},
		{name: "array length is free", doc: `{"a":[1,2]}`, act: `{"a":[]}`},
		{name: "every item against the first documented one", doc: `[{"id":"a","n":1}]`,
			act:       `[{"id":"b","n":2},{"id":"c","n":"3"},{"n":4}]`,
			wantPaths: []string{"$[1].n", "$[2].id"}, reasons: []string{"type string, documented number", "missing field"}},
		{name: "later documented items are illustration", doc: `[1,"two"]`, act: `[3,4]`},
		{name: "empty documented array demands an array", doc: `{"a":[]}`, act: `{"a":[{"x":1}]}`},
		{name: "empty documented array is still an array", doc: `{"a":[]}`, act: `{"a":{}}`,
			wantPaths: []string{"$.a"}, reasons: []string{"type object, documented array"}},
		{name: "nested arrays", doc: `{"m":[[1]]}`, act: `{"m":[[1,2],[3,"x"]]}`,
			wantPaths: []string{"$.m[1][1]"}, reasons: []string{"type string, documented number"}},
		{name: "typed placeholder checks its type", doc: `{"id":"<uuid:agent-id>"}`, act: `{"id":"agent-1"}`,
			wantPaths: []string{"$.id"}, reasons: []string{"<uuid:agent-id> expects a UUID"}},
		{name: "placeholder binds", doc: `{"id":"<uuid:agent-id>"}`, act: `{"id":"` + uuid1 + `"}`, wantBound: Bindings{"agent-id": uuid1}},
		{name: "placeholder binds from the first item only", doc: `[{"id":"<id>"}]`, act: `[{"id":"a-1"},{"id":"a-2"}]`,
			wantBound: Bindings{"id": "a-1"}},
		{name: "placeholder still typed in later items", doc: `[{"id":"<uuid:u>"}]`, act: `[{"id":"` + uuid1 + `"},{"id":"nope"}]`,
			wantBound: Bindings{"u": uuid1}, wantPaths: []string{"$[1].id"}},
		{name: "placeholder bound before must agree", doc: `{"id":"<id>"}`, act: `{"id":"x1"}`, prior: Bindings{"id": "x0"},
			wantPaths: []string{"$.id"}},
		{name: "any placeholder matches any type", doc: `{"a":"<any>"}`, act: `{"a":null}`},
		{name: "embedded pattern is only a string", doc: `{"h":"Token <t>"}`, act: `{"h":"Bearer abc"}`},
		{name: "embedded pattern still wants a string", doc: `{"h":"Token <t>"}`, act: `{"h":5}`,
			wantPaths: []string{"$.h"}, reasons: []string{"type number, documented string"}},
		{name: "invalid actual JSON", doc: `{"a":1}`, act: `nope`, wantPaths: []string{"$"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bound, mm, err := JSON([]byte(tt.doc), []byte(tt.act), tt.prior, Options{Shape: true, Exact: tt.exact})
			require.NoError(t, err)
			want := tt.wantBound
			if want == nil {
				want = Bindings{}
			}
			assert.Equal(t, want, bound)
			var paths, reasons []string
			for _, m := range mm {
				paths = append(paths, m.Path)
				reasons = append(reasons, m.Reason)
			}
			assert.Equal(t, tt.wantPaths, paths)
			if tt.reasons != nil {
				assert.Equal(t, tt.reasons, reasons)
			}
		})
	}
}

func TestJSONShapeSyntaxErrors(t *testing.T) {
	_, _, err := JSON([]byte(`{"a":"<ulid:x>"}`), []byte(`{}`), nil, Options{Shape: true})
	var se *SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Contains(t, se.Msg, `unknown type "ulid"`)
}

// TestShapeDiffGolden keeps the diffs of shape mode in testdata/shape.golden
// (go test -update rewrites it).
func TestShapeDiffGolden(t *testing.T) {
	cases := []struct{ name, doc, act string }{
		{"field retyped, renamed and removed", `{"id":"0123","count":10,"name":"my-agent","meta":{"queue":"default"}}`,
			`{"id":1234,"count":"10","title":"builder-1","meta":null}`},
		{"a later array item differs from the first documented one", `{"agents":[{"id":"a","connected":true}]}`,
			`{"agents":[{"id":"x","connected":false},{"id":"y","connected":"yes"}]}`},
		{"typed placeholder in shape mode", `{"created_at":"<timestamp:created>"}`, `{"created_at":"yesterday"}`},
	}
	var b strings.Builder
	for _, c := range cases {
		_, mm, err := JSON([]byte(c.doc), []byte(c.act), nil, Options{Shape: true})
		require.NoError(t, err, c.name)
		require.NotEmpty(t, mm, c.name)
		fmt.Fprintf(&b, "## %s\ndocumented: %s\nactual:     %s\n%s\n", c.name, c.doc, c.act, Diff(mm))
	}
	golden(t, filepath.Join("testdata", "shape.golden"), b.String())
}

func TestFields(t *testing.T) {
	tests := []struct {
		doc   string
		shape bool
		want  int
	}{
		{`401`, false, 1},
		{`{}`, false, 1},
		{`{"a":1,"b":{"c":"x","d":[true,null]}}`, false, 4},
		{`{"agents":[{"id":"a","n":1},{"id":"b","n":2}]}`, false, 4},
		{`{"agents":[{"id":"a","n":1},{"id":"b","n":2}]}`, true, 2},
		{`{"tags":[]}`, true, 1},
	}
	for _, tt := range tests {
		got, err := Fields([]byte(tt.doc), Options{Shape: tt.shape})
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, tt.doc)
	}
	_, err := Fields([]byte(`{"a":`), Options{})
	require.Error(t, err)
}
