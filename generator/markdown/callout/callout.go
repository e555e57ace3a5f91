// Package callout is a goldmark extension for admonitions ("callouts"):
// GitHub's alerts,
//
//	> [!NOTE]
//	> Tokens are shown once.
//
// with the kinds NOTE, TIP, IMPORTANT, WARNING and CAUTION (any case) and an
// optional title after the marker (`> [!WARNING] Rotate first`), and, when
// WithBuildkite is given, the Buildkite docs' form, a blockquote whose first
// line starts with 📘 (info), 🚧 (warning) or 🛠 (tool) and goes on with its
// title:
//
//	> 📘 Cluster tokens
//	> Each cluster has its own tokens.
//
// Either becomes a Callout node holding a Title node (the title's inline
// content, or none for the kind's default title) and the blockquote's other
// blocks. It renders as
//
//	<div class="callout callout-note" role="note">
//	<p class="callout-title"><svg class="callout-icon" aria-hidden="true" …>…</svg>Note</p>
//	…the body…
//	</div>
//
// a note (not a landmark: a page may hold dozens) whose first words say what
// it is, so the kind does not rest on colour or the icon. A blockquote whose
// marker is not at the start of its first line, or names an unknown kind,
// stays a blockquote.
//
// The docproof renderer always adds New(); a dialect adds
// New(WithBuildkite()) through markdown.Options.Extensions (the two together
// render each callout once).
package callout

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Kind is a callout's kind: its colour, icon and default title.
type Kind string

// The kinds. Buildkite's 📘 is KindInfo, 🚧 KindWarning, 🛠 KindTool.
const (
	KindNote      Kind = "note"
	KindTip       Kind = "tip"
	KindImportant Kind = "important"
	KindWarning   Kind = "warning"
	KindCaution   Kind = "caution"
	KindInfo      Kind = "info"
	KindTool      Kind = "tool"
)

// DefaultTitle is the title shown when the writer gives none.
func (k Kind) DefaultTitle() string {
	switch k {
	case KindInfo:
		return "Info"
	case "":
		return ""
	}
	return string(k[0]-'a'+'A') + string(k[1:])
}

// KindCallout is the node kind of Callout.
var KindCallout = ast.NewNodeKind("Callout")

// KindTitle is the node kind of Title.
var KindTitle = ast.NewNodeKind("CalloutTitle")

// Callout is an admonition block. Its first child is its Title; the others
// are the body's blocks.
type Callout struct {
	ast.BaseBlock
	CalloutKind Kind // note, tip, …
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Kind": string(n.CalloutKind)}, nil)
}

// Title is a callout's title line: its inline children are the title the
// writer gave; with none, the kind's DefaultTitle shows.
type Title struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *Title) Kind() ast.NodeKind { return KindTitle }

// Dump implements ast.Node.
func (n *Title) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Option configures the extension.
type Option func(*extender)

// WithBuildkite also turns blockquotes opening with 📘, 🚧 or 🛠 into callouts.
func WithBuildkite() Option { return func(e *extender) { e.buildkite = true } }

type extender struct{ buildkite bool }

// New returns the extension: GitHub alerts, and Buildkite's form when asked.
func New(opts ...Option) goldmark.Extender {
	e := &extender{}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{buildkite: e.buildkite}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 500)))
}
