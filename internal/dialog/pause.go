package dialog

import (
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

var timeZero time.Time

// pause stops plan and reminders from now. A pause for a red flag is not
// weakened by a later /stop or flare: it keeps its rule, so the person
// keeps hearing why, until the red flags are answered no again.
func (t *turn) pause(now time.Time, rule plan.RuleID, flare bool, until time.Time) {
	if old := t.p.Pause; old.Active && redFlagRule(old.Rule) && !redFlagRule(rule) {
		rule, until = old.Rule, time.Time{}
	}
	t.p.Pause = profile.NewPause(now, rule, flare, until)
	t.p.Snooze = time.Time{} // a pause cancels a snoozed reminder
	p := t.p.Pause
	t.record(profile.Entry{Kind: profile.KindPause, Pause: &p})
}

// stop is /stop (STOP-FLARE): pause at once from any state, say so in the
// first line, then the flare advice, then the red-flag check.
func (t *turn) stop(args string) {
	until, err := parseStopUntil(args, t.now, t.location())
	t.endFlow()
	t.pause(t.now, plan.RuleStopFlare, true, until)
	first := t.text(messages.StopPaused)
	if !until.IsZero() {
		first = t.text(messages.StopPausedUntil, "date", t.date(until))
	}
	var note string
	if err != nil {
		note = t.text(messages.StopBadUntil)
	}
	t.say(first, note, t.text(messages.StopFlareAdvice))
	t.begin(flowRedFlags)
}

// redFlagRule reports whether a pause came from a red flag.
func redFlagRule(r plan.RuleID) bool { return r == plan.RuleUrgent || r == plan.RuleDoctor }
