package generator

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
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
}

type spillPos struct {
	off           int64
	page, section int
}

// newSearchSpill makes room for n fragments; spill says whether to spill
// them to a temp file (mode 0600, removed by close). When no temp file can be
// made the fragments stay in memory: the build costs more memory, not a
// failure.
func newSearchSpill(n int, spill bool) *searchSpill {
	s := &searchSpill{frags: make([]searchJSON, n)}
	if spill && n > 0 {
		if f, err := os.CreateTemp("", "docproof-search-*"); err == nil {
			s.file, s.at = f, make([]spillPos, n)
		}
	}
	return s
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

// close removes the spill file.
func (s *searchSpill) close() {
	if s != nil && s.file != nil {
		s.file.Close()
		os.Remove(s.file.Name())
	}
}
