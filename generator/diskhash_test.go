package generator

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"github.com/docproof/docproof/generator/internal/testtree"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test binary is a Go ELF executable linked by cmd/go: it has a build
// ID of four parts, which the identity uses instead of hashing the file.
func TestBinaryIdentityIsTheGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	id, ok := goBuildID(exe)
	f, err := elf.Open(exe)
	if err != nil {
		assert.False(t, ok, "not ELF: hashed instead")
		return
	}
	require.NoError(t, f.Close())
	require.True(t, ok)
	assert.Len(t, strings.Split(id, "/"), 4)
	v, err := binaryIdentity()
	require.NoError(t, err)
	assert.Equal(t, "go-build-id:"+id, v)

	// Not an executable: no build ID, and the identity would hash the file.
	text := filepath.Join(t.TempDir(), "x")
	require.NoError(t, os.WriteFile(text, []byte("#!/bin/sh\n"), 0o700))
	_, ok = goBuildID(text)
	assert.False(t, ok)
}

func TestParseBuildIDNote(t *testing.T) {
	const part = "MAVt7YWyxsMbeAJt5iSI"
	good := part + "/" + part + "/" + part + "/s5UB-vqNIu4PZRCn99be"
	note := func(namesz, typ uint32, name, desc string) []byte {
		b := binary.LittleEndian.AppendUint32(nil, namesz)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(desc)))
		b = binary.LittleEndian.AppendUint32(b, typ)
		return append(append(b, name...), desc...)
	}
	for _, tc := range []struct {
		name string
		note []byte
		ok   bool
	}{
		{"linked binary", note(4, 4, "Go\x00\x00", good), true},
		{"padded", append(note(4, 4, "Go\x00\x00", good), 0, 0, 0), true},
		{"empty -buildid", note(4, 4, "Go\x00\x00", ""), false},
		{"set by hand", note(4, 4, "Go\x00\x00", "release-1"), false},
		{"a package's two parts", note(4, 4, "Go\x00\x00", part+"/"+part), false},
		{"short part", note(4, 4, "Go\x00\x00", part+"/"+part+"/"+part+"/x"), false},
		{"odd characters", note(4, 4, "Go\x00\x00", part+"/"+part+"/"+part+"/"+strings.Repeat("+", 20)), false},
		{"other owner", note(4, 4, "GNU\x00", good), false},
		{"other type", note(4, 3, "Go\x00\x00", good), false},
		{"desc past the end", note(4, 4, "Go\x00\x00", good)[:40], false},
		{"truncated header", []byte{4, 0, 0}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, ok := parseBuildIDNote(tc.note, binary.LittleEndian)
			assert.Equal(t, tc.ok, ok)
			if ok {
				assert.Equal(t, good, id)
			}
		})
	}
}

// hashFile reads small files whole into the reused buffer and streams
// large ones; the sums are SHA-256 of the content either way.
func TestHashFile(t *testing.T) {
	dir := t.TempDir()
	var buf []byte
	for _, size := range []int{0, 1, 40 << 10, wholeFile, wholeFile + 1, 3*wholeFile + 7} {
		data := []byte(strings.Repeat("docproof ", size/9+1)[:size])
		p := filepath.Join(dir, "f")
		require.NoError(t, os.WriteFile(p, data, 0o600))
		n, sum, err := hashFile(p, &buf)
		require.NoError(t, err)
		assert.Equal(t, int64(size), n)
		assert.Equal(t, sha256.Sum256(data), sum, "size %d", size)
		assert.LessOrEqual(t, cap(buf), 2*wholeFile+1, "the buffer does not grow with the file")
	}
	_, _, err := hashFile(filepath.Join(dir, "missing"), &buf)
	assert.Error(t, err)
}

// A page the build wrote is known by the hash of the bytes it wrote, as
// long as the file has their size; the manifest then does not read it.
func TestKnownSumOfWrittenPages(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	c, d := openTestDisk(t, dir, out)
	html := []byte("<p>a</p>")
	c.html.Store("/a/", cachedHTML{key: "ka", html: html})
	testtree.Write(t, out, map[string]string{"a/index.html": string(html), "b/index.html": "<p>b</p>"})
	fi, err := os.Lstat(filepath.Join(out, "a/index.html"))
	require.NoError(t, err)
	sum, ok := d.html.knownSum("a/index.html", fi)
	require.True(t, ok)
	assert.Equal(t, sha256.Sum256(html), sum)
	fi, err = os.Lstat(filepath.Join(out, "b/index.html"))
	require.NoError(t, err)
	_, ok = d.html.knownSum("b/index.html", fi)
	assert.False(t, ok, "not written by this build: read")

	appendFile(t, filepath.Join(out, "a/index.html"), "changed since")
	fi, err = os.Lstat(filepath.Join(out, "a/index.html"))
	require.NoError(t, err)
	_, ok = d.html.knownSum("a/index.html", fi)
	assert.False(t, ok, "another size: read")
}
