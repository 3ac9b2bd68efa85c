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

	"treadwell/internal/profile"
)

// A backup is every key under the prefix, as JSON lines: a header, then
// one line per group of keys taken together.
//
//	{"format":"treadwell-redis-backup","version":1,"prefix":"tw","created":"2026-12-03T11:40:00Z"}
//	{"keys":[{"key":":{p:telegram:1}:profile","expire_at_ms":0,"dump":"<base64 DUMP>"}, ...]}
//
// A key is stored without the prefix, so a restore writes it under its
// own (another prefix, another server). The hash tags ({p:<id>},
// {rem:N}) hold no prefix, so a key lands in the same cluster slot
// whatever the prefix. A person's keys in their slot are one group,
// read in one MULTI: the profile, dialog, log and sent marks of a
// backup are of one instant. Every other key (identities, link codes,
// queue shards) is a group of its own. Values are Redis DUMP payloads
// with the absolute expiry beside them: a restore needs a Redis of the
// same or a newer version.

// backupFormat and backupVersion name the file format.
const (
	backupFormat  = "treadwell-redis-backup"
	backupVersion = 1
)

type backupHeader struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Prefix  string `json:"prefix"`
	Created string `json:"created"`
}

type backupKey struct {
	Key      string `json:"key"`          // without the prefix
	ExpireAt int64  `json:"expire_at_ms"` // unix ms; 0: none
	Dump     []byte `json:"dump"`
}

type backupGroup struct {
	Keys []backupKey `json:"keys"`
}

// BackupCounts says what a backup or a restore took.
type BackupCounts struct {
	People int // groups of a person's keys
	Keys   int
}

// Backup writes every key under the prefix to w, found with SCAN on
// every master, a group at a time: only the names of the keys (and the
// ids of the people) already written are held, to skip a key SCAN
// gives twice.
func (s *Store) Backup(ctx context.Context, w io.Writer) (BackupCounts, error) {
	var counts BackupCounts
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(backupHeader{Format: backupFormat, Version: backupVersion, Prefix: s.opts.Prefix, Created: time.Now().UTC().Format(time.RFC3339)}); err != nil {
		return counts, fmt.Errorf("store: backup: %w", err)
	}
	people := map[string]bool{}
	done := map[string]bool{}
	err := s.scanPrefix(ctx, s.pattern(":*"), func(keys []string) error {
		var single []string
		for _, k := range keys {
			if done[k] {
				continue
			}
			id, suffix, ok := s.personOf(k)
			if !ok || !isPersonSuffix(suffix) {
				done[k] = true
				single = append(single, k)
				continue
			}
			if people[id] {
				continue
			}
			people[id] = true
			g, err := s.dumpPerson(ctx, id)
			if err != nil {
				return err
			}
			if len(g.Keys) == 0 {
				continue // deleted meanwhile
			}
			if err := enc.Encode(g); err != nil {
				return err
			}
			counts.People++
			counts.Keys += len(g.Keys)
		}
		groups, err := s.dumpKeys(ctx, single)
		if err != nil {
			return err
		}
		for _, g := range groups {
			if err := enc.Encode(g); err != nil {
				return err
			}
			counts.Keys++
		}
		return nil
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return counts, fmt.Errorf("store: backup: %w", err)
	}
	return counts, nil
}

func isPersonSuffix(suffix string) bool {
	for _, s := range personSuffixes {
		if s == suffix {
			return true
		}
	}
	return false
}

// dumpPerson reads a person's keys in their slot in one MULTI.
func (s *Store) dumpPerson(ctx context.Context, id string) (backupGroup, error) {
	keys := make([]string, len(personSuffixes))
	for i, suffix := range personSuffixes {
		keys[i] = s.opts.Prefix + ":{p:" + id + "}:" + suffix
	}
	var dumps []*redis.StringCmd
	var ttls []*redis.DurationCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			dumps = append(dumps, p.Dump(ctx, k))
			ttls = append(ttls, p.PTTL(ctx, k))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return backupGroup{}, fmt.Errorf("dump %s: %w", profile.LogID(id), err)
	}
	return s.group(keys, dumps, ttls)
}

// dumpKeys reads keys in one pipeline, each a group of its own.
func (s *Store) dumpKeys(ctx context.Context, keys []string) ([]backupGroup, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	dumps := make([]*redis.StringCmd, len(keys))
	ttls := make([]*redis.DurationCmd, len(keys))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range keys {
			// The PTTL right after the DUMP: a key outside a person's
			// slot changes its expiry only when it is written anew.
			dumps[i] = p.Dump(ctx, k)
			ttls[i] = p.PTTL(ctx, k)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	var out []backupGroup
	for i, k := range keys {
		g, err := s.group([]string{k}, dumps[i:i+1], ttls[i:i+1])
		if err != nil {
			return nil, err
		}
		if len(g.Keys) > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}

// group turns DUMP and PTTL replies into a group, leaving out keys that
// are gone.
func (s *Store) group(keys []string, dumps []*redis.StringCmd, ttls []*redis.DurationCmd) (backupGroup, error) {
	now := time.Now()
	var g backupGroup
	for i, k := range keys {
		v, err := dumps[i].Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return g, err
		}
		ttl, err := ttls[i].Result()
		if err != nil {
			return g, err
		}
		bk := backupKey{Key: k[len(s.opts.Prefix):], Dump: []byte(v)}
		switch {
		case ttl == -2: // expired between the two
			continue
		case ttl > 0:
			bk.ExpireAt = now.Add(ttl).UnixMilli()
		}
		g.Keys = append(g.Keys, bk)
	}
	return g, nil
}
