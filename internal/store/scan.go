package store

import (
	"context"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// scanBatch is the COUNT hint of the operator commands' SCANs.
const scanBatch = 500

// scanPrefix calls page with each page of keys matching pattern (a glob
// under this store's prefix, as from s.pattern) on every master: one
// server, or each master of a Redis Cluster in turn. The pages come one
// at a time, so page needs no locking. A key may come twice (SCAN's
// guarantee is only that every key present throughout comes at least
// once).
func (s *Store) scanPrefix(ctx context.Context, pattern string, page func(keys []string) error) error {
	scanOne := func(ctx context.Context, c redis.Cmdable) error {
		var cursor uint64
		for {
			keys, next, err := c.Scan(ctx, cursor, pattern, scanBatch).Result()
			if err != nil {
				return err
			}
			if len(keys) > 0 {
				if err := page(keys); err != nil {
					return err
				}
			}
			if next == 0 {
				return nil
			}
			cursor = next
		}
	}
	cc, ok := s.rdb.(*redis.ClusterClient)
	if !ok {
		return scanOne(ctx, s.rdb)
	}
	// ForEachMaster runs the masters at once; one at a time here, so
	// that page is never called concurrently.
	var mu sync.Mutex
	return cc.ForEachMaster(ctx, func(ctx context.Context, master *redis.Client) error {
		mu.Lock()
		defer mu.Unlock()
		return scanOne(ctx, master)
	})
}

// pattern is a SCAN pattern for the keys under the prefix whose rest
// matches restGlob (a glob; the prefix is escaped, so a prefix with *
// or [ in it matches only itself).
func (s *Store) pattern(restGlob string) string { return globEscape(s.opts.Prefix) + restGlob }

// globEscape escapes the characters SCAN's MATCH treats specially.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[', ']', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// personSuffixes are the keys of one person in their hash slot
// {p:<id>} (see the layouts in store.go, due.go and deliveries.go), backed
// up together in one MULTI.
var personSuffixes = []string{"profile", "dialog", "log", "sent", "deliveries"}

// personOf returns the profile id of a key of the form
// <prefix>:{p:<id>}:<suffix> and the suffix, or ok=false.
func (s *Store) personOf(key string) (id, suffix string, ok bool) {
	rest, ok := strings.CutPrefix(key, s.opts.Prefix+":{p:")
	if !ok {
		return "", "", false
	}
	id, suffix, ok = strings.Cut(rest, "}:")
	return id, suffix, ok && id != ""
}
