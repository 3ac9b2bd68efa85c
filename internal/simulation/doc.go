// Package simulation proves the walking rules (version 2 of
// ../shared/docs/clinical-rules.md) end to end. Its tests only: seeded
// personas talk to the real dialog engine over a real Redis, through
// chat.Incoming messages and button presses, and get their reminders
// from the real reminders.Dispatcher as an injected clock runs through
// sixteen weeks; every reply, every delivered reminder and the profile
// stored after every turn are checked against the rules file.
package simulation
