package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadMarkdownInto checks the reused-buffer read of pass 1: the bytes,
// the normalisation, the known-bytes shortcut and the errors.
func TestReadMarkdownInto(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) Source {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return Source{Rel: name, File: "content/" + name, Path: p}
	}
	plain := write("plain.md", "# Plain\n\nText.\n")
	crlf := write("crlf.md", "\uFEFF# Windows\r\n\r\nText.\r\n")
	empty := write("empty.md", "")
	tests := []struct {
		name    string
		src     Source
		known   []byte
		want    string
		isKnown bool // the known slice itself comes back
		err     string
	}{
		{name: "plain", src: plain, want: "# Plain\n\nText.\n"},
		{name: "known and unchanged", src: plain, known: []byte("# Plain\n\nText.\n"), want: "# Plain\n\nText.\n", isKnown: true},
		{name: "known but changed", src: plain, known: []byte("# Plain\n\nOld.\n"), want: "# Plain\n\nText.\n"},
		{name: "BOM and CRLF normalised", src: crlf, want: "# Windows\n\nText.\n"},
		{name: "normalised bytes known: checked again, equal", src: crlf, known: []byte("# Windows\n\nText.\n"), want: "# Windows\n\nText.\n"},
		{name: "empty", src: empty, want: ""},
		{name: "missing", src: Source{File: "content/gone.md", Path: filepath.Join(dir, "gone.md")},
			err: "content/gone.md: cannot read file: no such file or directory"},
		{name: "a folder", src: Source{File: "content/dir.md", Path: dir}, err: "content/dir.md: cannot read file: is a directory"},
	}
	buf := new([]byte)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, d, ok := ReadMarkdownInto(tc.src, buf, tc.known)
			if tc.err != "" {
				require.False(t, ok)
				assert.Equal(t, tc.err, d.File+": "+d.Message)
				return
			}
			require.True(t, ok, d.Message)
			assert.Equal(t, tc.want, string(data))
			assert.Equal(t, tc.isKnown, tc.known != nil && sameSlice(data, tc.known))
			fresh, _, ok := ReadMarkdown(tc.src)
			require.True(t, ok)
			assert.Equal(t, string(fresh), string(data), "ReadMarkdown reads the same")
		})
	}
	require.NotNil(t, *buf, "the buffer is kept for the next file")
	first := &(*buf)[:1][0]
	_, _, ok := ReadMarkdownInto(plain, buf, nil)
	require.True(t, ok)
	assert.Same(t, first, &(*buf)[:1][0], "a file that fits is read into the same storage")
}

// TestReadMarkdownIntoTooLarge checks the size limit without a stat: the
// message still names the file's size.
func TestReadMarkdownIntoTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.md")
	require.NoError(t, os.WriteFile(p, []byte(strings.Repeat("a", MaxMarkdownSize+(2<<20))), 0o644))
	for _, buf := range []*[]byte{nil, new([]byte)} {
		_, d, ok := ReadMarkdownInto(Source{File: "content/big.md", Path: p}, buf, nil)
		require.False(t, ok)
		assert.Equal(t, "Markdown file is 12 MiB, larger than the 10 MiB limit", d.Message)
		assert.Equal(t, "split the page into several pages", d.Hint)
	}
}

// sameSlice reports whether a and b are the very same bytes in memory.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
