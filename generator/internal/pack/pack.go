// Package pack stores keyed byte records in one file without holding them in
// memory: a Writer appends records sequentially as they come and, on Commit,
// writes an index (key → offset, length, checksum) at the end and renames the
// file into place; a Reader loads only the index and reads a record with
// ReadAt when it is asked for.
//
// Layout (integers little-endian, varints as encoding/binary's uvarint):
//
//	magic "DPPACK\x00\x01" | uvarint len, header | records ... |
//	index: uvarint count, then per record uvarint keylen, key, uvarint offset, uvarint length, u32 crc |
//	footer: u64 index offset, u64 index length, u32 crc of the index, u32 crc of the header, "DPEN"
//
// A file that is truncated, garbage, of another layout or with a header,
// index or record that fails its CRC-32C is refused (Open) or its record is (Get), so a
// caller never trusts a damaged pack. Files are created with mode 0600.
package pack

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

const (
	magic      = "DPPACK\x00\x01"
	endMagic   = "DPEN"
	footerSize = 8 + 8 + 4 + 4 + 4 // index offset, index length, index crc, header crc, endMagic
	// maxHeader bounds the header a reader accepts before allocating it.
	maxHeader = 1 << 24
)

// ErrCorrupt is returned (wrapped) for a file that is not a complete pack.
var ErrCorrupt = errors.New("not a complete pack file")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// span locates one record.
type span struct {
	off int64
	n   uint32
	crc uint32
}

// Writer appends records to a temporary file beside the final path. It is
// safe for concurrent use.
type Writer struct {
	mu    sync.Mutex
	hcrc  uint32 // of the header
	path  string
	f     *os.File
	bw    *bufio.Writer
	off   int64
	data  int64 // where records start
	index map[string]span
	err   error // first write error; Commit reports it
	done  bool
}

// Create starts a pack that Commit will rename to path; header is kept
// verbatim for readers (Reader.Header). Nothing appears at path until Commit.
func Create(path string, header []byte) (*Writer, error) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create pack: %w", err)
	}
	w := &Writer{path: path, f: f, bw: bufio.NewWriterSize(f, 1<<16), index: map[string]span{},
		hcrc: crc32.Checksum(header, castagnoli)}
	var lenBuf [binary.MaxVarintLen64]byte
	w.write([]byte(magic))
	w.write(lenBuf[:binary.PutUvarint(lenBuf[:], uint64(len(header)))])
	w.write(header)
	w.data = w.off
	if w.err != nil {
		w.Abort()
		return nil, fmt.Errorf("create pack: %w", w.err)
	}
	return w, nil
}

func (w *Writer) write(p []byte) {
	if w.err != nil {
		return
	}
	n, err := w.bw.Write(p)
	w.off += int64(n)
	w.err = err
}

// Append writes rec under key; a later Append of the same key replaces it.
func (w *Writer) Append(key string, rec []byte) error {
	if len(rec) > 1<<32-1 {
		return fmt.Errorf("pack record %q: %d bytes is too large", key, len(rec))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return errors.New("pack: append after commit or abort")
	}
	off := w.off
	w.write(rec)
	if w.err != nil {
		return w.err
	}
	w.index[key] = span{off: off, n: uint32(len(rec)), crc: crc32.Checksum(rec, castagnoli)}
	return nil
}

// Size returns the bytes of records appended so far (replaced ones too).
func (w *Writer) Size() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.off - w.data
}

// Len returns the number of distinct keys appended so far.
func (w *Writer) Len() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.index)
}

// Commit writes the index and renames the file to its path. On error the
// temporary file is removed and path is left as it was.
func (w *Writer) Commit() error { return w.CommitAs(w.path) }

