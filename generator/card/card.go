// Package card is the site's sample card: a request sample and the blocks
// that belong to it (a GraphQL variables block, the documented response)
// shown as one unit, one frame, the request first. Its bar says what
// verification compared ("status 200 and 4 fields matched"), and each
// placeholder of the documented response ("<uuid:agent-id>", "<any>") shows
// the value the mock returned in this build, marked as varying (a chip that
// links to the site's legend, LegendPath), token values masked ("bkaa_…").
//
// # Slots
//
// The render stage runs before the samples do, and its output is cached by
// the page's content; what a sample's run gave is known only after the
// verify stage. So the render stage writes the card with slots (HTML
// comments keyed by the sample's opening fence line), and Fill, after
// verify and before the page's template runs, fills them from the page's
// sample results: State (the verified mark), Drift (a failed sample's
// difference) and one slot per placeholder, which holds a descriptive chip
// ("agent-id", "varies: any UUID") until Fill replaces it by the value. Fill
// is a pure function of the rendered body and the results, both cached by
// content, so a cached build is byte-identical to a --no-cache one; it
// copies one page's body once, in the worker that streams the page, so the
// build's memory stays one page per worker. A slot Fill gets no result for
// (a skipped or failed sample, --no-verify) keeps its honest default: no
// mark, and the chip that describes the placeholder. No raw placeholder
// text is left on the page either way.
package card

import (
	"html"
	"strconv"
	"strings"

	"github.com/docproof/docproof/generator/sample/match"
)

// LegendPath is the site path of the legend page that explains the marks of
// sample cards; every chip links to it.
const LegendPath = "/samples-legend.html"

// VerifiedTitle is the tooltip of the "verified" mark on samples.
const VerifiedTitle = "Verified at build time against the docproof mock of the Buildkite agent API"

// Open and Close frame a card around its blocks' HTML.
const (
	Open  = `<div class="sample-card">`
	Close = "</div>\n"
)

const (
	slotOpen  = "<!--dp:" // <!--dp:LINE:WHAT--> … <!--/dp-->
	slotClose = "<!--/dp-->"
)

// State is the slot of the verified mark of the sample whose fence opens at
// line: it goes in the request block's bar.
func State(line int) string { return slotOpen + strconv.Itoa(line) + ":state-->" + slotClose }

// Drift is the slot where a failed sample's difference goes: at the end of
// its card.
func Drift(line int) string { return slotOpen + strconv.Itoa(line) + ":drift-->" + slotClose }

// Holes rewrites code, the highlighted HTML of a documented response block,
// so that each of holes (sample.ResponseHoles) is a slot holding its
// descriptive chip; line is the sample's opening fence line. ok is false
// when the holes cannot all be found in order in the markup (a highlighter
// that split one): the caller then shows the block as plain text (Plain).
func Holes(code string, holes []match.Hole, line int, legend string) (string, bool) {
	if len(holes) == 0 {
		return code, true
	}
	var b strings.Builder
	b.Grow(len(code) + 160*len(holes))
	rest := code
	for k, h := range holes {
		esc := html.EscapeString(h.Raw)
		i := strings.Index(rest, esc)
		if i < 0 {
			return code, false
		}
		start, end := i, i+len(esc)
		whole := h.Whole && strings.HasSuffix(rest[:start], "&#34;") && strings.HasPrefix(rest[end:], "&#34;")
		if whole {
			start, end = start-len("&#34;"), end+len("&#34;")
		}
		b.WriteString(rest[:start])
		b.WriteString(slot(line, k, h, whole, describedChip(h, whole, legend)))
		rest = rest[end:]
	}
	b.WriteString(rest)
	return b.String(), true
}

// Plain is the markup of a response block shown without highlighting, its
// holes as slots: what Holes falls back to.
func Plain(text string, holes []match.Hole, line int, legend string) string {
	out, _ := Holes(html.EscapeString(text), holes, line, legend) // escaped text holds every hole in order
	return `<pre class="chroma"><code>` + out + `</code></pre>`
}

// slot wraps a chip for Fill: <!--dp:LINE:K:TYPE:NAME:W-->chip<!--/dp-->,
// TYPE "value" for a plain name, W "w" for a whole string.
func slot(line, k int, h match.Hole, whole bool, chip string) string {
	t := h.Type
	if t == "" {
		t = "value"
	}
	w := ""
	if whole {
		w = "w"
	}
	return slotOpen + strconv.Itoa(line) + ":" + strconv.Itoa(k) + ":" + t + ":" + h.Name + ":" + w + "-->" + chip + slotClose
}

// tip is a chip's tooltip: "varies: any UUID", and for a named value the
// variable later samples use it by ("; later samples use $AGENT_ID").
func tip(h match.Hole) string {
	t := "varies: " + h.Describe()
	if h.Name != "" {
		t += "; later samples use it as $" + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(h.Name))
	}
	return t
}

// describedChip is a placeholder's chip before (or without) a value: its
// name, or what it stands for, in a JSON string's quotes when it is one.
func describedChip(h match.Hole, whole bool, legend string) string {
	text := h.Name
	if text == "" {
		text = h.Describe()
	}
	c := `<a class="ph ph-unknown" href="` + html.EscapeString(legend) + `" title="` + tip(h) +
		`; no value from this build">` + html.EscapeString(text) + `</a>`
	if whole {
		return "&#34;" + c + "&#34;"
	}
	return c
}

// valueChip is a placeholder's chip showing the value of this build's
// answer: v is the hole's match.Values text (for a whole string, its JSON
// value: a string keeps its quotes outside the chip).
func valueChip(typ, name, v string, whole bool, legend string) string {
	h := match.Hole{Type: typ, Name: name}
	if typ == "value" {
		h.Type = ""
	}
	q := ""
	if whole && len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		q, v = "&#34;", v[1:len(v)-1]
	}
	return q + `<a class="ph" href="` + html.EscapeString(legend) + `" title="` + tip(h) + `">` +
		html.EscapeString(v) + `</a>` + q
}
