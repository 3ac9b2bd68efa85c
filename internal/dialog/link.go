package dialog

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// Linking limits.
const (
	linkCodeLen  = 10
	linkTries    = 5                                  // wrong codes before /link locks
	linkAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/I
)

// Linker is the store's account-linking ability, an optional part of the
// Repository checked by type assertion.
type Linker interface {
	CreateLinkCode(ctx context.Context, code, profileID string, ttl time.Duration) (bool, error)
	TakeLinkCode(ctx context.Context, code string) (string, error)
	LinkFailures(ctx context.Context, platform chat.Platform, userID string) (int, error)
	AddLinkFailure(ctx context.Context, platform chat.Platform, userID string, window time.Duration) (int, error)
	PointIdentity(ctx context.Context, platform chat.Platform, userID, profileID string) error
	LoadProfile(ctx context.Context, profileID string) (profile.Snapshot, error)
}

// looksLikeCode reports whether s could be a link code (a /start deep-link
// payload is one).
func looksLikeCode(s string) bool {
	if len(s) != linkCodeLen {
		return false
	}
	for _, r := range strings.ToUpper(s) {
		if !strings.ContainsRune(linkAlphabet, r) {
			return false
		}
	}
	return true
}

func newLinkCode() string {
	b := make([]byte, linkCodeLen)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = linkAlphabet[int(b[i])%len(linkAlphabet)]
	}
	return string(b)
}

// link is /link: without a code it gives one; with a code it joins this
// account to the profile that gave it.
func (t *turn) link(args string) {
	linker, ok := t.e.repo.(Linker)
	if !ok {
		t.say(t.text(messages.LinkUnavailable))
		return
	}
	if code := strings.ToUpper(strings.TrimSpace(args)); code != "" {
		// Codes, lock-outs and the merge live in other keys: all of it
		// runs once this turn is saved, and says how it went.
		t.effects = append(t.effects, func(ctx context.Context) error {
			t.useLinkCode(ctx, linker, code)
			return nil
		})
		return
	}
	if !t.needOnboarded() {
		return
	}
	// The code is registered once the profile holding it is saved: a
	// turn that loses its race leaves no code behind.
	code, id, ttl := newLinkCode(), t.snap.ProfileID, t.e.linkTTL
	t.p.LinkCode = code
	t.effects = append(t.effects, func(ctx context.Context) error {
		ok, err := linker.CreateLinkCode(ctx, code, id, ttl)
		if err == nil && !ok {
			err = errLinkCodeTaken
		}
		return err
	})
	msg := t.text(messages.LinkCode, "code", code, "minutes", int(ttl.Minutes()))
	if url := t.e.linkURL(t.in.From.Platform, code); url != "" {
		msg += "\n\n" + t.text(messages.LinkDeep, "url", url)
	}
	t.say(msg)
}

// useLinkCode joins this account to the code's profile, keeping both
// histories; repeated wrong codes lock /link for a while.
func (t *turn) useLinkCode(ctx context.Context, linker Linker, code string) {
	from := t.in.From
	fails, err := linker.LinkFailures(ctx, from.Platform, from.UserID)
	if err != nil {
		t.unavailableReply(err)
		return
	}
	if fails >= linkTries {
		t.say(t.text(messages.LinkLocked, "minutes", int(t.e.linkLock.Minutes())))
		return
	}
	target := ""
	if looksLikeCode(code) {
		if target, err = linker.TakeLinkCode(ctx, code); err != nil {
			t.unavailableReply(err)
			return
		}
	}
	if target == "" {
		n, err := linker.AddLinkFailure(ctx, from.Platform, from.UserID, t.e.linkLock)
		if err != nil {
			t.unavailableReply(err)
			return
		}
		if n >= linkTries {
			t.say(t.text(messages.LinkLocked, "minutes", int(t.e.linkLock.Minutes())))
			return
		}
		t.say(t.text(messages.LinkWrong, "left", linkTries-n))
		return
	}
	if target == t.snap.ProfileID {
		t.say(t.text(messages.LinkSame))
		return
	}
	if err := t.mergeInto(ctx, linker, target); err != nil {
		t.unavailableReply(err)
		return
	}
	// This profile now lives on in the target: nothing of it to save.
	t.deleted = true
	t.out = nil
	t.say(t.text(messages.LinkDone, "platforms", t.platformsText(ctx, target, linker)))
}

// mergeInto moves this profile's identities, channels and history into
// the target profile, points this account at it, and removes this one.
// The target keeps its settings and plan (it gave the code).
func (t *turn) mergeInto(ctx context.Context, linker Linker, target string) error {
	mine, err := t.e.repo.History(ctx, t.snap.ProfileID)
	if err != nil {
		return err
	}
	err = t.e.update(ctx, func() error {
		tsnap, err := linker.LoadProfile(ctx, target)
		if err != nil {
			return err
		}
		if !tsnap.Exists {
			return errLinkTargetGone
		}
		theirs, err := t.e.repo.History(ctx, target)
		if err != nil {
			return err
		}
		p := tsnap.Profile
		idents := append(slices.Clone(p.Identities), t.p.Identities...)
		if t.snap.Exists {
			idents = append(idents, t.snap.Profile.Identities...)
		}
		p.Identities = uniqueIdentities(idents)
		for _, c := range t.p.Channels {
			p.AddChannel(c)
		}
		log, err := mergedLog(theirs, mine)
		if err != nil {
			return err
		}
		return t.e.repo.Save(ctx, tsnap, profile.Change{Profile: p, Dialog: tsnap.Dialog, Append: log, ReplaceLog: true})
	})
	if errors.Is(err, ErrUnavailable) && errors.Is(err, profile.ErrConflict) {
		return errLinkBusy
	}
	if err != nil {
		return err
	}
	for _, id := range t.p.Identities {
		if err := linker.PointIdentity(ctx, id.Platform, id.UserID, target); err != nil {
			return err
		}
	}
	if t.snap.Exists {
		return t.e.repo.Delete(ctx, t.snap)
	}
	return nil
}

