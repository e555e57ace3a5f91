// Package diag carries build problems as data: every diagnostic knows the
// source file and line it is about, so callers never parse message text.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build.
	Error Severity = iota
	// Warning is reported but does not fail the build.
	Warning
)

// Diagnostic is one problem found while building, tied to a source position.
type Diagnostic struct {
	File     string   // path as the user knows it, e.g. "content/agent/tokens.md"
	Line     int      // 1-based line, 0 when the problem is about the whole file
	Col      int      // 1-based column, 0 when unknown
	Severity Severity // Error or Warning
	Message  string   // what is wrong, one line
	Hint     string   // what to do about it, optional
	SampleID string   // the sample concerned, optional
	Diff     string   // expected vs actual, optional, multi-line

	// IncludedFrom is where File was included from when it is a partial
	// (innermost include first), optional.
	IncludedFrom []Place
}

// Place is a position in a file.
type Place struct {
	File string
	Line int
}

// String renders "file:line".
func (p Place) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Errorf makes an error diagnostic at file:line.
func Errorf(file string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Severity: Error, Message: fmt.Sprintf(format, args...)}
}

// Warnf makes a warning diagnostic at file:line.
func Warnf(file string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Severity: Warning, Message: fmt.Sprintf(format, args...)}
}

// WithHint returns d with a hint saying what to do about it.
func (d Diagnostic) WithHint(hint string) Diagnostic { d.Hint = hint; return d }

// Pos renders the position as "file:line" (or "file:line:col", or "file").
func (d Diagnostic) Pos() string {
	switch {
	case d.File == "":
		return ""
	case d.Line <= 0:
		return d.File
	case d.Col > 0:
		return fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Col)
	default:
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	}
}

// Error renders "file:line: [warning: ]message" with the sample id, hint and diff.
func (d Diagnostic) Error() string {
	var b strings.Builder
	if p := d.Pos(); p != "" {
		b.WriteString(p)
		for _, from := range d.IncludedFrom {
			b.WriteString(" (included from " + from.String() + ")")
		}
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	if d.SampleID != "" {
		fmt.Fprintf(&b, "sample %q: ", d.SampleID)
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString(" (")
		b.WriteString(d.Hint)
		b.WriteString(")")
	}
	if d.Diff != "" {
		b.WriteString("\n")
		b.WriteString(strings.TrimRight(d.Diff, "\n"))
	}
	return b.String()
}

// List is a set of diagnostics from one build. It is an error when it holds
// at least one Error-severity diagnostic (see Err).
type List []Diagnostic

// Errors returns only the error-severity diagnostics.
func (l List) Errors() List { return l.filter(Error) }

// Warnings returns only the warning-severity diagnostics.
func (l List) Warnings() List { return l.filter(Warning) }

func (l List) filter(s Severity) List {
	var out List
	for _, d := range l {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by file, line, column and message, so reports are deterministic.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
}

// Error renders every diagnostic, one per line (diffs indented below their line).
func (l List) Error() string {
	parts := make([]string, len(l))
	for i, d := range l {
		parts[i] = d.Error()
	}
	return strings.Join(parts, "\n")
}

// Err returns the list's errors as an error, or nil when there are none.
func (l List) Err() error {
	if errs := l.Errors(); len(errs) > 0 {
		errs.Sort()
		return errs
	}
	return nil
}
