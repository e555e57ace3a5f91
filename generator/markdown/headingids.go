package markdown

import "github.com/docproof/docproof/generator/markdown/headingid"

// nestedSlugs are the ids of the page's headings under heading_ids: nested
// (generator/markdown/headingid), before assignIDs makes them unique; nil
// under the default flat ids. An explicit {#id} is its heading's own id,
// and its sub-headings nest under it.
func (d *pageDoc) nestedSlugs() []string {
	if !d.m.conv.NestedIDs {
		return nil
	}
	levels := make([]int, len(d.headings))
	own := make([]string, len(d.headings))
	for i, h := range d.headings {
		levels[i] = h.Level
		if d.headIDs[i] != "" {
			own[i] = d.headIDs[i]
		} else if own[i] = headingid.Slug(d.headingText(i)); own[i] == "" {
			own[i] = "section"
		}
	}
	ids := headingid.Nest(levels, own)
	for i := range ids {
		if d.headIDs[i] != "" {
			ids[i] = d.headIDs[i] // explicit ids are kept as written
		}
	}
	return ids
}
