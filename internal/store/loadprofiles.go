package store

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/profile"
)

// LoadProfile reads a profile by its id (one round trip), for work that
// does not start from a message, such as a due reminder.
func (s *Store) LoadProfile(ctx context.Context, profileID string) (profile.Snapshot, error) {
	snaps, errs := s.LoadProfiles(ctx, []string{profileID})
	return snaps[0], errs[0]
}

// LoadProfiles reads many profiles by id in one pipeline, with the same
// reads as a message's Load (so what the composer sees shrinks with
// them), and returns a snapshot and an error per id.
func (s *Store) LoadProfiles(ctx context.Context, ids []string) ([]profile.Snapshot, []error) {
	snaps := make([]profile.Snapshot, len(ids))
	errs := make([]error, len(ids))
	reads := make([]profileReads, len(ids))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			reads[i] = s.queueReads(ctx, p, id)
		}
		return nil
	})
	if err != nil && ctx.Err() != nil {
		for i, id := range ids {
			errs[i] = fmt.Errorf("store: load %s: %w", profile.LogID(id), err)
		}
		return snaps, errs
	}
	// Each read carries its own error (a master down fails only the
	// profiles it holds), which snapshot reports.
	for i, id := range ids {
		snaps[i], errs[i] = reads[i].snapshot(id)
	}
	return snaps, errs
}
