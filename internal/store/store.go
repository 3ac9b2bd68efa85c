// Package store keeps profiles, dialog state and logs in Redis.
//
// Keys (prefix configurable, default "tw"):
//
//	<prefix>:id:<platform>:<userID>   the profile id for that identity
//	<prefix>:{p:<id>}:profile         profile.Profile as JSON
//	<prefix>:{p:<id>}:dialog          hash: v (version), state (dialog JSON), pause,
//	                                  recent (the newest log entries, binary)
//	<prefix>:{p:<id>}:log             list of the older log entries, oldest first, capped
//
// All keys of one profile share the hash tag {p:<id>}, so the atomic save
// script runs unchanged on Redis Cluster.
//
// The log is split so that a message costs the same whatever the
// person's history: the newest entries, all the rules look at (Options.
// LogRead), are one field of the dialog hash, read with the dialog state
// and decoded at once (profile.AppendEntries: a compact binary form); the
// older ones are a list that only History reads (/export, a link's
// merge). Entries move to the list as newer ones push them out of the
// window. A profile saved before the split has no "recent" field and its
// whole log in the list (JSON): Load then reads the list's tail once, and
// the next Save that appends moves it into the window.
package store
