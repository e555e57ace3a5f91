//go:build linux

package generator

import (
	"context"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
)

// killEnv tells a re-executed test binary to run one build and SIGKILL
// itself before its k-th change to the disk (killChild).
const killEnv = "DOCPROOF_TEST_KILL_AT"

// TestPublishSurvivesKill kills a build that replaces a published site with
// SIGKILL before each of its changes to the disk in turn (lock, temp dir,
// marker, every file, chmod, the exchange, the removal of the old site),
// in a child process. After every kill the output is exactly the complete
// old site or the complete new one, never missing nor mixed; nothing of the
// killed build is left in the temp folder (the search spill); and the next
// build removes the killed build's temp tree.
func TestPublishSurvivesKill(t *testing.T) {
	if at := os.Getenv(killEnv); at != "" {
		killChild(t, at)
		return
	}
	oldCfg := newSite(t, nil)
	newCfg := newSite(t, map[string]string{"guide/tokens.md": "---\ntitle: Tokens\n---\n## Revoking\n\nNew text.\n",
		"guide/extra.md": "---\ntitle: Extra\n---\nA page the old site lacks.\n", "img/d.svg": "<svg/>\n"})
	out := filepath.Join(t.TempDir(), "public")
	site := func(cfg Config) map[string]string {
		cfg.OutDir = filepath.Join(t.TempDir(), "public")
		_, err := build(t, cfg)
		require.NoError(t, err)
		return testtree.Read(t, cfg.OutDir, output.MarkerFile)
	}
	oldSite, newSite := site(oldCfg), site(newCfg)
	require.NotEqual(t, oldSite, newSite)

	kills := 0
	var killedLeft []string // what the last killed build left beside out
	for k := 1; ; k++ {
		oldCfg.OutDir = out
		_, err := build(t, oldCfg) // the old site, published; also removes what the last kill left
		require.NoError(t, err)
		require.Equal(t, oldSite, testtree.Read(t, out, output.MarkerFile))
		left := leftovers(t, out)
		for _, name := range killedLeft {
			assert.NotContains(t, left, name, "the next build removed what the killed build left")
		}
		assert.Empty(t, left, "the next build removed the killed build's tree and the site it replaced")

		tmp := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestPublishSurvivesKill$", "-test.count=1")
		cmd.Env = append(os.Environ(), killEnv+"="+strconv.Itoa(k), "TMPDIR="+tmp,
			"DOCPROOF_TEST_CONTENT="+newCfg.ContentDir, "DOCPROOF_TEST_OUT="+out)
		outText, err := cmd.CombinedOutput()
		killed := isKilled(err)
		require.True(t, err == nil || killed, "step %d: %v\n%s", k, err, outText)

		got := testtree.Read(t, out, output.MarkerFile)
		switch {
		case !killed:
			require.Equal(t, newSite, got, "the build that was not killed published the new site")
		case len(got) == len(oldSite) && assert.ObjectsAreEqual(oldSite, got):
		default:
			require.Equal(t, newSite, got, "killed before step %d: the output is neither the old site nor the new one", k)
		}
		assert.FileExists(t, filepath.Join(out, output.MarkerFile), "step %d", k)
		spills, _ := os.ReadDir(tmp)
		assert.Empty(t, spills, "step %d: a killed build leaves no temp file", k)
		killedLeft = leftovers(t, out)
		if !killed {
			require.Greater(t, kills, 10, "the build made a dozen changes at least: the hook was called")
			break
		}
		kills++
	}
	_, err := build(t, oldCfg)
	require.NoError(t, err)
	assert.Empty(t, leftovers(t, out))
	t.Logf("killed the build before each of its %d changes to the disk", kills)
}

// killChild is the child of TestPublishSurvivesKill: one build of the new
// content that SIGKILLs itself before its at-th change to the disk.
func killChild(t *testing.T, at string) {
	k, err := strconv.Atoi(at)
	require.NoError(t, err)
	var n atomic.Int64
	cfg := Config{ContentDir: os.Getenv("DOCPROOF_TEST_CONTENT"), OutDir: os.Getenv("DOCPROOF_TEST_OUT"),
		SiteFile: filepath.Join(os.Getenv("DOCPROOF_TEST_CONTENT"), "..", "none.yaml"), siteFileOptional: true, Workers: 1, Verify: VerifyOptions{Mock: mockbackend.Mock{}},
		onDiskStep: func(op string) {
			if n.Add(1) == int64(k) {
				fmt.Fprintf(os.Stderr, "killed before %s\n", op)
				_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
				select {} // the signal is on its way
			}
		}}
	_, err = Build(context.Background(), cfg)
	require.NoError(t, err)
}

// isKilled reports whether err is a child's death by SIGKILL.
func isKilled(err error) bool {
	ee, ok := err.(*exec.ExitError)
	if !ok {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// leftovers lists what builds left beside out.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	require.NoError(t, err)
	var left []string
	for _, e := range entries {
		if name := e.Name(); name != filepath.Base(out) {
			left = append(left, name)
		}
	}
	return left
}
