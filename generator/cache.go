package generator

import (
	"github.com/docproof/docproof/generator/cache"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/secretscan"
)

// Cache holds, between builds, the typed store of each stage that keeps
// results (package generator/cache). Keys are content hashes or paths whose
// entries carry the hash of what made them; values are the stage's own type.
// A nil *Cache, and a nil store in it, keep nothing: the stage computes.
//
// NewCache keeps every store in memory (docproof serve). A one-shot
// `docproof build` with Config.CacheDir opens disk stores for the stages
// whose results are worth reading back in a new process (rendered pages,
// sample runs, where page HTML was published; openDiskCache,
// generator/diskstore.go) and no store for the others.
type Cache struct {
	pages     cache.Store[string, markdown.CacheEntry] // render, by source file and path
	highlight cache.Store[string, string]              // highlighted blocks, by highlight.StoreKey
	runs      cache.Store[string, pageRun]             // sample runs, by verifyKey (page content and options)
	runMemo   cache.Store[string, verifyMemo]          // the last run of a source file's very *Page
	html      cache.Store[string, cachedHTML]          // page HTML, by URL
	meta      cache.Store[string, metaEntry]           // the first pass's work, by source file and path
	search    search.Stores                            // search entries, fragments and the last index joined in memory
	scans     secretscan.Memo                          // secrets finds in output files and search fragments
	siteData  cache.Store[string, siteDataEntry]       // the last site-wide markup
	cards     cache.Store[string, cardsMemo]           // a source file's last page with its sample cards filled

	// resident is true when pages stay in memory between builds (NewCache):
	// the page stream then keeps what it read and rendered rather than
	// dropping it (stream.go).
	resident bool
	memory   []memoryStore // what sweep sweeps
}

// memoryStore is what Cache needs of a cache.Memory of any type.
type memoryStore interface {
	Sweep()
	Len() int
}

// NewCache returns an empty in-memory cache.
func NewCache() *Cache {
	c := &Cache{resident: true}
	c.pages = inMemory[string, markdown.CacheEntry](c)
	c.highlight = inMemory[string, string](c)
	c.runs = inMemory[string, pageRun](c)
	c.runMemo = inMemory[string, verifyMemo](c)
	c.html = inMemory[string, cachedHTML](c)
	c.meta = inMemory[string, metaEntry](c)
	c.search = search.Stores{Entries: inMemory[string, search.PageEntryOf](c), Fragments: inMemory[string, search.PagePart](c),
		Index: inMemory[string, search.JoinedIndex](c)}
	c.scans = secretscan.Memo{Files: inMemory[string, secretscan.FileFinds](c), Fragments: inMemory[string, secretscan.FragmentFinds](c)}
	c.siteData = inMemory[string, siteDataEntry](c)
	c.cards = inMemory[string, cardsMemo](c)
	return c
}

// inMemory returns a new cache.Memory that c sweeps.
func inMemory[K comparable, V any](c *Cache) cache.Store[K, V] {
	s := cache.NewMemory[K, V]()
	c.memory = append(c.memory, s)
	return s
}

// orNone returns c, or for nil an empty Cache: every store nil.
func (c *Cache) orNone() *Cache {
	if c == nil {
		return &Cache{}
	}
	return c
}

// sweep ends a successful build: entries of the in-memory stores no build
// used in the last cache.SweepAfter successful builds are dropped. Failed
// builds do not count, so fixing a typo never finds the cache emptied by the
// broken saves before.
func (c *Cache) sweep() {
	if c == nil {
		return
	}
	for _, s := range c.memory {
		s.Sweep()
	}
}

// size returns the number of entries held in memory.
func (c *Cache) size() int {
	if c == nil {
		return 0
	}
	n := 0
	for _, s := range c.memory {
		n += s.Len()
	}
	return n
}
