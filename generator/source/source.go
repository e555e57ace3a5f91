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
	Bind        map[string]string `yaml:"bind"` // literal placeholder in samples → variable name
	Env         EnvConfig         `yaml:"env"`  // reader-facing variable names → the mock's, over docproof.yaml's
	BodyLine    int               `yaml:"-"`    // 1-based line where the Markdown body starts
}

// within reports whether path is dir or lies below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
