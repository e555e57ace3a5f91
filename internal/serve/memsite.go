package serve

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// siteFile is one file of a built site held in memory.
type siteFile struct {
	data    []byte      // shared with the generator's cache: never modified
	modTime time.Time   // when a served site first held these bytes (Last-Modified)
	since   int         // the build that first held these bytes (ETag)
	src     os.FileInfo // for a static file: its source as it was read; nil for generated files
}

// snapshot is the site of one successful build, in memory: what the
// generator wrote, by slash path below the site root. It is immutable once
// made, so requests read it without locks while the next build fills another.
// It is an fs.FS (directories included) for anything that wants to walk it.
type snapshot struct {
	files map[string]*siteFile
	dirs  map[string]bool // every folder that holds a file, "." (the root) included
	made  time.Time

	listOnce sync.Once
	lists    map[string][]fs.DirEntry // folder → its sorted entries, made on first use
}

// newSnapshot makes the snapshot of the files of build number build, taking
// the modification time and build number of a file over from prev when it
// holds the same bytes, so Last-Modified and the ETag only move for files a
// build changed. The same slice means the same bytes (the generator hands
// out its cached slices for unchanged pages and never modifies a slice it
// wrote; unchanged static files keep theirs); other files that are not pages
// (assets, the search index, robots.txt: regenerated every build) are
// compared, when their lengths match. Pages are sent no-store, without an
// ETag: comparing them would be wasted. It refuses a path that is both a
// file and a folder: a disk tree could not hold it either.
func newSnapshot(files map[string][]byte, srcs map[string]os.FileInfo, prev *snapshot, now time.Time, build int) (*snapshot, error) {
	s := &snapshot{files: make(map[string]*siteFile, len(files)), dirs: map[string]bool{".": true}, made: now}
	all := make([]siteFile, 0, len(files)) // one allocation for every entry
	for rel, data := range files {
		f := siteFile{data: data, modTime: now, since: build, src: srcs[rel]}
		if prev != nil {
			if old, ok := prev.files[rel]; ok && (sameBytes(old.data, data) ||
				len(old.data) == len(data) && !isHTML(rel) && bytes.Equal(old.data, data)) {
				f.modTime, f.since = old.modTime, old.since
			}
		}
		all = append(all, f)
		s.files[rel] = &all[len(all)-1]
		for d := parent(rel); !s.dirs[d]; d = parent(d) {
			s.dirs[d] = true
		}
	}
	for d := range s.dirs {
		if _, ok := s.files[d]; ok {
			return nil, &fs.PathError{Op: "write", Path: d, Err: errFileAndFolder}
		}
	}
	return s, nil
}

// parent is path.Dir of a valid fs path (no cleaning needed).
func parent(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return "."
}

// sameBytes reports whether a and b are the same slice.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// lookup returns the file at a slash path.
func (s *snapshot) lookup(rel string) (*siteFile, bool) {
	f, ok := s.files[rel]
	return f, ok
}

// isDir reports whether rel is a folder of the site.
func (s *snapshot) isDir(rel string) bool { return s.dirs[rel] }

// Open implements fs.FS.
func (s *snapshot) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if f, ok := s.files[name]; ok {
		return &openFile{Reader: bytes.NewReader(f.data), info: fileInfo{name: path.Base(name), size: int64(len(f.data)),
			mode: 0o444, mod: f.modTime}}, nil
	}
	if s.dirs[name] {
		return &openDir{info: s.dirInfo(name), entries: s.list(name)}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (s *snapshot) dirInfo(name string) fileInfo {
	return fileInfo{name: path.Base(name), mode: fs.ModeDir | 0o555, mod: s.made}
}

// list returns the entries of a folder, sorted by name.
func (s *snapshot) list(dir string) []fs.DirEntry {
	s.listOnce.Do(func() {
		s.lists = make(map[string][]fs.DirEntry, len(s.dirs))
		for rel, f := range s.files {
			d := path.Dir(rel)
			info := fileInfo{name: path.Base(rel), size: int64(len(f.data)), mode: 0o444, mod: f.modTime}
			s.lists[d] = append(s.lists[d], fs.FileInfoToDirEntry(info))
		}
		for rel := range s.dirs {
			if rel != "." {
				d := path.Dir(rel)
				s.lists[d] = append(s.lists[d], fs.FileInfoToDirEntry(s.dirInfo(rel)))
			}
		}
		for _, l := range s.lists {
			slices.SortFunc(l, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
		}
	})
	return s.lists[dir]
}

// fileInfo describes a file or folder of a snapshot.
type fileInfo struct {
	name string
	size int64
	mode fs.FileMode
	mod  time.Time
}

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) Mode() fs.FileMode  { return i.mode }
func (i fileInfo) ModTime() time.Time { return i.mod }
func (i fileInfo) IsDir() bool        { return i.mode.IsDir() }
func (i fileInfo) Sys() any           { return nil }

// openFile is an open file of a snapshot: a reader over its bytes.
type openFile struct {
	*bytes.Reader
	info fileInfo
}

func (f *openFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *openFile) Close() error               { return nil }

// openDir is an open folder of a snapshot.
type openDir struct {
	info    fileInfo
	entries []fs.DirEntry
	off     int
}

func (d *openDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *openDir) Close() error               { return nil }
func (d *openDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}

// ReadDir implements fs.ReadDirFile.
func (d *openDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	d.off += len(rest)
	return slices.Clone(rest), nil
}
