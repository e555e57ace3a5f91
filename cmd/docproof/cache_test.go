package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuildCacheFlags(t *testing.T) {
	files := map[string]string{
		"content/index.md": "---\ntitle: Home\n---\nSee [the guide](guide.md#usage).\n",
		"content/guide.md": "# Guide\n\n## Usage\n\nText.\n",
	}
	t.Run("default cache beside the content folder; a rebuild gives the same answer", func(t *testing.T) {
		dir := site(t, files)
		code, first, errOut := runCLI("build")
		require.Equal(t, 0, code, errOut)
		assert.FileExists(t, filepath.Join(dir, ".cache", "docproof", "memo.gob"))
		entries, err := filepath.Glob(filepath.Join(dir, ".cache", "docproof", "pages", "*-d"))
		require.NoError(t, err)
		assert.Len(t, entries, 2, "a rendered page each")
		before, err := os.Stat(filepath.Join(dir, "public"))
		require.NoError(t, err)
		code, second, errOut := runCLI("build")
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, summaryWithoutTime(first), summaryWithoutTime(second))
		after, err := os.Stat(filepath.Join(dir, "public"))
		require.NoError(t, err)
		assert.True(t, os.SameFile(before, after), "nothing changed: public/ is left as it is")
	})
	t.Run("--cache-dir moves it, --no-cache leaves it alone", func(t *testing.T) {
		dir := site(t, files)
		code, _, errOut := runCLI("build", "--cache-dir", "ci-cache")
		require.Equal(t, 0, code, errOut)
		assert.FileExists(t, filepath.Join(dir, "ci-cache", "memo.gob"))
		assert.NoDirExists(t, filepath.Join(dir, ".cache"))
		code, _, errOut = runCLI("build", "--no-cache", "--out", "other")
		require.Equal(t, 0, code, errOut)
		assert.NoDirExists(t, filepath.Join(dir, ".cache"))
		assert.FileExists(t, filepath.Join(dir, "other", "guide", "index.html"))
	})
	t.Run("--cpuprofile writes a profile", func(t *testing.T) {
		dir := site(t, files)
		code, _, errOut := runCLI("build", "--no-cache", "--cpuprofile", "cpu.out")
		require.Equal(t, 0, code, errOut)
		fi, err := os.Stat(filepath.Join(dir, "cpu.out"))
		require.NoError(t, err)
		assert.Positive(t, fi.Size())
	})
}

// summaryWithoutTime drops the elapsed time from a build's summary line.
func summaryWithoutTime(s string) string { return s[:strings.LastIndex(s, " in ")] }
