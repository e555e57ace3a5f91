package generator

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/docproof/docproof/generator/internal/gobrec"
	"github.com/docproof/docproof/generator/internal/pack"
)

// stagesFile is the pack (generator/internal/pack) of per-stage Cache
// entries a one-shot build used: rendered pages, sample runs, highlighted
// code, and where each page's HTML was published. Its header is
// diskFormat, the docproof binary's identity and the gob preamble of
// diskEntry (generator/internal/gobrec); each record is one diskEntry.
const stagesFile = "stages.pack"

// deltaFile holds what changed since stagesFile was written: a build whose
// entries are mostly still in stagesFile writes only its new entries (and
// the ones it used from the last delta) here, with baseKey naming the base
// it applies to, instead of copying the whole base. A delta whose base is
// not the current stagesFile is ignored.
const deltaFile = "stages.delta.pack"

// baseKey is the delta record holding the base's pack.Reader.ID (raw bytes;
// cache keys never start with a NUL).
const baseKey = "\x00base"

// diskStore backs a one-shot build's Cache with packs: the last build's
// (a base and maybe a delta, read on demand) and this build's (appended to
// as entries are stored, committed only when the build succeeds, as a new
// delta or a new base). In memory it holds the keys this build used, never
// the values.
type diskStore struct {
	dir      string                   // the cache directory
	out      string                   // the published site, for checking page HTML entries
	base     *packSource              // nil when there is no usable last pack
	delta    *packSource              // changes since base; nil when none applies
	new      *pack.Writer             // this build's pack
	codec    *gobrec.Codec[diskEntry] // encodes new's records
	bufs     sync.Pool                // *[]byte buffers for records and for reading published pages
	mu       sync.Mutex               // guards the maps below
	loaded   map[string]string        // read from base or delta and not stored since → fingerprint (render: renderPrint; HTML: its key)
	stored   map[string]bool          // appended to new and also in base or delta (a later Load must miss)
	html     map[string]string        // page HTML stored this build: cache key → HTML key (recorded at commit)
	verified map[string]verifiedFile  // published pages whose content was hashed this build (by slash path)
	written  map[string]outputFile    // pages this build wrote, hashed from memory (by slash path)
	openedAt time.Time                // for removing temp files a crashed build left
	appended int                      // records encoded by store (guarded by mu)
	carried  int                      // records copied by commit
	rebased  bool                     // commit wrote a new base (else a delta)
}

// verifiedFile is a published page whose content this build hashed.
type verifiedFile struct {
	fi  os.FileInfo
	sum [sha256.Size]byte
}

// knownSum is the knownSums of the output manifest, so that it reads no
// page again: a page this build wrote has the hash of the bytes it wrote
// (store took it from memory), and a page checked when its entry loaded and
// since hard-linked into the new site is the same file. (Were either
// changed since, the hash recorded would be stale, and the next build,
// which hashes what it checks, would find the file different: a miss,
// never a wrong answer.)
func (d *diskStore) knownSum(rel string, fi os.FileInfo) ([sha256.Size]byte, bool) {
	d.mu.Lock()
	w, wrote := d.written[rel]
	v, ok := d.verified[rel]
	d.mu.Unlock()
	if wrote {
		return w.Sum, w.Size == fi.Size()
	}
	if !ok || !os.SameFile(v.fi, fi) || v.fi.Size() != fi.Size() || !v.fi.ModTime().Equal(fi.ModTime()) {
		return [sha256.Size]byte{}, false
	}
	return v.sum, true
}

// packSource is a committed pack and the codec of its records.
type packSource struct {
	r     *pack.Reader
	codec *gobrec.Codec[diskEntry]
}

// openDiskCache returns a Cache backed by packs in dir: entries of the last
// build's pack (when it was written by this docproof binary, version, and
// is intact) load on demand; stored ones are appended to a new pack that
// commit renames into place. A pack that cannot be read means a cold start;
// when no new one can be created the result is nil, a Cache that keeps
// nothing (a cache costs speed, never correctness).
func openDiskCache(dir, version, out string, codec *gobrec.Codec[diskEntry]) *Cache {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil
	}
	d := &diskStore{dir: dir, out: out, codec: codec, loaded: map[string]string{}, stored: map[string]bool{},
		html: map[string]string{}, verified: map[string]verifiedFile{}, written: map[string]outputFile{}, openedAt: time.Now()}
	d.bufs.New = func() any { return new([]byte) }
	removeStale(dir, d.openedAt)
	w, err := pack.Create(filepath.Join(dir, stagesFile), packHeader(version, codec.Preamble()))
	if err != nil {
		return nil
	}
	d.new = w
	d.base = openPack(filepath.Join(dir, stagesFile), version)
	if d.base != nil {
		d.delta = openPack(filepath.Join(dir, deltaFile), version)
		if d.delta != nil {
			ref, ok, err := d.delta.r.Get(baseKey, nil)
			if !ok || err != nil || string(ref) != d.base.r.ID() {
				d.delta.r.Close()
				d.delta = nil
			}
		}
	}
	c := NewCache()
	c.lean, c.disk = true, d
	return c
}

