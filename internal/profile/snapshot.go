package profile

import (
	"errors"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/due"
)

// ErrConflict means the profile changed since it was loaded (another
// message from the same person won the race). Load again and retry.
var ErrConflict = errors.New("profile changed concurrently")

// ErrUnconfirmed means a write may or may not have been applied: it was
// sent, and no answer came (a timeout, a connection that broke). Telling
// the person it was lost could be as false as telling them it was kept.
var ErrUnconfirmed = errors.New("write unconfirmed")

// Snapshot is one person's state as loaded.
type Snapshot struct {
	ProfileID string
	Exists    bool  // false for a person never seen before
	Version   int64 // dialog version, for compare-and-set
	Profile   Profile
	// Stored is the store's: the profile as stored, a Clone that changes
	// to Profile do not reach, so that Save can leave an unchanged
	// profile unwritten.
	Stored Profile
	Dialog []byte // the engine's dialog state, opaque to the store; nil when none
	// Window is the most recent log entries (the rules' window), oldest
	// first, in their stored form (AppendEntries): Entries decodes them.
	// They are decoded only by the turns that look at them, so a message
	// that does not costs the same whatever the person's history.
	Window []byte
	// Legacy and LegacyLog are the store's: the profile was stored
	// before the window existed, with LegacyLog entries of Window still
	// in the older layout, so that the next Save writes the window and
	// moves them.
	Legacy    bool
	LegacyLog int
}

// Entries decodes the window, oldest first (nil when empty).
func (s Snapshot) Entries() ([]Entry, error) {
	if len(s.Window) == 0 {
		return nil, nil
	}
	es, err := DecodeEntries(s.Window)
	if len(es) == 0 {
		es = nil
	}
	return es, err
}

// Change is what a handled message writes.
type Change struct {
	Profile Profile
	Dialog  []byte
	Append  []Entry
	// Due reschedules the person's reminders of the kinds it holds (a
	// zero time takes that reminder off the queue).
	Due map[due.Kind]time.Time
	// ReplaceLog makes Append the whole log (merging two histories).
	ReplaceLog bool
	// DropNewest removes the newest entries of the window before Append
	// is added (/undo). Saves are compare-and-set, so they are the
	// newest entries of the loaded snapshot, which the turn looked at.
	DropNewest int
}

// DerivedID is the profile id of an identity that was never linked:
// "<platform>:<userID>".
func DerivedID(platform chat.Platform, userID string) string { return string(platform) + ":" + userID }