// CommitAs is Commit to another path in the same directory.
func (w *Writer) CommitAs(path string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return errors.New("pack: commit after commit or abort")
	}
	w.done = true
	keys := make([]string, 0, len(w.index))
	for k := range w.index {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic files
	var idx bytes.Buffer
	var b [binary.MaxVarintLen64]byte
	idx.Write(b[:binary.PutUvarint(b[:], uint64(len(keys)))])
	for _, k := range keys {
		s := w.index[k]
		idx.Write(b[:binary.PutUvarint(b[:], uint64(len(k)))])
		idx.WriteString(k)
		idx.Write(b[:binary.PutUvarint(b[:], uint64(s.off))])
		idx.Write(b[:binary.PutUvarint(b[:], uint64(s.n))])
		idx.Write(binary.LittleEndian.AppendUint32(b[:0], s.crc))
	}
	footer := binary.LittleEndian.AppendUint64(nil, uint64(w.off))
	footer = binary.LittleEndian.AppendUint64(footer, uint64(idx.Len()))
	footer = binary.LittleEndian.AppendUint32(footer, crc32.Checksum(idx.Bytes(), castagnoli))
	footer = binary.LittleEndian.AppendUint32(footer, w.hcrc)
	footer = append(footer, endMagic...)
	w.write(idx.Bytes())
	w.write(footer)
	err := w.err
	if err == nil {
		err = w.bw.Flush()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.f.Name(), path)
	}
	if err != nil {
		os.Remove(w.f.Name())
		return fmt.Errorf("commit pack %s: %w", path, err)
	}
	return nil
}

// Abort removes the temporary file; path is left as it was. It is a no-op
// after Commit.
func (w *Writer) Abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	w.done = true
	w.f.Close()
	os.Remove(w.f.Name())
}

// Reader reads records of a committed pack on demand. It is safe for
// concurrent use.
type Reader struct {
	f      *os.File
	id     string // identifies this file's content (see ID)
	header []byte
	index  map[string]span
	data   int64 // where records start
	end    int64 // where the index starts
}

// Open reads the header and the index of the pack at path. A file that is
// not a complete pack gives an error wrapping ErrCorrupt.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := open(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open pack %s: %w", path, err)
	}
	return r, nil
}

func open(f *os.File) (*Reader, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	head := make([]byte, len(magic)+binary.MaxVarintLen64)
	if size < int64(len(head)+footerSize) {
		return nil, fmt.Errorf("%w: %d bytes", ErrCorrupt, size)
	}
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, err
	}
	if string(head[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: bad magic", ErrCorrupt)
	}
	hlen, n := binary.Uvarint(head[len(magic):])
	if n <= 0 || hlen > maxHeader || int64(hlen) > size {
		return nil, fmt.Errorf("%w: bad header length", ErrCorrupt)
	}
	r := &Reader{f: f, header: make([]byte, hlen), data: int64(len(magic)+n) + int64(hlen)}
	if _, err := f.ReadAt(r.header, int64(len(magic)+n)); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrCorrupt, err)
	}
	foot := make([]byte, footerSize)
	if _, err := f.ReadAt(foot, size-footerSize); err != nil {
		return nil, err
	}
	if string(foot[24:]) != endMagic {
		return nil, fmt.Errorf("%w: no footer (truncated?)", ErrCorrupt)
	}
	if crc32.Checksum(r.header, castagnoli) != binary.LittleEndian.Uint32(foot[20:]) {
		return nil, fmt.Errorf("%w: header checksum", ErrCorrupt)
	}
	ioff, ilen := binary.LittleEndian.Uint64(foot), binary.LittleEndian.Uint64(foot[8:])
	if ioff < uint64(r.data) || ilen > uint64(size) || ioff+ilen != uint64(size-footerSize) {
		return nil, fmt.Errorf("%w: index out of range", ErrCorrupt)
	}
	idx := make([]byte, ilen)
	if _, err := f.ReadAt(idx, int64(ioff)); err != nil {
		return nil, err
	}
	if crc32.Checksum(idx, castagnoli) != binary.LittleEndian.Uint32(foot[16:]) {
		return nil, fmt.Errorf("%w: index checksum", ErrCorrupt)
	}
	r.end = int64(ioff)
	r.id = fmt.Sprintf("%x", foot[:24]) // index offset, length and CRC, header CRC
	if r.index, err = parseIndex(string(idx), r.data, r.end); err != nil {
		return nil, err
	}
	return r, nil
}