// removeStale deletes temp files older than an hour (a build that crashed
// or was killed before committing: the pack's "stages.pack.tmp-*" and the
// memo's ".tmp-*") and the stages.gob of docproof before the pack format;
// none is ever read.
func removeStale(dir string, now time.Time) {
	os.Remove(filepath.Join(dir, "stages.gob"))
	tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*")) // "*" also matches "" (".tmp-*")
	for _, p := range tmps {
		if fi, err := os.Lstat(p); err == nil && now.Sub(fi.ModTime()) > time.Hour {
			os.Remove(p)
		}
	}
}

// packHeader is the header of a stages pack: format, binary, gob preamble.
func packHeader(version string, preamble []byte) []byte {
	return slices.Concat([]byte(diskFormat+"\x00"+version+"\x00"), preamble)
}

// openPack opens the pack at path when it is intact and was written by
// this format and binary; otherwise it returns nil (a cold start).
func openPack(path, version string) *packSource {
	r, err := pack.Open(path)
	if err != nil {
		return nil
	}
	prefix := diskFormat + "\x00" + version + "\x00"
	h := r.Header()
	if !bytes.HasPrefix(h, []byte(prefix)) {
		r.Close()
		return nil
	}
	codec, err := gobrec.Open[diskEntry](h[len(prefix):])
	if err != nil {
		r.Close()
		return nil
	}
	return &packSource{r: r, codec: codec}
}

// source returns the pack that holds key's entry: the delta before the base.
func (d *diskStore) source(key string) *packSource {
	for _, s := range []*packSource{d.delta, d.base} {
		if s != nil && s.r.Has(key) {
			return s
		}
	}
	return nil
}

// load reads key's entry from the last build's packs. An entry stored in
// this build is a miss (its value went to disk; recomputing is correct).
func (d *diskStore) load(key string) (any, bool) {
	if d.base == nil {
		return nil, false
	}
	d.mu.Lock()
	_, html := d.html[key]
	gone := d.stored[key] || html
	d.mu.Unlock()
	if gone {
		return nil, false
	}
	e, ok := d.read(key)
	if !ok {
		return nil, false
	}
	v, fp, ok := d.fromDisk(e)
	if !ok {
		return nil, false
	}
	d.mu.Lock()
	if !d.stored[key] {
		d.loaded[key] = fp
	}
	d.mu.Unlock()
	return v, true
}

// read decodes key's record of the last build's packs; a damaged record
// is a miss.
func (d *diskStore) read(key string) (diskEntry, bool) {
	src := d.source(key)
	if src == nil {
		return diskEntry{}, false
	}
	buf := d.bufs.Get().(*[]byte)
	defer d.bufs.Put(buf)
	rec, ok, err := src.r.Get(key, *buf)
	if !ok || err != nil {
		return diskEntry{}, false
	}
	*buf = rec[:0]
	var e diskEntry
	if src.codec.Decode(rec, &e) != nil || e.Key != key {
		return diskEntry{}, false
	}
	return e, true
}

// store appends v's record to this build's pack, unless it is the entry
// this build loaded (same fingerprint): that one is copied at commit.
// Page HTML is only noted, with the hash of the bytes when the build wrote
// them (for the output manifest, which then need not read the file back):
// its record needs the published file's hash. Values of other types are
// dropped: a one-shot build does not need them.
func (d *diskStore) store(key string, v any) {
	if h, ok := v.(cachedHTML); ok {
		var f outputFile
		if h.html != nil {
			f = outputFile{Rel: outputPath(strings.TrimPrefix(key, "html\x00")), Size: int64(len(h.html)), Sum: sha256.Sum256(h.html)}
		}
		d.mu.Lock()
		d.html[key] = h.key
		delete(d.loaded, key)
		if f.Rel != "" {
			d.written[f.Rel] = f
		}
		d.mu.Unlock()
		return
	}
	e, fp, ok := toDisk(key, v)
	if !ok {
		return
	}
	d.mu.Lock()
	prev, loaded := d.loaded[key]
	d.mu.Unlock()
	if loaded && fp != "" && prev == fp {
		return
	}
	if d.append(&e) != nil {
		return
	}
	d.mu.Lock()
	d.appended++
	if d.source(key) != nil { // only these could be loaded (and must not be)
		d.stored[key] = true
	}
	delete(d.loaded, key)
	d.mu.Unlock()
}

