package card

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/sample/match"
)

func TestHolesFallsBackWhenAHoleIsSplit(t *testing.T) {
	holes := []match.Hole{{Raw: "<uuid:id>", Type: "uuid", Name: "id"}}
	split := `<span>&lt;uuid:</span><span>id&gt;</span>`
	out, ok := Holes(split, holes, 3, "/l")
	assert.False(t, ok)
	assert.Equal(t, split, out, "unchanged when not every hole is found")

	plain := Plain(`Location: /v3/<uuid:id>`, holes, 3, "/l")
	assert.Equal(t, `<pre class="chroma"><code>Location: /v3/<!--dp:3:0:uuid:id:-->`+
		`<a class="ph ph-unknown" href="/l" title="varies: any UUID; later samples use it as $ID; no value from this build">id</a>`+
		`<!--/dp--></code></pre>`, plain)
	assert.Equal(t, `<pre class="chroma"><code>Location: /v3/<a class="ph" href="/l" title="varies: any UUID; later samples use it as $ID">x-1</a></code></pre>`,
		Fill(plain, []sample.Result{{Line: 3, Outcome: "pass", Shown: []string{"x-1"}}}, "/l"))
}

func TestFill(t *testing.T) {
	body := `a` + State(7) + `b` + Drift(7) + `c`
	tests := []struct {
		name    string
		body    string
		results []sample.Result
		want    string
	}{
		{"no result: empty slots", body, nil, "abc"},
		{"another sample's result", body, []sample.Result{{Line: 8, Outcome: "pass"}}, "abc"},
		{"skipped: no mark", body, []sample.Result{{Line: 7, Outcome: "skip"}}, "abc"},
		{"passed", `a` + State(7), []sample.Result{{Line: 7, Outcome: "pass", Status: 201, Compared: sample.Compared{Headers: 1}}},
			`a<span class="verified" role="img" aria-label="verified: status 201 and 1 header matched" title="` + VerifiedTitle +
				`: status 201 and 1 header matched">verified</span>`},
		{"failed: the difference, escaped", Drift(7), []sample.Result{{Line: 7, Outcome: "fail", Diff: `- "<a>"`}},
			`<details class="drift"><summary>What the mock answered</summary><pre tabindex="0" role="group" aria-label="Difference">- &#34;&lt;a&gt;&#34;</pre></details>`},
		{"an unclosed slot is left as it is", "x<!--dp:7:state", nil, "x<!--dp:7:state"},
		{"nothing to fill", "plain", nil, "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Fill(tt.body, tt.results, "/l"))
		})
	}
}

func TestVerdict(t *testing.T) {
	assert.Equal(t, "status 200 matched", Verdict(sample.Result{Status: 200}))
	assert.Equal(t, "status 200 and 4 fields matched", Verdict(sample.Result{Status: 200, Compared: sample.Compared{Mode: "subset", Fields: 4}}))
	assert.Equal(t, "status 401 and the exact body (1 field) matched", Verdict(sample.Result{Status: 401, Compared: sample.Compared{Mode: "exact", Fields: 1}}))
}

func TestValueChipKeepsAStringsQuotesOutside(t *testing.T) {
	assert.Equal(t, `&#34;<a class="ph" href="/l" title="varies: any value, null included">a&amp;b</a>&#34;`, valueChip("any", "", `"a&b"`, true, "/l"))
	assert.Equal(t, `<a class="ph" href="/l" title="varies: any value, null included">{&#34;x&#34;:1}</a>`, valueChip("any", "", `{"x":1}`, true, "/l"))
}
