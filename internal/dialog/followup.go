package dialog

import (
	"strings"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// The follow-ups of a pause (v2 readings "While paused for a flare" and
// "Follow-ups"): without a /resume, a short "How is it now?" on the 3rd,
// 7th, 14th, 21st and 28th local day after the day a flare pause began,
// at the reminder time; after RF-URGENT or RF-DOCTOR one follow-up 24
// hours later. They go through the reminder queue (due.FollowUp), on by
// default, off in /settings; "Better" or /resume ends them.

// redFlagFollowUpAfter is when the one follow-up of a red-flag pause
// comes.
const redFlagFollowUpAfter = 24 * time.Hour

// The payloads of the follow-up's buttons: commands, so they work in
// any state.
const (
	payloadBetter = "/followup better"
	payloadSame   = "/followup same"
	payloadWorse  = "/followup worse"
	payloadResume = "/resume"
)

// nextFollowUp is the person's next follow-up after after; zero when
// there is none (not paused, not a flare or red-flag pause, opted out,
// ended with "Better", or all five sent).
func nextFollowUp(p profile.Profile, after time.Time) time.Time {
	pz := p.Pause
	if !pz.Active || pz.FollowUpsEnded || p.Settings.NoFollowUps {
		return time.Time{}
	}
	// After a red flag, even one answered during /start (before any
	// reminder time is set), the one follow-up comes 24 hours later.
	if redFlagRule(pz.Rule) {
		// Whole seconds: the queue keeps milliseconds, and the composer
		// recognises the instant it queued.
		at := pz.Since.Add(redFlagFollowUpAfter + time.Second).Truncate(time.Second)
		if at.After(after) {
			return at
		}
		return time.Time{}
	}
	if !pauseIsFlare(pz) || !p.Onboarded {
		return time.Time{} // a flare's follow-ups come at the reminder time
	}
	loc, err := p.Settings.Zone.Location()
	if err != nil || p.Settings.Zone == "" {
		loc = time.UTC
	}
	y, m, d := pz.Since.In(loc).Date()
	for _, k := range plan.FollowUpDays {
		midnight := time.Date(y, m, d+k, 0, 0, 0, 0, loc)
		at := localtime.Next(midnight.Add(-time.Nanosecond), p.Settings.Remind, localtime.Daily, loc)
		if !pz.Until.IsZero() && !at.Before(pz.Until) {
			return time.Time{} // the pause ends first
		}
		if at.After(after) {
			return at
		}
	}
	return time.Time{}
}

// followUp composes a due follow-up: nothing when the pause it was
// queued for has changed (resumed, another pause, "Better", opted out),
// or when it is too late.
func (e *Engine) followUp(snap profile.Snapshot, dueAt, now time.Time, lateWindow time.Duration) ([]chat.Outgoing, time.Time, due.Reason) {
	p := snap.Profile
	next := nextFollowUp(p, maxTime(now, dueAt))
	switch {
	case !nextFollowUp(p, dueAt.Add(-time.Millisecond)).Equal(dueAt):
		return nil, next, due.ReasonNotNeeded
	case now.Sub(dueAt) > lateWindow:
		return nil, next, due.ReasonTooLate
	}
	t := &turn{e: e, now: now, snap: snap, p: p, lang: e.msgs.Lang(p.Lang)}
	var text string
	var buttons [][]chat.Button
	if redFlagRule(p.Pause.Rule) {
		text = t.text(messages.FollowupRedFlag)
		buttons = [][]chat.Button{{{Label: t.text(messages.ButtonResume), Data: payloadResume}}}
	} else {
		text = t.text(messages.FollowupText)
		buttons = [][]chat.Button{{
			{Label: t.text(messages.ButtonFollowupBetter), Data: payloadBetter},
			{Label: t.text(messages.ButtonFollowupSame), Data: payloadSame},
			{Label: t.text(messages.ButtonFollowupWorse), Data: payloadWorse},
		}}
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
		return nil, next, due.ReasonUnreachable
	}
	return outs, next, due.ReasonSent
}

// followUpAnswer is a follow-up's button: "Better" offers /resume and
// ends the follow-ups; "Same" or "Worse" from the 3rd day on gives the
// advice to see a clinician. Never blame.
func (t *turn) followUpAnswer(args string) {
	if !t.p.Pause.Active {
		t.say(t.text(messages.FollowupNotPaused))
		t.reask()
		return
	}
	switch strings.ToLower(strings.TrimSpace(args)) {
	case "better":
		t.p.Pause.FollowUpsEnded = true
		t.sayButtons([][]chat.Button{{{Label: t.text(messages.ButtonResume), Data: payloadResume}}}, t.text(messages.FollowupBetter))
	case "same", "worse":
		if plan.LocalDays(t.p.Pause.Since, t.now, t.location()) >= plan.AdviseClinicianFrom {
			t.say(t.text(messages.FollowupClinician))
		} else {
			t.say(t.text(messages.FollowupSame))
		}
	default:
		t.say(t.text(messages.InputUnknownCommand))
	}
	t.reask()
}
