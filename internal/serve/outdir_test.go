package serve

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRemoveOrphans(t *testing.T) {
	root := t.TempDir()
	// A pid that existed and is gone: a finished child process.
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	dead := cmd.Process.Pid

	mk := func(name, owner string) string {
		dir := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "site-1"), 0o755))
		if owner != "" {
			require.NoError(t, os.WriteFile(filepath.Join(dir, ownerFile), []byte(owner), 0o600))
		}
		return dir
	}
	orphan := mk(outDirPrefix+"dead", strconv.Itoa(dead))
	live := mk(outDirPrefix+"live", strconv.Itoa(os.Getpid()))
	unknown := mk(outDirPrefix+"noowner", "")
	other := mk("someone-else", strconv.Itoa(dead))

	removeOrphans(root)
	assert.NoDirExists(t, orphan)
	assert.DirExists(t, live)
	assert.DirExists(t, unknown)
	assert.DirExists(t, other)

	dir, err := makeOutDir(root)
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(dir, ownerFile))
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(os.Getpid()), string(data))
}
