package secretscan

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/secret"
)

// mayHideToken reports whether s holds a token prefix at all (bkua, bkaa,
// bkaj, bkar, bkct, bkpt, bkpat, bkps, without the '_'; a shown token,
// "bkaa_…", is none); only then is the
// tag-stripped text worth scanning too. One pass over the "bk"s rather than
// one per prefix.
func mayHideToken(s string) bool {
	for {
		i := strings.Index(s, "bk")
		if i < 0 {
			return false
		}
		if secret.IsShownAt(s, i) { // "bkaa_…" hides no token
			s = s[i+2:]
			continue
		}
		s = s[i+2:]
		if len(s) >= 2 {
			switch s[:2] {
			case "ua", "aa", "aj", "ar", "ct", "pt", "ps":
				return true
			case "pa":
				if len(s) >= 3 && s[2] == 't' {
					return true
				}
			}
		}
	}
}

// Leak is one token value found in the generated site.
type Leak struct {
	value    string
	issued   bool
	file     string // source file (content/...) or output file
	line     int
	inSource bool     // file:line is the page source holding the value
	encoded  bool     // the source holds it disguised (character references, percent-encoding, quotes)
	outputs  []string // output files that contain it
}

// find is one token value in an output file.
type find struct {
	value  string
	issued bool
	line   int  // 0 when found only with the HTML tags removed
	plain  bool // found in the tag-stripped, entity-decoded text
}

// scanFile returns the token values in one output file's text: those in the
// text itself, in order, then those in its unfolded text (secret.Unfold:
// tags removed for HTML and XML, character references, percent-encoding and
// escapes decoded, quotes looked through), which are reported only when not
// found elsewhere.
func scanFile(f *secret.Finder, text, ext string) []find {
	var finds []find
	line, last := 1, 0
	for _, sp := range f.Find(text) { // spans come in order: count lines incrementally
		line += strings.Count(text[last:sp.Start], "\n")
		last = sp.Start
		finds = append(finds, find{value: text[sp.Start:sp.End], issued: sp.Issued, line: line})
	}
	for _, plain := range unfolded(text, isMarkup(ext)) {
		for _, sp := range f.Find(plain) {
			finds = append(finds, find{value: plain[sp.Start:sp.End], issued: sp.Issued, plain: true})
		}
	}
	return finds
}

// unfolded returns the views of text that may show a token text hides
// (secret.Unfold), none when it cannot: for markup, one with the tags
// removed (a token split by highlighting) and one with them kept (a token in
// an attribute, such as a link's percent-encoded query).
func unfolded(text string, markup bool) []string {
	if !secret.MayUnfold(text, markup) {
		return nil
	}
	var views []string
	for _, strip := range []bool{false, true} {
		if strip && !markup {
			break
		}
		if v := secret.Unfold(text, strip); v != text {
			views = append(views, v)
		}
	}
	return views
}

// isMarkup reports whether an output file's extension is HTML or XML.
func isMarkup(ext string) bool { return ext == ".html" || ext == ".htm" || ext == ".xml" }

// LocatePages moves a leak's position to the first of pages whose source
// holds the value, if any.
func LocatePages(pages []*markdown.Page) func(l *Leak) {
	return func(l *Leak) {
		for _, p := range pages {
			if p != nil && l.LocateIn(p.File, p.Data) {
				return
			}
		}
	}
}

// LocateIn moves l's position to where data (the source file) holds its
// value, plainly or in a disguise (secret.Unfold; the line is then counted
// in the unfolded text, exact unless a tag spans lines).
func (l *Leak) LocateIn(file string, data []byte) bool {
	i := bytes.Index(data, []byte(l.value))
	if i >= 0 {
		l.file, l.line, l.inSource = file, 1+bytes.Count(data[:i], []byte{'\n'}), true
		return true
	}
	if !secret.MayUnfold(data, true) {
		return false
	}
	for _, v := range unfolded(string(data), true) {
		if i := strings.Index(v, l.value); i >= 0 {
			l.file, l.line, l.inSource, l.encoded = file, 1+strings.Count(v[:i], "\n"), true, true
			return true
		}
	}
	return false
}

// describe says what kind of value l is and what to do about it.
func (l *Leak) describe() (what, hint string) {
	if l.issued {
		return "a token value issued by the docproof mock",
			"mock tokens must never be published: use $VARIABLES in samples and \"<token:name>\" placeholders in response blocks instead of pasting output"
	}
	return "a string shaped like a real Buildkite token",
		"replace it with an obvious placeholder (bkar_EXAMPLE…, $BUILDKITE_AGENT_TOKEN, or \"<token:name>\" in a response block); if it is a real token, revoke it: it has been committed"
}

func (l *Leak) diagnostic() diag.Diagnostic {
	what, hint := l.describe()
	where := "in " + l.outputs[0]
	if n := len(l.outputs) - 1; n > 0 {
		where += fmt.Sprintf(" and %d more output file(s)", n)
	}
	if !l.inSource {
		hint += "; no page source holds it, so it came from a template, a static file or a sample's output"
	}
	if l.encoded {
		hint += "; the page writes it encoded (character references, percent-encoding or quotes), which hides it from a plain search but not from a reader"
	}
	return diag.Errorf(l.file, l.line, "refusing to publish %s: %s (%s of the generated site)", what, secret.Mask(l.value), where).WithHint(hint)
}
