package generator

import (
	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/markdown"
)

// placeRun moves what verifying page p reported, made at lines of its
// ERB-expanded text (partials: erb), to the file and line each sample is
// written at (markdown.Page.Place): a sample in a partial is reported in
// the partial, with the includes that brought it in. --update rewrites only
// the page's own file: a response in a partial is left alone, with an error
// saying so.
func placeRun(p *markdown.Page, run *pageRun) {
	for i, d := range run.diags {
		if d.File == p.File && d.Line > 0 {
			run.diags[i].File, run.diags[i].Line, run.diags[i].IncludedFrom = p.Place(d.Line)
		}
	}
	for i, r := range run.res.Results {
		if r.File == p.File && r.Line > 0 {
			run.res.Results[i].File, run.res.Results[i].Line, _ = p.Place(r.Line)
		}
	}
	kept := run.res.Updates[:0]
	for _, u := range run.res.Updates {
		file, line, from := p.Place(u.Line)
		endFile, end, _ := p.Place(u.EndLine)
		if file != p.File || endFile != p.File {
			d := diag.Errorf(file, line, "sample %q: --update cannot rewrite a response written in a partial", u.SampleID).
				WithHint("update the response block in the partial by hand")
			d.IncludedFrom = from
			run.diags = append(run.diags, d)
			continue
		}
		u.Line, u.EndLine = line, end
		kept = append(kept, u)
	}
	run.res.Updates = kept
}
