package generator

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/docproof/docproof/generator/internal/pool"
)

// diskFormat names the layout of the files below; bump it when they change.
const diskFormat = "docproof-cache-v6"

// The on-disk cache (Config.CacheDir) holds:
//
//   - memo.gob: the key of the last successful build (a hash of every input:
//     each source's path and content, the site config, the templates, the
//     verify options and the docproof binary itself), its Result and a
//     manifest of what it published. A rebuild with the same key and an
//     output directory still matching the manifest byte for byte is answered
//     from it without rendering, verifying or writing anything.
//   - pages/, runs/, html.gob: the disk stores of the stages
//     (generator/diskstore.go; pages and runs are one file per entry,
//     generator/cache), read on demand, so the cache never adds its size to
//     the build's memory.
//
// All embed the docproof binary's identity, so a new docproof (new mock
// behaviour, templates or renderer) starts cold. Nothing is keyed by mtimes.
// Files are written atomically with mode 0600: sample runs hold the mock's
// (fake, seeded) token values for the secrets scan.

// buildWithDiskCache is Build with cfg.CacheDir set.
func buildWithDiskCache(ctx context.Context, cfg Config) (*Result, error) {
	start := time.Now()
	dir := cfg.CacheDir
	cfg.CacheDir = ""
	if err := cfg.withDefaults().checkPaths(); err != nil {
		return nil, err
	}
	version := cfg.cacheVersion
	if version == "" {
		v, err := binaryIdentity()
		if err != nil { // cannot tell versions apart: do not cache
			return Build(ctx, cfg)
		}
		version = v
	}
	if site, err := loadSiteConfig(cfg.withDefaults()); err == nil { // else Build reports it
		cfg = readDates(ctx, cfg.withDefaults(), site) // read once, hashed into the key, kept for Build
	}
	key, keyOK := memoKey(cfg.withDefaults(), version)
	if keyOK {
		if res, ok := loadMemo(dir, key, cfg.withDefaults().OutDir); ok {
			res.Elapsed = time.Since(start)
			return res, nil
		}
	}
	out := cfg.withDefaults().OutDir
	var stores *diskStores
	if cfg.Cache == nil {
		c, d, ok := openDiskCache(dir, version, out)
		if !ok {
			return Build(ctx, cfg)
		}
		cfg.Cache, stores = c, d
	}
	res, err := Build(ctx, cfg)
	if err != nil || ctx.Err() != nil {
		return res, err
	}
	// A cache that cannot be written costs speed next time, never correctness.
	var known knownSums
	if stores != nil {
		known = stores.html.knownSum
	}
	files, err := manifest(out, known)
	if err != nil {
		return res, nil
	}
	if stores != nil {
		_ = stores.html.commit(files)
		stores.trim()
	}
	if keyOK && os.MkdirAll(dir, 0o700) == nil {
		_ = writeMemo(filepath.Join(dir, "memo.gob"), memoHeader{Format: diskFormat, Key: key}, memo{Result: *res, Output: files})
	}
	return res, nil
}

// memoKey hashes every input of a build. ok is false when the build has an
// input that cannot be hashed (a remote target, a custom backend, --update) or
// the inputs cannot be read; such a build is never answered from the memo.
func memoKey(cfg Config, version string) (string, bool) {
	v := cfg.Verify
	if v.Target != "" || v.NewBackend != nil || v.Update || cfg.NoWrite {
		return "", false
	}
	h := sha256.New()
	field := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	field(diskFormat)
	field(version)
	field(cfg.ContentDir)
	field(strconv.FormatBool(v.Skip) + " " + v.Timeout.String())
	field("at root " + strconv.FormatBool(cfg.AtRoot))
	site, err := os.ReadFile(cfg.SiteFile)
	switch {
	case err == nil:
		field("site")
		field(string(site))
	case errors.Is(err, fs.ErrNotExist):
		field("no site file")
	default:
		return "", false
	}
	if cfg.TemplatesDir != "" && hashTree(h, cfg.TemplatesDir) != nil {
		return "", false
	}
	field("content")
	if hashTree(h, cfg.ContentDir) != nil {
		return "", false
	}
	field("dates") // "Last updated" comes from git, not from the files
	for _, rel := range slices.Sorted(maps.Keys(cfg.dates)) {
		field(rel)
		field(cfg.dates[rel].Format(time.RFC3339))
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// memo.gob holds two gob values: a memoHeader, then the memo. A rebuild
// whose key differs reads only the header.
type memoHeader struct{ Format, Key string }

// memo is the record of the last successful build.
type memo struct {
	Result Result
	Output []outputFile // every file published, in path order
}

// outputFile is one published file: its slash path, size and content hash.
type outputFile struct {
	Rel  string
	Size int64
	Sum  [sha256.Size]byte
}

func loadMemo(dir, key, out string) (*Result, bool) {
	f, err := os.Open(filepath.Join(dir, "memo.gob"))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	var h memoHeader
	if dec.Decode(&h) != nil || h.Format != diskFormat || h.Key != key {
		return nil, false
	}
	var m memo
	if dec.Decode(&m) != nil {
		return nil, false
	}
	files, err := manifest(out, nil)
	if err != nil || len(files) != len(m.Output) {
		return nil, false
	}
	for i := range files {
		if files[i] != m.Output[i] {
			return nil, false
		}
	}
	res := m.Result
	return &res, true
}

// manifest lists every file under out with its content hash, in path
// order; the files are read and hashed on every CPU, except those known
// returns a hash for (known may be nil).
func manifest(out string, known knownSums) ([]outputFile, error) {
	var files []outputFile
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		rel, _ := filepath.Rel(out, p)
		files = append(files, outputFile{Rel: filepath.ToSlash(rel)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(files))
	bufs := sync.Pool{New: func() any { return new([]byte) }}
	pool.Run(context.Background(), runtime.GOMAXPROCS(0), len(files), func(i int) {
		p := filepath.Join(out, filepath.FromSlash(files[i].Rel))
		if known != nil {
			if fi, err := os.Lstat(p); err == nil {
				if sum, ok := known(files[i].Rel, fi); ok {
					files[i].Size, files[i].Sum = fi.Size(), sum
					return
				}
			}
		}
		buf := bufs.Get().(*[]byte)
		defer bufs.Put(buf)
		files[i].Size, files[i].Sum, errs[i] = hashFile(p, buf)
	})
	sort.Slice(files, func(i, j int) bool { return files[i].Rel < files[j].Rel })
	return files, errors.Join(errs...)
}

// knownSums returns the content hash of the file at rel (slash path below
// the output) when the build already hashed that very file: fi, from Lstat
// now, must be the file it hashed (same inode, size and modification time).
type knownSums func(rel string, fi os.FileInfo) ([sha256.Size]byte, bool)

// writeMemo writes the memo file atomically.
func writeMemo(path string, h memoHeader, m memo) error {
	return writeAtomic(path, func(w io.Writer) error {
		enc := gob.NewEncoder(w)
		if err := enc.Encode(h); err != nil {
			return err
		}
		return enc.Encode(m)
	})
}

// writeAtomic writes path through a buffered temp file in the same
// directory, renamed into place when fill succeeds; mode 0600.
func writeAtomic(path string, fill func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
