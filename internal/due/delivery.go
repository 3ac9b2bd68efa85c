package due

import "time"

// DefaultLateWindow is how late after its due instant a reminder may
// still go out by default (after downtime); a later one is skipped as
// ReasonTooLate. The dispatcher decides by it and /why names it: both
// take the same setting.
const DefaultLateWindow = 2 * time.Hour

// Reason says why a due reminder was or was not sent, as the person's
// delivery log keeps it (for /why). The codes are stored: never change
// one, only add.
type Reason string

// The reasons the dispatcher knows.
const (
	// ReasonSent: the platform took the reminder.
	ReasonSent Reason = "sent"
	// ReasonSentLate: sent late after downtime, with the apology for it
	// (a reminder late only because of the dispatchers' own pacing is
	// ReasonSent).
	ReasonSentLate Reason = "sent_late"
	// ReasonPaused: not sent, the person is paused.
	ReasonPaused Reason = "paused"
	// ReasonSnoozed: not sent, snoozed to later.
	ReasonSnoozed Reason = "snoozed"
	// ReasonNotScheduled: not sent, the day (or the time it was queued
	// for) is not in the person's schedule, or they have none of the
	// kind.
	ReasonNotScheduled Reason = "not_scheduled"
	// ReasonTooLate: not sent, it was later than the late window (after
	// a long downtime).
	ReasonTooLate Reason = "too_late"
	// ReasonCheckedIn: not sent, the person had checked in that day.
	ReasonCheckedIn Reason = "checked_in"
	// ReasonNotNeeded: not sent, nothing to say (an evening nudge on a
	// day whose reminder comes later, a follow-up after the pause ended).
	ReasonNotNeeded Reason = "not_needed"
	// ReasonUnreachable: not sent, no channel reaches the person (the
	// platform says the chat is gone or the bot is blocked); the next one
	// is queued.
	ReasonUnreachable Reason = "unreachable"
	// ReasonTimeout: the send timed out; tried again while not too late.
	ReasonTimeout Reason = "timeout"
	// ReasonFailed: the send failed otherwise (the platform or the
	// network down); tried again while not too late.
	ReasonFailed Reason = "failed"
)

// Reasons are all reasons.
var Reasons = []Reason{
	ReasonSent, ReasonSentLate, ReasonPaused, ReasonSnoozed, ReasonNotScheduled, ReasonTooLate,
	ReasonCheckedIn, ReasonNotNeeded, ReasonUnreachable, ReasonTimeout, ReasonFailed,
}

// Sent reports whether the reason is a reminder that went out.
func (r Reason) Sent() bool { return r == ReasonSent || r == ReasonSentLate }

// Delivery is one entry of a person's delivery log: what became of one
// due reminder, and when that was decided.
type Delivery struct {
	Kind   Kind
	Due    time.Time // the instant it was due
	Reason Reason
	At     time.Time // when it was sent or given up
}
