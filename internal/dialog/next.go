package dialog

import (
	"time"

	"treadwell/messages"
)

// nextReminder is when the next daily reminder will be sent: the queue's
// computation (nextDue), past the reminder of a day that already has a
// check-in, which Reminder would not send.
func (t *turn) nextReminder() time.Time {
	at := nextDue(t.p, t.now)
	if at.IsZero() {
		return at
	}
	loc := t.location()
	if _, done := t.todayCheckIn(); done && localDate(at, loc) == localDate(t.now, loc) {
		y, m, d := t.now.In(loc).Date()
		at = nextDue(t.p, time.Date(y, m, d+1, 0, 0, 0, 0, loc).Add(-time.Nanosecond))
	}
	return at
}

// reminderWhen words a reminder's time: "Fri 27 Nov at 07:30 (Europe/Berlin)".
func (t *turn) reminderWhen(at time.Time) string {
	return t.text(messages.ReminderAt, "date", t.date(at), "time", at.In(t.location()).Format("15:04"), "zone", t.p.Settings.Zone)
}

// showNext is /next: when the next reminder comes, or until when they
// are paused.
func (t *turn) showNext() {
	if !t.needOnboarded() {
		return
	}
	at := time.Time{}
	if !t.pauseExpired() {
		at = t.nextReminder()
	}
	switch {
	case t.paused() && t.p.Pause.Until.IsZero():
		t.say(t.text(messages.NextPausedResume))
	case t.paused() && !at.IsZero():
		t.say(t.text(messages.NextPausedUntil, "date", t.date(t.p.Pause.Until), "when", t.reminderWhen(at)))
	case t.pauseExpired():
		// A dated pause that has run out resumes here, as in
		// needActive: then the reminders are queued again.
		t.say(t.text(messages.PauseEnded))
		t.resume()
		return
	case at.IsZero():
		t.say(t.text(messages.NextNone))
	default:
		t.say(t.text(messages.ReminderNext, "when", t.reminderWhen(at)))
	}
	t.reask()
}
