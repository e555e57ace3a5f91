package generator

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample"
)

// diskFormat names the layout of the files below; bump it when they change.
const diskFormat = "docproof-cache-v1"

// The on-disk cache (Config.CacheDir) holds two files:
//
//   - memo.gob: the key of the last successful build (a hash of every input:
//     each source's path and content, the site config, the templates, the
//     verify options and the docproof binary itself), its Result and a
//     manifest of what it published. A rebuild with the same key and an
//     output directory still matching the manifest byte for byte is answered
//     from it without rendering, verifying or writing anything.
//   - stages.gob: the per-page entries of Cache that the last build used
//     (rendered pages, sample runs, highlighted code, page HTML), each already
//     keyed by content hashes; a rebuild after an edit starts with them warm.
//
// Entries embed the docproof binary's identity, so a new docproof (new mock
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
	key, keyOK := memoKey(cfg.withDefaults(), version)
	if keyOK {
		if res, ok := loadMemo(dir, key, cfg.withDefaults().OutDir); ok {
			res.Elapsed = time.Since(start)
			return res, nil
		}
	}
	out := cfg.withDefaults().OutDir
	if cfg.Cache == nil {
		cfg.Cache = NewCache()
		cfg.Cache.lean = true
		loadStages(dir, version, out, cfg.Cache)
	}
	res, err := Build(ctx, cfg)
	if err != nil || ctx.Err() != nil {
		return res, err
	}
	if err := os.MkdirAll(dir, 0o700); err == nil {
		// A cache that cannot be written costs speed next time, never correctness.
		if files, err := manifest(out); err == nil && saveStages(dir, version, files, cfg.Cache) == nil && keyOK {
			_ = writeGob(filepath.Join(dir, "memo.gob"), memo{Format: diskFormat, Key: key, Result: *res, Output: files})
		}
	}
	return res, nil
}

// binaryIdentity is a hash of the running executable: it changes with any
// change to docproof's code, embedded templates or mock.
func binaryIdentity() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
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
	return hex.EncodeToString(h.Sum(nil)), nil
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
	return hex.EncodeToString(h.Sum(nil)), true
}

// hashTree writes every file's slash path, kind and content under dir into h,
// in path order. Symlinks are followed as the loader follows them: by content.
func hashTree(h hash.Hash, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00" + d.Type().String() + "\x00"))
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		h.Write(sum[:])
		return nil
	})
}

// memo is the record of the last successful build.
type memo struct {
	Format, Key string
	Result      Result
	Output      []outputFile // every file published, in path order
}

// outputFile is one published file: its slash path, size and content hash.
type outputFile struct {
	Rel  string
	Size int64
	Sum  [sha256.Size]byte
}

