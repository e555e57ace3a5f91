package generator

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/docproof/docproof/generator/cache"
	"github.com/docproof/docproof/generator/markdown"
)

// The stores of a one-shot build with Config.CacheDir, in the cache
// directory:
//
//	pages/    rendered pages (markdown.CacheEntry), by source file and path: a cache.Disk, one file per entry
//	runs/     sample runs (pageRun), by verifyKey: a cache.Disk
//	html.gob  where each page's HTML was published and its hash (diskHTML), by URL: one small map, like
//	          the output manifest in memo.gob, rewritten after each successful build
//
// The other stages keep nothing between processes: a one-shot build has no
// later build in the same process to serve.
const (
	pagesDir = "pages"
	runsDir  = "runs"
	htmlFile = "html.gob"
)

// diskStores are the disk stores of one build, for what Build does around
// the pipeline: the output manifest and the trim.
type diskStores struct {
	pages *cache.Disk[markdown.CacheEntry]
	runs  *cache.Disk[pageRun]
	html  *htmlStore
}

// openDiskCache returns a Cache whose pages, runs and page HTML are kept in
// dir, for the docproof binary version; out is the published site the HTML
// entries describe. ok is false when dir cannot be used (the build then
// runs without a cache: a cache costs speed, never correctness).
func openDiskCache(dir, version, out string) (*Cache, *diskStores, bool) {
	removeStale(dir, time.Now())
	version = diskFormat + "\x00" + version
	pages, err1 := cache.NewDisk(filepath.Join(dir, pagesDir), version, renderCodec())
	runs, err2 := cache.NewDisk(filepath.Join(dir, runsDir), version, runCodec())
	if err1 != nil || err2 != nil {
		return nil, nil, false
	}
	d := &diskStores{pages: pages, runs: runs, html: openHTMLStore(filepath.Join(dir, htmlFile), version, out)}
	return &Cache{pages: pages, runs: runs, html: d.html}, d, true
}

// trim removes the entries no build used for cache.MaxAge (once a day).
func (d *diskStores) trim() {
	_ = d.pages.Trim()
	_ = d.runs.Trim()
}

