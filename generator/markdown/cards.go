package markdown

import (
	"github.com/docproof/docproof/generator/card"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/sample"
)

// cardFrame is what a fenced block adds around its HTML for sample cards.
type cardFrame struct {
	open, close string // card.Open before a sample; its drift slot and card.Close after its last block
	response    int    // a response block: the opening fence line of its sample (its slots' key)
}

// sampleCards frames each sample with the blocks that belong to it and
// follow it directly (nothing between them in the Markdown): a graphql
// sample's variables block, then its response block. A response after
// prose is still its sample's (sample.Extract), with slots, outside the
// card.
func (d *pageDoc) sampleCards(kinds []sample.Kind) []cardFrame {
	out := make([]cardFrame, len(kinds))
	line := 0 // the sample a response block belongs to
	for i, k := range kinds {
		switch {
		case k.IsSample():
			line = d.page.Blocks[i].Line
			out[i].open = card.Open
			last := i
			for j := i + 1; j < len(kinds) && d.fenced[j-1].NextSibling() == d.fenced[j]; j++ {
				if kinds[j] != sample.Response && (kinds[j] != sample.Variables || j != i+1) {
					break
				}
				last = j
				if kinds[j] == sample.Response {
					break
				}
			}
			out[last].close += card.Drift(line) + card.Close
		case k == sample.Response && line > 0:
			out[i].response = line
			line = 0
		case k != sample.Variables:
			line = 0
		}
	}
	return out
}

// kinds lists each block's sample.Kind.
func kinds[T any](blocks []T, kind func(T) sample.Kind) []sample.Kind {
	out := make([]sample.Kind, len(blocks))
	for i, b := range blocks {
		out[i] = kind(b)
	}
	return out
}

// responseSlots turns the placeholders of a documented response block's
// highlighted HTML into card slots keyed by its sample's line; when the
// highlighter split one, the block is shown as plain text with its slots.
func responseSlots(b fence.Block, code string, line int, legend string) string {
	holes := sample.ResponseHoles(&b)
	if len(holes) == 0 {
		return code
	}
	if out, ok := card.Holes(code, holes, line, legend); ok {
		return out
	}
	return card.Plain(b.Code, holes, line, legend)
}

// legend is the URL of the sample cards' legend page on this site.
func (d *pageDoc) legend() string { return nav.SitePath(d.m.basePath, card.LegendPath) }
