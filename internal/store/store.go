// Package store keeps profiles, dialog state and logs in Redis.
//
// Keys (prefix configurable, default "tw"):
//
//	<prefix>:id:<platform>:<userID>   the profile id for that identity
//	<prefix>:{p:<id>}:profile         profile.Profile as JSON
//	<prefix>:{p:<id>}:dialog          hash: v (version), state (dialog JSON)
//	<prefix>:{p:<id>}:log             list of profile.Entry JSON, oldest first, capped
//
// All keys of one profile share the hash tag {p:<id>}, so the atomic save
// script runs unchanged on Redis Cluster.
package store

import (
	"errors"
	"time"

	"treadwell/internal/profile"
)

// ErrConflict means the profile changed since it was loaded (another
// message from the same person won the race). Load again and retry.
var ErrConflict = errors.New("store: profile changed concurrently")

// Snapshot is one person's state as loaded.
type Snapshot struct {
	ProfileID string
	Exists    bool  // false for a person never seen before
	Version   int64 // dialog version, for compare-and-set
	Profile   profile.Profile
	Dialog    []byte          // the engine's dialog state, opaque here; nil when none
	Log       []profile.Entry // the most recent entries, oldest first
}

// Change is what a handled message writes.
type Change struct {
	Profile profile.Profile
	Dialog  []byte
	Append  []profile.Entry
	// Due reschedules the person's reminders of the kinds it holds (a
	// zero time takes that reminder off the queue).
	Due map[Kind]time.Time
	// ReplaceLog makes Append the whole log (merging two histories).
	ReplaceLog bool
}
