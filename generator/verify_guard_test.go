package generator

import (
	"context"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample"
)

// TestSamplesMeetTheMockGuard: a sample that POSTs JSON without
// Content-Type: application/json (curl -d then sends a form) fails in-process
// at its line, as `docproof mock` refuses it (415) when a reader runs it with
// curl; the same sample with the header passes. The in-process Host
// (agent.buildkite.com) is not refused.
func TestSamplesMeetTheMockGuard(t *testing.T) {
	register := func(header string) string {
		return "curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"" +
			header + " -d '{\"name\": \"a\"}'\n"
	}
	const json = ` -H "Content-Type: application/json"`
	ping := "curl -sS \"https://agent.buildkite.com/v3/ping\" -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"\n"
	tests := []struct {
		name, block string
		msg         string // "" means the page verifies
	}{
		{"with the header", register(json), ""},
		{"with the header, any case", register(` -H "content-type: Application/JSON; charset=utf-8"`), ""},
		{"without the header", register(""), `add the header Content-Type: application/json to the request (curl: -H "Content-Type: application/json"`},
		{"without the header, not the last command", register("") + ping, "the curl command at line 4 (not the last of its block): the mock answered 415"},
		{"form type named", register(` -H "Content-Type: text/plain"`), `takes a body of Content-Type application/json, not Content-Type "text/plain"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			page := "# Register\n\n```bash\n" + tt.block + "```\n"
			require.NoError(t, os.WriteFile(filepath.Join(dir, "reg.md"), []byte(page), 0o644))
			res, err := Build(context.Background(), Config{ContentDir: dir, NoWrite: true, Verify: VerifyOptions{Mock: mockbackend.Mock{}}})
			if tt.msg == "" {
				require.NoError(t, err)
				assert.Equal(t, 1, sample.Summarize(res.Samples).Verified)
				return
			}
			var list diag.List
			require.ErrorAs(t, err, &list)
			require.Len(t, list, 1, err.Error())
			assert.Equal(t, filepath.Join(dir, "reg.md"), filepath.FromSlash(list[0].File))
			assert.Equal(t, 3, list[0].Line)
			assert.Contains(t, list[0].Message, tt.msg)
			assert.NotContains(t, list[0].Message, "add status=415", "a refused body is no answer to document")
		})
	}
}