// parseIndex decodes the index; keys are substrings of idx (one allocation).
func parseIndex(idx string, data, end int64) (map[string]span, error) {
	rd := strings.NewReader(idx)
	count, err := binary.ReadUvarint(rd)
	if err != nil || count > uint64(len(idx)) {
		return nil, fmt.Errorf("%w: index count", ErrCorrupt)
	}
	index := make(map[string]span, count)
	for range count {
		klen, err := binary.ReadUvarint(rd)
		if err != nil || klen > uint64(rd.Len()) {
			return nil, fmt.Errorf("%w: index key", ErrCorrupt)
		}
		at := len(idx) - rd.Len()
		key := idx[at : at+int(klen)]
		rd.Seek(int64(klen), io.SeekCurrent)
		off, err1 := binary.ReadUvarint(rd)
		n, err2 := binary.ReadUvarint(rd)
		var crc [4]byte
		_, err3 := io.ReadFull(rd, crc[:])
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("%w: index entry: %v", ErrCorrupt, err)
		}
		if off < uint64(data) || off > uint64(end) || n > uint64(end)-off || n > math.MaxUint32 {
			return nil, fmt.Errorf("%w: record %q out of range", ErrCorrupt, key)
		}
		index[key] = span{off: int64(off), n: uint32(n), crc: binary.LittleEndian.Uint32(crc[:])}
	}
	if rd.Len() != 0 {
		return nil, fmt.Errorf("%w: trailing index bytes", ErrCorrupt)
	}
	return index, nil
}

// ID identifies the pack's content: packs with different records, keys or
// header have different IDs (up to CRC-32C collisions of the index).
func (r *Reader) ID() string { return r.id }

// Size returns the bytes of key's record (0 when there is none).
func (r *Reader) Size(key string) int64 { return int64(r.index[key].n) }

// DataSize returns the bytes of all records, live or replaced.
func (r *Reader) DataSize() int64 { return r.end - r.data }

// Header returns the header the pack was created with.
func (r *Reader) Header() []byte { return r.header }

// Len returns the number of records.
func (r *Reader) Len() int { return len(r.index) }

// Has reports whether key has a record.
func (r *Reader) Has(key string) bool {
	_, ok := r.index[key]
	return ok
}

// Get reads the record of key into buf (grown when too small) and returns
// it; ok is false when there is none. A record that cannot be read or fails
// its checksum is an error wrapping ErrCorrupt.
func (r *Reader) Get(key string, buf []byte) (rec []byte, ok bool, err error) {
	s, ok := r.index[key]
	if !ok {
		return nil, false, nil
	}
	if cap(buf) < int(s.n) {
		buf = make([]byte, s.n)
	}
	rec = buf[:s.n]
	if _, err := r.f.ReadAt(rec, s.off); err != nil {
		return nil, false, fmt.Errorf("%w: record %q: %v", ErrCorrupt, key, err)
	}
	if crc32.Checksum(rec, castagnoli) != s.crc {
		return nil, false, fmt.Errorf("%w: record %q checksum", ErrCorrupt, key)
	}
	return rec, true, nil
}

// Offset returns where key's record starts (for reading several in file
// order), or -1 when there is none.
func (r *Reader) Offset(key string) int64 {
	if s, ok := r.index[key]; ok {
		return s.off
	}
	return -1
}

// Keys returns every key, in file order.
func (r *Reader) Keys() []string {
	keys := make([]string, 0, len(r.index))
	for k := range r.index {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(r.index[a].off, r.index[b].off) })
	return keys
}

// Close closes the file.
func (r *Reader) Close() error { return r.f.Close() }
