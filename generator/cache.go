package generator

import (
	"sync"

	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/secretscan"
)

// Cache keeps expensive stage results between builds, keyed by content hashes,
// so `docproof serve` re-renders and re-verifies only what changed. A nil
// *Cache is valid and caches nothing, and any Cache may answer a Load with a
// miss: callers recompute.
//
// NewCache holds entries in memory (docproof serve). A one-shot `docproof
// build` with a cache directory uses a disk-backed Cache instead
// (openDiskCache, generator/diskstore.go): Load reads the entry from the last
// build's pack file, Store appends it to this build's, and neither keeps the
// value in memory.
type Cache struct {
	mu   sync.Mutex
	mem  map[string]any
	used map[string]uint64 // key → gen in which it was last loaded or stored: the keys used since NewCache
	lean bool              // keep no page HTML, only where it was written (a one-shot build with CacheDir)
	gen  uint64            // successful builds so far (see sweep)
	disk *diskStore        // set for a disk-backed cache: mem and used stay empty
}

// sweepAfter is how many successful builds an entry survives unused: long
// enough that an undone edit still finds its old results, short enough that
// a long `docproof serve` session does not keep every version of every page
// (or pages deleted long ago).
const sweepAfter = 20

// NewCache returns an empty in-memory cache.
func NewCache() *Cache {
	return &Cache{mem: map[string]any{}, used: map[string]uint64{}}
}

// Load returns the value stored under key.
func (c *Cache) Load(key string) (any, bool) {
	if c == nil {
		return nil, false
	}
	if c.disk != nil {
		return c.disk.load(key)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.mem[key]
	if ok {
		c.used[key] = c.gen
	}
	return v, ok
}

// Store keeps v under key.
func (c *Cache) Store(key string, v any) {
	if c == nil {
		return
	}
	if c.disk != nil {
		c.disk.store(key, v)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mem[key] = v
	c.used[key] = c.gen
}

// sweep ends a successful build: entries no build has used in the last
// sweepAfter successful builds are dropped. Failed builds do not count, so
// fixing a typo never finds the cache emptied by the broken saves before.
func (c *Cache) sweep() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if c.gen <= sweepAfter {
		return
	}
	oldest := c.gen - sweepAfter
	for k, g := range c.used {
		if g < oldest {
			delete(c.mem, k)
			delete(c.used, k)
		}
	}
}

// size returns the number of entries held.
func (c *Cache) size() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.mem)
}

// eachUsed calls fn for every entry loaded or stored since NewCache: what the
// builds so far needed, so a snapshot of it drops what they no longer do.
func (c *Cache) eachUsed(fn func(key string, v any)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.used {
		fn(k, c.mem[k])
	}
}

// scanMemo is where the secrets scan keeps its finds in c.
func scanMemo(c *Cache) secretscan.Memo {
	if c == nil { // a nil *Cache in the interface would not be nil
		return secretscan.Memo{}
	}
	return secretscan.Memo{Cache: c, Lean: c.lean}
}

// searchCache is where the search index keeps entries and fragments in c.
func searchCache(c *Cache) search.Cache {
	if c == nil { // a nil *Cache in the interface would not be nil
		return nil
	}
	return c
}