// append encodes e into this build's pack.
func (d *diskStore) append(e *diskEntry) error {
	buf := d.bufs.Get().(*[]byte)
	defer d.bufs.Put(buf)
	rec, err := d.codec.Append((*buf)[:0], e)
	*buf = rec[:0]
	if err != nil {
		return err
	}
	return d.new.Append(e.Key, rec)
}

// commit ends a successful build: it records the page HTML entries that
// match the published files (files: the output manifest) and keeps the
// entries loaded from the last packs and not stored anew. When the base
// still holds most of them (a small edit), the new pack becomes the delta:
// this build's new entries plus the ones it used from the last delta, the
// base left as it is. Otherwise (no base, or at least half of it unused, or
// a delta grown past a quarter of it) the used entries of both are copied
// into the new pack, which becomes the base, and the delta is removed.
func (d *diskStore) commit(files []outputFile) error {
	defer d.close()
	published := make(map[string]outputFile, len(files))
	for _, f := range files {
		published[f.Rel] = f
	}
	d.mu.Lock()
	html := d.html
	var fromBase, fromDelta []string
	for k, fp := range d.loaded {
		switch {
		case strings.HasPrefix(k, "html\x00"):
			if _, ok := html[k]; !ok {
				html[k] = fp
			}
		case d.delta != nil && d.delta.r.Has(k):
			fromDelta = append(fromDelta, k)
		default:
			fromBase = append(fromBase, k)
		}
	}
	d.mu.Unlock()
	var err error
	for _, k := range slices.Sorted(maps.Keys(html)) {
		f, ok := published[outputPath(strings.TrimPrefix(k, "html\x00"))]
		if !ok {
			continue
		}
		err = errors.Join(err, d.append(&diskEntry{Key: k, HTML: &diskHTML{Key: html[k], Rel: f.Rel, Sum: f.Sum}}))
	}
	if err == nil {
		err = d.carry(fromDelta, d.delta)
	}
	d.rebased = d.base == nil || d.rebase(fromBase)
	if err == nil && d.rebased {
		err = d.carry(fromBase, d.base)
	}
	if err == nil && !d.rebased {
		err = d.new.Append(baseKey, []byte(d.base.r.ID()))
	}
	if err != nil {
		d.new.Abort()
		return err
	}
	if !d.rebased {
		return d.new.CommitAs(filepath.Join(d.dir, deltaFile))
	}
	if err := d.new.Commit(); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(d.dir, deltaFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// rebase reports whether the used entries should be copied into a new base
// rather than the new pack be a delta on the current one: when less than
// half of the base's bytes are still used (used: the base's entries this
// build loaded), or the delta would exceed a quarter of the base.
func (d *diskStore) rebase(used []string) bool {
	var live int64
	for _, k := range used {
		live += d.base.r.Size(k)
	}
	all := d.base.r.DataSize()
	return 2*live < all || 4*d.new.Size() > all
}

// carry copies the records of keys from src to the new pack, in file
// order: raw when both describe diskEntry with the same gob preamble (the
// same binary, types met in the same order), else decoded and encoded again.
func (d *diskStore) carry(keys []string, src *packSource) error {
	if len(keys) == 0 {
		return nil
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(src.r.Offset(a), src.r.Offset(b)) })
	raw := bytes.Equal(src.codec.Preamble(), d.codec.Preamble())
	var buf []byte
	for _, k := range keys {
		rec, ok, err := src.r.Get(k, buf)
		if err != nil || !ok {
			continue // damaged since it was loaded: leave it out
		}
		buf = rec[:0]
		if !raw {
			var e diskEntry
			if src.codec.Decode(rec, &e) != nil {
				continue
			}
			if err := d.append(&e); err != nil {
				return err
			}
		} else if err := d.new.Append(k, rec); err != nil {
			return err
		}
		d.carried++
	}
	return nil
}

// abort ends a failed build: the new pack is removed, the last ones stay.
func (d *diskStore) abort() {
	d.new.Abort()
	d.close()
}

// close closes the last build's packs.
func (d *diskStore) close() {
	for _, s := range []*packSource{d.base, d.delta} {
		if s != nil {
			s.r.Close()
		}
	}
}
