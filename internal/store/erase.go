package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// ResolvePerson loads the profile ref names: ref is a profile id,
// or an identity "<platform>:<userID>" that points at one (a linked
// account). snap.Exists reports whether that profile is stored.
func (s *Store) ResolvePerson(ctx context.Context, ref string) (snap profile.Snapshot, err error) {
	id, err := s.rdb.Get(ctx, s.opts.Prefix+":id:"+ref).Result()
	switch {
	case err != nil && !errors.Is(err, redis.Nil):
		return profile.Snapshot{}, fmt.Errorf("store: resolve %s: %w", profile.LogID(ref), err)
	case id == "": // no such identity: ref is the profile id
		id = ref
	}
	return s.LoadProfile(ctx, id)
}

// ErasePerson removes every key of a person, for an erasure request:
// what /delete removes (profile, dialog, log, sent marks, queue entries
// and leases, link code, identities pointing at the profile, wrong-code
// counts), then, found with one SCAN of everything under the prefix,
// any key left in the person's slot, any identity or link code still
// pointing at the profile, their wrong-code counts and their per-chat
// rate budgets, and their entries in every queue shard. Telegram's
// update dedup marks name an update, not a person, and hold nothing of
// one; they expire within a day. It returns how many keys the sweep
// deleted after Delete.
func (s *Store) ErasePerson(ctx context.Context, snap profile.Snapshot) (int, error) {
	id := snap.ProfileID
	if id == "" {
		return 0, errors.New("store: erase: no profile id")
	}
	fail := func(err error) (int, error) {
		return 0, fmt.Errorf("store: erase %s: %w", profile.LogID(id), err)
	}
	if err := s.Delete(ctx, snap); err != nil {
		return fail(err)
	}
	deleted := 0
	linkFails := map[string]bool{}
	chats := map[string]bool{}
	for _, ident := range snap.Profile.Identities {
		linkFails[s.linkFailKey(ident.Platform, ident.UserID)] = true
		chats[ident.UserID] = true
	}
	for _, ch := range snap.Profile.Channels {
		chats[ch.ChatID] = true
	}
	err := s.scanPrefix(ctx, s.pattern(":*"), func(keys []string) error {
		var gone, pointers []string
		for _, k := range keys {
			rest := k[len(s.opts.Prefix):]
			if pid, _, ok := s.personOf(k); ok {
				if pid == id {
					gone = append(gone, k)
				}
				continue
			}
			switch {
			case linkFails[k]:
				gone = append(gone, k)
			case strings.HasPrefix(rest, ":id:") || strings.HasPrefix(rest, ":link:"):
				pointers = append(pointers, k)
			case strings.HasPrefix(rest, ":rate:"):
				if _, chat, ok := strings.Cut(rest, ":chat:"); ok && chats[chat] {
					gone = append(gone, k)
				}
			}
		}
		if len(gone)+len(pointers) == 0 {
			return nil
		}
		var dels []*redis.IntCmd
		var ifs []*redis.Cmd
		_, err := s.pipelineScripts(ctx, func(p redis.Pipeliner, run scriptRunner) {
			dels, ifs = dels[:0], ifs[:0]
			for _, k := range gone {
				dels = append(dels, p.Del(ctx, k))
			}
			for _, k := range pointers {
				ifs = append(ifs, run(delIfScript, []string{k}, id))
			}
		})
		if err != nil {
			return err
		}
		for _, d := range dels {
			deleted += int(d.Val())
		}
		for _, c := range ifs {
			n, _ := c.Int()
			deleted += n
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	if err := s.unqueueEverywhere(ctx, id); err != nil {
		return fail(err)
	}
	return deleted, nil
}

// unqueueEverywhere removes the person's reminders and leases from every
// queue shard and the pre-sharding queue.
func (s *Store) unqueueEverywhere(ctx context.Context, id string) error {
	var members []string
	var zmembers []any
	for _, k := range due.Kinds {
		members = append(members, member(id, k))
		zmembers = append(zmembers, member(id, k))
	}
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for n := range DueShards {
			q, l := DueKeys(s.opts.Prefix, n)
			p.ZRem(ctx, q, zmembers...)
			p.HDel(ctx, l, members...)
		}
		lq, ll := LegacyDueKeys(s.opts.Prefix)
		p.ZRem(ctx, lq, zmembers...)
		p.HDel(ctx, ll, members...)
		return nil
	})
	return err
}
