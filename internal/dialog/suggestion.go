package dialog

import (
	"fmt"
	"strings"
	"time"

	"treadwell/internal/emergency"
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
		t.sayUrgent(t.urgentText())
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
	lines := []string{t.text(messages.SuggestMinutes, "minutes", t.minutesToday(d.Dose), "sessions", d.Dose.SessionsPerWeek)}
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
	t.say(strings.Join(lines, "\n"), reason, t.advice(d.Advice), t.weekText(d.Dose))
}

// plannedDays are the days of the week this dose's sessions fall on.
func (t *turn) plannedDays(d plan.Dose) []time.Weekday {
	return plan.PlannedDays(uint8(t.p.Settings.Days), d.SessionsPerWeek)
}

// minutesToday is the planned minutes of today's session: the short
// session's on its day, the dose's otherwise (a walk on another day is
// welcome at the usual length).
func (t *turn) minutesToday(d plan.Dose) int {
	if m, ok := plan.SessionMinutes(d, t.plannedDays(d), t.now.In(t.location()).Weekday()); ok {
		return m
	}
	return d.Minutes
}

// weekText says which days this week's walks are planned for, and the
// day of the shorter one.
func (t *turn) weekText(d plan.Dose) string {
	days := t.plannedDays(d)
	if len(days) == 0 {
		return ""
	}
	s := t.text(messages.SuggestDays, "days", t.weekdayList(days))
	if d.ShortMinutes > 0 {
		s += " " + t.text(messages.SuggestShort, "day", t.weekdayName(days[len(days)-1]), "short", d.ShortMinutes)
	}
	return s
}

// weekdayName is a weekday's short name in the person's language.
func (t *turn) weekdayName(w time.Weekday) string {
	wd := strings.Split(t.text(messages.DateWeekdays), ",")
	if len(wd) != 7 {
		return w.String()[:3]
	}
	return strings.TrimSpace(wd[w])
}

// weekdayList words days: "Mon, Wed, Fri".
func (t *turn) weekdayList(days []time.Weekday) string {
	names := make([]string, len(days))
	for i, w := range days {
		names[i] = t.weekdayName(w)
	}
	return strings.Join(names, ", ")
}

// urgentText is the RF-URGENT message, naming the emergency number of
// the person's zone when the zone alone says which (a wrong number is
// worse than none: otherwise "your local emergency number"). A zone
// given by an abbreviation says the time, not the country.
func (t *turn) urgentText() string {
	if n, ok := emergency.Number(string(t.p.Settings.Zone)); ok && !t.p.Settings.ZoneFromAbbreviation {
		return t.text(messages.RfUrgentMessageNumber, "number", n)
	}
	return t.text(messages.RfUrgentMessage)
}

// reason is the one-line why, ending with the rule ID it traces to.
func (t *turn) reason(d plan.Decision) string {
	r := d.Reason
	return t.text(messages.Dynamic("reason."+string(d.Rule)+"."+r.Code),
		"minutes", d.Dose.Minutes, "from", r.FromMinutes, "pain", r.Pain,
		"baseline", r.Baseline, "peak", r.WalkPeak, "days", r.Days,
		"sessions", d.Dose.SessionsPerWeek, "incline", d.Dose.InclinePct, "short", r.Short,
	) + " " + t.text(messages.SuggestRule, "rule", d.Rule)
}

func (t *turn) advice(a plan.Advice) string {
	switch a {
	case plan.AdviceWithinDays:
		return t.text(messages.AdviceWithinDays)
	case plan.AdviceIfNotSettled:
		return t.text(messages.AdviceNotSettling)
	case plan.AdviceLimb:
		return t.text(messages.AdviceLimb)
	}
	return ""
}