// mergedLog is both logs in order of time, less the entries of mine
// that theirs holds already, each field the same (one for one: two
// copies in mine and one in theirs leave two). A merge stopped halfway,
// the shared profile saved and this account not yet re-pointed, is
// merged again by the next /link, and must not add this account's
// history twice: the rules would read a walk counted twice as two.
// Each entry carries the instant of the message that made it, so two
// accounts' own entries are not alike in every field.
func mergedLog(theirs, mine []profile.Entry) ([]profile.Entry, error) {
	held := make(map[string]int, len(theirs))
	for _, e := range theirs {
		k, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("merging logs: %w", err)
		}
		held[string(k)]++
	}
	log := slices.Clone(theirs)
	for _, e := range mine {
		k, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("merging logs: %w", err)
		}
		if held[string(k)] > 0 {
			held[string(k)]--
			continue
		}
		log = append(log, e)
	}
	sort.SliceStable(log, func(i, j int) bool { return log[i].At.Before(log[j].At) })
	return log, nil
}

func uniqueIdentities(ids []profile.Identity) []profile.Identity {
	var out []profile.Identity
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// platformsText lists the platforms a profile is reachable on.
func (t *turn) platformsText(ctx context.Context, profileID string, linker Linker) string {
	snap, err := linker.LoadProfile(ctx, profileID)
	if err != nil {
		return ""
	}
	var names []string
	for _, id := range snap.Profile.Identities {
		if !slices.Contains(names, string(id.Platform)) {
			names = append(names, string(id.Platform))
		}
	}
	return strings.Join(names, ", ")
}

// unlink is /unlink: this account leaves the shared profile and starts
// afresh; the data stays with the other account.
func (t *turn) unlink() {
	linker, ok := t.e.repo.(Linker)
	if !ok {
		t.say(t.text(messages.LinkUnavailable))
		return
	}
	from := t.in.From
	me := profile.Identity{Platform: from.Platform, UserID: from.UserID}
	// An account the profile no longer lists was unlinked, but its
	// re-point failed after the save: finish it now.
	stale := t.snap.Exists && !slices.Contains(t.p.Identities, me)
	if len(t.p.Identities) < 2 && !stale {
		t.say(t.text(messages.UnlinkNothing))
		return
	}
	t.p.Identities = slices.DeleteFunc(t.p.Identities, func(id profile.Identity) bool {
		return id.Platform == from.Platform && id.UserID == from.UserID
	})
	t.p.Channels = slices.DeleteFunc(t.p.Channels, func(c profile.Channel) bool { return c.Platform == from.Platform })
	if t.p.RemindVia == from.Platform {
		t.p.RemindVia = ""
	}
	// A fresh profile id for this account: its derived id may be the
	// shared profile's own.
	fresh := profile.DerivedID(from.Platform, from.UserID) + "~" + strings.ToLower(newLinkCode())
	// Re-pointed only once the shared profile is saved without this
	// account: had it been done now, a lost race would rerun on the
	// fresh profile and find nothing to unlink.
	t.effects = append(t.effects, func(ctx context.Context) error {
		return linker.PointIdentity(ctx, from.Platform, from.UserID, fresh)
	})
	t.endFlow()
	t.say(t.text(messages.UnlinkDone))
}

// remindVia is /remindvia telegram|discord.
func (t *turn) remindVia(args string) {
	platform := chat.Platform(strings.ToLower(strings.TrimSpace(args)))
	for _, c := range t.p.Channels {
		if c.Platform == platform && platform != "" {
			t.p.RemindVia = platform
			t.say(t.text(messages.RemindviaDone, "platform", platform))
			return
		}
	}
	var have []string
	for _, c := range t.p.Channels {
		have = append(have, string(c.Platform))
	}
	t.say(t.text(messages.RemindviaChoose, "platforms", strings.Join(have, ", ")))
}

// unavailableReply tells the person something failed, and logs why (no
// content). It runs after the turn's save, and a merge may stop halfway:
// so not "nothing was recorded".
func (t *turn) unavailableReply(err error) {
	if err != nil {
		t.e.log.Warn("linking failed", "profile", profile.LogID(t.snap.ProfileID), "err", err)
	}
	key := messages.ErrorFailed
	if errors.Is(err, profile.ErrUnconfirmed) {
		key = messages.ErrorUnconfirmed
	}
	t.say(t.text(key))
}

var (
	errLinkTargetGone = errors.New("dialog: the profile of that /link code is gone")
	errLinkBusy       = errors.New("dialog: the profile to link kept changing")
	// errLinkCodeTaken: a fresh random code of 10 characters from 32
	// was in use (about one in 10^15); the person asks again.
	errLinkCodeTaken = errors.New("dialog: the new link code is taken")
)
