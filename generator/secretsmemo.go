package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"github.com/docproof/docproof/generator/cache"
	"slices"
)

// scanMemo lets the secrets scan skip scanning a page whose output is known
// not to have changed. A page file's bytes are a function of its HTML key
// (the hash of everything the template saw, pageWriter.htmlKey): a file
// written now holds exactly those bytes, and a hard-linked one is the very
// file an earlier build wrote for that key. Its finds are a function of
// those bytes and the set of issued values, so they are cached per file
// under both hashes; a file with no key (assets, search index, extras,
// static files) is always scanned.
type scanMemo struct {
	files     cache.Store[string, scanEntry]      // by output path; nil keeps nothing
	fragments cache.Store[string, indexScanEntry] // search index fragments, by URL (searchscan.go)
	// Tests only (scanSite): the HTML key of output files, and the
	// fragments search-index.json was written from.
	known map[string]string
	index []searchJSON
}

// scanEntry is the cached scan of one output file.
type scanEntry struct {
	key, issued string
	finds       []find
	mayHide     bool
}

// load returns the finds of the last scan of rel when its bytes (key) and
// the issued values (issued, an issuedKey) are still the same.
func (m scanMemo) load(rel, key, issued string) ([]find, bool, bool) {
	if key == "" || m.files == nil {
		return nil, false, false
	}
	e, ok := m.files.Load(rel)
	if !ok || e.key != key || e.issued != issued {
		return nil, false, false
	}
	return e.finds, e.mayHide, true
}

// store remembers the finds of rel (one entry per file, replaced by the next).
func (m scanMemo) store(rel, key, issued string, finds []find, mayHide bool) {
	if key != "" && m.files != nil {
		m.files.Store(rel, scanEntry{key: key, issued: issued, finds: finds, mayHide: mayHide})
	}
}

// issuedKey hashes a set of issued values (order and repeats do not matter).
func issuedKey(issued []string) string {
	vs := slices.Clone(issued)
	slices.Sort(vs)
	vs = slices.Compact(vs)
	h := sha256.New()
	for _, v := range vs {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
