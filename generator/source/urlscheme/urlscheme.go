// Package urlscheme maps the path of a content file to the URL it is
// published at, for the URL schemes docproof supports besides its own
// pretty URLs ("a/b.md" → "/a/b/"):
//
//   - Docs, the Buildkite docs' scheme: "pages/a_b/c_d.md" is published at
//     "/docs/a-b/c-d" (a /docs prefix, no extension, every underscore of a
//     folder or file name a dash). docproof writes it as "/docs/a-b/c-d/"
//     (a folder with index.html), which the link check treats as the same
//     page, so links written without the trailing slash resolve.
//
// Files whose name starts with "_" are partials under this scheme: they are
// included by other pages and are never pages themselves (IsPartial).
package urlscheme

import (
	"path"
	"strings"
)

// Scheme names a URL scheme of docproof.yaml's "urls" setting.
type Scheme string

// The schemes.
const (
	Pretty Scheme = ""     // "a/b.md" → "/a/b/", "a/index.md" → "/a/"
	Docs   Scheme = "docs" // "a_b/c_d.md" → "/docs/a-b/c-d/"
)

// Valid reports whether s names a known scheme.
func (s Scheme) Valid() bool { return s == Pretty || s == "pretty" || s == Docs }

// PageURL is the URL of the Markdown file at rel (slash-separated, relative
// to the content folder), with a trailing slash.
func (s Scheme) PageURL(rel string) string {
	p := strings.TrimSuffix(rel, path.Ext(rel))
	if s == Docs {
		return "/docs/" + strings.ReplaceAll(p, "_", "-") + "/"
	}
	if path.Base(p) == "index" {
		p = path.Dir(p)
	}
	if p == "." || p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// IsPartial reports whether the file at rel is a partial under s: a file
// whose name starts with "_" under Docs; never under Pretty.
func (s Scheme) IsPartial(rel string) bool {
	return s == Docs && strings.HasPrefix(path.Base(rel), "_")
}

// PartialFile is the file a partial named "a/b" is read from: "a/_b.md".
// A name that already ends in ".md" or starts with "_" keeps those.
func PartialFile(name string) string {
	dir, base := path.Split(strings.TrimPrefix(name, "/"))
	if !strings.HasPrefix(base, "_") {
		base = "_" + base
	}
	if !strings.HasSuffix(base, ".md") {
		base += ".md"
	}
	return dir + base
}
