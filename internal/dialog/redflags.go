package dialog

import (
	"strconv"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// The red-flag items of the rules file, asked one by one: first the
// RF-URGENT list, then the RF-DOCTOR list. "None of these" answers no to
// the rest of the list in view.
const (
	urgentItems = 5
	doctorItems = 5
)

func redFlagKey(i int) string {
	if i < urgentItems {
		return "rf.urgent." + strconv.Itoa(i+1)
	}
	return "rf.doctor." + strconv.Itoa(i-urgentItems+1)
}

// startRedFlags asks the red-flag questions within the current flow; when
// all are answered no, continueAfterRedFlags carries on with that flow.
func (t *turn) startRedFlags() {
	t.st.RedFlag = 0
	t.ask(stepRedFlag)
}

func redFlagQuestion() question {
	return question{
		prompt: func(t *turn) string {
			i := t.st.RedFlag
			item := t.text("rf.question", "item", t.text(redFlagKey(i)))
			switch i {
			case 0:
				return t.text("rf.urgent.intro") + "\n\n" + item
			case urgentItems:
				return t.text("rf.doctor.intro") + "\n\n" + item
			}
			return item
		},
		choices: func(t *turn) [][]choice {
			return [][]choice{
				{{Value: "yes", Label: t.text("button.yes")}, {Value: "no", Label: t.text("button.no")}},
				{{Value: "none", Label: t.text("button.none_of_these")}},
			}
		},
		answer: func(t *turn, v string) string {
			i := t.st.RedFlag
			switch v {
			case "yes":
				t.redFlagYes(i < urgentItems)
				return ""
			case "no":
				i++
			case "none":
				if i < urgentItems {
					i = urgentItems
				} else {
					i = urgentItems + doctorItems
				}
			default:
				return "input.choose"
			}
			if i >= urgentItems+doctorItems {
				t.redFlagsClear()
				return ""
			}
			t.st.RedFlag = i
			t.ask(stepRedFlag)
			return ""
		},
	}
}

// redFlagYes answers a "yes": RF-URGENT (urgent) or RF-DOCTOR. The
// message stands alone, nothing cheerful around it, and plan and
// reminders are paused (RF-DOCTOR until /resume).
func (t *turn) redFlagYes(urgent bool) {
	rule, msg := plan.RuleDoctor, "rf.doctor.message"
	if urgent {
		rule, msg = plan.RuleUrgent, "rf.urgent.message"
	}
	t.p.RedFlags = profile.RedFlagCheck{At: t.now, Urgent: urgent, Doctor: !urgent}
	rf := t.p.RedFlags
	t.record(profile.Entry{Kind: profile.KindRedFlags, RedFlags: &rf})
	t.pause(t.now, rule, t.p.Pause.Flare, timeZero)
	t.p.LastRule = rule
	t.endFlow()
	t.out = nil
	t.sayUrgent(t.text(msg))
}

// redFlagsClear records a check with no red flag and carries on.
func (t *turn) redFlagsClear() {
	t.p.RedFlags = profile.RedFlagCheck{At: t.now}
	rf := t.p.RedFlags
	t.record(profile.Entry{Kind: profile.KindRedFlags, RedFlags: &rf})
	switch t.st.Flow {
	case flowOnboard:
		// Starting over after a red-flag pause: answering no to every
		// sign is what /resume asks for, so the red-flag pause ends.
		if t.p.Pause.Active && redFlagRule(t.p.Pause.Rule) {
			t.p.Pause = profile.Pause{}
			t.record(profile.Entry{Kind: profile.KindResume})
		}
		t.say(t.text("rf.clear"))
		t.ask(stepBaseLeg)
	case flowCheckIn:
		t.finishCheckIn()
	case flowResume:
		t.finishResume()
	default:
		t.endFlow()
		t.say(t.text("rf.clear_paused"))
	}
}
