package highlight

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHighlightLanguages(t *testing.T) {
	h := New(nil)
	for _, lang := range []string{"bash", "sh", "shell", "console", "json", "graphql", "yaml", "go", "http", "text", ""} {
		out, known := h.Highlight(lang, "x: 1\n")
		assert.True(t, known, lang)
		assert.True(t, strings.HasPrefix(out, `<pre class="chroma"><code>`), lang)
		assert.True(t, strings.HasSuffix(out, `</code></pre>`), lang)
	}
	out, known := h.Highlight("no-such-lang", "<b>&</b>\n")
	assert.False(t, known)
	assert.Equal(t, `<pre class="chroma"><code>&lt;b&gt;&amp;&lt;/b&gt;`+"\n</code></pre>", out)
}

func TestHighlightUsesClassesNotInlineStyles(t *testing.T) {
	out, _ := New(nil).Highlight("json", `{"a": 1}`)
	assert.Contains(t, out, `<span class="nt">`)
	assert.NotContains(t, out, "style=")
}

// mapStore is a Store in a map.
type mapStore struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *mapStore) Load(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok
}

func (s *mapStore) Store(key, html string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = html
}

func TestHighlightStore(t *testing.T) {
	store := &mapStore{m: map[string]string{}}
	first, _ := New(store).Highlight("bash", "echo hi\n")
	sum := sha256.Sum256([]byte("bash\x00echo hi\n"))
	key := hex.EncodeToString(sum[:])
	assert.Equal(t, key, StoreKey("bash", "echo hi\n"))
	v, ok := store.Load(key)
	assert.True(t, ok)
	assert.Equal(t, first, v)
	// A later build takes the HTML from the store instead of running chroma.
	store.Store(key, "<pre>from cache</pre>")
	again, _ := New(store).Highlight("bash", "echo hi\n")
	assert.Equal(t, "<pre>from cache</pre>", again)
}

// TestRegexpTimeoutsOff guards byte-identical builds on loaded machines:
// chroma gives each lexer regexp a 250 ms timeout, and a timed-out match
// changes the highlighting. After New no regexp2 match times out,
// however slow (this one takes far longer than its 1 ms timeout).
func TestRegexpTimeoutsOff(t *testing.T) {
	New(nil)
	re := regexp2.MustCompile(`^(a+)+$`)
	re.MatchTimeout = time.Millisecond
	start := time.Now()
	ok, err := re.MatchString(strings.Repeat("a", 22) + "b")
	require.NoError(t, err, "a regexp2 match timed out after %v", time.Since(start))
	assert.False(t, ok)
}
