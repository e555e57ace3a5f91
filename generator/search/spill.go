package search

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

// Spill holds the fragments of a streaming build until the index is
// written, by position. Pages finish in any order, and the fragments of a
// thousand pages are megabytes, so a one-shot build spills their bytes to a
// temp file and memory holds only offsets; otherwise (docproof serve, whose
// cache keeps the fragments anyway) they stay in memory. Safe for concurrent
// Put of different positions.
type Spill struct {
	mu    sync.Mutex
	frags []Fragment // by position; Page and Sections nil when spilled
	at    []spillPos
	file  *os.File // nil: everything in memory
	size  int64
	// unlinked: file's name was removed once it was open
	unlinked bool
}

// spillPos is where a spilled fragment's bytes are in the file.
type spillPos struct {
	off           int64
	page, section int
}

// NewSpill makes room for n fragments; toFile says whether to spill them to a
// temp file (mode 0600). The file's name is removed as soon as it is open
// (where the system allows it, else by Close): a killed build leaves nothing
// behind. When no temp file can be made the fragments stay in memory: the
// build costs more memory, not a failure.
func NewSpill(n int, toFile bool) *Spill {
	s := &Spill{frags: make([]Fragment, n)}
	if toFile && n > 0 {
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

// InMemory reports whether the fragments stay in memory as they were Put
// (the same slices come back from Get).
func (s *Spill) InMemory() bool { return s.file == nil }

// Put keeps fr at its position fr.N.
func (s *Spill) Put(fr Fragment) error {
	if s.file == nil {
		s.mu.Lock()
		s.frags[fr.N] = fr
		s.size += int64(len(fr.Page) + len(fr.Sections)) // the index's size, for its buffer
		s.mu.Unlock()
		return nil
	}
	s.mu.Lock()
	pos := spillPos{off: s.size, page: len(fr.Page), section: len(fr.Sections)}
	s.size += int64(pos.page + pos.section)
	s.at[fr.N] = pos
	s.frags[fr.N] = Fragment{URL: fr.URL, N: fr.N}
	s.mu.Unlock()
	buf := make([]byte, 0, pos.page+pos.section)
	buf = append(append(buf, fr.Page...), fr.Sections...)
	_, err := s.file.WriteAt(buf, pos.off)
	return err
}

// Len is the number of positions.
func (s *Spill) Len() int { return len(s.frags) }

// Size is the length of all fragments' bytes: the index is this plus its
// frame and commas.
func (s *Spill) Size() int64 { return s.size }

// Get returns the fragment at position n.
func (s *Spill) Get(n int) (Fragment, error) {
	fr := s.frags[n]
	if s.file == nil {
		return fr, nil
	}
	at := s.at[n]
	buf := make([]byte, at.page+at.section)
	if _, err := s.file.ReadAt(buf, at.off); err != nil {
		return fr, fmt.Errorf("reading back the search index: %w", err)
	}
	fr.Page, fr.Sections = buf[:at.page:at.page], buf[at.page:]
	return fr, nil
}

// WriteIndex writes search-index.json, the fragments joined as Join joins
// them, reading one fragment at a time.
func (s *Spill) WriteIndex(w io.Writer) error {
	if buf, ok := w.(*bytes.Buffer); ok { // in memory already: no second copy through a bufio.Writer
		return writeIndex(buf, s.Len(), s.Get)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := writeIndex(bw, s.Len(), s.Get); err != nil {
		return err
	}
	return bw.Flush()
}

// Close removes the spill file.
func (s *Spill) Close() {
	if s != nil && s.file != nil {
		s.file.Close()
		if !s.unlinked {
			os.Remove(s.file.Name())
		}
	}
}
