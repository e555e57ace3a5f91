package source

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
	"github.com/docproof/docproof/generator/source/urlscheme"
)

// MaxMarkdownSize is the largest Markdown file ReadMarkdown accepts.
const MaxMarkdownSize = 10 << 20

// List walks dir in lexical order and returns its files: Markdown pages
// (.md, .markdown) and static files, copied from Path when the site is
// written. Data is nil: a page is read when it is needed (ReadMarkdown), and a
// file that cannot be read is found then. Hidden files and editor leftovers
// (".x", "x~", "x.swp", "#x#") are ignored. Symlinks inside dir are followed;
// one that leads outside dir, a symlink loop or a broken link is an error at
// its path. Every file is opened through dir's os.Root, so nothing outside
// dir is ever read.
func List(dir string) ([]Source, diag.List) {
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
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, diag.List{diag.Errorf(filepath.ToSlash(dir), 0, "cannot read content directory: %v", cause(err))}
	}
	l := &loader{root: dir, fsys: root}
	l.walk(dir, "", []os.FileInfo{fi})
	return l.finish()
}

// loader walks the content tree in lexical order, noting each file and each
// problem as it meets them.
type loader struct {
	root  string
	fsys  *os.Root // root, opened: every look below it goes through it
	srcs  []Source
	diags diag.List
}

func (l *loader) problem(d diag.Diagnostic) { l.diags = append(l.diags, d) }

// finish returns the sources and the problems, each in walk order.
func (l *loader) finish() ([]Source, diag.List) { return l.srcs, l.diags }

func (l *loader) walk(dirPath, rel string, ancestors []os.FileInfo) {
	entries, err := l.readDir(rel)
	if err != nil {
		l.problem(diag.Errorf(l.display(rel), 0, "cannot read directory: %v", errors.Unwrap(err)))
		return
	}
	for _, e := range entries {
		name := e.Name()
		if ignoredName(name) {
			continue
		}
		full := filepath.Join(dirPath, name)
		childRel := path.Join(rel, name)
		if e.Type().IsRegular() { // not a symlink: nothing to follow, its size is checked once open
			l.file(full, childRel)
			continue
		}
		fi, err := l.fsys.Stat(filepath.FromSlash(childRel)) // follows symlinks, never out of the root
		if err != nil {
			l.problem(l.statProblem(childRel, full, e, err))
			continue
		}
		switch {
		case fi.IsDir():
			if loopsBack(fi, ancestors) {
				l.problem(diag.Errorf(l.display(childRel), 0, "symlink loop: this directory links back to one of its parents").
					WithHint("remove the symlink"))
				continue
			}
			l.walk(full, childRel, append(ancestors[:len(ancestors):len(ancestors)], fi))
		case fi.Mode().IsRegular():
			l.file(full, childRel)
		default:
			l.problem(diag.Errorf(l.display(childRel), 0, "not a regular file or directory (%s)", fi.Mode().Type()))
		}
	}
}

// resolvesInside reports whether the symlink at full resolves to a path
// below the content folder.
func (l *loader) resolvesInside(full string) bool {
	real, err := filepath.EvalSymlinks(full)
	root, rerr := filepath.EvalSymlinks(l.root)
	return err == nil && rerr == nil && within(real, root)
}

// readDir lists the folder rel (below the root), sorted by name.
func (l *loader) readDir(rel string) ([]fs.DirEntry, error) {
	if rel == "" {
		rel = "."
	}
	return fs.ReadDir(l.fsys.FS(), rel)
}

func (l *loader) display(rel string) string {
	return filepath.ToSlash(filepath.Join(l.root, filepath.FromSlash(rel)))
}

func (l *loader) file(full, rel string) {
	l.srcs = append(l.srcs, Source{Rel: rel, File: l.display(rel), Path: full, root: l.fsys})
}

