package generator

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/docproof/docproof/generator/cache"
	"github.com/docproof/docproof/generator/markdown"
)

// The stores of a one-shot build with Config.CacheDir, each a cache.Disk
// (one file per key) in its own folder of the cache directory:
//
//	pages/  rendered pages (cachedRender), by source file and path
//	runs/   sample runs (pageRun), by verifyKey
//	html/   where each page's HTML was published and its hash (diskHTML), by URL
//
// The other stages keep nothing between processes: a one-shot build has no
// later build in the same process to serve.
const (
	pagesDir = "pages"
	runsDir  = "runs"
	htmlDir  = "html"
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
	html, err3 := cache.NewDisk(filepath.Join(dir, htmlDir), version, cache.Gob[diskHTML]{})
	if err1 != nil || err2 != nil || err3 != nil {
		return nil, nil, false
	}
	d := &diskStores{pages: pages, runs: runs, html: newHTMLStore(html, out)}
	return &Cache{pages: pages, runs: runs, html: d.html}, d, true
}

// trim removes the entries no build used for cache.MaxAge (once a day).
func (d *diskStores) trim() {
	_ = d.pages.Trim()
	_ = d.runs.Trim()
	_ = d.html.disk.Trim()
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

// htmlStore is the page HTML stage's store on disk. An entry loads only
// while the published file it describes still has the recorded content
// (it comes back without the HTML, which the page writer then links rather
// than writes). What the build stores is noted and written at commit, once
// the output is published, for the files the manifest lists.
type htmlStore struct {
	disk     *cache.Disk[diskHTML]
	out      string
	bufs     sync.Pool               // *[]byte for reading published pages
	mu       sync.Mutex              // guards the maps below
	loaded   map[string]diskHTML     // entries loaded, by URL
	stored   map[string]string       // HTML key stored this build, by URL
	verified map[string]verifiedFile // published pages whose content was hashed this build (by slash path)
	written  map[string]outputFile   // pages this build wrote, hashed from memory (by slash path)
}

// verifiedFile is a published page whose content this build hashed.
type verifiedFile struct {
	fi  os.FileInfo
	sum [sha256.Size]byte
}

func newHTMLStore(disk *cache.Disk[diskHTML], out string) *htmlStore {
	s := &htmlStore{disk: disk, out: out, loaded: map[string]diskHTML{}, stored: map[string]string{},
		verified: map[string]verifiedFile{}, written: map[string]outputFile{}}
	s.bufs.New = func() any { return new([]byte) }
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
	e, ok := s.disk.Load(url)
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
	s.loaded[url] = e
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

// commit ends a successful build: it writes the entries of the pages
// published (files: the output manifest) whose entry on disk differs.
func (s *htmlStore) commit(files []outputFile) {
	published := make(map[string]outputFile, len(files))
	for _, f := range files {
		published[f.Rel] = f
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for url, key := range s.stored {
		f, ok := published[outputPath(url)]
		if !ok {
			continue
		}
		e := diskHTML{Key: key, Rel: f.Rel, Sum: f.Sum}
		if s.loaded[url] != e {
			s.disk.Store(url, e)
		}
	}
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
