package sample

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/fence"
)

func TestCompareOf(t *testing.T) {
	tests := []struct {
		name  string
		block string // "" for no response block
		want  Compared
		kind  string
		label string
	}{
		{"no response", "", Compared{}, ComparedStatus, "status only"},
		{"subset", "json {response}\n{\"id\": \"<uuid>\", \"name\": \"x\", \"meta\": {\"a\": 1, \"b\": [1, 2]}}", Compared{Mode: "subset", Fields: 5}, ComparedBody, "status and 5 fields"},
		{"one field", "json {response}\n401", Compared{Mode: "subset", Fields: 1}, ComparedBody, "status and 1 field"},
		{"exact", "json {response exact}\n{\"a\": 1, \"b\": 2}", Compared{Mode: "exact", Fields: 2}, ComparedBody, "status and the exact body (2 fields)"},
		{"shape", "json {response shape}\n{\"agents\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}", Compared{Mode: "shape", Fields: 1}, ComparedBody, "status and the shape of 1 field"},
		{"status line only", "http {response}\nHTTP/1.1 201 Created", Compared{}, ComparedStatus, "status only"},
		{"headers only", "http {response}\nHTTP/1.1 200 OK\nContent-Type: application/json", Compared{Headers: 1}, ComparedHeaders, "status and 1 header"},
		{"headers and body", "http {response}\nHTTP/1.1 401 Unauthorized\nContent-Type: application/json\nX-A: b\n\n{\"message\": \"<any>\"}",
			Compared{Mode: "subset", Headers: 2, Fields: 1}, ComparedBody, "status, 2 headers and 1 field"},
		{"invalid JSON compares nothing yet", "json {response}\n{\"a\":", Compared{}, ComparedStatus, "status only"},
		{"bad status line", "http {response}\nHTTP/x", Compared{}, ComparedStatus, "status only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b *fence.Block
			if tt.block != "" {
				bs := blocks(t, tt.block)
				b = &bs[0]
			}
			c := CompareOf(b)
			assert.Equal(t, tt.want, c)
			assert.Equal(t, tt.kind, c.Kind())
			assert.Equal(t, tt.label, c.Label())
		})
	}
}

func TestSummarizeCounts(t *testing.T) {
	s := Summarize([]Result{
		{Outcome: "pass", Compared: Compared{Mode: "subset", Fields: 3}},
		{Outcome: "pass", Compared: Compared{Mode: "shape", Fields: 3}},
		{Outcome: "fail", Compared: Compared{Mode: "exact", Fields: 3, Headers: 1}},
		{Outcome: "pass", Compared: Compared{Headers: 2}},
		{Outcome: "pass"}, {Outcome: "fail"},
		{Outcome: "skip", Compared: Compared{Mode: "subset"}},
	})
	assert.Equal(t, Counts{Body: 3, Subset: 1, Exact: 1, Shape: 1, Headers: 1, StatusOnly: 2, Skipped: 1}, s.Compared)
	assert.Equal(t, "4 verified, 2 failed, 1 skipped; compared: 3 body (1 subset, 1 exact, 1 shape), 1 headers only, 2 status only", s.String())
}

func TestStrict(t *testing.T) {
	body := Compared{Mode: "subset", Fields: 2}
	tests := []struct {
		name string
		r    Result
		fail bool
	}{
		{"status only fails", Result{Outcome: "pass"}, true},
		{"status= 2xx fails", Result{Outcome: "pass", ExpectedStatus: 201}, true},
		{"status= 3xx fails", Result{Outcome: "pass", ExpectedStatus: 302}, true},
		{"a negative sample passes", Result{Outcome: "pass", ExpectedStatus: 404}, false},
		{"status=204 passes: no body to document", Result{Outcome: "pass", ExpectedStatus: 204}, false},
		{"status=304 passes: no body to document", Result{Outcome: "pass", ExpectedStatus: 304}, false},
		{"a 5xx sample passes", Result{Outcome: "pass", ExpectedStatus: 503}, false},
		{"a body passes", Result{Outcome: "pass", Compared: body}, false},
		{"headers only pass", Result{Outcome: "pass", Compared: Compared{Headers: 1}}, false},
		{"skipped stays skipped", Result{Outcome: "skip"}, false},
		{"failed stays as it failed", Result{Outcome: "fail", Message: "x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []Result{{Outcome: "pass", Compared: body}, tt.r}
			in[1].File, in[1].Line, in[1].ID = "content/a.md", 7, "a#2"
			before := slices.Clone(in)
			out, d := Strict(in)
			assert.Equal(t, before, in, "the results passed in are not changed")
			if !tt.fail {
				assert.Empty(t, d)
				assert.Equal(t, in, out)
				return
			}
			require.Len(t, d, 1)
			assert.Equal(t, "content/a.md:7: sample \"a#2\": "+strictMessage, d[0].Error())
			assert.Equal(t, "fail", out[1].Outcome)
			assert.Equal(t, "pass", out[0].Outcome)
		})
	}
}
