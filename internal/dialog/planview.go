package dialog

import (
	"strconv"
	"strings"

	"treadwell/internal/plan"
	"treadwell/messages"
)

// showPlan is /plan: the day's decision as it was made (nothing is
// decided again), or without a check-in today the current dose under
// HOLD with a pointer to /checkin; then the path to the target of 30
// minutes, 5 days a week.
func (t *turn) showPlan() {
	if !t.needOnboarded() || !t.needActive() {
		return
	}
	d, ok := t.dayDecision()
	if !ok {
		d = plan.Decide(t.planInput(nil))
	}
	t.suggest(d)
	t.say(t.pathText(t.p.Dose))
	t.reask()
}

// pathText words the projected steps to the target.
func (t *turn) pathText(d plan.Dose) string {
	steps := plan.PathToTarget(d)
	if len(steps) == 0 {
		return t.text(messages.PlanAtTarget)
	}
	var mins, sessions []string
	for _, s := range steps {
		if s.SessionsPerWeek == d.SessionsPerWeek {
			mins = append(mins, strconv.Itoa(s.Minutes))
		} else {
			sessions = append(sessions, strconv.Itoa(s.SessionsPerWeek))
		}
	}
	var b strings.Builder
	b.WriteString(t.text(messages.PlanPathIntro, "minutes", d.Minutes, "sessions", d.SessionsPerWeek))
	if len(mins) > 0 {
		b.WriteString("\n" + t.text(messages.PlanPathMinutes, "steps", strings.Join(mins, " → ")))
	}
	if len(sessions) > 0 {
		b.WriteString("\n" + t.text(messages.PlanPathSessions, "steps", strings.Join(sessions, " → ")))
	}
	b.WriteString("\n" + t.text(messages.PlanPathWeeks, "weeks", len(steps)))
	return b.String()
}
