package serve

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/secret"
)

// Status is the outcome of the latest build, pushed to browsers over SSE.
type Status struct {
	Version  int       `json:"version"`  // successful builds so far
	Site     string    `json:"site"`     // the served build: server instance and Version; a page reloads when it changes
	Build    int       `json:"build"`    // builds attempted so far
	OK       bool      `json:"ok"`       // the latest build succeeded
	Pages    int       `json:"pages"`    // pages in the latest build
	Verified int       `json:"verified"` // samples that ran and matched their documented responses
	Elapsed  float64   `json:"elapsed_ms"`
	Problems []Problem `json:"problems"` // why the latest build failed; empty when OK
	Warnings int       `json:"warnings"`
	Started  time.Time `json:"started"` // when the build began reading the tree
}

// Problem is one diagnostic of a failed build, as the overlay shows it.
// Every text field is redacted: no token value reaches a browser.
type Problem struct {
	Pos      string `json:"pos"` // "content/a.md:12", or "" when unknown
	File     string `json:"file"`
	Line     int    `json:"line"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	SampleID string `json:"sample,omitempty"`
	Diff     string `json:"diff,omitempty"`
}

// problems turns a build error into overlay problems, every text through
// red. Diagnostics keep their positions as data; a config error keeps its
// file and line; anything else becomes a problem without a position.
func problems(err error, red func(string) string) []Problem {
	var list diag.List
	if errors.As(err, &list) {
		errs := list.Errors()
		if len(errs) == 0 {
			errs = list
		}
		errs.Sort()
		out := make([]Problem, 0, len(errs))
		for _, d := range errs {
			out = append(out, redactProblem(Problem{Pos: d.Pos(), File: d.File, Line: d.Line,
				Message: d.Message, Hint: d.Hint, SampleID: d.SampleID, Diff: d.Diff}, red))
		}
		return out
	}
	var ce *generator.ConfigError
	if errors.As(err, &ce) {
		p := Problem{File: ce.File, Line: ce.Line, Message: ce.Msg}
		p.Pos = diag.Diagnostic{File: ce.File, Line: ce.Line}.Pos()
		return []Problem{redactProblem(p, red)}
	}
	return []Problem{redactProblem(Problem{Message: err.Error()}, red)}
}

// redactor removes token values from text shown to the writer: the values
// the build's mocks issued (res.Issued) and every real token shape.
func redactor(res *generator.Result) func(string) string {
	var issued []string
	if res != nil {
		issued = res.Issued
	}
	return secret.NewFinder(issued).Redact
}

func redactProblem(p Problem, redact func(string) string) Problem {
	p.Pos, p.File = redact(p.Pos), redact(p.File)
	p.Message, p.Hint = redact(p.Message), redact(p.Hint)
	p.SampleID, p.Diff = redact(p.SampleID), redact(p.Diff)
	return p
}

// report prints a build's outcome to the terminal: one line when it worked,
// every problem (file:line, message, diff) when it did not.
func report(w io.Writer, st Status, warnings diag.List, redact func(string) string) {
	for _, d := range warnings {
		fmt.Fprintln(w, redact(d.Error()))
	}
	if st.OK {
		fmt.Fprintf(w, "rebuilt %d pages, %d samples verified, in %s\n", st.Pages, st.Verified, ms(st.Elapsed))
		return
	}
	fmt.Fprintf(w, "build failed with %d problem(s) after %s; still serving the last good build:\n", len(st.Problems), ms(st.Elapsed))
	for _, p := range st.Problems {
		var b strings.Builder
		if p.Pos != "" {
			b.WriteString(p.Pos + ": ")
		}
		if p.SampleID != "" {
			fmt.Fprintf(&b, "sample %q: ", p.SampleID)
		}
		b.WriteString(p.Message)
		if p.Hint != "" {
			b.WriteString(" (" + p.Hint + ")")
		}
		fmt.Fprintln(w, "  "+b.String())
		if p.Diff != "" {
			for _, line := range strings.Split(strings.TrimRight(p.Diff, "\n"), "\n") {
				fmt.Fprintln(w, "    "+line)
			}
		}
	}
}

func ms(v float64) string { return fmt.Sprintf("%.0fms", v) }
