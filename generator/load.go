package generator

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/docproof/docproof/generator/diag"
)

// MaxMarkdownSize is the largest Markdown file Load accepts.
const MaxMarkdownSize = 10 << 20

// Load reads every file under dir, in lexical order. Markdown files (.md,
// .markdown) are read into Data and must be UTF-8 without NUL bytes; other
// files keep Data nil and are copied from Path when the site is written.
// Hidden files and editor leftovers (".x", "x~", "x.swp", "#x#") are ignored.
// Symlinks are followed; a symlink loop or a broken link is an error.
func Load(dir string) ([]Source, diag.List) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, diag.List{diag.Errorf(filepath.ToSlash(dir), 0, "content directory does not exist").
			WithHint("create it, or pass --content DIR")}
	case err != nil:
		return nil, diag.List{diag.Errorf(filepath.ToSlash(dir), 0, "cannot read content directory: %v", errors.Unwrap(err))}
	case !fi.IsDir():
		return nil, diag.List{diag.Errorf(filepath.ToSlash(dir), 0, "content path is not a directory").
			WithHint("pass --content DIR with a directory of Markdown files")}
	}
	l := &loader{root: dir}
	l.walk(dir, "", []os.FileInfo{fi})
	return l.srcs, l.diags
}

type loader struct {
	root  string
	srcs  []Source
	diags diag.List
}

func (l *loader) walk(dirPath, rel string, ancestors []os.FileInfo) {
	entries, err := os.ReadDir(dirPath)
	if err != nil {
		l.diags = append(l.diags, diag.Errorf(l.display(rel), 0, "cannot read directory: %v", errors.Unwrap(err)))
		return
	}
	for _, e := range entries {
		name := e.Name()
		if ignoredName(name) {
			continue
		}
		full := filepath.Join(dirPath, name)
		childRel := path.Join(rel, name)
		fi, err := os.Stat(full) // follows symlinks
		if err != nil {
			l.diags = append(l.diags, statProblem(l.display(childRel), e, err))
			continue
		}
		switch {
		case fi.IsDir():
			if loopsBack(fi, ancestors) {
				l.diags = append(l.diags, diag.Errorf(l.display(childRel), 0, "symlink loop: this directory links back to one of its parents").
					WithHint("remove the symlink or point it outside content/"))
				continue
			}
			l.walk(full, childRel, append(ancestors[:len(ancestors):len(ancestors)], fi))
		case fi.Mode().IsRegular():
			l.file(full, childRel, fi)
		default:
			l.diags = append(l.diags, diag.Errorf(l.display(childRel), 0, "not a regular file or directory (%s)", fi.Mode().Type()))
		}
	}
}

func (l *loader) display(rel string) string {
	return filepath.ToSlash(filepath.Join(l.root, filepath.FromSlash(rel)))
}

func (l *loader) file(full, rel string, fi os.FileInfo) {
	src := Source{Rel: rel, File: l.display(rel), Path: full}
	if !isMarkdown(rel) {
		l.srcs = append(l.srcs, src)
		return
	}
	if fi.Size() > MaxMarkdownSize {
		l.diags = append(l.diags, diag.Errorf(src.File, 0, "Markdown file is %d MiB, larger than the %d MiB limit", fi.Size()>>20, MaxMarkdownSize>>20).
			WithHint("split the page into several pages"))
		return
	}
	data, err := os.ReadFile(full)
	if err != nil {
		l.diags = append(l.diags, diag.Errorf(src.File, 0, "cannot read file: %v", errors.Unwrap(err)))
		return
	}
	if len(data) > MaxMarkdownSize { // grew after Stat
		l.diags = append(l.diags, diag.Errorf(src.File, 0, "Markdown file is larger than the %d MiB limit", MaxMarkdownSize>>20))
		return
	}
	if d, ok := checkText(src.File, data); !ok {
		l.diags = append(l.diags, d)
		return
	}
	// A BOM and Windows line endings are normalised away; lines keep their numbers.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	src.Data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	l.srcs = append(l.srcs, src)
}

// checkText rejects NUL bytes and invalid UTF-8, naming the line and column.
func checkText(file string, data []byte) (diag.Diagnostic, bool) {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			d := diag.Errorf(file, line, "invalid UTF-8 byte 0x%02x", data[i]).WithHint("save the file as UTF-8")
			d.Col = col
			return d, false
		case r == 0:
			d := diag.Errorf(file, line, "NUL byte in Markdown").WithHint("is this a binary file? give it a non-.md extension")
			d.Col = col
			return d, false
		case r == '\n':
			line, col = line+1, 1
		default:
			col += size
		}
		i += size
	}
	return diag.Diagnostic{}, true
}

func statProblem(file string, e fs.DirEntry, err error) diag.Diagnostic {
	if e.Type()&fs.ModeSymlink != 0 {
		if errors.Is(err, syscall.ELOOP) {
			return diag.Errorf(file, 0, "symlink loop").WithHint("fix or remove the symlink")
		}
		if errors.Is(err, fs.ErrNotExist) {
			return diag.Errorf(file, 0, "broken symlink: its target does not exist").WithHint("fix or remove the symlink")
		}
	}
	return diag.Errorf(file, 0, "cannot read: %v", errors.Unwrap(err))
}

func loopsBack(fi os.FileInfo, ancestors []os.FileInfo) bool {
	for _, a := range ancestors {
		if os.SameFile(fi, a) {
			return true
		}
	}
	return false
}

// ignoredName reports hidden files and editor temporaries.
func ignoredName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".swo")
}

func isMarkdown(rel string) bool {
	ext := strings.ToLower(path.Ext(rel))
	return ext == ".md" || ext == ".markdown"
}

// pageURL is the pretty URL of a Markdown source: "a/b.md" → "/a/b/",
// "a/index.md" → "/a/", "index.md" → "/".
func pageURL(rel string) string {
	p := strings.TrimSuffix(rel, path.Ext(rel))
	if path.Base(p) == "index" {
		p = path.Dir(p)
	}
	if p == "." || p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// outputPath is where a page's HTML goes below the output dir, slash-separated.
func outputPath(url string) string {
	return strings.TrimPrefix(url, "/") + "index.html"
}
