package markdown

import (
	"html/template"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/docproof/docproof/generator/card"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/sample"
)

func TestUnmarkSkipped(t *testing.T) {
	block := func(id string) string {
		state := ""
		if id != "" {
			state = card.State(1)
		}
		return codeBlockHTML(fence.Block{Lang: "bash"}, sample.Curl, id, state, "<pre>x</pre>")
	}
	body := template.HTML("<p>a</p>" + block("a") + block("b&c") + block("c"))
	p := &Page{Body: body}
	unmarked := strings.Replace(block(""), "<button", card.State(1)+"<button", 1) // the slot stays, Fill leaves it empty
	tests := []struct {
		name    string
		results []sample.Result
		want    string
	}{
		{"nothing skipped", []sample.Result{{ID: "a", Outcome: "pass"}}, string(body)},
		{"skip= is never marked anyway", []sample.Result{{ID: "a", Outcome: "skip"}}, string(body)},
		{"an unmodelled skip loses its mark", []sample.Result{{ID: "b&c", Outcome: "skip", Unmodelled: true}},
			"<p>a</p>" + block("a") + unmarked + block("c")},
		{"two of them", []sample.Result{{ID: "c", Outcome: "skip", Unmodelled: true}, {ID: "a", Outcome: "skip", Unmodelled: true}},
			"<p>a</p>" + unmarked + block("b&c") + unmarked},
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
