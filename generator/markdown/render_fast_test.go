package markdown

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// The render shortcuts (render.go, document.go, toc.go, codeblock.go) are
// held equal to the straightforward code they replaced: the parser without
// linkify to the full one, the sections gathered by collect's walk to a walk
// of their own over the finished document, linesText to the lines' Values.

// fastSeeds are Markdown inputs for the differential tests and fuzzers: the
// render goldens and a few shapes the shortcuts must get right.
func fastSeeds(t testing.TB) [][]byte {
	seeds := [][]byte{
		[]byte("# T\n\nfoo \nbar\t\nbaz  \nqux\\\nend (paren) *em* _u_ ~s~ ~~del~~\n"),
		[]byte("0000 \t\n0 \t  \nx\t\t\n\n| a  |  b\t|\n|-|-|\n| 1 \t | 2  |\n\n## h \t {#i}\n"),
		[]byte("- [ ] task\n- [x] done (x)\n\n> quote\n> ```\n> code\n\n  ```\n  indented fence\n  ```\n"),
		[]byte("## A {#x}\n\n{:toc}\n\n### B\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nterm\n: definition\n\n[^1]\n\n[^1]: note\n"),
		[]byte("```bash\nno newline at the end"),
		[]byte("text\n\n    indented code\n\n<div>\nraw\n</div>\n\n![alt (img)](a.png) [l](b.md) `code span`\n"),
		[]byte("mail me@example.com or www.example.com or https://example.com/x (https://example.com/y)\n"),
	}
	mds, err := filepath.Glob("../testdata/render/*.md") // the render goldens' pages
	require.NoError(t, err)
	for _, p := range mds {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		seeds = append(seeds, data)
	}
	return seeds
}

// renderWith renders data as page d/f.md with m, the linkify shortcut on or
// off. The front matter is decoded once by the caller: which of several
// unknown keys it reports varies from one decoding to the next.
func renderWith(m *Renderer, data []byte, fr source.Front, shortcut bool) string {
	plain := m.plain
	if !shortcut {
		m.plain = nil
	}
	defer func() { m.plain = plain }()
	r := m.safePage(source.Source{Rel: "d/f.md", File: "content/d/f.md", Data: data}, &fr)
	if r.Page == nil {
		return "no page: " + r.Diags.Error()
	}
	return fmt.Sprintf("%+v\n%v", *r.Page, r.Diags)
}

// checkLinkifyShortcut fails when a page linkify cannot change renders
// differently without it.
func checkLinkifyShortcut(t *testing.T, m *Renderer, data []byte) {
	t.Helper()
	if mayLinkify(data) {
		return
	}
	fr := source.ParseFront("content/d/f.md", data)
	if full, plain := renderWith(m, data, fr, false), renderWith(m, data, fr, true); full != plain {
		t.Fatalf("without linkify the page differs:\n%s\n--- full parser:\n%s\n--- without linkify:\n%s", data, full, plain)
	}
}

func TestLinkifyShortcut(t *testing.T) {
	m := New(Options{})
	for _, seed := range fastSeeds(t) {
		checkLinkifyShortcut(t, m, seed)
		stripped := strings.NewReplacer("@", " at ", "://", ": ", "www.", "w.").Replace(string(seed))
		checkLinkifyShortcut(t, m, []byte(stripped))
	}
	assert.True(t, mayLinkify([]byte("a@b")))
	assert.True(t, mayLinkify([]byte("see ftp://x.org")))
	assert.True(t, mayLinkify([]byte("www.x.org")))
	assert.True(t, mayLinkify([]byte("two spaces and a tab \t\nnext")))
	assert.True(t, mayLinkify([]byte("at the end\t\t")))
	assert.True(t, mayLinkify([]byte("hard break after two tabs\t\t  \nnext")))
	assert.False(t, mayLinkify([]byte("hard break after a tab\t  \nnext")))
	assert.False(t, mayLinkify([]byte("http: no slashes, WWW.UPPER.CASE\none space \nhard break  \n \t \n")))
	data := corpus.Page(rand.New(rand.NewPCG(1, 1^0x9e3779b97f4a7c15)), 0, 1000)
	assert.False(t, mayLinkify(source.ParseFront("content/p.md", data).Body(data)), "a benchmark corpus page (front matter blanked)")
}

func FuzzLinkifyShortcut(f *testing.F) {
	for _, seed := range fastSeeds(f) {
		f.Add(seed)
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLinkifyShortcut(t, m, data)
	})
}

// checkTextRenderer fails when a page renders differently with goldmark's
// own text renderer than with nodeRenderer's shortcut.
func checkTextRenderer(t *testing.T, fast, ref *Renderer, data []byte) {
	t.Helper()
	fr := source.ParseFront("content/d/f.md", data)
	if got, want := renderWith(fast, data, fr, true), renderWith(ref, data, fr, true); got != want {
		t.Fatalf("the text shortcut renders differently:\n%s\n--- goldmark:\n%s\n--- shortcut:\n%s", data, want, got)
	}
}

