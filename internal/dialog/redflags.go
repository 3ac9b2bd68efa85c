package dialog

import (
	"strconv"
	"strings"

	"treadwell/internal/chat"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// The red-flag check: the items of the rules file asked one by one, first
// the RF-URGENT list, then the RF-DOCTOR list. "None of these" answers no
// to the rest of the list in view. A "yes" ends everything with the
// urgent message; all "no" records a clear check and returns to the flow
// that asked (onboarding, a check-in, /resume), or stands alone after a
// /stop or a flare.
const flowRedFlags flow = "redflags"

const (
	stepRedFlagsStart stepID = "red_flags_start"
	stepRedFlag       stepID = "red_flag"
)

const (
	urgentItems = 5
	doctorItems = 5
)

var redFlagsFlow = &flowDef{
	name: flowRedFlags,
	steps: []step{
		{id: stepRedFlagsStart, do: func(t *turn) outcome { t.st.RedFlag = 0; return next() }},
		{id: stepRedFlag, ask: redFlagQuestion},
	},
	finish: redFlagsClear,
}

var redFlagQuestion = &question{
	prompt: func(t *turn) string {
		i := t.st.RedFlag
		item := t.text(messages.RfQuestion, "item", t.text(redFlagKey(i)))
		switch i {
		case 0:
			return t.text(messages.RfUrgentIntro) + "\n\n" + item
		case urgentItems:
			return t.text(messages.RfDoctorIntro) + "\n\n" + item
		}
		return item
	},
	choices: func(t *turn) [][]choice {
		return [][]choice{
			{{Value: redFlagYesValue + strconv.Itoa(t.st.RedFlag), Label: t.text(messages.ButtonYes)}, {Value: "no", Label: t.text(messages.ButtonNo)}},
			{{Value: "none", Label: t.text(messages.ButtonNoneOfThese)}},
		}
	},
	answer: func(t *turn, v string) outcome {
		i := t.st.RedFlag
		if v == "yes" || strings.HasPrefix(v, redFlagYesValue) { // "yes": a button from before the item was in it
			t.redFlagYes(i) // the state's item: the button is of this question
			return ended()
		}
		switch v {
		case "no":
			i++
		case "none":
			i = urgentItems
			if t.st.RedFlag >= urgentItems {
				i = urgentItems + doctorItems
			}
		default:
			return refuse(messages.InputChoose)
		}
		if i >= urgentItems+doctorItems {
			return finishFlow()
		}
		t.st.RedFlag = i
		return askAgain()
	},
}

func redFlagKey(i int) messages.Key { return redFlagItems[i] }

// redFlagYesValue starts the value of a red flag's "Yes" button; the
// item it answers follows, so that the press can be answered when the
// person's state cannot be read (pressedRedFlag).
const redFlagYesValue = "yes:"

// pressedRedFlag is the message of a red flag's "Yes" pressed when the
// person's state cannot be read (Redis down): what to do about the sign
// does not wait on a database, and the button says which sign it is.
// In the language the platform gives, with the emergency number left
// general (the zone is in the state). Nothing when in is not such a
// press.
func (e *Engine) pressedRedFlag(in chat.Incoming) []chat.Outgoing {
	_, i, ok := redFlagYesPressed(in.Data)
	if !ok || in.From.Group {
		return nil
	}
	t, err := newTurn(e, profile.Snapshot{}, in)
	if err != nil {
		return nil
	}
	_, msg := t.redFlagAnswer(i)
	return []chat.Outgoing{{To: in.From, Text: msg, Urgent: true}}
}

// redFlagAnswer is the rule and the message of a yes to item i.
func (t *turn) redFlagAnswer(i int) (plan.RuleID, string) {
	if i < urgentItems {
		return plan.RuleUrgent, t.urgentText()
	}
	return plan.RuleDoctor, t.text(messages.RfDoctorMessage)
}

// redFlagItems are the items in the order asked: RF-URGENT, then
// RF-DOCTOR.
var redFlagItems = [urgentItems + doctorItems]messages.Key{
	messages.RfUrgent1, messages.RfUrgent2, messages.RfUrgent3, messages.RfUrgent4, messages.RfUrgent5,
	messages.RfDoctor1, messages.RfDoctor2, messages.RfDoctor3, messages.RfDoctor4, messages.RfDoctor5,
}

// redFlagYes answers a "yes" to item i (in the order asked): RF-URGENT
// or RF-DOCTOR. The message stands alone, nothing cheerful around it,
// and plan and reminders are paused (RF-DOCTOR until /resume). The log
// keeps the sign, for the clinician report.
func (t *turn) redFlagYes(i int) {
	urgent, item := i < urgentItems, i+1
	if !urgent {
		item -= urgentItems
	}
	rule, msg := t.redFlagAnswer(i)
	t.p.RedFlags = profile.RedFlagCheck{At: t.now, Urgent: urgent, Doctor: !urgent, Item: item}
	rf := t.p.RedFlags
	t.record(profile.Entry{Kind: profile.KindRedFlags, RedFlags: &rf})
	t.pause(t.now, rule, t.p.Pause.Flare, timeZero)
	t.p.LastRule = rule
	t.p.Day = profile.NewDayPlan(t.localDate(t.now), t.now, plan.Decision{Rule: rule, Dose: t.p.Dose, Pause: true})
	t.out = nil
	t.sayUrgent(msg)
}

// redFlagsClear records a check with no red flag. On its own (after a
// /stop) it says the plan stays paused; otherwise the flow that asked
// carries on.
func redFlagsClear(t *turn) outcome {
	t.p.RedFlags = profile.RedFlagCheck{At: t.now}
	rf := t.p.RedFlags
	t.record(profile.Entry{Kind: profile.KindRedFlags, RedFlags: &rf})
	if !t.returning() {
		t.say(t.text(messages.RfClearPaused))
	}
	return next()
}

// redFlagSign words the sign a check answered yes, in the person's
// language; "" when it answered none, or was logged before the sign was
// kept.
func (t *turn) redFlagSign(r profile.RedFlagCheck) string {
	switch {
	case r.Urgent && r.Item >= 1 && r.Item <= urgentItems:
		return t.text(redFlagKey(r.Item - 1))
	case r.Doctor && r.Item >= 1 && r.Item <= doctorItems:
		return t.text(redFlagKey(urgentItems + r.Item - 1))
	}
	return ""
}

// redFlagYesPressed reads a red flag's "Yes" button: the question it
// was shown with and the item it answers.
func redFlagYesPressed(data string) (q, item int, ok bool) {
	q, v, ok := parseButtonData(data)
	rest, isYes := strings.CutPrefix(v, redFlagYesValue)
	if !ok || !isYes {
		return 0, 0, false
	}
	i, err := strconv.Atoi(rest)
	if err != nil || i < 0 || i >= urgentItems+doctorItems {
		return 0, 0, false
	}
	return q, i, true
}

// earlierRedFlagYes answers a red flag's "Yes" pressed on an earlier
// question (scrolled back to, or thought again after "No") as a yes to
// that sign, now: the urgent message and the pause, never "that button
// belongs to an earlier question". It reports whether the press was
// one; a "Yes" on the question asked now goes the flow's way.
func (t *turn) earlierRedFlagYes() bool {
	q, i, ok := redFlagYesPressed(t.in.Data)
	if !ok || (t.st.Step != "" && q == t.st.Q) {
		return false
	}
	if rule, msg := t.redFlagAnswer(i); t.pausedBy(rule, i) {
		// A second tap on the Yes that paused: the message again, and
		// nothing logged twice.
		t.sayUrgent(msg)
		return true
	}
	t.redFlagYes(i)
	t.endFlow()
	return true
}

// pausedBy reports whether the person is paused by rule, from a yes to
// item i at their latest red-flag check.
func (t *turn) pausedBy(rule plan.RuleID, i int) bool {
	rf := t.p.RedFlags
	item := i + 1
	if i >= urgentItems {
		item -= urgentItems
	}
	return t.p.Pause.Active && t.p.Pause.Rule == rule && rf.Item == item && rf.Urgent == (i < urgentItems) && rf.Doctor == (i >= urgentItems)
}
