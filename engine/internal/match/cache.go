package match

import "sync"

// Compiled patterns are immutable, so the same source text can share one
// compilation. The playground re-parses every policy on each keystroke; with
// the cache, the patterns that did not change cost a map lookup instead of a
// compilation. The cache is bounded: when it fills up it starts over.
const cacheMax = 4096

type cache[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

func (c *cache[T]) get(key string, build func() T) T {
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = build()
	c.mu.Lock()
	if c.m == nil || len(c.m) >= cacheMax {
		c.m = make(map[string]T, 64)
	}
	c.m[key] = v
	c.mu.Unlock()
	return v
}

var (
	patterns      cache[*compiled]
	lowerPatterns cache[*compiled]
	arnPatterns   cache[*arnProg]
)
