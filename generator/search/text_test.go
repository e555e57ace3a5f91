package search

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/docproof/docproof/generator/internal/space"
	"github.com/docproof/docproof/generator/secret"
)

func TestIndexTextDropsOpaqueWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"token 3f9a1c0e77b24d6a9c51e0f2b8d4a6c1e9f03b7d here", "token here"},
		{"uuid 0b1e5c2a-4d7f-4a8e-9c3b-2f6d8e1a7b90.", "uuid ."},
		{"BUILDKITE_AGENT_ACCESS_TOKEN stays", "BUILDKITE_AGENT_ACCESS_TOKEN stays"},
		{"short abc123 stays", "short abc123 stays"},
		{"real shape bkua_QwErTyUiOpAsDfGhJkLzXcVbNm gone", "real shape gone"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Text(tt.in), tt.in)
	}
}

func TestIndexTextCapsLength(t *testing.T) {
	long := strings.Repeat("word ", 2000)
	got := Text(long)
	assert.LessOrEqual(t, len(got), maxSectionText)
	assert.False(t, strings.HasSuffix(got, " "))
	assert.True(t, strings.HasSuffix(got, "word"), "cut at a word boundary")
}

// indexTextRef is Text without its shortcuts: every step on every text.
func indexTextRef(s string) string {
	s = space.Collapse(dropOpaque(blankSpans(s, secret.Find(s, nil))))
	if len(s) > maxSectionText {
		cut := strings.LastIndexByte(s[:maxSectionText], ' ')
		if cut <= 0 {
			cut = maxSectionText
		}
		s = s[:cut]
	}
	return s
}

func TestIndexTextShortcuts(t *testing.T) {
	for _, s := range []string{
		"", "plain collapsed text", " lead", "trail ", "two  spaces", "tab\there", "é accent",
		"abcdefghij0123456789", "abcdefghij012345678", "end abcdefghij0123456789", "bkua_QwErTyUiOpAsDfGhJkLzXcVbNm",
		"a bk b", "bkpat_ x", "9" + strings.Repeat("a", 19) + " x",
	} {
		assert.Equal(t, indexTextRef(s), Text(s), "%q", s)
	}
}

func FuzzIndexText(f *testing.F) {
	for _, s := range []string{"", "a  b", "x 0123456789abcdefghij y", "bkaa_0123456789abcdefghijk", "\u00a0é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Text(s), indexTextRef(s); got != want {
			t.Fatalf("Text(%q) = %q, want %q", s, got, want)
		}
	})
}
