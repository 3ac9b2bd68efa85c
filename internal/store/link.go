package store

import (
	"context"
	"errors"
	"fmt"
	"time"
	"treadwell/internal/chat"

	"github.com/redis/go-redis/v9"
)

// Account linking keys:
//
//	<prefix>:link:<code>                  the profile id a /link code joins, until it expires
//	<prefix>:linkfail:<platform>:<userID> wrong codes tried lately, expiring
//
// Codes live outside any profile's slot: they are looked up by code.

func (s *Store) linkKey(code string) string { return s.opts.Prefix + ":link:" + code }

func (s *Store) linkFailKey(platform chat.Platform, userID string) string {
	return s.opts.Prefix + ":linkfail:" + string(platform) + ":" + userID
}

// CreateLinkCode stores a single-use code for profileID; false when the
// code is taken (draw another).
func (s *Store) CreateLinkCode(ctx context.Context, code, profileID string, ttl time.Duration) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.linkKey(code), profileID, ttl).Result()
	if err != nil {
		return false, fmt.Errorf("store: link code: %w", err)
	}
	return ok, nil
}

// TakeLinkCode returns the profile id of a code and removes the code, so
// it works once; "" when there is no such code (wrong or expired).
func (s *Store) TakeLinkCode(ctx context.Context, code string) (string, error) {
	id, err := s.rdb.GetDel(ctx, s.linkKey(code)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: take link code: %w", err)
	}
	return id, nil
}

// LinkFailures is how many wrong codes an identity tried within the
// current lock-out window.
func (s *Store) LinkFailures(ctx context.Context, platform chat.Platform, userID string) (int, error) {
	n, err := s.rdb.Get(ctx, s.linkFailKey(platform, userID)).Int()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: link failures: %w", err)
	}
	return n, nil
}

// AddLinkFailure counts a wrong code; the count lapses window after the
// first of them.
func (s *Store) AddLinkFailure(ctx context.Context, platform chat.Platform, userID string, window time.Duration) (int, error) {
	key := s.linkFailKey(platform, userID)
	var incr *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.Incr(ctx, key)
		p.ExpireNX(ctx, key, window)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: link failure: %w", err)
	}
	return int(incr.Val()), nil
}

// PointIdentity makes platform/userID load profileID from now on.
func (s *Store) PointIdentity(ctx context.Context, platform chat.Platform, userID, profileID string) error {
	if err := s.rdb.Set(ctx, s.identityKey(platform, userID), profileID, 0).Err(); err != nil {
		return fmt.Errorf("store: point identity: %w", err)
	}
	return nil
}
