// Package secret finds and redacts Buildkite token values in text.
package secret

// Span is a token found in a string: s[Start:End].
type Span struct {
	Start, End int
	Issued     bool // the value is one the mock issued (else: a real token shape)
}

// Find returns the spans of issued token values and of real token shapes in s.
func Find(s string, issued []string) []Span { return nil }

// Redact replaces every span Find reports with a redacted form.
func Redact(s string, issued []string) string { return s }
