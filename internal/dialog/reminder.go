package dialog

import (
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/internal/schedule"
	"treadwell/messages"
)

// The payloads of the reminder's buttons: commands, so a press works
// whatever the question in progress (run reads a payload starting with
// "/" as the command it names).
const (
	payloadCheckIn = "/checkin"
	payloadSnooze  = "/snooze"
	payloadSkip    = "/skip"
	payloadFlaring = "/flare"
)

// weeklyAt is the local time of the weekly summary, on the chosen day.
var weeklyAt = localtime.Clock{Hour: 19}

// lateNoteAfter is how late a reminder must be to say sorry for it.
const lateNoteAfter = 2 * time.Minute

// scheduleOf is the person's schedule of a kind of reminder, nil when
// they have none.
func scheduleOf(p profile.Profile, kind due.Kind) *schedule.Schedule {
	at, days := p.Settings.Remind, p.Settings.Days
	switch {
	case !p.Onboarded:
		return nil
	case kind == due.Nudge && !p.Settings.Nudge:
		return nil
	case kind == due.Nudge:
		at = p.Settings.NudgeTime()
	case kind == due.Weekly && p.Settings.Weekly.Off:
		return nil
	case kind == due.Weekly:
		at, days = weeklyAt, 1<<p.Settings.Weekly.Day
	}
	s, err := schedule.For(p.Settings.Zone, at, days)
	if err != nil {
		return nil
	}
	return s
}

// nextDue is when the person's next daily reminder is due after now:
// zero when there is none (not set up, or paused until /resume).
func nextDue(p profile.Profile, now time.Time) time.Time {
	return nextOf(p, due.Daily, now)
}

// nextOf is nextDue for a kind of reminder; only the follow-ups go out
// while paused. A snooze is a daily reminder of its own that holds back
// the daily reminders and nudges before it ("tomorrow": nothing more
// today).
func nextOf(p profile.Profile, kind due.Kind, now time.Time) time.Time {
	if kind == due.FollowUp {
		return nextFollowUp(p, now)
	}
	return nextWith(p, scheduleOf(p, kind), kind, now)
}

// nextWith is nextOf with the schedule already made.
func nextWith(p profile.Profile, s *schedule.Schedule, kind due.Kind, now time.Time) time.Time {
	if s == nil {
		return time.Time{}
	}
	if p.Pause.Active {
		if p.Pause.Until.IsZero() {
			return time.Time{}
		}
		now = maxTime(now, p.Pause.Until)
	}
	if snoozed(p, kind, now) {
		if kind == due.Daily {
			return p.Snooze
		}
		now = p.Snooze
	}
	return s.Next(now)
}

