package highlight

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/dlclark/regexp2/v2"
)

// chromaStyle decides which token types get a CSS class. The site's
// stylesheet colours those classes (light and dark) under the default
// "chroma" prefix; see templates/assets.
const chromaStyle = "github"

// Store keeps highlighted blocks between builds. Keys are content hashes of
// the language and the code; values are the block's HTML. Implementations
// must be safe for concurrent use and may forget anything (a Load miss only
// means highlighting again).
type Store interface {
	Load(key string) (html string, ok bool)
	Store(key, html string)
}

// Highlighter turns code into chroma HTML with CSS classes. It is set up once
// per build and shared by the page workers (it is safe for concurrent use):
// the formatter, the style and each language's lexer are created once, and
// results are remembered per build (a bounded memo) and across builds (its
// Store).
type Highlighter struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
	tw        *tokenWriter // writes what formatter would, faster
	store     Store        // nil: nothing kept across builds

	mu      sync.Mutex
	lexers  map[string]chroma.Lexer // nil value: unknown language
	results map[hlKey]string
}

// hlKey names a highlighted block in the per-build memo: the code itself
// (a map hashes it faster than the content hash Config.Cache needs).
type hlKey struct{ lang, code string }

// New returns a Highlighter that keeps results in store across builds (nil:
// none). It turns off chroma's regexp timeouts for the process, so the same
// code always highlights the same way.
func New(store Store) *Highlighter {
	disableChromaTimeouts()
	h := &Highlighter{
		formatter: chromahtml.New(
			chromahtml.WithClasses(true),
			chromahtml.WithPreWrapper(preWrapper{}),
		),
		style:   styles.Get(chromaStyle),
		store:   store,
		lexers:  map[string]chroma.Lexer{},
		results: map[hlKey]string{},
	}
	h.tw = &tokenWriter{formatter: h.formatter, style: h.style}
	return h
}

// disableChromaTimeouts turns off, once per process, the 250 ms match
// timeout chroma sets on every lexer regexp. On a loaded machine a match that
// is merely descheduled "times out", chroma then emits an error token (or lets
// a later rule match), and the same code highlights differently from one build
// to the next, which breaks byte-identical builds. regexp2 places a deadline
// at now + timeout + its clock period, so a day-long period means no deadline
// is reached during a build. It runs before any lexer is used, so nothing
// reads the period concurrently.
var disableChromaTimeouts = sync.OnceFunc(func() { regexp2.SetTimeoutCheckPeriod(24 * time.Hour) })

// preWrapper writes exactly `<pre class="chroma"><code>` … `</code></pre>`.
type preWrapper struct{}

// Start implements chromahtml.PreWrapper.
func (preWrapper) Start(code bool, _ string) string { return `<pre class="chroma"><code>` }

// End implements chromahtml.PreWrapper.
func (preWrapper) End(code bool) string { return `</code></pre>` }

// lexer returns the lexer for lang, or nil when chroma does not know it.
// "" means plain text.
func (h *Highlighter) lexer(lang string) chroma.Lexer {
	if lang == "" {
		lang = "text"
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	l, ok := h.lexers[lang]
	if !ok {
		if l = lexers.Get(lang); l != nil {
			l = chroma.Coalesce(l)
		}
		h.lexers[lang] = l
	}
	return l
}

// Highlight returns the <pre class="chroma"><code>…</code></pre> markup of
// code in language lang ("" is plain text). known is false when chroma does
// not know the language; the code is then shown as escaped plain text.
func (h *Highlighter) Highlight(lang, code string) (out string, known bool) {
	lx := h.lexer(lang)
	if lx == nil {
		return `<pre class="chroma"><code>` + html.EscapeString(code) + `</code></pre>`, false
	}
	mk := hlKey{lang, code}
	h.mu.Lock()
	out, ok := h.results[mk]
	h.mu.Unlock()
	if ok {
		return out, true
	}
	if h.store == nil {
		out = h.format(lx, code)
	} else {
		key := StoreKey(lang, code)
		if out, ok = h.store.Load(key); !ok {
			out = h.format(lx, code)
			h.store.Store(key, out)
		}
	}
	h.mu.Lock()
	if len(h.results) >= memoLimit { // bounded: a build's memo must not grow with the site
		clear(h.results)
	}
	h.results[mk] = out
	h.mu.Unlock()
	return out, true
}

// memoLimit is how many highlighted blocks a highlighter remembers before it
// starts again. Identical blocks repeat across nearby pages (the same curl
// sample on every page of a section), so a small memo catches most of them;
// the Store keeps results across builds.
const memoLimit = 1024

// StoreKey is the key under which a Highlighter keeps the HTML of code in
// language lang in its Store: the hex SHA-256 of lang, a NUL byte and code.
func StoreKey(lang, code string) string {
	sum := sha256.Sum256([]byte(lang + "\x00" + code))
	return hex.EncodeToString(sum[:])
}

// format highlights code with lx, through fastTokens when it vouches for
// the tokens (same tokens, a fraction of the time), else chroma's lexer.
func (h *Highlighter) format(lx chroma.Lexer, code string) string {
	toks, ok := fastTokens(lx.Config().Name, code)
	var err error
	if !ok {
		var it chroma.Iterator
		if it, err = lx.Tokenise(nil, code); err == nil {
			toks = it.Tokens()
		}
	}
	var b strings.Builder
	if err == nil {
		if out, ok := h.tw.format(toks); ok {
			return out
		}
		err = h.formatter.Format(&b, h.style, chroma.Literator(toks...))
	}
	if err != nil { // a lexer failure must not lose the code: show it plain
		return `<pre class="chroma"><code>` + html.EscapeString(code) + `</code></pre>`
	}
	return b.String()
}
