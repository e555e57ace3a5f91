package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHighlightLanguages(t *testing.T) {
	h := newHighlighter(nil)
	for _, lang := range []string{"bash", "sh", "shell", "console", "json", "graphql", "yaml", "go", "http", "text", ""} {
		out, known := h.highlight(lang, "x: 1\n")
		assert.True(t, known, lang)
		assert.True(t, strings.HasPrefix(out, `<pre class="chroma"><code>`), lang)
		assert.True(t, strings.HasSuffix(out, `</code></pre>`), lang)
	}
	out, known := h.highlight("no-such-lang", "<b>&</b>\n")
	assert.False(t, known)
	assert.Equal(t, `<pre class="chroma"><code>&lt;b&gt;&amp;&lt;/b&gt;`+"\n</code></pre>", out)
}

func TestHighlightUsesClassesNotInlineStyles(t *testing.T) {
	out, _ := newHighlighter(nil).highlight("json", `{"a": 1}`)
	assert.Contains(t, out, `<span class="nt">`)
	assert.NotContains(t, out, "style=")
}

func TestHighlightCache(t *testing.T) {
	cache := NewCache()
	first, _ := newHighlighter(cache).highlight("bash", "echo hi\n")
	sum := sha256.Sum256([]byte("bash\x00echo hi\n"))
	key := "highlight\x00" + hex.EncodeToString(sum[:])
	v, ok := cache.Load(key)
	assert.True(t, ok)
	assert.Equal(t, first, v)
	// A later build takes the HTML from the cache instead of running chroma.
	cache.Store(key, "<pre>from cache</pre>")
	again, _ := newHighlighter(cache).highlight("bash", "echo hi\n")
	assert.Equal(t, "<pre>from cache</pre>", again)
}
