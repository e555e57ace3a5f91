package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/secret"
)

// stripTags removes HTML tags, so a token split by highlighting markup
// (<span>bkar_</span><span>…</span>) is still found.
func stripTags(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			return b.String()
		}
		s = s[i+j+1:]
	}
}

// mayHideToken reports whether s holds a token prefix at all; only then is
// the tag-stripped text worth scanning too.
func mayHideToken(s string) bool {
	for _, p := range []string{"bkua", "bkaa", "bkaj", "bkar", "bkct", "bkpt", "bkpat", "bkps"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// leak is one token value found in the generated site.
type leak struct {
	value    string
	issued   bool
	file     string // source file (content/...) or output file
	line     int
	inSource bool     // file:line is the page source holding the value
	outputs  []string // output files that contain it
}

// scanSecrets refuses a site that contains any token value the mock issued
// or any string of a real Buildkite token shape that is not an obvious
// placeholder (the rules are package secret's). It reads every file under
// dir, the site about to be published: HTML pages (also with their tags
// removed and entities decoded), the search index, the sitemap, assets and
// copied static files.
//
// Each distinct value is reported once, at the page source line that holds
// it when a page does, else at the first output file and line. Messages
// show the value only redacted (bkar_…(73 chars)).
func scanSecrets(dir string, pages []*Page, issued []string) diag.List {
	return scanSite(dir, pages, issued, scanMemo{})
}

// scanSite is scanSecrets reusing, through memo, the finds of files whose
// bytes are known not to have changed (generator/secretsmemo.go).
func scanSite(dir string, pages []*Page, issued []string, memo scanMemo) diag.List {
	f := secret.NewFinder(issued)
	memo.issued, memo.finder, memo.joinSafe = issuedKey(issued), f, joinSafe(issued)
	var diags diag.List
	found := map[string]*leak{}
	var order []*leak
	record := func(value string, issued bool, out string, line int) {
		l, ok := found[value]
		if !ok {
			l = &leak{value: value, issued: issued, file: out, line: line}
			locate(l, pages)
			found[value] = l
			order = append(order, l)
		}
		if n := len(l.outputs); n == 0 || l.outputs[n-1] != out {
			l.outputs = append(l.outputs, out)
		}
	}
	files, err := listFiles(dir)
	scans := make([][]find, len(files))
	var errs []error
	if err == nil {
		errs = make([]error, len(files))
		parallel(context.Background(), runtime.GOMAXPROCS(0), len(files), func(i int) {
			rel := files[i]
			finds, ok := memo.load(rel)
			if !ok {
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
				if err != nil {
					errs[i] = err
					return
				}
				finds = scanFile(f, string(data), strings.ToLower(path.Ext(rel)))
				memo.store(rel, finds)
			}
			scans[i] = finds
		})
		err = errors.Join(errs...)
	}
	for i, rel := range files { // in walk order, so each value is reported at its first file
		for _, fd := range scans[i] {
			if _, seen := found[fd.value]; fd.plain && seen {
				continue
			}
			record(fd.value, fd.issued, rel, fd.line)
		}
	}
	if err != nil {
		diags = append(diags, diag.Errorf("", 0, "cannot scan the generated site for token values: %v", err).
			WithHint("the site was not published; check the output directory's permissions and disk space"))
	}
	for _, l := range order {
		diags = append(diags, l.diagnostic())
	}
	diags.Sort()
	return diags
}

// find is one token value in an output file.
type find struct {
	value  string
	issued bool
	line   int  // 0 when found only with the HTML tags removed
	plain  bool // found in the tag-stripped, entity-decoded text
}

// scanFile returns the token values in one output file's text: those in the
// text itself, in order, then (for HTML and XML that may hide one) those in
// its tag-stripped, entity-decoded text, which are reported only when not
// found elsewhere.
func scanFile(f *secret.Finder, text, ext string) []find {
	var finds []find
	line, last := 1, 0
	for _, sp := range f.Find(text) { // spans come in order: count lines incrementally
		line += strings.Count(text[last:sp.Start], "\n")
		last = sp.Start
		finds = append(finds, find{value: text[sp.Start:sp.End], issued: sp.Issued, line: line})
	}
	if (ext == ".html" || ext == ".htm" || ext == ".xml") && mayHideToken(text) {
		plain := html.UnescapeString(stripTags(text))
		for _, sp := range f.Find(plain) {
			finds = append(finds, find{value: plain[sp.Start:sp.End], issued: sp.Issued, plain: true})
		}
	}
	return finds
}

// locate moves a leak's position to the page source holding the value, if any.
func locate(l *leak, pages []*Page) {
	for _, p := range pages {
		if p == nil {
			continue
		}
		if i := bytes.Index(p.Data, []byte(l.value)); i >= 0 {
			l.file = p.File
			l.line = 1 + bytes.Count(p.Data[:i], []byte{'\n'})
			l.inSource = true
			return
		}
	}
}

// describe says what kind of value l is and what to do about it.
func (l *leak) describe() (what, hint string) {
	if l.issued {
		return "a token value issued by the docproof mock",
			"mock tokens must never be published: use $VARIABLES in samples and \"<token:name>\" placeholders in response blocks instead of pasting output"
	}
	return "a string shaped like a real Buildkite token",
		"replace it with an obvious placeholder (bkar_EXAMPLE…, $BUILDKITE_AGENT_TOKEN, or \"<token:name>\" in a response block); if it is a real token, revoke it: it has been committed"
}

func (l *leak) diagnostic() diag.Diagnostic {
	what, hint := l.describe()
	where := "in " + l.outputs[0]
	if n := len(l.outputs) - 1; n > 0 {
		where += fmt.Sprintf(" and %d more output file(s)", n)
	}
	if !l.inSource {
		hint += "; no page source holds it, so it came from a template, a static file or a sample's output"
	}
	return diag.Errorf(l.file, l.line, "refusing to publish %s: %s (%s of the generated site)", what, secret.Mask(l.value), where).WithHint(hint)
}