// removeStale deletes the files of docproof's earlier cache layouts (a pack
// file and its delta, a gob file) and memo temp files older than an hour
// (a build killed while writing one); none is ever read.
func removeStale(dir string, now time.Time) {
	for _, old := range []string{"stages.gob", "stages.pack", "stages.delta.pack"} {
		os.Remove(filepath.Join(dir, old))
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*")) // "*" also matches "" (".tmp-*")
	for _, p := range tmps {
		if fi, err := os.Lstat(p); err == nil && now.Sub(fi.ModTime()) > time.Hour {
			os.Remove(p)
		}
	}
}

// diskHTML records where a page's HTML was published and its hash, not the
// HTML: a rebuild links the published file when it is still byte-identical.
type diskHTML struct {
	Key string // hash of the template inputs (pageWriter.htmlKey)
	Rel string // output path, slash-separated
	Sum [sha256.Size]byte
}

// htmlStore is the page HTML stage's store on disk: the records of the
// last successful build, read whole when it opens. A record loads only
// while the published file it describes still has the recorded content
// (it comes back without the HTML, which the page writer then links rather
// than writes). What the build stores is noted, and written at commit, once
// the output is published, for the files the manifest lists.
type htmlStore struct {
	path     string
	version  string
	last     map[string]diskHTML // the last build's records, by URL (read-only)
	out      string
	bufs     sync.Pool               // *[]byte for reading published pages
	mu       sync.Mutex              // guards the maps below
	stored   map[string]string       // HTML key stored this build, by URL
	verified map[string]verifiedFile // published pages whose content was hashed this build (by slash path)
	written  map[string]outputFile   // pages this build wrote, hashed from memory (by slash path)
}

// verifiedFile is a published page whose content this build hashed.
type verifiedFile struct {
	fi  os.FileInfo
	sum [sha256.Size]byte
}

// htmlRecords is the content of html.gob.
type htmlRecords struct {
	Version string // diskFormat and the docproof binary
	Pages   map[string]diskHTML
}

// openHTMLStore reads the records at path; a missing, damaged or foreign
// file means none.
func openHTMLStore(path, version, out string) *htmlStore {
	s := &htmlStore{path: path, version: version, out: out, stored: map[string]string{},
		verified: map[string]verifiedFile{}, written: map[string]outputFile{}}
	s.bufs.New = func() any { return new([]byte) }
	if f, err := os.Open(path); err == nil {
		var r htmlRecords
		if gob.NewDecoder(bufio.NewReader(f)).Decode(&r) == nil && r.Version == version {
			s.last = r.Pages
		}
		f.Close()
	}
	return s
}

// Load implements cache.Store: the entry of url, when its published file
// is unchanged. An entry stored in this build is a miss (it is written at
// commit).
func (s *htmlStore) Load(url string) (cachedHTML, bool) {
	s.mu.Lock()
	_, gone := s.stored[url]
	s.mu.Unlock()
	if gone {
		return cachedHTML{}, false
	}
	e, ok := s.last[url]
	if !ok || e.Rel != outputPath(url) {
		return cachedHTML{}, false
	}
	buf := s.bufs.Get().(*[]byte)
	fi, ok := publishedAs(s.out, &e, buf)
	s.bufs.Put(buf)
	if !ok {
		return cachedHTML{}, false
	}
	s.mu.Lock()
	s.verified[e.Rel] = verifiedFile{fi: fi, sum: e.Sum}
	s.mu.Unlock()
	return cachedHTML{key: e.Key, written: fi}, true
}

// Store implements cache.Store: it notes the HTML key of url, and the hash
// of the bytes when the build wrote them (for the output manifest, which
// then need not read the file back).
func (s *htmlStore) Store(url string, h cachedHTML) {
	var f outputFile
	if h.html != nil {
		f = outputFile{Rel: outputPath(url), Size: int64(len(h.html)), Sum: sha256.Sum256(h.html)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stored[url] = h.key
	if f.Rel != "" {
		s.written[f.Rel] = f
	}
}

// commit ends a successful build: it records the pages this build
// published (files: the output manifest), and only those.
func (s *htmlStore) commit(files []outputFile) error {
	published := make(map[string]outputFile, len(files))
	for _, f := range files {
		published[f.Rel] = f
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := htmlRecords{Version: s.version, Pages: make(map[string]diskHTML, len(s.stored))}
	for url, key := range s.stored {
		if f, ok := published[outputPath(url)]; ok {
			r.Pages[url] = diskHTML{Key: key, Rel: f.Rel, Sum: f.Sum}
		}
	}
	return writeAtomic(s.path, func(w io.Writer) error { return gob.NewEncoder(w).Encode(r) })
}

// knownSum is the knownSums of the output manifest, so that it reads no
// page again: a page this build wrote has the hash of the bytes it wrote
// (Store took it from memory), and a page checked when its entry loaded and
// since hard-linked into the new site is the same file. (Were either
// changed since, the hash recorded would be stale, and the next build,
// which hashes what it checks, would find the file different: a miss,
// never a wrong answer.)
func (s *htmlStore) knownSum(rel string, fi os.FileInfo) ([sha256.Size]byte, bool) {
	s.mu.Lock()
	w, wrote := s.written[rel]
	v, ok := s.verified[rel]
	s.mu.Unlock()
	if wrote {
		return w.Sum, w.Size == fi.Size()
	}
	if !ok || !os.SameFile(v.fi, fi) || v.fi.Size() != fi.Size() || !v.fi.ModTime().Equal(fi.ModTime()) {
		return [sha256.Size]byte{}, false
	}
	return v.sum, true
}
