package theme

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/templates"
)

func TestWriteAssetsHashesNamesAndKeepsContent(t *testing.T) {
	fsys := fstest.MapFS{
		"page.html":          {Data: []byte("x")},
		"assets/site.css":    {Data: []byte("body{}")},
		"assets/icons/a.svg": {Data: []byte("<svg/>")},
		"assets/.DS_Store":   {Data: []byte("junk")},
		"assets/.git/config": {Data: []byte("junk")},
		"assets/noext":       {Data: []byte("plain")},
	}
	dir := t.TempDir()
	urls, err := WriteAssets(fsys, testtree.Dir(dir))
	require.NoError(t, err)
	require.Len(t, urls, 3)
	hashed := regexp.MustCompile(`^/assets/(icons/)?[a-z]+\.[0-9a-f]{8}(\.[a-z]+)?$`)
	for logical, url := range urls {
		assert.Regexp(t, hashed, url, logical)
		want, err := fsys.Open("assets/" + logical)
		require.NoError(t, err)
		st, _ := want.Stat()
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(url, "/"))))
		require.NoError(t, err, "asset %s not written at %s", logical, url)
		assert.Len(t, got, int(st.Size()))
	}
	assert.Equal(t, "/assets/site."+urls["site.css"][len("/assets/site."):], urls["site.css"])
	assert.True(t, strings.HasPrefix(urls["icons/a.svg"], "/assets/icons/a."))
	_, err = os.Stat(filepath.Join(dir, "assets", ".DS_Store"))
	assert.ErrorIs(t, err, os.ErrNotExist, "hidden files are not published")
}

func TestWriteAssetsNameChangesWithContent(t *testing.T) {
	one, err := WriteAssets(fstest.MapFS{"assets/site.css": {Data: []byte("a{}")}}, testtree.Dir(t.TempDir()))
	require.NoError(t, err)
	same, err := WriteAssets(fstest.MapFS{"assets/site.css": {Data: []byte("a{}")}}, testtree.Dir(t.TempDir()))
	require.NoError(t, err)
	other, err := WriteAssets(fstest.MapFS{"assets/site.css": {Data: []byte("b{}")}}, testtree.Dir(t.TempDir()))
	require.NoError(t, err)
	assert.Equal(t, one["site.css"], same["site.css"], "same bytes, same name")
	assert.NotEqual(t, one["site.css"], other["site.css"], "new bytes, new name")
}

func TestWriteAssetsWithoutAssetsFolder(t *testing.T) {
	urls, err := WriteAssets(fstest.MapFS{"page.html": {Data: []byte("x")}}, testtree.Dir(t.TempDir()))
	require.NoError(t, err)
	assert.Empty(t, urls)
}

func TestWriteAssetsReportsUnwritableOutput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	_, err := WriteAssets(fstest.MapFS{"assets/site.css": {Data: []byte("a{}")}}, testtree.Dir(file))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "writing assets")
}

func TestWriteAssetsEmbeddedSet(t *testing.T) {
	urls, err := WriteAssets(templates.FS(), testtree.Dir(t.TempDir()))
	require.NoError(t, err)
	for _, name := range []string{"site.css", "chroma.css", "site.js", "search.js", "favicon.svg"} {
		assert.Contains(t, urls, name)
	}
}
