package cache

import "sync"

// Store keeps values of type V under keys of type K.
type Store[K comparable, V any] interface {
	// Load returns the value stored under key; ok is false on a miss.
	Load(key K) (v V, ok bool)
	// Store keeps v under key, replacing what was there. A store may
	// drop it (a full disk, a None store): Load then misses.
	Store(key K, v V)
}

// SweepAfter is how many successful builds a Memory entry survives unused:
// long enough that an undone edit still finds its old results, short enough
// that a long `docproof serve` session does not keep every version of every
// page (or pages deleted long ago).
const SweepAfter = 20

// Memory is a Store in a map, safe for concurrent use.
type Memory[K comparable, V any] struct {
	mu  sync.Mutex
	m   map[K]memEntry[V]
	gen uint64 // successful builds so far (Sweep)
}

type memEntry[V any] struct {
	v    V
	used uint64 // gen in which it was last loaded or stored
}

// NewMemory returns an empty Memory store.
func NewMemory[K comparable, V any]() *Memory[K, V] {
	return &Memory[K, V]{m: map[K]memEntry[V]{}}
}

// Load implements Store.
func (s *Memory[K, V]) Load(key K) (V, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[key]
	if ok {
		e.used = s.gen
		s.m[key] = e
	}
	return e.v, ok
}

// Store implements Store.
func (s *Memory[K, V]) Store(key K, v V) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = memEntry[V]{v: v, used: s.gen}
}

// Sweep ends a successful build: entries no build loaded or stored in the
// last SweepAfter successful builds are dropped. Failed builds do not call
// it, so fixing a typo never finds the store emptied by the broken saves
// before.
func (s *Memory[K, V]) Sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	if s.gen <= SweepAfter {
		return
	}
	oldest := s.gen - SweepAfter
	for k, e := range s.m {
		if e.used < oldest {
			delete(s.m, k)
		}
	}
}

// Len returns the number of entries held.
func (s *Memory[K, V]) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
