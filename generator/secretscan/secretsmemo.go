package secretscan

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"github.com/docproof/docproof/generator/cache"
)

// Memo lets the secrets scan skip scanning a page whose output is known
// not to have changed. A page file's bytes are a function of its HTML key
// (the hash of everything the template saw, pageWriter.htmlKey): a file
// written now holds exactly those bytes, and a hard-linked one is the very
// file an earlier build wrote for that key. Its finds are a function of
// those bytes and the set of issued values, so they are cached per file
// under both hashes; a file with no key (assets, search index, extras,
// static files) is always scanned.
type Memo struct {
	// Files keeps the finds of output files, by path; nil keeps nothing.
	// Load may miss: the file is scanned again.
	Files cache.Store[string, FileFinds]
	// Fragments keeps the finds of the search index's fragments, by URL;
	// nil keeps nothing.
	Fragments cache.Store[string, FragmentFinds]
}

// FileFinds is the cached scan of one output file.
type FileFinds struct {
	key, issued string
	finds       []find
	mayHide     bool
}

// load returns the finds of the last scan of rel when its bytes (key) and
// the issued values (issued, an issuedKey) are still the same.
func (m Memo) load(rel, key, issued string) ([]find, bool, bool) {
	if key == "" || m.Files == nil {
		return nil, false, false
	}
	e, ok := m.Files.Load(rel)
	if !ok || e.key != key || e.issued != issued {
		return nil, false, false
	}
	return e.finds, e.mayHide, true
}

// store remembers the finds of rel (one entry per file, replaced by the next).
func (m Memo) store(rel, key, issued string, finds []find, mayHide bool) {
	if key != "" && m.Files != nil {
		m.Files.Store(rel, FileFinds{key: key, issued: issued, finds: finds, mayHide: mayHide})
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
