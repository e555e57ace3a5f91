package secretscan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
)

// TestSiteScanLateIssuedValues checks that files scanned before a later
// page's mock issued a value are scanned again when they may hold it, and
// only then, and that the verdict equals a scan of the finished tree.
func TestSiteScanLateIssuedValues(t *testing.T) {
	const plain = "not-shaped-secret-value" // no token prefix: any text may hold it
	files := map[string]string{
		"a/index.html": "<p>\n" + plain + "</p>",          // holds the plain value
		"b/index.html": "<p>\n\n" + issuedToken + "</p>",  // holds the shaped value (a token prefix)
		"c/index.html": "<p>nothing to see</p>",           // holds neither, no prefix
		"d/index.html": "<p>bkar_EXAMPLE placeholder</p>", // a prefix, but no value
	}
	scanAll := func(dir string, late []string) (*Scan, testtree.Dir) {
		tree := testtree.Dir(dir)
		s := New(Memo{}, nil)
		for _, rel := range []string{"a/index.html", "b/index.html", "c/index.html", "d/index.html"} {
			data, err := tree.ReadFile(rel)
			require.NoError(t, err)
			s.File(rel, data, "")
		}
		s.AddIssued(late) // issued by a page verified after these were written
		return s, tree
	}

	dir := writeSecretsSite(t, files)
	s, tree := scanAll(dir, []string{plain, issuedToken})
	got := s.Finish(tree, func(*Leak) {})
	want := scanSite(dir, nil, []string{plain, issuedToken}, scanMemo{})
	require.Len(t, want, 2)
	assert.Equal(t, want, got, "late values are found as if known from the start")
	assert.Contains(t, got[1].Message, "issued by the docproof mock")

	// A shaped late value cannot be in a file without a token prefix: such a
	// file is not read back (removing it from the tree would otherwise be an
	// error), while one with a prefix is.
	dir = writeSecretsSite(t, files)
	s, tree = scanAll(dir, []string{issuedToken})
	require.NoError(t, os.Remove(filepath.Join(dir, "a", "index.html")))
	require.NoError(t, os.Remove(filepath.Join(dir, "c", "index.html")))
	got = s.Finish(tree, func(*Leak) {})
	require.Len(t, got, 1)
	assert.Equal(t, "b/index.html", got[0].File)
	assert.Equal(t, 3, got[0].Line)

	// A plain late value may be anywhere: every file scanned before it is read back.
	dir = writeSecretsSite(t, files)
	s, tree = scanAll(dir, []string{plain})
	require.NoError(t, os.Remove(filepath.Join(dir, "c", "index.html")))
	got = s.Finish(tree, func(*Leak) {})
	require.NotEmpty(t, got)
	assert.Contains(t, got.Error(), "cannot scan the generated site for token values")
}

// TestSiteScanAddIssuedRepeats checks addIssued with the lists pages hand
// it (the same values again and again): each value is added once, in
// first-seen order, and the finder and key change only when one is new.
func TestSiteScanAddIssuedRepeats(t *testing.T) {
	s := New(Memo{}, nil)
	_, key0, _ := s.current()
	s.AddIssued([]string{"tok-a", "tok-b"})
	s.AddIssued([]string{"tok-a", "tok-b"})
	f1, key1, n1 := s.current()
	s.AddIssued([]string{"tok-a", "tok-b"})
	f2, key2, n2 := s.current()
	assert.Equal(t, 2, n1)
	assert.NotEqual(t, key0, key1)
	assert.True(t, f1 == f2 && key1 == key2 && n2 == 2, "the same list again changes nothing")
	s.AddIssued([]string{"tok-b", "tok-c"})
	s.AddIssued(nil)
	_, key3, n3 := s.current()
	assert.Equal(t, 3, n3)
	assert.Equal(t, issuedKey([]string{"tok-a", "tok-b", "tok-c"}), key3)
	assert.Equal(t, []string{"tok-a", "tok-b", "tok-c"}, s.Issued())
}
