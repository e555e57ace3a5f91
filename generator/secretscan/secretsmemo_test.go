package secretscan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/markdown"
)

// positions lists the file:line of each diagnostic.
func positions(t *testing.T, dir string, pages []*markdown.Page, issued []string, memo scanMemo) []string {
	t.Helper()
	var out []string
	for _, d := range scanSite(dir, pages, issued, memo) {
		out = append(out, d.Pos())
	}
	return out
}

func TestScanMemo(t *testing.T) {
	realToken := "bkar_" + secretBody73
	dir := writeSecretsSite(t, map[string]string{
		"a/index.html": "<p>clean</p>",
		"b/index.html": "<html>\n<pre>" + issuedToken + "</pre>",
		"extra.js":     "// no key: always read",
	})
	c := newMemCache()
	memo := scanMemo{known: map[string]string{"a/index.html": "key-a", "b/index.html": "key-b"}, cache: c}
	issued := []string{issuedToken}

	want := positions(t, dir, nil, issued, scanMemo{})
	require.Equal(t, []string{"b/index.html:2"}, want)
	assert.Equal(t, want, positions(t, dir, nil, issued, memo), "cold memo")
	assert.Equal(t, want, positions(t, dir, nil, issued, memo), "warm memo: same finds")

	// A file whose key is unchanged is not read again ...
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "index.html"), []byte(issuedToken), 0o644))
	assert.Equal(t, want, positions(t, dir, nil, issued, memo), "a known, unchanged file keeps its verdict")
	// ... a new key means new bytes: read and scanned afresh.
	memo.known["a/index.html"] = "key-a2"
	fresh := scanSite(dir, nil, issued, scanMemo{})
	require.Len(t, fresh, 1)
	assert.Contains(t, fresh[0].Message, "and 1 more output file")
	assert.Equal(t, fresh, scanSite(dir, nil, issued, memo))

	// Files without a key are always read.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "extra.js"), []byte("\n"+realToken), 0o644))
	fresh = scanSite(dir, nil, issued, scanMemo{})
	require.Len(t, fresh, 2)
	assert.Equal(t, fresh, scanSite(dir, nil, issued, memo))
}

// TestScanMemoIssuedValues checks that the verdict on an unchanged file is
// not reused once the set of issued values changes.
func TestScanMemoIssuedValues(t *testing.T) {
	const plainSecret = "not-shaped-secret"
	dir := writeSecretsSite(t, map[string]string{"a/index.html": "<p>\n" + plainSecret + "</p>"})
	memo := scanMemo{known: map[string]string{"a/index.html": "key-a"}, cache: newMemCache()}
	assert.Empty(t, positions(t, dir, nil, nil, memo))
	assert.Equal(t, []string{"a/index.html:2"}, positions(t, dir, nil, []string{plainSecret}, memo))
	assert.Equal(t, []string{"a/index.html:2"}, positions(t, dir, nil, []string{plainSecret, plainSecret}, memo), "repeats do not matter")
	assert.Empty(t, positions(t, dir, nil, nil, memo))
}

// TestScanMemoTagStripped checks that a token split by markup, found only in
// the tag-stripped text, is found again from the memo, and reported once.
func TestScanMemoTagStripped(t *testing.T) {
	split := "<span>bkar_</span><span>" + secretBody73 + "</span>"
	dir := writeSecretsSite(t, map[string]string{"a/index.html": split, "b/index.html": split})
	memo := scanMemo{known: map[string]string{"a/index.html": "ka", "b/index.html": "kb"}, cache: newMemCache()}
	want := scanSite(dir, nil, nil, scanMemo{})
	require.Len(t, want, 1)
	for range 2 {
		got := scanSite(dir, nil, nil, memo)
		assert.Equal(t, want, got)
	}
}

func TestIssuedKey(t *testing.T) {
	assert.Equal(t, issuedKey([]string{"b", "a", "a"}), issuedKey([]string{"a", "b"}))
	assert.NotEqual(t, issuedKey([]string{"ab"}), issuedKey([]string{"a", "b"}))
	assert.NotEqual(t, issuedKey(nil), issuedKey([]string{"a"}))
}
