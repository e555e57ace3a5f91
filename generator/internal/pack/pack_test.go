package pack

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writePack(t *testing.T, path string, recs map[string]string) {
	t.Helper()
	w, err := Create(path, []byte("hdr v1"))
	require.NoError(t, err)
	for k, v := range recs {
		require.NoError(t, w.Append(k, []byte(v)))
	}
	require.NoError(t, w.Commit())
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.pack")
	w, err := Create(path, []byte("hdr v1"))
	require.NoError(t, err)
	_, err = os.Stat(path)
	assert.ErrorIs(t, err, fs.ErrNotExist, "nothing at path before Commit")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				assert.NoError(t, w.Append(fmt.Sprintf("k%d-%d", g, i), []byte(fmt.Sprintf("value %d %d", g, i))))
			}
		}()
	}
	wg.Wait()
	require.NoError(t, w.Append("k0-0", []byte("replaced")))
	require.NoError(t, w.Append("empty", nil))
	assert.Equal(t, 401, w.Len())
	require.NoError(t, w.Commit())
	assert.Error(t, w.Append("late", nil))

	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())
	left, _ := filepath.Glob(path + ".tmp-*")
	assert.Empty(t, left)

	r, err := Open(path)
	require.NoError(t, err)
	defer r.Close()
	assert.Equal(t, "hdr v1", string(r.Header()))
	assert.Equal(t, 401, r.Len())
	rec, ok, err := r.Get("k3-99", nil)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "value 3 99", string(rec))
	rec, ok, err = r.Get("k0-0", make([]byte, 0, 64))
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "replaced", string(rec))
	rec, ok, err = r.Get("empty", nil)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Empty(t, rec)
	_, ok, err = r.Get("missing", nil)
	assert.NoError(t, err)
	assert.False(t, ok)
	assert.False(t, r.Has("missing"))
	assert.Equal(t, int64(-1), r.Offset("missing"))
	keys := r.Keys()
	require.Len(t, keys, 401)
	for i := 1; i < len(keys); i++ {
		assert.Less(t, r.Offset(keys[i-1]), r.Offset(keys[i]), "Keys is in file order")
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.pack")
	writePack(t, path, map[string]string{"a": "old"})
	w, err := Create(path, []byte("hdr"))
	require.NoError(t, err)
	require.NoError(t, w.Append("a", []byte("new")))
	w.Abort()
	w.Abort()
	assert.Error(t, w.Commit())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "the temp file is gone")
	r, err := Open(path)
	require.NoError(t, err)
	defer r.Close()
	rec, _, err := r.Get("a", nil)
	require.NoError(t, err)
	assert.Equal(t, "old", string(rec), "the previous pack is untouched")
}

// Every truncation, and damage anywhere outside the records, makes Open
// refuse the file; damage inside a record makes Get refuse that record.
func TestDamagedPacks(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.pack")
	writePack(t, path, map[string]string{"a": "alpha", "b": "bravo", "c": "charlie"})
	good, err := os.ReadFile(path)
	require.NoError(t, err)

	damaged := filepath.Join(dir, "d.pack")
	for n := range len(good) {
		require.NoError(t, os.WriteFile(damaged, good[:n], 0o600))
		_, err := Open(damaged)
		require.Error(t, err, "truncated to %d of %d bytes", n, len(good))
		if n > 0 {
			assert.True(t, errors.Is(err, ErrCorrupt), "truncated to %d: %v", n, err)
		}
	}
	for i := range good {
		bad := append([]byte{}, good...)
		bad[i] ^= 0x40
		require.NoError(t, os.WriteFile(damaged, bad, 0o600))
		r, err := Open(damaged)
		if err != nil {
			assert.ErrorIs(t, err, ErrCorrupt, "byte %d", i)
			continue
		}
		// Only record bytes may pass Open; that record then fails its check.
		assert.Equal(t, "hdr v1", string(r.Header()))
		damagedRecs := 0
		for k, v := range map[string]string{"a": "alpha", "b": "bravo", "c": "charlie"} {
			rec, ok, err := r.Get(k, nil)
			if err != nil {
				assert.ErrorIs(t, err, ErrCorrupt)
				damagedRecs++
				continue
			}
			assert.True(t, ok)
			assert.Equal(t, v, string(rec))
		}
		assert.Equal(t, 1, damagedRecs, "byte %d: exactly one record shows the damage", i)
		r.Close()
	}
	for name, data := range map[string]string{"garbage": "garbage garbage garbage garbage garbage", "empty": ""} {
		require.NoError(t, os.WriteFile(damaged, []byte(data), 0o600))
		_, err := Open(damaged)
		assert.ErrorIs(t, err, ErrCorrupt, name)
	}
	_, err = Open(filepath.Join(dir, "none.pack"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func BenchmarkGet(b *testing.B) {
	path := filepath.Join(b.TempDir(), "p.pack")
	w, _ := Create(path, nil)
	rec := make([]byte, 40<<10)
	for i := range 1000 {
		_ = w.Append(fmt.Sprint("page-", i), rec)
	}
	if err := w.Commit(); err != nil {
		b.Fatal(err)
	}
	r, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	buf := make([]byte, 0, 64<<10)
	b.SetBytes(int64(len(rec)))
	i := 0
	for b.Loop() {
		if _, _, err := r.Get(fmt.Sprint("page-", i%1000), buf); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func TestCommitAsSizesAndID(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(filepath.Join(dir, "a.pack"), []byte("hdr v1"))
	require.NoError(t, err)
	require.NoError(t, w.Append("k", []byte("12345")))
	require.NoError(t, w.Append("k", []byte("123")))
	assert.Equal(t, int64(8), w.Size(), "replaced records still take room")
	require.NoError(t, w.CommitAs(filepath.Join(dir, "b.pack")))
	_, err = os.Stat(filepath.Join(dir, "a.pack"))
	assert.ErrorIs(t, err, fs.ErrNotExist)

	r, err := Open(filepath.Join(dir, "b.pack"))
	require.NoError(t, err)
	defer r.Close()
	assert.Equal(t, int64(3), r.Size("k"))
	assert.Zero(t, r.Size("none"))
	assert.Equal(t, int64(8), r.DataSize())
	again, err := Open(filepath.Join(dir, "b.pack"))
	require.NoError(t, err)
	defer again.Close()
	assert.Equal(t, r.ID(), again.ID())
	writePack(t, filepath.Join(dir, "c.pack"), map[string]string{"k": "124"})
	other, err := Open(filepath.Join(dir, "c.pack"))
	require.NoError(t, err)
	defer other.Close()
	assert.NotEqual(t, r.ID(), other.ID(), "another record")
}

// FuzzOpen feeds arbitrary files to Open and Get: an error, never a panic or
// a record outside the file.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	good := filepath.Join(dir, "good.pack")
	w, err := Create(good, []byte("hdr"))
	require.NoError(f, err)
	require.NoError(f, w.Append("a", []byte("alpha")))
	require.NoError(f, w.Append("b", nil))
	require.NoError(f, w.Commit())
	data, err := os.ReadFile(good)
	require.NoError(f, err)
	f.Add(data)
	f.Add(data[:len(data)-3])
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.pack")
		require.NoError(t, os.WriteFile(path, data, 0o600))
		r, err := Open(path)
		if err != nil {
			return
		}
		defer r.Close()
		for _, k := range r.Keys() {
			rec, ok, err := r.Get(k, nil)
			if err == nil {
				assert.True(t, ok)
				assert.LessOrEqual(t, len(rec), len(data))
			}
		}
	})
}
