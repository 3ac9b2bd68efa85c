// Package due is the vocabulary of the reminder queue shared by the
// dispatcher (internal/reminders), the engine that composes reminders
// (internal/dialog) and the store that keeps the queue (internal/store):
// which reminder, a replica's claim on it, whether it may be sent, and
// what a due reminder becomes. It holds types only, so none of those
// packages imports another to speak about a reminder.
package due

import (
	"strconv"
	"time"

	"treadwell/internal/chat"
)

// Kind is which of a person's reminders a queue entry is.
type Kind string

// The kinds of reminder.
const (
	Daily  Kind = "daily"  // the daily check-in reminder
	Nudge  Kind = "nudge"  // the opt-in evening nudge
	Weekly Kind = "weekly" // the weekly summary
	// FollowUp is the "How is it now?" of a flare or red-flag pause: the
	// one kind that goes out while the person is paused.
	FollowUp Kind = "followup"
)

// Kinds are all kinds of reminder.
var Kinds = []Kind{Daily, Nudge, Weekly, FollowUp}

// WhilePaused reports whether a kind of reminder is sent while the person
// is paused (the follow-ups are, nothing else is).
func (k Kind) WhilePaused() bool { return k == FollowUp }

// Claim is a reminder taken from the queue under a lease.
type Claim struct {
	ProfileID string
	Kind      Kind
	Due       time.Time // the instant it was due
	// LeaseEnd is when the lease runs out and another replica may claim
	// the reminder. A send mark never outlives it.
	LeaseEnd time.Time
}

// SendCheck says whether a claimed reminder may go out.
type SendCheck int

// The answers to "may I send this claimed reminder?".
const (
	// SendAllowed: the reminder is marked as being sent by the caller,
	// until the claim's lease ends.
	SendAllowed SendCheck = iota + 1
	// SendAlreadyDone: a replica sent it and the platform confirmed.
	SendAlreadyDone
	// SendInProgress: another replica is sending it under a live mark.
	// Its mark ends with its lease, so once the caller's own lease runs
	// out the reminder is claimed again and either found done or sent.
	SendInProgress
	// SendPaused: the person is paused (a /stop saved before this check
	// always wins).
	SendPaused
	// SendNoProfile: the profile was deleted.
	SendNoProfile
	// SendChanged: the person's state changed since it was read (a
	// message, a /stop): the reminder must be composed again.
	SendChanged
)

func (c SendCheck) String() string {
	switch c {
	case SendAllowed:
		return "allowed"
	case SendAlreadyDone:
		return "already done"
	case SendInProgress:
		return "in progress"
	case SendPaused:
		return "paused"
	case SendNoProfile:
		return "no profile"
	case SendChanged:
		return "changed"
	}
	return "SendCheck(" + strconv.Itoa(int(c)) + ")"
}

// Reminder is what a due reminder becomes.
type Reminder struct {
	// Send holds the message for each channel that may reach the person,
	// preferred first: the first that takes it wins.
	Send []chat.Outgoing
	// Next is the person's next reminder of the kind; zero takes them
	// off the queue.
	Next time.Time
	// Reason is why: ReasonSent or ReasonSentLate with a message to
	// send, why not without one. Empty from a composer that does not
	// say; the dispatcher then logs nothing for a reminder not sent.
	Reason Reason
}

// Outcome is what became of a claimed reminder, as the dispatcher
// reports it (metrics count them).
type Outcome string

// The outcomes. Every claimed reminder is Due once, then Sent, Skipped
// or Failed (a failed one is claimed again); a sent one more than two
// minutes after its instant is also Late.
const (
	OutcomeDue     Outcome = "due"
	OutcomeSent    Outcome = "sent"
	OutcomeLate    Outcome = "late"
	OutcomeSkipped Outcome = "skipped"
	OutcomeFailed  Outcome = "failed"
)

// Outcomes are all outcomes.
var Outcomes = []Outcome{OutcomeDue, OutcomeSent, OutcomeLate, OutcomeSkipped, OutcomeFailed}
