package dialog

import (
	"fmt"
	"strings"

	"treadwell/internal/plan"
	"treadwell/messages"
)

// suggest sends today's suggestion for a decision, carrying what the
// rules file says every suggestion carries: minutes, incline and pace on a
// treadmill, stretching, posture, the stop rule, and one reason naming
// the rule.
func (t *turn) suggest(d plan.Decision) {
	switch d.Rule {
	case plan.RuleUrgent:
		t.sayUrgent(t.text(messages.RfUrgentMessage))
		return
	case plan.RuleDoctor:
		t.sayUrgent(t.text(messages.RfDoctorMessage))
		return
	}
	reason := t.reason(d)
	if !d.Session {
		t.say(t.text(messages.SuggestRest), reason, t.advice(d.Advice))
		return
	}
	place := t.p.Settings.Place
	if place == "" {
		place = plan.Outdoors
	}
	lines := []string{t.text(messages.SuggestMinutes, "minutes", d.Dose.Minutes, "sessions", d.Dose.SessionsPerWeek)}
	pace := t.text(messages.Dynamic(fmt.Sprintf("pace.%s.%d", place, d.Dose.Pace)))
	if place == plan.Treadmill {
		lines = append(lines, t.text(messages.SuggestTreadmill, "incline", d.Dose.InclinePct, "pace", pace))
	} else {
		lines = append(lines, t.text(messages.SuggestOutdoors, "pace", pace))
	}
	lines = append(lines,
		t.text(messages.SuggestStretch),
		t.text(messages.Dynamic("posture."+string(place))),
		t.text(messages.SuggestStopRule),
	)
	t.say(strings.Join(lines, "\n"), reason, t.advice(d.Advice))
}

// reason is the one-line why, ending with the rule ID it traces to.
func (t *turn) reason(d plan.Decision) string {
	r := d.Reason
	return t.text(messages.Dynamic("reason."+string(d.Rule)+"."+r.Code),
		"minutes", d.Dose.Minutes, "from", r.FromMinutes, "pain", r.Pain,
		"baseline", r.Baseline, "peak", r.WalkPeak, "days", r.Days,
		"sessions", d.Dose.SessionsPerWeek, "incline", d.Dose.InclinePct,
	) + " " + t.text(messages.SuggestRule, "rule", d.Rule)
}

func (t *turn) advice(a plan.Advice) string {
	switch a {
	case plan.AdviceWithinDays:
		return t.text(messages.AdviceWithinDays)
	case plan.AdviceIfNotSettled:
		return t.text(messages.AdviceNotSettling)
	}
	return ""
}
