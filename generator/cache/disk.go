package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Codec turns a store's values into bytes and back.
type Codec[V any] interface {
	// Append appends the encoding of v to buf.
	Append(buf []byte, v V) ([]byte, error)
	// Decode decodes a value Append encoded. data is not retained.
	Decode(data []byte) (V, error)
}

// The lifetimes of Disk entries, as in cmd/go/internal/cache: a hit
// refreshes an entry's modification time when it is older than
// touchAfter (so a build does not write the metadata of every file it
// reads), Trim runs at most once per trimEvery and removes what no build
// used for MaxAge.
const (
	touchAfter = time.Hour
	trimEvery  = 24 * time.Hour
	// MaxAge is how long a Disk entry survives unused.
	MaxAge = 5 * 24 * time.Hour
)

// magic starts every entry file; bump it when the file layout changes.
const magic = "dpc1"

// Disk is a Store of files in a folder, one per key (see the package
// comment for the layout). It holds no values in memory, and is safe for
// concurrent use, also by several processes: a reader of an entry being
// written finds its CRC wrong, a miss.
type Disk[V any] struct {
	dir     string
	version string
	codec   Codec[V]
	// Now is the clock of modification times and Trim (tests); nil means time.Now.
	Now  func() time.Time
	bufs sync.Pool // *[]byte for reading and encoding entries
}

// NewDisk returns the store in dir (created when missing). version names
// everything that changes what a value means (the program's identity):
// entries stored under another version are never loaded, only trimmed.
func NewDisk[V any](dir, version string, codec Codec[V]) (*Disk[V], error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	d := &Disk[V]{dir: dir, version: version, codec: codec}
	d.bufs.New = func() any { return new([]byte) }
	return d, nil
}

func (d *Disk[V]) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// path returns the file of key.
func (d *Disk[V]) path(key string) string {
	h := sha256.New()
	h.Write([]byte(d.version))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return filepath.Join(d.dir, hex.EncodeToString(h.Sum(nil))+"-d")
}

// Load implements Store. A missing, damaged or foreign file is a miss.
func (d *Disk[V]) Load(key string) (v V, ok bool) {
	p := d.path(key)
	f, err := os.Open(p)
	if err != nil {
		return v, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return v, false
	}
	buf := d.bufs.Get().(*[]byte)
	defer d.bufs.Put(buf)
	data, err := readAll(f, (*buf)[:0], fi.Size())
	*buf = data[:0]
	if err != nil {
		return v, false
	}
	payload, ok := unframe(data, key)
	if !ok {
		return v, false
	}
	v, err = d.codec.Decode(payload)
	if err != nil {
		return v, false
	}
	if now := d.now(); now.Sub(fi.ModTime()) > touchAfter {
		_ = os.Chtimes(p, now, now)
	}
	return v, true
}

// Store implements Store. A value that cannot be encoded or written is
// dropped: a cache costs speed, never correctness.
func (d *Disk[V]) Store(key string, v V) {
	_ = d.Put(key, v)
}

// Put is Store that returns why v was not kept.
func (d *Disk[V]) Put(key string, v V) error {
	buf := d.bufs.Get().(*[]byte)
	defer d.bufs.Put(buf)
	head := binary.AppendUvarint(append((*buf)[:0], magic...), uint64(len(key)))
	head = append(append(head, key...), 0, 0, 0, 0) // CRC, filled in below
	data, err := d.codec.Append(head, v)
	*buf = data[:0]
	if err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(data[len(head)-4:], crc32.Checksum(data[len(head):], castagnoli))
	return write(d.path(key), data, d.Now)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// unframe checks an entry file's magic, key and CRC and returns its value's bytes.
func unframe(data []byte, key string) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(data, []byte(magic))
	if !ok {
		return nil, false
	}
	n, w := binary.Uvarint(rest)
	if w <= 0 || n != uint64(len(key)) || uint64(len(rest)-w) < n+4 {
		return nil, false
	}
	rest = rest[w:]
	if string(rest[:n]) != key {
		return nil, false // another key with the same name: a miss, never its value
	}
	sum, payload := binary.LittleEndian.Uint32(rest[n:]), rest[n+4:]
	return payload, crc32.Checksum(payload, castagnoli) == sum
}

// readAll reads f (size bytes, as its Stat said) into buf.
func readAll(f *os.File, buf []byte, size int64) ([]byte, error) {
	if int64(cap(buf)) < size+1 {
		buf = make([]byte, 0, size+1)
	}
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// write writes data to path in place, mode 0600 (values may hold the mock's
// fake tokens). Not through a temp file and a rename: that costs a second
// directory update per entry, and a reader of a half-written or
// concurrently rewritten file finds a CRC that does not match (a miss).
// With a clock (tests), the file's modification time is its now.
func write(path string, data []byte, clock func() time.Time) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && clock != nil {
		now := clock()
		err = os.Chtimes(path, now, now)
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// Trim removes the entries (and temp files of killed writers) no build has
// used for MaxAge. It does the work at most once a day: the time of the
// last trim is kept in the store's trim.txt.
func (d *Disk[V]) Trim() error {
	now := d.now()
	stamp := filepath.Join(d.dir, "trim.txt")
	if b, err := os.ReadFile(stamp); err == nil {
		if t, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && now.Sub(time.Unix(t, 0)) < trimEvery {
			return nil
		}
	}
	cutoff := now.Add(-MaxAge)
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), "-d") {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(cutoff) {
			if err := os.Remove(filepath.Join(d.dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return write(stamp, []byte(strconv.FormatInt(now.Unix(), 10)+"\n"), d.Now)
}
