package store

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrNotEmpty is returned by Restore when keys exist under the prefix
// and it was not told to replace them.
var ErrNotEmpty = errors.New("keys exist under the prefix")

// Restore writes the keys of a backup (see Backup) under this store's
// prefix, a group at a time (a person's keys in one MULTI), reading r
// line by line. Each key keeps its expiry; a key whose expiry has passed
// is left out. Unless replace, it refuses to start when any key exists
// under the prefix (ErrNotEmpty), and a key written meanwhile stops it
// (BUSYKEY); with replace, existing keys of the backup are overwritten
// and others left alone.
func (s *Store) Restore(ctx context.Context, r io.Reader, replace bool) (BackupCounts, error) {
	var counts BackupCounts
	br := bufio.NewReaderSize(r, 1<<16)
	line, err := readLine(br)
	if err != nil {
		return counts, fmt.Errorf("store: restore: header: %w", err)
	}
	var h backupHeader
	if err := json.Unmarshal(line, &h); err != nil || h.Format != backupFormat {
		return counts, errors.New("store: restore: not a treadwell backup (no header line)")
	}
	if h.Version != backupVersion {
		return counts, fmt.Errorf("store: restore: backup version %d, this bot reads %d", h.Version, backupVersion)
	}
	if !replace {
		found := errors.New("found")
		err := s.scanPrefix(ctx, s.pattern(":*"), func([]string) error { return found })
		switch {
		case errors.Is(err, found):
			return counts, fmt.Errorf("store: restore under %q: %w", s.opts.Prefix, ErrNotEmpty)
		case err != nil:
			return counts, fmt.Errorf("store: restore: %w", err)
		}
	}
	for n := 2; ; n++ {
		line, err := readLine(br)
		if errors.Is(err, io.EOF) {
			return counts, nil
		}
		if err != nil {
			return counts, fmt.Errorf("store: restore: line %d: %w", n, err)
		}
		var g backupGroup
		if err := json.Unmarshal(line, &g); err != nil {
			return counts, fmt.Errorf("store: restore: line %d: %w", n, err)
		}
		written, err := s.restoreGroup(ctx, g, replace)
		if err != nil {
			return counts, fmt.Errorf("store: restore: line %d: %w", n, err)
		}
		if written > 0 && s.isPersonGroup(g) {
			counts.People++
		}
		counts.Keys += written
	}
}

// isPersonGroup: g is a person's keys in their slot.
func (s *Store) isPersonGroup(g backupGroup) bool {
	if len(g.Keys) == 0 {
		return false
	}
	_, suffix, ok := s.personOf(s.opts.Prefix + g.Keys[0].Key)
	return ok && isPersonSuffix(suffix)
}

// restoreGroup writes one group's keys in one MULTI (they share a slot)
// and returns how many it wrote.
func (s *Store) restoreGroup(ctx context.Context, g backupGroup, replace bool) (int, error) {
	if len(g.Keys) == 0 {
		return 0, errors.New("a group without keys")
	}
	now := time.Now()
	written := 0
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range g.Keys {
			if len(k.Key) == 0 || k.Key[0] != ':' {
				return fmt.Errorf("key %q is not under a prefix", k.Key)
			}
			var ttl time.Duration // 0: no expiry
			if k.ExpireAt > 0 {
				if ttl = time.UnixMilli(k.ExpireAt).Sub(now); ttl < time.Millisecond {
					continue // expired since the backup
				}
			}
			key := s.opts.Prefix + k.Key
			if replace {
				p.RestoreReplace(ctx, key, ttl, string(k.Dump))
			} else {
				p.Restore(ctx, key, ttl, string(k.Dump))
			}
			written++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return written, nil
}

// readLine reads one line of any length without its newline; io.EOF at
// the end (a last line without a newline is a line).
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadBytes('\n')
	if len(line) > 0 && errors.Is(err, io.EOF) {
		return line, nil
	}
	if err != nil {
		return nil, err
	}
	return line[:len(line)-1], nil
}
