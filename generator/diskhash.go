package generator

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/docproof/docproof/generator/source"
)

// The hashes of the on-disk cache: the docproof binary's identity, the
// build's input files (memoKey) and the published files (the output
// manifest, and the check that a cached page is still what was published).

// binaryIdentity identifies the running executable: it changes with any
// change to docproof's code, embedded templates or mock. It is the Go build
// ID when the executable has one: its last part is the hash of the linked
// file (cmd/go writes it when it links), so reading the ELF note spares
// hashing 24 MB on every build. Otherwise (another executable format, or a
// binary linked with an empty -buildid) it is the file's SHA-256.
func binaryIdentity() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if id, ok := goBuildID(exe); ok {
		return "go-build-id:" + id, nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// goBuildID reads the Go build ID of the ELF executable at path from its
// ".note.go.buildid" note; ok is false when it has none or it does not have
// the four parts of a linked binary's ID.
func goBuildID(path string) (id string, ok bool) {
	f, err := elf.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil || s.Size > 1<<10 {
		return "", false
	}
	note, err := s.Data()
	if err != nil {
		return "", false
	}
	return parseBuildIDNote(note, f.ByteOrder)
}

// parseBuildIDNote decodes the note cmd/link writes: name size 4, desc
// size, type 4, name "Go\0\0", then the ID. A linked binary's ID is four
// "/"-separated hashes (cmd/go: action and content IDs of the link and of
// the main package); the last is the content hash of the file.
func parseBuildIDNote(note []byte, order interface{ Uint32([]byte) uint32 }) (string, bool) {
	const head = 16
	if len(note) < head || order.Uint32(note) != 4 || order.Uint32(note[8:]) != 4 || string(note[12:16]) != "Go\x00\x00" {
		return "", false
	}
	n := order.Uint32(note[4:])
	if uint64(n) > uint64(len(note)-head) {
		return "", false
	}
	id := string(note[head : head+int(n)])
	parts := strings.Split(id, "/")
	if len(parts) != 4 {
		return "", false
	}
	for _, p := range parts {
		if len(p) < 16 || strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return "", false
		}
	}
	return id, true
}

// hashTree writes every file's slash path, kind and content hash under dir
// into h, in path order. Symlinks are followed as the loader follows them:
// by content.
func hashTree(h hash.Hash, dir string) error {
	var buf []byte
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00" + d.Type().String() + "\x00"))
		if d.IsDir() {
			return nil
		}
		_, sum, err := hashFile(p, &buf)
		if err != nil {
			return err
		}
		h.Write(sum[:])
		return nil
	})
}

// wholeFile is the size up to which hashFile reads a file in one piece
// into the caller's buffer; larger ones (the search index, big static
// files) are streamed, so no buffer grows past it.
const wholeFile = 1 << 20

// hashFile returns the size and SHA-256 of the file at p. It reads with
// direct system calls into *buf (reused across calls; grown up to
// wholeFile): the manifest and the published-page checks read a thousand
// files per build.
func hashFile(p string, buf *[]byte) (int64, [sha256.Size]byte, error) {
	data, err := source.ReadFileInto(p, (*buf)[:0], wholeFile)
	if cap(data) <= 2*wholeFile {
		*buf = data[:0]
	}
	switch {
	case err != nil:
		return 0, [sha256.Size]byte{}, err
	case len(data) <= wholeFile:
		return int64(len(data)), sha256.Sum256(data), nil
	}
	return hashStream(p, data[:cap(data)])
}

// hashStream streams the file at p through SHA-256 using buf.
func hashStream(p string, buf []byte) (int64, [sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(p)
	if err != nil {
		return 0, sum, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.CopyBuffer(h, f, buf)
	h.Sum(sum[:0])
	return n, sum, err
}

// publishedAs stats the published file of h when its content is unchanged;
// buf is for reading it.
func publishedAs(out string, h *diskHTML, buf *[]byte) (os.FileInfo, bool) {
	p := filepath.Join(out, filepath.FromSlash(h.Rel))
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, false
	}
	size, sum, err := hashFile(p, buf)
	if err != nil || size != fi.Size() || sum != h.Sum {
		return nil, false
	}
	return fi, true
}
