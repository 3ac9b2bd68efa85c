package dialog

import (
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/profile"
	"treadwell/internal/reminders"
	"treadwell/internal/store"
)

// snoozeFor is how long "Snooze 30 min" waits.
const snoozeFor = 30 * time.Minute

// lateNoteAfter is how late a reminder must be to say sorry for it.
const lateNoteAfter = 2 * time.Minute

// schedule is the person's reminder schedule, nil when they have none.
func schedule(p profile.Profile) *reminders.Schedule {
	if !p.Onboarded {
		return nil
	}
	s, err := reminders.NewSchedule(p.Settings.Zone, p.Settings.Remind, p.Settings.Days)
	if err != nil {
		return nil
	}
	return s
}

// nextDue is when the person's next reminder is due after now: zero when
// there is none (not set up, or paused until /resume).
func nextDue(p profile.Profile, now time.Time) time.Time {
	s := schedule(p)
	if s == nil {
		return time.Time{}
	}
	if p.Pause.Active {
		if p.Pause.Until.IsZero() {
			return time.Time{}
		}
		now = maxTime(now, p.Pause.Until)
	}
	next := s.Next(now)
	if p.Snooze.After(now) && p.Snooze.Before(next) {
		next = p.Snooze
	}
	return next
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// dueChange is the queue update a turn makes: set when what decides the
// reminder (set-up, settings, pause, snooze) changed.
func (t *turn) dueChange() *time.Time {
	o := t.snap.Profile
	p := t.p
	if t.snap.Exists && o.Onboarded == p.Onboarded && o.Settings == p.Settings &&
		o.Pause == p.Pause && o.Snooze.Equal(p.Snooze) {
		return nil
	}
	next := nextDue(p, t.now)
	return &next
}

// Reminder decides what a due reminder becomes, from the person's state
// at send time (reminders.Composer): nothing when they are paused, set
// up differently since it was queued, checked in today already, or when
// it is too late; otherwise the reminder for each channel that may reach
// them, preferred first.
func (e *Engine) Reminder(snap store.Snapshot, due, now time.Time, lateWindow time.Duration) reminders.Reminder {
	p := snap.Profile
	if !snap.Exists {
		return reminders.Reminder{}
	}
	next := nextDue(p, now)
	s := schedule(p)
	switch {
	case s == nil || p.Pause.PausedAt(now):
		return reminders.Reminder{Next: next}
	case !s.Fires(due) && !due.Equal(p.Snooze):
		// Queued under old settings; the profile decides.
		return reminders.Reminder{Next: next}
	case now.Sub(due) > lateWindow:
		return reminders.Reminder{Next: next}
	}
	t := &turn{e: e, now: now, snap: snap, p: p, lang: e.msgs.Lang(p.Lang)}
	if _, done := t.todayCheckIn(); done {
		return reminders.Reminder{Next: next}
	}
	text := t.text("reminder.text")
	if now.Sub(due) > lateNoteAfter {
		text = t.text("reminder.late") + "\n\n" + text
	}
	buttons := [][]chat.Button{
		{{Label: t.text("button.reminder_checkin"), Data: "/checkin"}, {Label: t.text("button.snooze"), Data: "/snooze"}},
		{{Label: t.text("button.skip_today"), Data: "/skip"}, {Label: t.text("button.flaring"), Data: "/stop"}},
	}
	var outs []chat.Outgoing
	for _, c := range reminderChannels(p) {
		outs = append(outs, chat.Outgoing{
			To:      chat.Address{Platform: c.Platform, ChatID: c.ChatID, UserID: identityOn(p, c.Platform)},
			Text:    text,
			Buttons: buttons,
		})
	}
	return reminders.Reminder{Send: outs, Next: next}
}

// reminderChannels are the person's reachable private chats, the chosen
// platform first, then the most recently used.
func reminderChannels(p profile.Profile) []profile.Channel {
	var first, rest []profile.Channel
	for i := len(p.Channels) - 1; i >= 0; i-- {
		c := p.Channels[i]
		switch {
		case c.Unreachable:
		case c.Platform == p.RemindVia:
			first = append(first, c)
		default:
			rest = append(rest, c)
		}
	}
	return append(first, rest...)
}

// identityOn is the person's user id on a platform.
func identityOn(p profile.Profile, platform string) string {
	for _, id := range p.Identities {
		if id.Platform == platform {
			return id.UserID
		}
	}
	return ""
}

// snooze is /snooze (the reminder's "Snooze 30 min").
func (t *turn) snooze() {
	if !t.needOnboarded() || !t.needActive() {
		return
	}
	t.p.Snooze = t.now.Add(snoozeFor)
	t.say(t.text("snooze.done", "time", t.p.Snooze.In(t.location()).Format("15:04")))
	t.reask()
}

// skipToday is /skip (the reminder's "Skip today"): a skipped walk,
// without blame.
func (t *turn) skipToday() {
	if !t.needOnboarded() {
		return
	}
	t.endFlow()
	t.st.Walk.Planned = t.p.Dose.Minutes
	t.logSkipped()
}
