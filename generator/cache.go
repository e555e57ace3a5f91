package generator

import "sync"

// Cache keeps expensive stage results between builds, keyed by content hashes,
// so `docproof serve` re-renders and re-verifies only what changed. A nil
// *Cache is valid and caches nothing.
type Cache struct {
	mu  sync.Mutex
	mem map[string]any
}

// NewCache returns an empty in-memory cache.
func NewCache() *Cache { return &Cache{mem: map[string]any{}} }

// Load returns the value stored under key.
func (c *Cache) Load(key string) (any, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.mem[key]
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
}
