package cache

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type page struct {
	Title string
	IDs   []string
	Lines map[string]int
}

func TestStoresRoundTrip(t *testing.T) {
	disk, err := NewDisk[page](t.TempDir(), "v1", Gob[page]{})
	require.NoError(t, err)
	for name, s := range map[string]Store[string, page]{"memory": NewMemory[string, page](), "disk": disk} {
		t.Run(name, func(t *testing.T) {
			_, ok := s.Load("a.md")
			assert.False(t, ok)
			want := page{Title: "A", IDs: []string{"x", "y"}, Lines: map[string]int{"x": 3}}
			s.Store("a.md", want)
			got, ok := s.Load("a.md")
			require.True(t, ok)
			assert.Equal(t, want, got)
			s.Store("a.md", page{Title: "B"})
			got, ok = s.Load("a.md")
			require.True(t, ok)
			assert.Equal(t, page{Title: "B"}, got)
			_, ok = s.Load("b.md")
			assert.False(t, ok)
		})
	}
}

func TestMemorySweepDropsWhatRecentBuildsDidNotUse(t *testing.T) {
	s := NewMemory[string, int]()
	s.Store("old", 1)
	s.Store("used", 2)
	for range SweepAfter {
		_, ok := s.Load("used")
		require.True(t, ok)
		s.Sweep()
	}
	assert.Equal(t, 2, s.Len(), "every entry survives SweepAfter builds")
	_, _ = s.Load("used")
	s.Sweep()
	assert.Equal(t, 1, s.Len())
	_, ok := s.Load("old")
	assert.False(t, ok)
}

// entryPath is the one file under dir.
func entryPath(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*-d"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	return files[0]
}

func TestDiskMissesWhatItCannotVouchFor(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, dir, p string)
	}{
		{"truncated", func(t *testing.T, dir, p string) {
			b, _ := os.ReadFile(p)
			require.NoError(t, os.WriteFile(p, b[:len(b)-3], 0o600))
		}},
		{"bit flipped", func(t *testing.T, dir, p string) {
			b, _ := os.ReadFile(p)
			b[len(b)-2] ^= 1
			require.NoError(t, os.WriteFile(p, b, 0o600))
		}},
		{"empty", func(t *testing.T, dir, p string) { require.NoError(t, os.WriteFile(p, nil, 0o600)) }},
		{"another key's file under its name", func(t *testing.T, dir, p string) {
			other, err := NewDisk[page](t.TempDir(), "v1", Gob[page]{})
			require.NoError(t, err)
			other.Store("b.md", page{Title: "B"})
			b, _ := os.ReadFile(entryPath(t, other.dir))
			require.NoError(t, os.WriteFile(p, b, 0o600))
		}},
		{"gone", func(t *testing.T, dir, p string) { require.NoError(t, os.Remove(p)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			d, err := NewDisk[page](dir, "v1", Gob[page]{})
			require.NoError(t, err)
			d.Store("a.md", page{Title: "A"})
			_, ok := d.Load("a.md")
			require.True(t, ok)
			tt.damage(t, dir, entryPath(t, dir))
			_, ok = d.Load("a.md")
			assert.False(t, ok)
		})
	}
	d1, err := NewDisk[page](t.TempDir(), "v1", Gob[page]{})
	require.NoError(t, err)
	d1.Store("a.md", page{Title: "A"})
	d2, err := NewDisk[page](d1.dir, "v2", Gob[page]{})
	require.NoError(t, err)
	_, ok := d2.Load("a.md")
	assert.False(t, ok, "another program version never loads the entry")
}

// failing is a Codec that cannot encode.
type failing struct{ Gob[int] }

func (failing) Append([]byte, int) ([]byte, error) { return nil, errors.New("no") }

func TestDiskDropsWhatItCannotWrite(t *testing.T) {
	d, err := NewDisk[int](t.TempDir(), "v1", failing{})
	require.NoError(t, err)
	d.Store("k", 1)
	_, ok := d.Load("k")
	assert.False(t, ok)
	assert.Error(t, d.Put("k", 1))
}

func TestDiskEntriesArePrivate(t *testing.T) {
	dir := t.TempDir()
	d, err := NewDisk[page](dir, "v1", Gob[page]{})
	require.NoError(t, err)
	d.Store("a.md", page{Title: "A"})
	fi, err := os.Stat(entryPath(t, dir))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}

func TestDiskTrimRemovesWhatNoBuildUsed(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	d, err := NewDisk[int](dir, "v1", Gob[int]{})
	require.NoError(t, err)
	d.Now = func() time.Time { return now }
	d.Store("used", 1)
	d.Store("unused", 2)

	now = now.Add(MaxAge - time.Minute)
	_, ok := d.Load("used") // older than touchAfter: refreshed
	require.True(t, ok)
	has := func(key string) bool { // without loading it, which would refresh it
		_, err := os.Stat(d.path(key))
		return err == nil
	}
	require.NoError(t, d.Trim())
	assert.True(t, has("unused"), "not yet MaxAge old")

	now = now.Add(2 * time.Minute)
	require.NoError(t, d.Trim())
	assert.True(t, has("unused"), "one trim a day")

	now = now.Add(trimEvery)
	require.NoError(t, d.Trim())
	assert.True(t, has("used"))
	assert.False(t, has("unused"))
}

// Writers racing on the same keys: a Load may miss (a file being
// rewritten), but never returns a value mixed from two writes.
func TestDiskConcurrentStores(t *testing.T) {
	d, err := NewDisk[string](t.TempDir(), "v1", Gob[string]{})
	require.NoError(t, err)
	var wg sync.WaitGroup
	var hits atomic.Int32
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				k := strings.Repeat("k", j%5+1)
				d.Store(k, strings.Repeat(string(rune('a'+i)), 1000*(i+1)))
				if v, ok := d.Load(k); ok {
					hits.Add(1)
					assert.Len(t, strings.Trim(v, v[:1]), 0, "a whole entry, never a mix")
					assert.Equal(t, int(v[0]-'a'+1)*1000, len(v))
				}
			}
		})
	}
	wg.Wait()
	assert.Positive(t, hits.Load())
}
