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
