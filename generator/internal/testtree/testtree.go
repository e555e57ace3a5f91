// Package testtree is what the generator's tests share for files on disk: a
// tree of files written from a map, read back into one, and Dir, an output
// tree over an existing folder for the stages that write files.
package testtree

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// Write writes files (slash path → contents) below dir, creating folders.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}

// Read returns every file under dir (slash path → contents) but those whose
// path is in skip.
func Read(t testing.TB, dir string, skip ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if slices.Contains(skip, filepath.ToSlash(rel)) {
			return nil
		}
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	}))
	return out
}

// Dir is an output tree (output.Tree) over the existing folder it names:
// files are written in place, Commit and Discard do nothing.
type Dir string

func (d Dir) path(rel string) string { return filepath.Join(string(d), filepath.FromSlash(rel)) }

// WriteFile writes data at rel, creating its folders.
func (d Dir) WriteFile(rel string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(d.path(rel)), 0o755); err != nil {
		return err
	}
	return os.WriteFile(d.path(rel), data, 0o644)
}

// CopyFile copies src to rel.
func (d Dir) CopyFile(rel string, src *os.File) error {
	data, err := io.ReadAll(src)
	if err != nil {
		return err
	}
	return d.WriteFile(rel, data)
}

// ReadFile reads rel.
func (d Dir) ReadFile(rel string) ([]byte, error) { return os.ReadFile(d.path(rel)) }

// Commit does nothing: the files are in place.
func (d Dir) Commit() error { return nil }

// Discard does nothing: the folder is the test's.
func (d Dir) Discard() {}
