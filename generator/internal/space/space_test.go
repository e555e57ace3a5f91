package space

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func fieldsJoin(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb\n", "\u00a0a\u00a0", "a\u2003b", "a\u0085b",
		"ünï cödé", "bad \xff utf8", "\xffa", "a \xe2\x80 b", "  lots   of\t\tspace\n\n", "x\v\fy",
	} {
		assert.Equal(t, fieldsJoin(s), Collapse(s), "%q", s)
	}
}

func TestCollapseSpaceKeepsCollapsedText(t *testing.T) {
	s := "already collapsed text"
	assert.True(t, isCollapsed(s))
	assert.Equal(t, strings.Clone(s), Collapse(s))
	assert.Equal(t, 0.0, testing.AllocsPerRun(100, func() { _ = Collapse(s) }))
}

func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", " a  b ", "a\u00a0b", "\xff \xfe", "tab\tand\nnewline"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Collapse(s), fieldsJoin(s); got != want {
			t.Fatalf("Collapse(%q) = %q, want %q", s, got, want)
		}
	})
}

func FuzzAppendCollapsed(f *testing.F) {
	for _, s := range []string{"", " a  b ", "a\u00a0b", "\xff \xfe", "tab\tand\nnewline", "a\x01b c"} {
		f.Add("pre", s)
	}
	f.Fuzz(func(t *testing.T, pre, s string) {
		want := pre + fieldsJoin(s)
		if got := string(AppendCollapsed([]byte(pre), s)); got != want {
			t.Fatalf("AppendCollapsed(%q, %q) = %q, want %q", pre, s, got, want)
		}
		b := []byte(s)
		if got := string(AppendCollapsed(b[:0], b)); got != fieldsJoin(s) {
			t.Fatalf("AppendCollapsed in place (%q) = %q, want %q", s, got, fieldsJoin(s))
		}
	})
}
