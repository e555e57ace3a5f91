package erb

import (
	"bytes"
	"fmt"
	"strings"
)

// Place is a position in a file.
type Place struct {
	File string
	Line int
}

// Origin is where a line of the expanded text comes from: a line of a file
// and, for a partial, the includes that brought it in, innermost first.
type Origin struct {
	Place
	IncludedFrom []Place
}

// Use is an ERB fragment docproof cannot run, by the name of its helper
// ("if", "field", "image_tag") and where it is.
type Use struct {
	Helper string
	Origin
}

// Problem is an include that failed (a missing partial, a loop), at the
// fragment that asked for it.
type Problem struct {
	Origin
	Msg, Hint string
}

// Options says where partials and images are.
type Options struct {
	// ReadPartial returns the file name shown in diagnostics and the bytes
	// of the partial that `render 'name'` names ("a/b"); an error when there
	// is none.
	ReadPartial func(name string) (file string, data []byte, err error)
	ImageRoot   string // URL path images are below, e.g. "/images"
	PagePath    string // the including page's path without ".md", e.g. "agent/self_hosted/tokens"
}

// maxDepth is how deep partials may include partials.
const maxDepth = 8

// Result is an expanded page.
type Result struct {
	Text     []byte   // the page with every fragment replaced
	Lines    []Origin // Lines[i] is where line i+1 of Text comes from; nil when Text is the input unchanged
	Unknown  []Use    // fragments removed because docproof cannot run them, in order
	Problems []Problem
}

// Has reports whether data holds an ERB fragment at all: pages without one
// need no expansion.
func Has(data []byte) bool { return bytes.Contains(data, []byte("<%")) }

// Expand replaces the ERB fragments of the page file holding data.
func Expand(file string, data []byte, opt Options) Result {
	if !Has(data) {
		return Result{Text: data}
	}
	e := &expander{opt: opt}
	e.lines = []Origin{{Place: Place{file, 1}}}
	e.expand(file, data, nil, 0)
	return Result{Text: e.out.Bytes(), Lines: e.lines, Unknown: e.unknown, Problems: e.problems}
}

// Origin is where line (1-based) of the expanded text comes from.
func (r Result) Origin(file string, line int) Origin {
	if r.Lines == nil || line < 1 || line > len(r.Lines) {
		return Origin{Place: Place{file, line}}
	}
	return r.Lines[line-1]
}

type expander struct {
	opt      Options
	out      bytes.Buffer
	lines    []Origin
	unknown  []Use
	problems []Problem
}

// emit writes text that starts at line of file; every newline in it starts
// the next line of that file.
func (e *expander) emit(text []byte, file string, line int, via []Place) {
	for {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			e.out.Write(text)
			return
		}
		e.out.Write(text[:i+1])
		line++
		e.lines = append(e.lines, Origin{Place: Place{file, line}, IncludedFrom: via})
		text = text[i+1:]
	}
}

// expand writes data (the file at file, included through via) with its
// fragments replaced.
func (e *expander) expand(file string, data []byte, via []Place, depth int) {
	line := 1
	for len(data) > 0 {
		start := bytes.Index(data, []byte("<%"))
		if start < 0 {
			e.emit(data, file, line, via)
			return
		}
		end := bytes.Index(data[start:], []byte("%>"))
		if end < 0 {
			e.emit(data, file, line, via)
			e.cannotRun("<% without %>", Place{file, line + bytes.Count(data[:start], []byte("\n"))}, via)
			return
		}
		end += start + 2
		e.emit(data[:start], file, line, via)
		line += bytes.Count(data[:start], []byte("\n"))
		tag := data[start:end]
		here := Place{file, line}
		e.fragment(tag, here, via, depth)
		// a fragment spanning lines keeps the lines after it in place
		for range bytes.Count(tag, []byte("\n")) {
			line++
			e.out.WriteByte('\n')
			e.lines = append(e.lines, Origin{Place: Place{file, line}, IncludedFrom: via})
		}
		data = data[end:]
	}
}

