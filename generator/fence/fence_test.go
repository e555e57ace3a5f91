package fence

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		info   string
		lang   string
		keys   []string
		values map[string]string
	}{
		{"", "", nil, map[string]string{}},
		{"bash", "bash", nil, map[string]string{}},
		{"  JSON  ", "json", nil, map[string]string{}},
		{"bash extra words", "bash", nil, map[string]string{}},
		{"bash {sample=register}", "bash", []string{"sample"}, map[string]string{"sample": "register"}},
		{"bash{sample=x status=401}", "bash", []string{"sample", "status"}, map[string]string{"sample": "x", "status": "401"}},
		{"{response}", "", []string{"response"}, map[string]string{"response": ""}},
		{`json {response exact}`, "json", []string{"response", "exact"}, map[string]string{"response": "", "exact": ""}},
		{`sh {skip="needs a real host"}`, "sh", []string{"skip"}, map[string]string{"skip": "needs a real host"}},
		{`graphql {variables='{"k":"v"}'}`, "graphql", []string{"variables"}, map[string]string{"variables": `{"k":"v"}`}},
		{`bash {capture="A=id B=data.x" bind="org=ORG"}`, "bash", []string{"capture", "bind"}, map[string]string{"capture": "A=id B=data.x", "bind": "org=ORG"}},
		{`bash {skip="say \"hi\" \\ bye"}`, "bash", []string{"skip"}, map[string]string{"skip": `say "hi" \ bye`}},
		{"bash {a=1, b=2}", "bash", []string{"a", "b"}, map[string]string{"a": "1", "b": "2"}},
		{"bash { }", "bash", nil, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.info, func(t *testing.T) {
			got, err := Parse(tt.info)
			require.NoError(t, err)
			assert.Equal(t, tt.lang, got.Lang)
			assert.Equal(t, tt.keys, got.Attrs.Keys)
			assert.Equal(t, tt.values, got.Attrs.Values)
			assert.Equal(t, len(tt.keys), got.Attrs.Len())
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		info string
		col  int
		msg  string
	}{
		{"bash {sample=x", 15, "missing closing '}'"},
		{`bash {skip="open}`, 12, `unterminated "-quoted value`},
		{`bash {skip='open}`, 12, `unterminated '-quoted value`},
		{"bash {sample=}", 14, "missing value after '='"},
		{"bash {sample=", 14, "missing value after '='"},
		{"bash {a=1 a=2}", 11, `attribute "a" given twice`},
		{"bash {=1}", 7, `expected an attribute name, found "="`},
		{"bash {a=1} trailing", 11, `unexpected text "trailing" after '}'`},
	}
	for _, tt := range tests {
		t.Run(tt.info, func(t *testing.T) {
			_, err := Parse(tt.info)
			var se *SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.col, se.Col)
			assert.Equal(t, tt.msg, se.Msg)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestAttrsAccessors(t *testing.T) {
	info, err := Parse(`bash {sample=x flag}`)
	require.NoError(t, err)
	v, ok := info.Attrs.Get("sample")
	assert.True(t, ok)
	assert.Equal(t, "x", v)
	assert.True(t, info.Attrs.Has("flag"))
	assert.False(t, info.Attrs.Has("missing"))
	_, ok = info.Attrs.Get("missing")
	assert.False(t, ok)
}
