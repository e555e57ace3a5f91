package markdown

import (
	"html/template"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/sample"
)

func TestUnmarkSkipped(t *testing.T) {
	block := func(id string) string {
		return codeBlockHTML(fence.Block{Lang: "bash"}, sample.Curl, id, "status only", "<pre>x</pre>")
	}
	body := template.HTML("<p>a</p>" + block("a") + block("b&c") + block("c"))
	p := &Page{Body: body}
	tests := []struct {
		name    string
		results []sample.Result
		want    string
	}{
		{"nothing skipped", []sample.Result{{ID: "a", Outcome: "pass"}}, string(body)},
		{"skip= is never marked anyway", []sample.Result{{ID: "a", Outcome: "skip"}}, string(body)},
		{"an unmodelled skip loses its mark", []sample.Result{{ID: "b&c", Outcome: "skip", Unmodelled: true}},
			"<p>a</p>" + block("a") + block("") + block("c")},
		{"two of them", []sample.Result{{ID: "c", Outcome: "skip", Unmodelled: true}, {ID: "a", Outcome: "skip", Unmodelled: true}},
			"<p>a</p>" + block("") + block("b&c") + block("")},
		{"an unknown id changes nothing", []sample.Result{{ID: "zz", Outcome: "skip", Unmodelled: true}}, string(body)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnmarkSkipped(p, tt.results)
			assert.Equal(t, tt.want, string(got.Body))
			assert.Equal(t, body, p.Body, "the page passed in is never changed")
			if tt.want == string(body) {
				assert.Same(t, p, got)
			}
		})
	}
}
