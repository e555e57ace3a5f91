package highlight

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMarkLines(t *testing.T) {
	h := New(nil)
	code, known := h.Highlight("bash", "echo one\necho two\necho three\n")
	assert.True(t, known)
	got := MarkLines(code, func(n int) bool { return n == 2 })
	assert.Equal(t, 2, strings.Count(got, `<span class="line">`), "lines 1 and 3 unchanged")
	assert.Equal(t, 1, strings.Count(got, `<mark class="line">`))
	assert.Contains(t, got, `<mark class="line"><span class="cl"><span class="nb">echo</span> two`)
	assert.Equal(t, code, MarkLines(code, func(int) bool { return false }), "nothing marked: the same markup")

	plain, known := h.Highlight("no-such-language", "a < b\nc\n")
	assert.False(t, known)
	assert.Equal(t, `<pre class="chroma"><code><span class="line"><span class="cl">a &lt; b`+"\n"+`</span></span>`+
		`<mark class="line"><span class="cl">c`+"\n"+`</span></mark></code></pre>`,
		MarkLines(plain, func(n int) bool { return n == 2 }))
}

func TestMarkLinesNestedSpans(t *testing.T) {
	code, _ := New(nil).Highlight("yaml", "steps:\n  - label: test\n")
	got := MarkLines(code, func(n int) bool { return n == 1 })
	assert.Equal(t, 1, strings.Count(got, `<mark class="line">`))
	assert.Equal(t, strings.Count(code, "<span"), strings.Count(got, "<span")+1, "one span became a mark")
	assert.Equal(t, strings.Count(code, "</span>"), strings.Count(got, "</span>")+1)
	assert.Equal(t, 1, strings.Count(got, "</mark>"))
	assert.Equal(t, strings.Replace(strings.Replace(got, `<mark class="line">`, `<span class="line">`, 1), "</mark>", "</span>", 1), code)
}
