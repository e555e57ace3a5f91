package markdown

import (
	"html"
	"strings"

	"github.com/docproof/docproof/generator/markdown/erb"
	"github.com/docproof/docproof/generator/source/urlscheme"
)

// Conventions are the Markdown conventions of a site written for another
// generator that the renderer applies (docproof.yaml's dialect and its
// options; the generator resolves them). Block syntax (IALs, fences in
// list items, callouts) comes as Options.Extensions. The zero value is
// docproof's own conventions.
type Conventions struct {
	URLs               urlscheme.Scheme  // page URLs, and the URL a .md link goes to
	NestedIDs          bool              // heading_ids: nested (generator/markdown/headingid)
	ERB                bool              // partials: erb (generator/markdown/erb)
	ImageRoot          string            // URL path `image "f.png"` pictures are below; links there are not checked
	Languages          map[string]string // code fence language → the highlighter's ("curl" → "bash")
	LenientFrontMatter bool              // unknown front matter keys are ignored
}

// includes reports whether m expands ERB fragments and data holds one: the
// page then depends on the partials it includes, which the render cache's
// key (the page's bytes) does not cover.
func (m *Renderer) includes(data []byte) bool { return m.conv.ERB && erb.Has(data) }

// language is the highlighter's name for a fence language (Conventions.Languages).
func (m *Renderer) language(lang string) string {
	if to, ok := m.conv.Languages[lang]; ok {
		return to
	}
	return lang
}

// outsideImage reports a link to a picture below image_root: such pictures
// are published from elsewhere (the Buildkite docs keep them beside
// pages/), so they are not checked.
func (m *Renderer) outsideImage(dest string) bool {
	root := strings.TrimSuffix(m.conv.ImageRoot, "/")
	return root != "" && strings.HasPrefix(dest, root+"/")
}

// withFileName puts a file name (an IAL's codeblock-file) in the bar of a
// code block's HTML (codeBlockHTML), before its language.
func withFileName(block, file string) string {
	const bar = `<div class="codeblock-bar">`
	i := strings.Index(block, bar)
	if i < 0 || file == "" {
		return block
	}
	i += len(bar)
	return block[:i] + `<span class="codeblock-label codeblock-file">` + html.EscapeString(file) + `</span>` + block[i:]
}
