package match

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHolesAndValues(t *testing.T) {
	tests := []struct {
		name       string
		doc, act   string
		wantHoles  []Hole
		wantValues []string
	}{
		{
			name: "whole strings, in document order",
			doc:  `{"id": "<uuid:agent-id>", "name": "x", "token": "<token>"}`,
			act:  `{"token": "bkaa_0123456789abcdefghijkl", "id": "3f9b1c2e-5a47-4d8e-9c61-0b2a7e4d5f10", "name": "x"}`,
			wantHoles: []Hole{{Raw: "<uuid:agent-id>", Type: "uuid", Name: "agent-id", Whole: true},
				{Raw: "<token>", Type: "token", Whole: true}},
			wantValues: []string{`"3f9b1c2e-5a47-4d8e-9c61-0b2a7e4d5f10"`, `"bkaa_0123456789abcdefghijkl"`},
		},
		{
			name:       "any takes the answer's JSON value, whatever its type",
			doc:        `{"a": "<any>", "b": "<any>", "c": "<number:n>"}`,
			act:        `{"a": 5, "b": {"x": [1, "y"]}, "c": 7.5}`,
			wantHoles:  []Hole{{Raw: "<any>", Type: "any", Whole: true}, {Raw: "<any>", Type: "any", Whole: true}, {Raw: "<number:n>", Type: "number", Name: "n", Whole: true}},
			wantValues: []string{`5`, `{"x":[1,"y"]}`, `7.5`},
		},
		{
			name:       "placeholders inside a string: the text each matched, escaped for a JSON string",
			doc:        `{"url": "/v3/jobs/<uuid:job>/log?x=<any>"}`,
			act:        `{"url": "/v3/jobs/01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01/log?x=\"q\""}`,
			wantHoles:  []Hole{{Raw: "<uuid:job>", Type: "uuid", Name: "job"}, {Raw: "<any>", Type: "any"}},
			wantValues: []string{"01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01", `\"q\"`},
		},
		{
			name:       "array items by position; absent or unfit values are unknown",
			doc:        `[{"id": "<uuid>"}, {"id": "<uuid>"}, {"id": "<uuid>"}]`,
			act:        `[{"id": "01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01"}, {"id": "not a uuid"}]`,
			wantHoles:  []Hole{{Raw: "<uuid>", Type: "uuid", Whole: true}, {Raw: "<uuid>", Type: "uuid", Whole: true}, {Raw: "<uuid>", Type: "uuid", Whole: true}},
			wantValues: []string{`"01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01"`, "", ""},
		},
		{
			name:       "an answer that is not JSON leaves every value unknown",
			doc:        `{"id": "<agent-id>"}`,
			act:        `oops`,
			wantHoles:  []Hole{{Raw: "<agent-id>", Name: "agent-id", Whole: true}},
			wantValues: []string{""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			holes, err := Holes([]byte(tt.doc))
			require.NoError(t, err)
			assert.Equal(t, tt.wantHoles, holes)
			vals, err := Values([]byte(tt.doc), []byte(tt.act))
			require.NoError(t, err)
			assert.Equal(t, tt.wantValues, vals)
			assert.Len(t, vals, len(holes), "one value per hole")
		})
	}
}

func TestHolesRejectsWhatJSONRejects(t *testing.T) {
	_, err := Holes([]byte(`{"a": "<bogus:x>"}`))
	assert.ErrorContains(t, err, "unknown type")
	_, err = Values([]byte(`{"a": `), []byte(`{}`))
	assert.Error(t, err)
}

func TestValuesIn(t *testing.T) {
	assert.Equal(t, []Hole{{Raw: "<uuid:id>", Type: "uuid", Name: "id"}}, HolesIn("/v3/agents/<uuid:id>"))
	assert.Equal(t, []string{"3f9b1c2e-5a47-4d8e-9c61-0b2a7e4d5f10"}, ValuesIn("/v3/agents/<uuid:id>", "/v3/agents/3f9b1c2e-5a47-4d8e-9c61-0b2a7e4d5f10"))
	assert.Equal(t, []string{""}, ValuesIn("/v3/agents/<uuid:id>", "/v3/other"), "no match: unknown")
	assert.Nil(t, HolesIn("no placeholder"))
}

func TestHoleDescribe(t *testing.T) {
	for typ, want := range map[string]string{"uuid": "any UUID", "token": "a token", "any": "any value, null included",
		"": "any non-empty value", "timestamp": "any timestamp", "number": "any number"} {
		assert.Equal(t, want, Hole{Type: typ}.Describe())
	}
}
