package source

import (
	"os"
	"path/filepath"
	"strings"
)

// Source is one file under content/.
type Source struct {
	Rel  string // slash path relative to the content dir, e.g. "agent/v3/tokens.md"
	File string // path as shown in diagnostics, e.g. "content/agent/v3/tokens.md"
	Data []byte // file contents (Markdown only; nil for static files)
	Path string // OS path of the file, for diagnostics and tools

	root *os.Root // the content folder List found the file in: it is opened through it (readSourceInto)
}

// FrontMatter is the YAML block at the top of a page.
type FrontMatter struct {
	Title       string            `yaml:"title"`
	Description string            `yaml:"description"`
	Weight      int               `yaml:"weight"`
	Draft       bool              `yaml:"draft"`
	TOC         *bool             `yaml:"toc"`  // false: no table of contents on the page
	Bind        map[string]string `yaml:"bind"` // literal placeholder in samples → variable name
	Env         EnvConfig         `yaml:"env"`  // reader-facing variable names → the mock's, over docproof.yaml's
	BodyLine    int               `yaml:"-"`    // 1-based line where the Markdown body starts
}

// within reports whether path is dir or lies below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Beside is the file rel (slash-separated, below the content folder) of the
// content folder src was found in, opened through the same os.Root: a
// partial a page includes. ok is false when there is no such file.
func (src Source) Beside(rel string) (Source, bool) {
	osDir := strings.TrimSuffix(src.Path, filepath.FromSlash(src.Rel))
	b := Source{Rel: rel, File: strings.TrimSuffix(src.File, src.Rel) + rel, Path: filepath.Join(osDir, filepath.FromSlash(rel)), root: src.root}
	var err error
	if src.root != nil {
		_, err = src.root.Stat(filepath.FromSlash(rel))
	} else {
		_, err = os.Stat(b.Path)
	}
	return b, err == nil
}
