package mockbackend_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/internal/mockbackend"
)

// The generator gets the mock from its caller: none of its packages imports mockapi.
func TestGeneratorDoesNotImportMockapi(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/docproof/docproof/generator/...").CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, dep := range strings.Fields(string(out)) {
		assert.False(t, strings.HasPrefix(dep, "github.com/docproof/docproof/mockapi"), "generator depends on %s", dep)
	}
}

const page = "# Ping\n\n```bash {sample=ping status=401}\ncurl https://agent.buildkite.com/v3/ping -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"\n```\n"

func writePage(t *testing.T) string {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ping.md"), []byte(page), 0o644))
	return dir
}

// Samples run against the Mock handed over; without one they fail at the
// page, saying what is missing, rather than run against anything else.
func TestBuildRunsSamplesAgainstTheMockItIsGiven(t *testing.T) {
	dir := writePage(t)
	res, err := generator.Build(context.Background(), generator.Config{ContentDir: dir, NoWrite: true,
		Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}})
	require.NoError(t, err)
	assert.Equal(t, 1, sample.Summarize(res.Samples).Verified)

	_, err = generator.Build(context.Background(), generator.Config{ContentDir: dir, NoWrite: true})
	var list diag.List
	require.ErrorAs(t, err, &list)
	require.NotEmpty(t, list)
	assert.Equal(t, filepath.Join(dir, "ping.md"), list[0].File)
	assert.Contains(t, list[0].Message, "no mock to run them against")
}