// snoozed reports whether a snooze holds back a reminder of kind due
// at at.
func snoozed(p profile.Profile, kind due.Kind, at time.Time) bool {
	return (kind == due.Daily || kind == due.Nudge) && p.Snooze.After(at)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// dueChange is the queue update a turn makes: set when what decides the
// reminders (set-up, settings, pause, snooze) changed.
func (t *turn) dueChange() map[due.Kind]time.Time {
	o := t.snap.Profile
	p := t.p
	if t.snap.Exists && o.Onboarded == p.Onboarded && o.Settings == p.Settings &&
		o.Pause == p.Pause && o.Snooze.Equal(p.Snooze) {
		return nil
	}
	changes := map[due.Kind]time.Time{}
	for _, k := range due.Kinds {
		changes[k] = nextOf(p, k, t.now)
	}
	return changes
}

// Reminder decides what a due reminder becomes, from the person's state
// at send time (the dispatcher's Composer): nothing when they are paused, set
// up differently since it was queued, checked in today already, or when
// it is too late; otherwise the reminder for each channel that may reach
// them, preferred first.
func (e *Engine) Reminder(snap profile.Snapshot, kind due.Kind, dueAt, now time.Time, lateWindow time.Duration) due.Reminder {
	p := snap.Profile
	if !snap.Exists {
		return due.Reminder{}
	}
	if kind == due.FollowUp {
		send, next, why := e.followUp(snap, dueAt, now, lateWindow)
		return due.Reminder{Send: send, Next: next, Reason: why}
	}
	s := scheduleOf(p, kind)
	next := nextWith(p, s, kind, now)
	switch {
	case s == nil:
		return due.Reminder{Next: next, Reason: due.ReasonNotScheduled}
	case p.Pause.PausedAt(now):
		return due.Reminder{Next: next, Reason: due.ReasonPaused}
	case snoozed(p, kind, dueAt):
		return due.Reminder{Next: next, Reason: due.ReasonSnoozed}
	case !s.Fires(dueAt) && !(kind == due.Daily && dueAt.Equal(p.Snooze)):
		// Queued under old settings; the profile decides.
		return due.Reminder{Next: next, Reason: due.ReasonNotScheduled}
	case now.Sub(dueAt) > lateWindow:
		return due.Reminder{Next: next, Reason: due.ReasonTooLate}
	}
	why := due.ReasonSent
	t := &turn{e: e, now: now, snap: snap, p: p, lang: e.msgs.Lang(p.Lang)}
	var text string
	var buttons [][]chat.Button
	if kind == due.Weekly {
		text = t.weeklySummary()
	} else if _, done := t.todayCheckIn(); done {
		return due.Reminder{Next: next, Reason: due.ReasonCheckedIn}
	}
	switch kind {
	case due.Weekly:
		buttons = [][]chat.Button{{{Label: t.text(messages.ButtonReminderCheckin), Data: payloadCheckIn}}}
	case due.Nudge:
		// Only after the day's reminder: a reminder set for the evening
		// needs no nudge.
		if !remindedBefore(p, dueAt) {
			return due.Reminder{Next: next, Reason: due.ReasonNotNeeded}
		}
		text = t.text(messages.ReminderNudge)
		buttons = [][]chat.Button{{{Label: t.text(messages.ButtonReminderCheckin), Data: payloadCheckIn}}}
	default:
		text = t.text(messages.ReminderText) + "\n" + t.reminderPlanLine()
		if now.Sub(dueAt) > lateNoteAfter {
			text = t.text(messages.ReminderLate) + "\n\n" + text
			why = due.ReasonSentLate
		}
		buttons = [][]chat.Button{
			{{Label: t.text(messages.ButtonReminderCheckin), Data: payloadCheckIn}, {Label: t.text(messages.ButtonSnooze), Data: payloadSnooze}},
			{{Label: t.text(messages.ButtonSkipToday), Data: payloadSkip}, {Label: t.text(messages.ButtonFlaring), Data: payloadFlaring}},
		}
	}
	if t.err != nil {
		// A reminder is still worth sending; its plan line may be off.
		e.log.Warn("reminder composed without the person's log", "profile", profile.LogID(snap.ProfileID), "err", t.err)
	}
	var outs []chat.Outgoing
	for _, c := range reminderChannels(p) {
		outs = append(outs, chat.Outgoing{
			To:      chat.Address{Platform: c.Platform, ChatID: c.ChatID, UserID: identityOn(p, c.Platform)},
			Text:    text,
			Buttons: buttons,
		})
	}
	if len(outs) == 0 {
		why = due.ReasonUnreachable
	}
	return due.Reminder{Send: outs, Next: next, Reason: why}
}

// reminderPlanLine says what the plan holds for today: the session's
// minutes on a planned day, or that no walk is planned (a check-in still
// helps). It shows the current dose: the day is decided at the check-in
// the reminder asks for.
func (t *turn) reminderPlanLine() string {
	d := t.p.Dose
	if d.IsZero() {
		return ""
	}
	if m, ok := plan.SessionMinutes(d, t.plannedDays(d), t.now.In(t.location()).Weekday()); ok {
		return t.text(messages.ReminderPlanToday, "minutes", m)
	}
	return t.text(messages.ReminderPlanRest)
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
func identityOn(p profile.Profile, platform chat.Platform) string {
	for _, id := range p.Identities {
		if id.Platform == platform {
			return id.UserID
		}
	}
	return ""
}

// skipToday is /skip (the reminder's "Skip today"): a skipped walk,
// without blame.
func (t *turn) skipToday() {
	if !t.needOnboarded() {
		return
	}
	t.endFlow()
	t.st.Walk.Planned = t.plannedToday()
	t.logSkipped()
}

// remindedBefore reports whether the person's daily reminder fires on
// the local day of at, before it.
func remindedBefore(p profile.Profile, at time.Time) bool {
	daily := scheduleOf(p, due.Daily)
	if daily == nil {
		return false
	}
	loc := daily.Location()
	y, m, d := at.In(loc).Date()
	fire := daily.Next(time.Date(y, m, d, 0, 0, 0, 0, loc).Add(-time.Nanosecond))
	return fire.Before(at)
}