// ReadMarkdown reads and checks one Markdown file: at most MaxMarkdownSize,
// UTF-8 without NUL bytes. A BOM and Windows line endings are normalised
// away; lines keep their numbers. The bytes are the caller's.
func ReadMarkdown(src Source) ([]byte, diag.Diagnostic, bool) { return ReadMarkdownInto(src, nil, nil) }

// ReadMarkdownInto is ReadMarkdown reading into *buf's storage, which it
// keeps (grown if needed) for the next file: the bytes returned may be part
// of it, valid until then. A nil buf reads into a new slice of the file's size.
//
// known is what an earlier ReadMarkdown of the file returned, or nil: when
// the file holds exactly those bytes, known itself is returned without
// checking them again (they passed, and normalising them changes nothing).
func ReadMarkdownInto(src Source, buf *[]byte, known []byte) ([]byte, diag.Diagnostic, bool) {
	var into []byte
	if buf != nil {
		into = *buf
		if into == nil {
			into = make([]byte, 0, 64<<10)
		}
	}
	data, err := readSourceInto(src, into, MaxMarkdownSize)
	if buf != nil {
		*buf = data[:0]
	}
	if err != nil {
		return nil, diag.Errorf(src.File, 0, "cannot read file: %v", err), false
	}
	if len(data) > MaxMarkdownSize {
		size := int64(len(data))
		if fi, err := os.Stat(src.Path); err == nil && fi.Size() > size {
			size = fi.Size()
		}
		return nil, diag.Errorf(src.File, 0, "Markdown file is %d MiB, larger than the %d MiB limit", size>>20, MaxMarkdownSize>>20).
			WithHint("split the page into several pages"), false
	}
	if known != nil && bytes.Equal(known, data) {
		return known, diag.Diagnostic{}, true
	}
	if d, ok := CheckText(src.File, data); !ok {
		return nil, d, false
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return data, diag.Diagnostic{}, true
}

// CheckText rejects NUL bytes and invalid UTF-8, naming the line and column.
func CheckText(file string, data []byte) (diag.Diagnostic, bool) {
	if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 { // the common case, without decoding rune by rune
		return diag.Diagnostic{}, true
	}
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

// statProblem words why the entry e at rel (full on disk) cannot be
// followed: a symlink out of the content folder, a loop, a broken link.
func (l *loader) statProblem(rel, full string, e fs.DirEntry, err error) diag.Diagnostic {
	file := l.display(rel)
	if e.Type()&fs.ModeSymlink != 0 {
		_, oerr := os.Stat(full)
		switch {
		case oerr == nil: // it resolves, but not below the root
			target, _ := os.Readlink(full)
			if filepath.IsAbs(target) && l.resolvesInside(full) {
				return diag.Errorf(file, 0, "symlink has an absolute target (%s)", target).
					WithHint("make it relative (ln -sr), so it stays inside the content directory wherever the folder moves")
			}
			return diag.Errorf(file, 0, "symlink leads outside the content directory (to %s)", target).
				WithHint("copy what it points to into " + filepath.ToSlash(l.root) + ", or point the link inside it")
		case errors.Is(err, syscall.ELOOP), errors.Is(oerr, syscall.ELOOP):
			return diag.Errorf(file, 0, "symlink loop").WithHint("fix or remove the symlink")
		case errors.Is(err, fs.ErrNotExist), errors.Is(oerr, fs.ErrNotExist):
			return diag.Errorf(file, 0, "broken symlink: its target does not exist").WithHint("fix or remove the symlink")
		}
	}
	return diag.Errorf(file, 0, "cannot read: %v", cause(err))
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

// IsMarkdown reports whether rel is a Markdown page (.md, .markdown, any
// case): the other files are copied as they are.
func IsMarkdown(rel string) bool {
	ext := strings.ToLower(path.Ext(rel))
	return ext == ".md" || ext == ".markdown"
}

// URL is the pretty URL of a Markdown source: "a/b.md" → "/a/b/",
// "a/index.md" → "/a/", "index.md" → "/".
func URL(rel string) string { return urlscheme.Pretty.PageURL(rel) }
