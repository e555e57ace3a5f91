package generator

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"hash/crc32"
	"html/template"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// A rendered page's body (Page.Body, the bulk of its record) is not
// written to the pack when the page's published HTML holds it: the record
// of the page's HTML says where (diskHTML.BodyAt, BodyLen), and a later
// build that loads the page takes the body from the published file, which
// it reads and hashes anyway to link the page. The render record keeps the
// body's length and CRC-32C, so a body taken from anywhere else is a miss.
// Without the published site (deleted, or a CI cache of the cache folder
// only) such a page is rendered again.

// pendingLimit bounds the rendered pages held until their HTML is stored
// (one per page in flight; drafts never get HTML): past it they are written
// with their bodies, so memory does not grow with the site.
const pendingLimit = 16

// bodySpan is where a page's body is in its published HTML.
type bodySpan struct{ at, n int }

// pend holds e, the record of a page rendered this build, until the page's
// HTML is stored (storeHTML); it reports false when the record should be
// appended at once.
func (d *diskStore) pend(p *Page, e diskEntry) bool {
	if p == nil || p.Body == "" || p.Front.Draft {
		return false
	}
	d.mu.Lock()
	d.pending[p] = e
	var flush []diskEntry
	if len(d.pending) > pendingLimit {
		flush = d.takePending()
	}
	d.mu.Unlock()
	d.appendAll(flush)
	return true
}

// takePending empties the pending records, in key order (d.mu held).
func (d *diskStore) takePending() []diskEntry {
	es := slices.SortedFunc(maps.Values(d.pending), func(a, b diskEntry) int { return cmp.Compare(a.Key, b.Key) })
	clear(d.pending)
	return es
}

// crc32c is the CRC-32C of b (hardware-accelerated).
func crc32c(b []byte) uint32 { return crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)) }

// appendAll appends records with their bodies.
func (d *diskStore) appendAll(es []diskEntry) {
	for i := range es {
		if d.append(&es[i]) == nil {
			d.mu.Lock()
			d.appended++
			d.mu.Unlock()
		}
	}
}

// storeHTML notes page HTML stored this build (see store) and appends the
// pending record of its page, without the body when the HTML holds it.
func (d *diskStore) storeHTML(key string, h cachedHTML) {
	var f outputFile
	span, found := bodySpan{}, false
	if h.html != nil {
		f = outputFile{Rel: outputPath(key[len("html\x00"):]), Size: int64(len(h.html)), Sum: sha256.Sum256(h.html)}
		if h.of != nil {
			span.at, found = bodyAt(h.html, string(h.of.Body)), true
			span.n = len(h.of.Body)
		}
	}
	d.mu.Lock()
	d.html[key] = h.key
	delete(d.loaded, key)
	if f.Rel != "" {
		d.written[f.Rel] = f
	}
	switch {
	case found && span.at >= 0:
		d.spans[key] = span
	case found: // the templates do not print the body as it is
		delete(d.spans, key)
	}
	// Linked (no bytes): the span loaded with the record holds, the same
	// body (the HTML key hashes it).
	span, ok := d.spans[key]
	var e diskEntry
	pended := false
	if h.of != nil {
		e, pended = d.pending[h.of]
		delete(d.pending, h.of)
	}
	d.mu.Unlock()
	if !pended {
		return
	}
	if r := e.Render; ok && r.Page != nil && span.n == len(r.Page.Body) {
		var crc uint32
		if h.html != nil {
			crc = crc32c(h.html[span.at : span.at+span.n])
		} else {
			crc = crc32c([]byte(r.Page.Body))
		}
		page, lean := *r.Page, *r
		page.Body = ""
		lean.Page, lean.BodyLen, lean.BodyCRC = &page, span.n, crc
		e.Render = &lean
	}
	d.appendAll([]diskEntry{e})
}

// bodyAt returns where body first is in html, or -1.
func bodyAt(html []byte, body string) int {
	if body == "" {
		return -1
	}
	probe := []byte(body[:min(len(body), 32)])
	for off := 0; ; {
		i := bytes.Index(html[off:], probe)
		if i < 0 {
			return -1
		}
		at := off + i
		if len(html)-at >= len(body) && string(html[at:at+len(body)]) == body {
			return at
		}
		off = at + 1
	}
}

// publishedBody is the body of the page published at url, from the file
// its last HTML record names (checked against its hash, once per build),
// when it has n bytes with CRC-32C crc.
func (d *diskStore) publishedBody(url string, n int, crc uint32) (template.HTML, bool) {
	e, ok := d.read("html\x00" + url)
	if !ok || e.HTML == nil || e.HTML.BodyLen != n || e.HTML.BodyAt < 0 {
		return "", false
	}
	buf := d.bufs.Get().(*[]byte)
	defer d.bufs.Put(buf)
	data, ok := d.readPublished(e.HTML, buf)
	if !ok || e.HTML.BodyAt+n > len(data) {
		return "", false
	}
	body := data[e.HTML.BodyAt : e.HTML.BodyAt+n]
	if crc32c(body) != crc {
		return "", false
	}
	return template.HTML(body), true
}

// readPublished reads the published file of h into buf when its content is
// still the recorded one (hashed unless this build has hashed that very
// file: same inode, size and modification time) and notes it as verified.
func (d *diskStore) readPublished(h *diskHTML, buf *[]byte) ([]byte, bool) {
	p := filepath.Join(d.out, filepath.FromSlash(h.Rel))
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxPublished {
		return nil, false
	}
	data, err := readFileInto(p, (*buf)[:0], maxPublished)
	*buf = data[:0]
	if err != nil || int64(len(data)) != fi.Size() {
		return nil, false
	}
	if !d.isVerified(h, fi) {
		if sha256.Sum256(data) != h.Sum {
			return nil, false
		}
		d.mu.Lock()
		d.verified[h.Rel] = verifiedFile{fi: fi, sum: h.Sum}
		d.mu.Unlock()
	}
	return data, true
}

// maxPublished is the largest published page whose body is read back.
const maxPublished = 64 << 20

// isVerified reports whether this build hashed fi, the published file of h,
// and found h's content.
func (d *diskStore) isVerified(h *diskHTML, fi os.FileInfo) bool {
	d.mu.Lock()
	v, ok := d.verified[h.Rel]
	d.mu.Unlock()
	return ok && v.sum == h.Sum && os.SameFile(v.fi, fi) && v.fi.Size() == fi.Size() && v.fi.ModTime().Equal(fi.ModTime())
}

// checkPublished stats the published file of h when its content is still
// the recorded one; a file this build has checked already (loading its
// page's body) is not read again.
func (d *diskStore) checkPublished(h *diskHTML) (os.FileInfo, bool) {
	fi, err := os.Lstat(filepath.Join(d.out, filepath.FromSlash(h.Rel)))
	if err == nil && d.isVerified(h, fi) {
		return fi, true
	}
	buf := d.bufs.Get().(*[]byte)
	defer d.bufs.Put(buf)
	return publishedAs(d.out, h, buf)
}
