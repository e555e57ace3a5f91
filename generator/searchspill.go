package generator

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// searchSpill holds the search index fragments of a streaming build until
// the index is written, by position. A one-shot build spills their bytes to
// a temp file (megabytes at a thousand pages, and the pages finish in any
// order), so memory holds only offsets; with an in-memory cache (serve) the
// fragments are cached anyway and stay in memory.
type searchSpill struct {
	mu    sync.Mutex
	frags []searchJSON // by position; page and sections nil when spilled
	at    []spillPos
	file  *os.File // nil: everything in memory
	size  int64
	// unlinked: file's name was removed once it was open
	unlinked bool
}

type spillPos struct {
	off           int64
	page, section int
}

// newSearchSpill makes room for n fragments; spill says whether to spill
// them to a temp file (mode 0600). The file's name is removed as soon as it
// is open (where the system allows it, else by close): a killed build leaves
// nothing behind. When no temp file can be made the fragments stay in
// memory: the build costs more memory, not a failure.
func newSearchSpill(n int, spill bool) *searchSpill {
	s := &searchSpill{frags: make([]searchJSON, n)}
	if spill && n > 0 {
		removeStaleSpills(time.Now())
		if f, err := os.CreateTemp("", spillPattern); err == nil {
			s.file, s.at = f, make([]spillPos, n)
			s.unlinked = os.Remove(f.Name()) == nil
		}
	}
	return s
}

// spillPattern names the spill files in the temp folder.
const spillPattern = "docproof-search-*"

// removeStaleSpills removes spill files older docproof versions left in the
// temp folder when killed (they kept the name until the build ended): an
// hour old, no build is writing them any more.
func removeStaleSpills(now time.Time) {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), spillPattern))
	for _, p := range old {
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > time.Hour {
			os.Remove(p)
		}
	}
}

// put keeps fr at its position.
func (s *searchSpill) put(fr searchJSON) error {
	if s.file == nil {
		s.mu.Lock()
		s.frags[fr.n] = fr
		s.size += int64(len(fr.page) + len(fr.sections)) // the index's size, for its buffer
		s.mu.Unlock()
		return nil
	}
	s.mu.Lock()
	pos := spillPos{off: s.size, page: len(fr.page), section: len(fr.sections)}
	s.size += int64(pos.page + pos.section)
	s.at[fr.n] = pos
	s.frags[fr.n] = searchJSON{url: fr.url, n: fr.n}
	s.mu.Unlock()
	buf := make([]byte, 0, pos.page+pos.section)
	buf = append(append(buf, fr.page...), fr.sections...)
	_, err := s.file.WriteAt(buf, pos.off)
	return err
}

// len is the number of positions.
func (s *searchSpill) len() int { return len(s.frags) }

// get returns the fragment at position n.
func (s *searchSpill) get(n int) (searchJSON, error) {
	fr := s.frags[n]
	if s.file == nil {
		return fr, nil
	}
	at := s.at[n]
	buf := make([]byte, at.page+at.section)
	if _, err := s.file.ReadAt(buf, at.off); err != nil {
		return fr, fmt.Errorf("reading back the search index: %w", err)
	}
	fr.page, fr.sections = buf[:at.page:at.page], buf[at.page:]
	return fr, nil
}

// writeTo writes search-index.json, the fragments joined as
// encodeSearchIndex joins them, reading one fragment at a time.
func (s *searchSpill) writeTo(w io.Writer) error {
	if buf, ok := w.(*bytes.Buffer); ok { // in memory already: no second copy through a bufio.Writer
		return s.write(buf)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := s.write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// indexWriter is what write needs: *bytes.Buffer and *bufio.Writer.
type indexWriter interface {
	io.Writer
	io.ByteWriter
	io.StringWriter
}

// write writes the index to bw; a write error is the caller's to find
// (bytes.Buffer has none, bufio.Writer returns it from Flush).
func (s *searchSpill) write(bw indexWriter) error {
	bw.WriteString(indexHead)
	for n := range s.len() {
		fr, err := s.get(n)
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.Write(fr.page)
	}
	bw.WriteString(indexMid)
	first := true
	for n := range s.len() {
		fr, err := s.get(n)
		if err != nil {
			return err
		}
		if len(fr.sections) == 0 {
			continue
		}
		if !first {
			bw.WriteByte(',')
		}
		bw.Write(fr.sections)
		first = false
	}
	bw.WriteString(indexTail)
	return nil
}

// indexEntry is the search index a build joined in memory and the
// fragments (page, sections) it was joined from, by position.
type indexEntry struct {
	parts [][2][]byte
	data  []byte // never modified: the tree it was written to keeps it
}

// bytes returns search-index.json in memory. With an in-memory cache
// (serve), when every fragment holds the bytes of the last index's (the same
// slices for unchanged pages: a save that changes nothing, an edit of code
// blocks only), the last index itself is returned: not joined again, and the
// same slice for the served site.
func (s *searchSpill) bytes(c *Cache) ([]byte, error) {
	const key = "search-index"
	keep := keepSources(c) && s.file == nil
	var last indexEntry
	if keep {
		v, _ := c.Load(key)
		last, _ = v.(indexEntry)
	}
	parts := make([][2][]byte, s.len())
	same, moved := last.data != nil && len(last.parts) == len(parts), false
	for n := range parts {
		fr, err := s.get(n)
		if err != nil {
			return nil, err
		}
		parts[n] = [2][]byte{fr.page, fr.sections}
		if same {
			old := last.parts[n]
			if !sameSlice(old[0], fr.page) || !sameSlice(old[1], fr.sections) {
				moved = true
				same = bytes.Equal(old[0], fr.page) && bytes.Equal(old[1], fr.sections)
			}
		}
	}
	if same {
		if moved { // equal bytes in new slices: compare those next time
			c.Store(key, indexEntry{parts: parts, data: last.data})
		}
		return last.data, nil
	}
	var buf bytes.Buffer
	buf.Grow(int(s.size) + 2*s.len() + 64) // fragments, commas and the frame: one allocation
	if err := s.writeTo(&buf); err != nil {
		return nil, err
	}
	if keep {
		c.Store(key, indexEntry{parts: parts, data: buf.Bytes()})
	}
	return buf.Bytes(), nil
}

// sameSlice reports whether a and b are the very same bytes in memory.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// close removes the spill file.
func (s *searchSpill) close() {
	if s != nil && s.file != nil {
		s.file.Close()
		if !s.unlinked {
			os.Remove(s.file.Name())
		}
	}
}
