package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"github.com/docproof/docproof/generator/secret"
)

// scanMemo lets the secrets scan skip reading a page whose output is known
// not to have changed. A page file's bytes are a function of its HTML key
// (the hash of everything the template saw, pageWriter.htmlKey): a file
// written now holds exactly those bytes, and a hard-linked one is the very
// file an earlier build wrote for that key. Its finds are a function of
// those bytes and the set of issued values, so they are cached per file
// under both hashes; a file with no key (assets, search index, extras,
// static files) is always read.
type scanMemo struct {
	known  map[string]string // output file (slash path below the site) → HTML key
	index  []searchJSON      // the fragments search-index.json was written from, in file order
	cache  *Cache
	issued string // hash of the issued values the scan looks for

	finder   *secret.Finder // set by scanSite
	joinSafe bool           // no issued value could span two index fragments (see indexFinds)
}

// scanEntry is the cached scan of one output file.
type scanEntry struct {
	key, issued string
	finds       []find
}

func (m scanMemo) cacheKey(rel string) string { return "scan\x00" + rel }

// load returns the finds of the last scan of rel when its bytes and the
// issued values are still the same.
func (m scanMemo) load(rel string) ([]find, bool) {
	if rel == searchIndexName {
		return m.indexFinds()
	}
	key := m.known[rel]
	if key == "" || m.cache == nil {
		return nil, false
	}
	v, ok := m.cache.Load(m.cacheKey(rel))
	if !ok {
		return nil, false
	}
	e, ok := v.(scanEntry)
	if !ok || e.key != key || e.issued != m.issued {
		return nil, false
	}
	return e.finds, true
}

// store remembers the finds of rel (one entry per file, replaced by the next).
func (m scanMemo) store(rel string, finds []find) {
	if key := m.known[rel]; key != "" && m.cache != nil {
		m.cache.Store(m.cacheKey(rel), scanEntry{key: key, issued: m.issued, finds: finds})
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
