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

// stop is /stop: pause at once from any state and say so in the first
// line, then ask whether it is because of pain (v2 reading "Why /stop").
// Until the person says it is something else, the pause counts as a
// flare (STOP-FLARE), so no answer is treated as pain.
func (t *turn) stop(args string) {
	until, err := parseStopUntil(args, t.now, t.location(), t.untilWords())
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
	if redFlagRule(t.p.Pause.Rule) {
		// Paused for a red flag already: nothing to ask, the red-flag
		// pause stands.
		t.say(first, note, t.pausedNote())
		return
	}
	t.p.Pause.Why = profile.WhyAsking
	t.say(first, note)
	t.begin(flowStopWhy)
}

// flaring is the reminder's "I'm flaring": /stop because of pain,
// without asking.
func (t *turn) flaring() {
	t.endFlow()
	t.pause(t.now, plan.RuleStopFlare, true, timeZero)
	t.say(t.text(messages.StopPaused))
	if redFlagRule(t.p.Pause.Rule) {
		t.say(t.pausedNote())
		return
	}
	t.stopForPain()
	t.begin(flowRedFlags)
}

// stopForPain is STOP-FLARE after a /stop: the flare advice; the
// red-flag check comes next (the caller starts it).
func (t *turn) stopForPain() {
	t.p.Pause.Why, t.p.Pause.Flare = profile.WhyPain, true
	t.p.LastRule = plan.RuleStopFlare
	if _, ok := t.dayDecision(); ok {
		t.p.Day = profile.NewDayPlan(t.localDate(t.now), t.now, plan.Decision{Rule: plan.RuleStopFlare, Dose: t.p.Dose, Reason: plan.Reason{Code: "stop"}})
	}
	t.say(t.text(messages.StopFlareAdvice))
}

// redFlagRule reports whether a pause came from a red flag.
func redFlagRule(r plan.RuleID) bool { return r == plan.RuleUrgent || r == plan.RuleDoctor }