func loadMemo(dir, key, out string) (*Result, bool) {
	var m memo
	if readGob(filepath.Join(dir, "memo.gob"), &m) != nil || m.Format != diskFormat || m.Key != key {
		return nil, false
	}
	files, err := manifest(out)
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
// order; the files are read and hashed on every CPU.
func manifest(out string) ([]outputFile, error) {
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
	bufs := sync.Pool{New: func() any { return new([32 << 10]byte) }}
	parallel(context.Background(), runtime.GOMAXPROCS(0), len(files), func(i int) {
		buf := bufs.Get().(*[32 << 10]byte)
		defer bufs.Put(buf)
		files[i].Size, files[i].Sum, errs[i] = hashFile(filepath.Join(out, filepath.FromSlash(files[i].Rel)), buf[:])
	})
	sort.Slice(files, func(i, j int) bool { return files[i].Rel < files[j].Rel })
	return files, errors.Join(errs...)
}

// hashFile streams the file at p through SHA-256 using buf.
func hashFile(p string, buf []byte) (int64, [sha256.Size]byte, error) {
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

// stagesHeader starts stages.gob; a stream of diskEntry values follows, one
// gob value each, so neither writing nor reading holds the whole file.
type stagesHeader struct{ Format, Version string }

// diskEntry is one Cache entry; exactly one of the pointers is set.
type diskEntry struct {
	Key       string
	Highlight *string
	Render    *diskRender
	Run       *diskRun
	HTML      *diskHTML
}

type diskRender struct {
	Hash  string
	Page  *Page
	Diags diag.List
}

type diskRun struct {
	Res   sample.PageResult
	Diags diag.List
}

// diskHTML records where a page's HTML was published and its hash, not the
// HTML: a rebuild links the published file when it is still byte-identical.
type diskHTML struct {
	Key string // hash of the template inputs
	Rel string // output path, slash-separated
	Sum [sha256.Size]byte
}

// loadStages fills c from the snapshot in dir, unless it was made by another
// docproof binary or cannot be read (then the build simply starts cold, or
// warm up to the damaged entry). Page HTML entries are kept only when the
// published file under out still has the recorded content.
func loadStages(dir, version, out string, c *Cache) {
	f, err := os.Open(filepath.Join(dir, "stages.gob"))
	if err != nil {
		return
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	var h stagesHeader
	if dec.Decode(&h) != nil || h.Format != diskFormat || h.Version != version {
		return
	}
	var html []diskEntry
	defer func() { preloadHTML(out, html, c) }()
	for {
		var e diskEntry
		if dec.Decode(&e) != nil {
			return
		}
		switch {
		case e.Highlight != nil:
			c.preload(e.Key, *e.Highlight)
		case e.Render != nil:
			c.preload(e.Key, cachedRender{hash: e.Render.Hash, r: rendered{page: e.Render.Page, diags: e.Render.Diags}})
		case e.Run != nil:
			c.preload(e.Key, pageRun{res: e.Run.Res, diags: e.Run.Diags})
		case e.HTML != nil:
			html = append(html, e)
		}
	}
}

// preloadHTML keeps the page HTML entries whose published file is
// unchanged, checking the files on every CPU.
func preloadHTML(out string, entries []diskEntry, c *Cache) {
	parallel(context.Background(), runtime.GOMAXPROCS(0), len(entries), func(i int) {
		if fi, ok := publishedAs(out, entries[i].HTML); ok {
			c.preload(entries[i].Key, cachedHTML{key: entries[i].HTML.Key, written: fi})
		}
	})
}

// publishedAs stats the published file of h when its content is unchanged.
func publishedAs(out string, h *diskHTML) (os.FileInfo, bool) {
	p := filepath.Join(out, filepath.FromSlash(h.Rel))
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, false
	}
	var buf [32 << 10]byte
	size, sum, err := hashFile(p, buf[:])
	if err != nil || size != fi.Size() || sum != h.Sum {
		return nil, false
	}
	return fi, true
}

// saveStages writes the entries of c the last build used; page HTML as the
// hash of its published file, from files (the manifest of the output).
func saveStages(dir, version string, files []outputFile, c *Cache) error {
	published := make(map[string]outputFile, len(files))
	for _, f := range files {
		published[f.Rel] = f
	}
	var entries []diskEntry
	c.eachUsed(func(k string, v any) {
		e := diskEntry{Key: k}
		switch v := v.(type) {
		case string:
			e.Highlight = &v
		case cachedRender:
			e.Render = &diskRender{Hash: v.hash, Page: v.r.page, Diags: v.r.diags}
		case pageRun:
			e.Run = &diskRun{Res: v.res, Diags: v.diags}
		case cachedHTML:
			f, ok := published[outputPath(strings.TrimPrefix(k, "html\x00"))]
			if !ok {
				return
			}
			e.HTML = &diskHTML{Key: v.key, Rel: f.Rel, Sum: f.Sum}
		default:
			return
		}
		entries = append(entries, e)
	})
	sort.Slice(entries, func(i, j int) bool { return entries[i].Key < entries[j].Key })
	return writeAtomic(filepath.Join(dir, "stages.gob"), func(w io.Writer) error {
		enc := gob.NewEncoder(w)
		if err := enc.Encode(stagesHeader{Format: diskFormat, Version: version}); err != nil {
			return err
		}
		for _, e := range entries {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
		return nil
	})
}

func readGob(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return gob.NewDecoder(bytes.NewReader(data)).Decode(v)
}

// writeGob writes v to path atomically.
func writeGob(path string, v any) error {
	return writeAtomic(path, func(w io.Writer) error { return gob.NewEncoder(w).Encode(v) })
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
