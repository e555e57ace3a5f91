package output

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
)

// TestCheckOutDirRefuses: an --out that is, holds or lies inside a system
// folder, that is or holds the root, the home, working, content or templates
// folder, or a shared folder like /tmp, is refused before anything is
// touched. CheckOutDir only reads: no case here writes outside t.TempDir().
func TestCheckOutDirRefuses(t *testing.T) {
	work := t.TempDir()
	home := filepath.Join(work, "home")
	content := filepath.Join(work, "proj", "content")
	require.NoError(t, os.MkdirAll(content, 0o755))
	require.NoError(t, os.Symlink("/etc", filepath.Join(work, "etc-link")))
	protect := []Protected{
		{Path: filepath.Join(work, "proj"), Shown: "proj", What: "the working directory"},
		{Path: home, Shown: home, What: "the home folder"},
		{Path: content, Shown: "content", What: "the content directory", NoInside: true},
	}
	tests := []struct {
		out, want string
	}{
		{"/", "is the file system's root"},
		{"/etc", "is, holds or lies inside the system folder /etc"},
		{"/etc/docproof-site", "is, holds or lies inside the system folder /etc"},
		{"/usr", "is, holds or lies inside the system folder /usr"},
		{"/usr/share/doc/site", "is, holds or lies inside the system folder /usr"},
		{"/bin", "is, holds or lies inside the system folder /bin"},
		{"/var", "is or holds the shared folder /var"},
		{"/home", "is or holds the shared folder /home"},
		{os.TempDir(), "is or holds the shared folder"},
		{filepath.Join(work, "etc-link"), "is, holds or lies inside the system folder /etc"},
		{filepath.Join(work, "etc-link", "site"), "is, holds or lies inside the system folder /etc"},
		{home, "is or holds the home folder (" + home + ")"},
		{filepath.Dir(home), "is or holds the"},
		{filepath.Join(work, "proj"), "is or holds the working directory (proj)"},
		{content, "is or holds the content directory (content)"},
		{filepath.Join(content, "public"), "lies inside the content directory (content)"},
	}
	for _, tt := range tests {
		t.Run(tt.out, func(t *testing.T) {
			err := CheckOutDir(tt.out, tt.out, protect)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "pass --out with a new folder")
		})
	}
	for _, ok := range []string{filepath.Join(work, "proj", "public"), filepath.Join(home, "site", "public"),
		filepath.Join(work, "elsewhere", "new", "public")} {
		assert.NoError(t, CheckOutDir(ok, ok, protect), ok)
	}
}

// TestCheckOwnFolder: a missing or empty folder, one docproof published
// (its marker, or an older docproof's pages) may be replaced; a folder of
// someone else's files, a file and a symlink may not, and the error says
// why and what to do.
func TestCheckOwnFolder(t *testing.T) {
	page := "<!DOCTYPE html>\n<html><head>\n" + string(legacySignature) + "\n</head></html>\n"
	tests := []struct {
		name  string
		files map[string]string
		link  bool
		want  string // "" accepted
	}{
		{name: "missing"},
		{name: "empty", files: map[string]string{}},
		{name: "marker", files: map[string]string{MarkerFile: markerText, "index.html": "x"}},
		{name: "older docproof site", files: map[string]string{"index.html": page, "assets/site.css": "x"}},
		{name: "older docproof 404 only", files: map[string]string{"404.html": page}},
		{name: "someone else's files", files: map[string]string{"notes.txt": "mine"},
			want: "is a folder docproof did not create (it is not empty and holds no .docproof-output file)"},
		{name: "someone else's site", files: map[string]string{"index.html": "<html><head><meta name=\"generator\" content=\"Hugo\"></head></html>"},
			want: "pass --out with a new or empty folder, or delete"},
		{name: "marker is a folder", files: map[string]string{MarkerFile + "/x": "x"}, want: "docproof did not create"},
		{name: "symlink", link: true, want: "is a symlink"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			switch {
			case tt.link:
				require.NoError(t, os.Mkdir(out+"-real", 0o755))
				require.NoError(t, os.Symlink(out+"-real", out))
			case tt.files != nil:
				require.NoError(t, os.Mkdir(out, 0o755))
				testtree.Write(t, out, tt.files)
			}
			err := checkOwnFolder("public", out)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
