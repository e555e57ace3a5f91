package generator

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/theme"
)

func TestTOCHTMLMatchesTemplate(t *testing.T) {
	st, diags := theme.Load("", "")
	require.NoError(t, diags.Err())
	cases := map[string][]markdown.TOCEntry{
		"sample": samplePageData().Page.TOC,
		"flat":   {{ID: "a", Text: "A"}, {ID: "b-1", Text: "B"}},
		"nested": {{ID: "a", Text: "A", Children: []markdown.TOCEntry{{ID: "a1", Text: "A1"}, {ID: "a2", Text: "A2",
			Children: []markdown.TOCEntry{{ID: "deep", Text: "Deep"}}}}}, {ID: "b", Text: "B", Children: []markdown.TOCEntry{}}},
		"odd": {
			{ID: "ünï cødé/?#&=+%~._-AZaz09", Text: `<b>"A+B" & 'c'</b>` + "\x00 \t\n"},
			{ID: "\x00\x7f\xff", Text: "\ufdd0 \uffff \xff\xfe invalid"},
			{ID: "", Text: ""},
		},
	}
	for name, entries := range cases {
		assert.Equal(t, execTemplate(t, st, "toc-items", entries), string(markdown.OutlineHTML(entries)), name)
	}
	assert.Empty(t, markdown.OutlineHTML(nil), "no TOC: the template prints no aside")
}

// The page template prints TOCHTML and falls back to "toc-items" without it.
func TestPageTemplateTOCHTMLOrTOC(t *testing.T) {
	st, diags := theme.Load("", "")
	require.NoError(t, diags.Err())
	d := samplePageData()
	var viaTOC, viaHTML bytes.Buffer
	require.NoError(t, st.Execute(&viaTOC, theme.PageTemplate, d))
	d.Page.TOCHTML = markdown.OutlineHTML(d.Page.TOC)
	require.NoError(t, st.Execute(&viaHTML, theme.PageTemplate, d))
	assert.Equal(t, viaTOC.String(), viaHTML.String())
	d.Page.TOCHTML = "<ul>\n<li>marker</li>\n</ul>"
	viaHTML.Reset()
	require.NoError(t, st.Execute(&viaHTML, theme.PageTemplate, d))
	assert.Contains(t, viaHTML.String(), "<li>marker</li>")
	assert.NotContains(t, viaHTML.String(), `href="#expiry"`)
}

func FuzzTOCHTML(f *testing.F) {
	f.Add("session", "Session", "expiry", "Expiry <b>&</b>")
	f.Add("a/b?c=d#e%f", "\x00\"'+<>", "\xff", "\ufdd0\uffff")
	st, diags := theme.Load("", "")
	require.NoError(f, diags.Err())
	f.Fuzz(func(t *testing.T, id, text, id2, text2 string) {
		entries := []markdown.TOCEntry{{ID: id, Text: text, Children: []markdown.TOCEntry{{ID: id2, Text: text2}}}, {ID: id2, Text: text}}
		assert.Equal(t, execTemplate(t, st, "toc-items", entries), string(markdown.OutlineHTML(entries)))
	})
}

func BenchmarkTOCHTML(b *testing.B) {
	st, diags := theme.Load("", "")
	require.NoError(b, diags.Err())
	var toc []markdown.TOCEntry
	for i := range 8 {
		toc = append(toc, markdown.TOCEntry{ID: "section-" + string(rune('a'+i)), Text: "Section heading", Level: 2,
			Children: []markdown.TOCEntry{{ID: "sub-" + string(rune('a'+i)), Text: "Sub heading", Level: 3}}})
	}
	b.Run("template", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			_ = st.Execute(&buf, "toc-items", toc)
		}
	})
	b.Run("outlineHTML", func(b *testing.B) {
		for b.Loop() {
			_ = markdown.OutlineHTML(toc)
		}
	})
}
