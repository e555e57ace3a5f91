// Package match compares a documented JSON response, which may contain
// placeholders such as "<agent-access-token>", with an actual one.
package match

import "fmt"

// Bindings maps a placeholder name, as written, to the value it was bound to.
type Bindings map[string]string

// Options tune a comparison.
type Options struct {
	Exact bool // demand equality; by default the documented value must be a subset of the actual one
}

// Mismatch is one difference between documented and actual JSON.
type Mismatch struct {
	Path, Expected, Actual, Reason string
}

// SyntaxError is invalid documented JSON, positioned within the block (1-based).
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// JSON compares documented with actual. It returns the new bindings made and the mismatches.
func JSON(documented, actual []byte, b Bindings, opt Options) (bound Bindings, mm []Mismatch, err error) {
	return Bindings{}, nil, nil
}

// Diff renders mismatches as a readable "- expected / + actual" diff.
func Diff(mm []Mismatch) string { return "" }

// Value matches one scalar (a header value or a status) with the same placeholder rules.
func Value(documented, actual string, b Bindings) (bound Bindings, ok bool, reason string) {
	return Bindings{}, documented == actual, ""
}