// textRef is a markdown rendering text with goldmark's own renderer.
func textRef() *Renderer {
	m := New(Options{})
	m.md = newGoldmark([]util.PrioritizedValue{util.Prioritized(nodeRenderer{}, 100), util.Prioritized(rawHTMLRenderer{}, 100)}, []goldmark.Extender{extension.GFM, extension.Footnote, extension.DefinitionList})
	return m
}

func TestTextRenderer(t *testing.T) {
	fast, ref := New(Options{}), textRef()
	for _, seed := range fastSeeds(t) {
		checkTextRenderer(t, fast, ref, seed)
	}
	checkTextRenderer(t, fast, ref, []byte("a \\* b &amp; &#65; &#x41; &bogus; \x00 \"q\" <x> 1 < 2\nhard\\\nbreak  \nend\n"))
	assert.True(t, verbatimText([]byte("plain words, (parens) and 'quotes'")))
	assert.False(t, verbatimText([]byte("a & b")))
}

func FuzzTextRenderer(f *testing.F) {
	for _, seed := range fastSeeds(f) {
		f.Add(seed)
	}
	fast, ref := New(Options{}), textRef()
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTextRenderer(t, fast, ref, data)
	})
}

// sectionsRef is how sections were found before collect gathered them: a
// walk of the finished document (code blocks and {:toc} replaced).
func sectionsRef(doc ast.Node, src []byte) []Section {
	var out []Section
	cur := &Section{}
	var b strings.Builder
	flush := func() {
		cur.Text = strings.Join(strings.Fields(b.String()), " ")
		if cur.Anchor != "" || cur.Text != "" {
			out = append(out, *cur)
		}
		b.Reset()
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				flush()
				id, _ := n.AttributeString("id")
				cur = &Section{Anchor: attrString(id), Heading: plainText(n, src)}
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML, *rawBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.AutoLink:
			if entering {
				b.Write(n.Label(src))
			}
		default:
			if !entering && n.Type() == ast.TypeBlock {
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	flush()
	return out
}

// linesTextRef is the text of a block's lines, Value by Value.
func linesTextRef(lines *text.Segments, src []byte) string {
	var b strings.Builder
	for j := 0; j < lines.Len(); j++ {
		seg := lines.At(j)
		b.Write(seg.Value(src))
	}
	return b.String()
}

// checkWalkShortcuts renders data step by step as renderSplit does and
// compares the sections and code blocks with the reference code.
func checkWalkShortcuts(t *testing.T, m *Renderer, data []byte) {
	t.Helper()
	if _, ok := source.CheckText("f.md", data); !ok {
		return
	}
	src := source.Source{Rel: "d/f.md", File: "content/d/f.md", Data: data}
	fr := source.ParseFront(src.File, src.Data)
	body := fr.Body(src.Data)
	p := &Page{Source: src, Front: fr.FM, URL: source.URL(src.Rel), IDs: map[string]bool{}}
	d := &pageDoc{m: m, page: p, body: body, lines: newLineIndex(body), secHead: -1}
	doc := m.parser(body).Parse(text.NewReader(body))
	d.collect(doc)
	var codes []string
	for _, n := range d.fenced {
		codes = append(codes, linesTextRef(n.Lines(), body))
	}
	d.assignIDs()
	d.codeBlocks()
	p.TOC = d.buildTOC()
	d.replaceTOCMarkers()
	require.Equal(t, sectionsRef(doc, body), d.sections(), "sections of %q", data)
	require.Len(t, p.Blocks, len(codes))
	for i, b := range p.Blocks {
		require.Equal(t, codes[i], b.Code, "code of block %d of %q", i, data)
	}
}

func TestWalkShortcuts(t *testing.T) {
	m := New(Options{})
	for _, seed := range fastSeeds(t) {
		checkWalkShortcuts(t, m, seed)
	}
}

func FuzzWalkShortcuts(f *testing.F) {
	for _, seed := range fastSeeds(f) {
		f.Add(seed)
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, data []byte) {
		checkWalkShortcuts(t, m, data)
	})
}

func TestNewLineIndex(t *testing.T) {
	for _, s := range []string{"", "a", "\n", "a\nb", "a\nb\n", "\n\n\n"} {
		want := lineIndex{0}
		for i := range len(s) {
			if s[i] == '\n' {
				want = append(want, i+1)
			}
		}
		assert.Equal(t, want, newLineIndex([]byte(s)), "%q", s)
	}
}

// slugifyRef is slugify's rune-by-rune definition.
func slugifyRef(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	if strings.Trim(b.String(), "-") == "" {
		return "section"
	}
	return b.String()
}

func TestSlugifyMatchesRunes(t *testing.T) {
	for _, s := range []string{"", "Hello World", "A-B_c", "---", " ", "Ünïcode Straße", "x \xff y", "ÀB", "!?", "Part 1: Registration", "İ"} {
		assert.Equal(t, slugifyRef(s), slugify(s), "%q", s)
	}
}

func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Hello World", "Ünï ÿ", "---"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := slugify(s), slugifyRef(s); got != want {
			t.Fatalf("slugify(%q) = %q, want %q", s, got, want)
		}
	})
}
