package highlight

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkTokenWriter compares the tokenWriter with chroma's formatter on the
// tokens lexer makes of code.
func checkTokenWriter(t testing.TB, h *Highlighter, lexer, code string) {
	t.Helper()
	lx := lexers.Get(lexer)
	require.NotNil(t, lx, lexer)
	it, err := chroma.Coalesce(lx).Tokenise(nil, code)
	require.NoError(t, err)
	toks := it.Tokens()
	var want strings.Builder
	require.NoError(t, h.formatter.Format(&want, h.style, chroma.Literator(toks...)))
	got, ok := h.tw.format(toks)
	if len(toks) == 0 {
		assert.False(t, ok, "no tokens: left to the formatter")
		return
	}
	require.True(t, ok, "%s %q", lexer, code)
	assert.Equal(t, want.String(), got, "%s %q", lexer, code)
}

func TestTokenWriterMatchesFormatter(t *testing.T) {
	disableChromaTimeouts()
	h := New(nil)
	samples := map[string][]string{
		"go":      {"package main\n\nfunc main() {\n\tprintln(\"<hi> & 'bye'\") // done\n}\n"},
		"yaml":    {"steps:\n  - command: \"echo hi\" # x\n    agents: {queue: default}\n"},
		"http":    {"POST /v3/register HTTP/1.1\nAuthorization: Token x\n\n{\"a\": 1}\n", "HTTP/1.1 200 OK\n"},
		"graphql": {"mutation { agentTokenCreate(input: {description: \"a\"}) { tokenValue } }\n"},
		"text":    {"plain\n\ntext\n", "no trailing newline", "\n\n\n", " "},
		"console": {"$ buildkite-agent start\n2026-01-15 INFO Registering\n"},
	}
	for lexer, cases := range fastLexCases {
		for _, c := range cases {
			samples[strings.ToLower(lexer)] = append(samples[strings.ToLower(lexer)], c.code)
		}
	}
	for lexer, codes := range samples {
		for _, code := range codes {
			checkTokenWriter(t, h, lexer, code)
		}
	}
}

func FuzzTokenWriter(f *testing.F) {
	for _, c := range fastLexCases["Bash"] {
		f.Add(c.code, uint8(0))
	}
	for _, c := range fastLexCases["JSON"] {
		f.Add(c.code, uint8(1))
	}
	disableChromaTimeouts()
	h := New(nil)
	langs := []string{"bash", "json", "go", "yaml", "http", "text"}
	f.Fuzz(func(t *testing.T, code string, lang uint8) {
		checkTokenWriter(t, h, langs[int(lang)%len(langs)], code)
	})
}

// BenchmarkFormat formats the tokens of the curl sample with chroma's
// formatter and with the tokenWriter.
func BenchmarkFormat(b *testing.B) {
	h := New(nil)
	toks, ok := fastTokens("Bash", fastLexCases["Bash"][1].code)
	require.True(b, ok)
	b.Run("formatter", func(b *testing.B) {
		for b.Loop() {
			var out strings.Builder
			_ = h.formatter.Format(&out, h.style, chroma.Literator(toks...))
		}
	})
	b.Run("tokenWriter", func(b *testing.B) {
		for b.Loop() {
			h.tw.format(toks)
		}
	})
}
