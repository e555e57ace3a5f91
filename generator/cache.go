package generator

import "sync"

// Cache keeps expensive stage results between builds, keyed by content hashes,
// so `docproof serve` re-renders and re-verifies only what changed. A nil
// *Cache is valid and caches nothing.
type Cache struct {
	mu   sync.Mutex
	mem  map[string]any
	used map[string]bool // keys loaded or stored since NewCache (preloaded ones only once read)
	lean bool            // keep no page HTML, only where it was written (a one-shot build with CacheDir)
}

// NewCache returns an empty in-memory cache.
func NewCache() *Cache { return &Cache{mem: map[string]any{}, used: map[string]bool{}} }

// Load returns the value stored under key.
func (c *Cache) Load(key string) (any, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.mem[key]
	if ok {
		c.used[key] = true
	}
	return v, ok
}

// Store keeps v under key.
func (c *Cache) Store(key string, v any) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mem[key] = v
	c.used[key] = true
}

// preload stores v from an earlier build's snapshot without marking it used.
func (c *Cache) preload(key string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mem[key] = v
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
