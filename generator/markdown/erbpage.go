package markdown

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/markdown/erb"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/source/urlscheme"
)

// expandERB expands the ERB fragments of a page's body (partials: erb),
// reading partials from the content folder the page is in.
func (m *Renderer) expandERB(src source.Source, body []byte) erb.Result {
	return erb.Expand(src.File, body, erb.Options{
		ImageRoot:   m.conv.ImageRoot,
		PagePath:    strings.TrimSuffix(src.Rel, path.Ext(src.Rel)),
		ReadPartial: func(name string) (string, []byte, error) { return readPartial(src, name) },
	})
}

// readPartial reads the partial name ("a/b": a/_b.md, else a/_b.html.erb or
// a/_b.html) from the content folder of the page src. Its front matter, if
// any, is blanked.
func readPartial(src source.Source, name string) (string, []byte, error) {
	rel := urlscheme.PartialFile(name)
	stem := strings.TrimSuffix(rel, ".md")
	for _, try := range []string{rel, stem + ".html.erb", stem + ".html"} {
		ps, ok := src.Beside(try)
		if !ok {
			continue
		}
		data, d, ok := source.ReadMarkdown(ps)
		if !ok {
			return "", nil, errors.New(d.Message)
		}
		return ps.File, source.ParseFrontWith(ps.File, data, true).Body(data), nil
	}
	return "", nil, fmt.Errorf("no file %s%s", strings.TrimSuffix(src.File, src.Rel), rel)
}

// placeIncluded moves the page's diagnostics, made at lines of the
// expanded text, to the file and line each comes from, and returns them;
// the page's links get the same treatment for the link check.
func (d *pageDoc) placeIncluded(r erb.Result) diag.List {
	out := make(diag.List, len(d.diags))
	for i, dg := range d.diags {
		if dg.File == d.page.File && dg.Line > 0 {
			o := r.Origin(dg.File, dg.Line)
			dg.File, dg.Line, dg.IncludedFrom = o.File, o.Line, places(o.IncludedFrom)
		}
		out[i] = dg
	}
	for i, l := range d.page.Links {
		o := r.Origin(d.page.File, l.Line)
		d.page.Links[i].Line = o.Line
		if o.File != d.page.File {
			d.page.Links[i].File, d.page.Links[i].IncludedFrom = o.File, places(o.IncludedFrom)
		}
	}
	return out
}

func places(ps []erb.Place) []diag.Place {
	if len(ps) == 0 {
		return nil
	}
	out := make([]diag.Place, len(ps))
	for i, p := range ps {
		out[i] = diag.Place{File: p.File, Line: p.Line}
	}
	return out
}

// erbDiagnostics are the expansion's problems (errors at the fragment) and
// one warning for the page naming every fragment docproof removed.
func erbDiagnostics(file string, r erb.Result) diag.List {
	var out diag.List
	for _, p := range r.Problems {
		d := diag.Errorf(p.File, p.Line, "%s", p.Msg).WithHint(p.Hint)
		d.IncludedFrom = places(p.IncludedFrom)
		out = append(out, d)
	}
	if len(r.Unknown) == 0 {
		return out
	}
	var names []string
	seen := map[string]bool{}
	for _, u := range r.Unknown {
		if !seen[u.Helper] {
			seen[u.Helper] = true
			names = append(names, fmt.Sprintf("%s (%s:%d)", u.Helper, u.File, u.Line))
		}
	}
	line := r.Unknown[0].Line // where the page shows the first: its line, or the include that brought it in
	if via := r.Unknown[0].IncludedFrom; len(via) > 0 {
		line = via[len(via)-1].Line
	}
	return append(out, diag.Warnf(file, line, "%d ERB fragment(s) docproof cannot run were left out of the page: %s", len(r.Unknown), strings.Join(names, ", ")).
		WithHint("docproof understands render_markdown partial:, render, image, button, pill and paginated_resource_docs_url; the rest needs Ruby"))
}

// Place is where line (of the page's file, as its blocks and samples count
// lines) was written: the page's own file and line, or, when ERB included
// a partial there (partials: erb), the partial's file and line with the
// includes that brought it in.
func (p *Page) Place(line int) (string, int, []diag.Place) {
	if p.origins == nil || line < 1 || line > len(p.origins) {
		return p.File, line, nil
	}
	o := p.origins[line-1]
	return o.File, o.Line, places(o.IncludedFrom)
}