// fragment writes what one fragment ("<%= … %>") becomes.
func (e *expander) fragment(tag []byte, here Place, via []Place, depth int) {
	code := string(tag[2 : len(tag)-2])
	output := strings.HasPrefix(code, "=")
	code = strings.TrimPrefix(code, "=")
	code = strings.TrimPrefix(code, "-")
	code = strings.TrimSuffix(code, "-")
	code = strings.TrimSpace(code)
	if strings.HasPrefix(code, "#") {
		return // a comment
	}
	name, args := call(code)
	if !output {
		e.cannotRun(name, here, via)
		return
	}
	switch name {
	case "render_markdown", "render":
		partial := args.kw["partial"] // locals: after it are the partial's own business
		if partial == "" && len(args.pos) > 0 {
			partial = args.pos[0]
		}
		if partial == "" { // render_markdown(text: …) renders a Ruby value
			e.cannotRun(name, here, via)
			return
		}
		e.include(partial, here, via, depth)
	case "image":
		html, ok := imageHTML(args, e.opt)
		if !ok {
			e.cannotRun(name, here, via)
			return
		}
		e.out.WriteString(html)
	case "button":
		if len(args.pos) < 1 || !args.ok {
			e.cannotRun(name, here, via)
			return
		}
		e.out.WriteString(buttonHTML(args))
	case "pill":
		if len(args.pos) < 2 || !args.ok {
			e.cannotRun(name, here, via)
			return
		}
		size := "medium"
		if len(args.pos) > 2 {
			size = args.pos[2]
		}
		fmt.Fprintf(&e.out, `<span class="pill pill--%s pill--%s">%s</span>`, attr(args.pos[1]), attr(size), args.pos[0])
	case "paginated_resource_docs_url":
		e.out.WriteString(PaginationURL)
	default:
		e.cannotRun(name, here, via)
	}
}

// cannotRun records a fragment docproof cannot run.
func (e *expander) cannotRun(helper string, here Place, via []Place) {
	e.unknown = append(e.unknown, Use{Helper: helper, Origin: Origin{Place: here, IncludedFrom: via}})
}

// PaginationURL is what paginated_resource_docs_url gives: the REST API
// page's section on pagination.
const PaginationURL = "/docs/apis/rest-api#pagination"

// include writes the partial name, expanded, in place of a fragment at here.
func (e *expander) include(name string, here Place, via []Place, depth int) {
	chain := append([]Place{here}, via...)
	fail := func(msg, hint string) {
		e.problems = append(e.problems, Problem{Origin: Origin{Place: here, IncludedFrom: via}, Msg: msg, Hint: hint})
	}
	if depth >= maxDepth {
		fail(fmt.Sprintf("partial %q: includes nest more than %d deep (does it include itself?)", name, maxDepth), "break the cycle of partials including each other")
		return
	}
	if e.opt.ReadPartial == nil {
		fail(fmt.Sprintf("partial %q: partials are not enabled", name), "set partials: erb in docproof.yaml")
		return
	}
	pfile, data, err := e.opt.ReadPartial(name)
	if err != nil {
		fail(fmt.Sprintf("partial %q: %v", name, err), "check the partial's name: render 'a/b' reads a/_b.md below the content folder")
		return
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	prefix := e.currentLinePrefix()
	if prefix != "" && bytes.IndexByte(data, '\n') >= 0 {
		data = indent(data, prefix)
	}
	e.expand(pfile, data, chain, depth+1)
}

// currentLinePrefix is what lines after the first of an included partial
// start with so they stay in the block the fragment is in: the quote
// markers and the indentation of the text written so far on this line (a
// list marker counts as spaces).
func (e *expander) currentLinePrefix() string {
	b := e.out.Bytes()
	line := b[bytes.LastIndexByte(b, '\n')+1:]
	var p []byte
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ' || c == '\t' || c == '>':
			p = append(p, c)
		case c == '-' || c == '*' || c == '+' || c == '.' || c == ')' || ('0' <= c && c <= '9'):
			p = append(p, ' ')
		default:
			return "" // the fragment is inside prose: leave the partial as it is
		}
	}
	return string(p)
}

// indent prefixes every line of data but the first with prefix.
func indent(data []byte, prefix string) []byte {
	return bytes.ReplaceAll(data, []byte("\n"), []byte("\n"+prefix))
}
