package generator

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/internal/gobrec"
	"github.com/docproof/docproof/generator/internal/pack"
	"github.com/docproof/docproof/generator/sample"
)

// stagesFile is the pack (generator/internal/pack) of per-stage Cache
// entries a one-shot build used: rendered pages, sample runs, highlighted
// code, and where each page's HTML was published. Its header is
// diskFormat, the docproof binary's identity and the gob preamble of
// diskEntry (generator/internal/gobrec); each record is one diskEntry.
const stagesFile = "stages.pack"

// diskEntry is one Cache entry; exactly one of the pointers is set.
type diskEntry struct {
	Key       string
	Highlight *string
	Render    *diskRender
	Run       *diskRun
	HTML      *diskHTML
}

type diskRender struct {
	Hash         string
	Page         *Page
	BrokenBlocks bool // Page.brokenBlocks, which gob would drop
	Diags        diag.List
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

// diskStore backs a one-shot build's Cache with two packs: the last
// successful build's (read on demand) and this build's (appended to as
// entries are stored, committed only when the build succeeds). In memory it
// holds the keys this build used, never the values.
type diskStore struct {
	out      string                   // the published site, for checking page HTML entries
	old      *pack.Reader             // nil when there is no usable last pack
	oldCodec *gobrec.Codec[diskEntry] // decodes old's records
	new      *pack.Writer             // this build's pack
	codec    *gobrec.Codec[diskEntry] // encodes new's records
	bufs     sync.Pool                // *[]byte record buffers
	mu       sync.Mutex               // guards the maps below
	loaded   map[string]string        // read from old and not stored since → fingerprint (render: its hash; HTML: its key)
	stored   map[string]bool          // appended to new and also in old (a later Load must miss)
	html     map[string]string        // page HTML stored this build: cache key → HTML key (recorded at commit)
	openedAt time.Time                // for removing temp files a crashed build left
	appended int                      // records encoded by store (guarded by mu)
	carried  int                      // records copied from old by commit
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
	d := &diskStore{out: out, codec: codec, loaded: map[string]string{}, stored: map[string]bool{},
		html: map[string]string{}, openedAt: time.Now()}
	d.bufs.New = func() any { return new([]byte) }
	removeStale(dir, d.openedAt)
	w, err := pack.Create(filepath.Join(dir, stagesFile), packHeader(version, codec.Preamble()))
	if err != nil {
		return nil
	}
	d.new = w
	d.old, d.oldCodec = openPack(filepath.Join(dir, stagesFile), version)
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
func openPack(path, version string) (*pack.Reader, *gobrec.Codec[diskEntry]) {
	r, err := pack.Open(path)
	if err != nil {
		return nil, nil
	}
	prefix := diskFormat + "\x00" + version + "\x00"
	h := r.Header()
	if !bytes.HasPrefix(h, []byte(prefix)) {
		r.Close()
		return nil, nil
	}
	codec, err := gobrec.Open[diskEntry](h[len(prefix):])
	if err != nil {
		r.Close()
		return nil, nil
	}
	return r, codec
}

// load reads key's entry from the last build's pack. An entry stored in
// this build is a miss (its value went to disk; recomputing is correct).
func (d *diskStore) load(key string) (any, bool) {
	if d.old == nil {
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

// read decodes key's record of the old pack; a damaged record is a miss.
func (d *diskStore) read(key string) (diskEntry, bool) {
	buf := d.bufs.Get().(*[]byte)
	defer d.bufs.Put(buf)
	rec, ok, err := d.old.Get(key, *buf)
	if !ok || err != nil {
		return diskEntry{}, false
	}
	*buf = rec[:0]
	var e diskEntry
	if d.oldCodec.Decode(rec, &e) != nil || e.Key != key {
		return diskEntry{}, false
	}
	return e, true
}

// fromDisk turns a record into the value its stage stored, with the
// fingerprint store compares to skip rewriting an unchanged entry. Page
// HTML is an entry only while its published file still has the recorded
// content.
func (d *diskStore) fromDisk(e diskEntry) (v any, fp string, ok bool) {
	switch {
	case e.Highlight != nil:
		return *e.Highlight, "", true
	case e.Render != nil && e.Render.Page != nil:
		e.Render.Page.brokenBlocks = e.Render.BrokenBlocks
		return cachedRender{hash: e.Render.Hash, r: rendered{page: e.Render.Page, diags: e.Render.Diags}}, e.Render.Hash, true
	case e.Render != nil:
		return cachedRender{hash: e.Render.Hash, r: rendered{diags: e.Render.Diags}}, e.Render.Hash, true
	case e.Run != nil:
		return pageRun{res: e.Run.Res, diags: e.Run.Diags}, "", true
	case e.HTML != nil:
		fi, ok := publishedAs(d.out, e.HTML)
		if !ok {
			return nil, "", false
		}
		return cachedHTML{key: e.HTML.Key, written: fi}, e.HTML.Key, true
	}
	return nil, "", false
}

// toDisk is the record of a stored value; ok is false for values that
// are not kept across builds (memos of in-memory identity) and page HTML.
func toDisk(key string, v any) (e diskEntry, fp string, ok bool) {
	e.Key = key
	switch v := v.(type) {
	case string:
		e.Highlight = &v
	case cachedRender:
		e.Render = &diskRender{Hash: v.hash, Page: v.r.page, Diags: v.r.diags}
		if v.r.page != nil {
			e.Render.BrokenBlocks = v.r.page.brokenBlocks
		}
		fp = v.hash
	case pageRun:
		e.Run = &diskRun{Res: v.res, Diags: v.diags}
	default:
		return e, "", false
	}
	return e, fp, true
}

// store appends v's record to this build's pack, unless it is the entry
// this build loaded (same fingerprint): that one is copied at commit.
// Page HTML is only noted: its record needs the published file's hash.
// Values of other types are dropped: a one-shot build does not need them.
func (d *diskStore) store(key string, v any) {
	if h, ok := v.(cachedHTML); ok {
		d.mu.Lock()
		d.html[key] = h.key
		delete(d.loaded, key)
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
	if d.append(&e) == nil {
		d.mu.Lock()
		d.appended++
		if d.old != nil && d.old.Has(key) { // only these could be loaded (and must not be)
			d.stored[key] = true
		}
		delete(d.loaded, key)
		d.mu.Unlock()
	}
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
// match the published files (files: the output manifest), copies the
// entries loaded from the last pack and not stored anew, and renames the
// new pack into place.
func (d *diskStore) commit(files []outputFile) error {
	defer d.close()
	published := make(map[string]outputFile, len(files))
	for _, f := range files {
		published[f.Rel] = f
	}
	d.mu.Lock()
	html := d.html
	var carried []string
	for k, fp := range d.loaded {
		if strings.HasPrefix(k, "html\x00") {
			if _, ok := html[k]; !ok {
				html[k] = fp
			}
			continue
		}
		carried = append(carried, k)
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
		err = d.carry(carried)
	}
	if err != nil {
		d.new.Abort()
		return err
	}
	return d.new.Commit()
}

// carry copies the records of keys from the old pack to the new one, in
// file order: raw when both packs describe diskEntry with the same gob
// preamble (the same binary, types met in the same order), else decoded
// and encoded again.
func (d *diskStore) carry(keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(d.old.Offset(a), d.old.Offset(b)) })
	raw := bytes.Equal(d.oldCodec.Preamble(), d.codec.Preamble())
	var buf []byte
	for _, k := range keys {
		if !raw {
			if e, ok := d.read(k); ok {
				if err := d.append(&e); err != nil {
					return err
				}
				d.carried++
			}
			continue
		}
		rec, ok, err := d.old.Get(k, buf)
		if err != nil || !ok {
			continue // damaged since it was loaded: leave it out
		}
		buf = rec[:0]
		if err := d.new.Append(k, rec); err != nil {
			return err
		}
		d.carried++
	}
	return nil
}

// abort ends a failed build: the new pack is removed, the last one stays.
func (d *diskStore) abort() {
	d.new.Abort()
	d.close()
}

// close closes the last pack.
func (d *diskStore) close() {
	if d.old != nil {
		d.old.Close()
	}
}
