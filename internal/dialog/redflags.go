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
				if i < urgentItems {
					t.redFlagUrgent()
				} else {
					t.redFlagDoctor()
				}
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

// redFlagUrgent is RF-URGENT: the urgent message alone, nothing cheerful
// around it, plan and reminders paused.
func (t *turn) redFlagUrgent() {
	t.p.RedFlags = profile.RedFlagCheck{At: t.now, Urgent: true}
	rf := t.p.RedFlags
	t.record(profile.Entry{Kind: profile.KindRedFlags, RedFlags: &rf})
	t.pause(t.now, plan.RuleUrgent, t.p.Pause.Flare, timeZero)
	t.p.LastRule = plan.RuleUrgent
	t.endFlow()
	t.out = nil // the urgent message stands alone
	t.sayUrgent(t.text("rf.urgent.message"))
}

// redFlagDoctor is RF-DOCTOR: contact a doctor today, plan and reminders
// paused until /resume.
func (t *turn) redFlagDoctor() {
	t.p.RedFlags = profile.RedFlagCheck{At: t.now, Doctor: true}
	rf := t.p.RedFlags
	t.record(profile.Entry{Kind: profile.KindRedFlags, RedFlags: &rf})
	t.pause(t.now, plan.RuleDoctor, t.p.Pause.Flare, timeZero)
	t.p.LastRule = plan.RuleDoctor
	t.endFlow()
	t.out = nil
	t.sayUrgent(t.text("rf.doctor.message"))
}

// redFlagsClear records a check with no red flag and carries on.
func (t *turn) redFlagsClear() {
	t.p.RedFlags = profile.RedFlagCheck{At: t.now}
	rf := t.p.RedFlags
	t.record(profile.Entry{Kind: profile.KindRedFlags, RedFlags: &rf})
	switch t.st.Flow {
	case flowOnboard:
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
