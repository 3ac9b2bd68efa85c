package dialog

import (
	"strconv"
	"strings"

	"treadwell/internal/chat"
)

// stepID names a question.
type stepID string

const (
	stepDisclaimer    stepID = "disclaimer"
	stepRedFlag       stepID = "red_flag"
	stepBaseLeg       stepID = "baseline_leg"
	stepBaseBack      stepID = "baseline_back"
	stepTolerance     stepID = "tolerance"
	stepPlace         stepID = "place"
	stepTime          stepID = "time"
	stepZone          stepID = "zone"
	stepDays          stepID = "days"
	stepLeg           stepID = "leg"
	stepBack          stepID = "back"
	stepSettled       stepID = "settled"
	stepWalkPeak      stepID = "walk_peak"
	stepSpread        stepID = "spread"
	stepOutcome       stepID = "outcome"
	stepMinutes       stepID = "minutes"
	stepPeak          stepID = "peak"
	stepSettingsMenu  stepID = "settings_menu"
	stepDeleteConfirm stepID = "delete_confirm"
	stepWeekly        stepID = "weekly"
	stepLanguage      stepID = "language"
)

// choice is one button of a question.
type choice struct {
	Value string // carried in the button data
	Label string // shown; typing it picks the choice too
}

// question is how one step asks and takes its answer.
type question struct {
	prompt func(t *turn) string
	// choices returns the buttons, in rows.
	choices func(t *turn) [][]choice
	// free: typed text that matches no button still goes to answer
	// (numbers, times, zones); otherwise it is refused with a hint.
	free bool
	// typed: the answer is often typed rather than picked (a time, a
	// zone), so platforms where typing needs another place offer it.
	typed bool
	// answer takes the chosen value or typed text and moves the
	// conversation on. It returns a catalog key explaining a refusal, or
	// "" when the answer was taken.
	answer func(t *turn, v string) string
}

// questionFor returns the question of a step. A switch rather than a map
// keeps the answer functions free to ask the next question.
func questionFor(id stepID) (question, bool) {
	switch id {
	case stepDisclaimer:
		return disclaimerQuestion(), true
	case stepRedFlag:
		return redFlagQuestion(), true
	case stepBaseLeg, stepBaseBack, stepTolerance, stepPlace, stepTime, stepZone, stepDays:
		return settingQuestion(id), true
	case stepLeg, stepBack, stepSettled, stepWalkPeak, stepSpread:
		return checkInQuestion(id), true
	case stepOutcome, stepMinutes, stepPeak:
		return walkQuestion(id), true
	case stepSettingsMenu:
		return settingsMenuQuestion(), true
	case stepDeleteConfirm:
		return deleteQuestion(), true
	case stepWeekly:
		return weeklyQuestion(), true
	case stepLanguage:
		return languageQuestion(), true
	}
	return question{}, false
}

// ask asks a new question: it gets a new number, so buttons of earlier
// questions become stale.
func (t *turn) ask(id stepID) {
	t.st.Step = id
	t.st.Q++
	t.show()
}

// reask shows the current question again, with the same number.
func (t *turn) reask() {
	if t.st.Step != "" {
		t.show()
	}
}

func (t *turn) show(before ...string) {
	q, ok := questionFor(t.st.Step)
	if !ok {
		t.endFlow()
		return
	}
	var rows [][]chat.Button
	if q.choices != nil {
		for _, row := range q.choices(t) {
			var r []chat.Button
			for _, c := range row {
				r = append(r, chat.Button{Label: c.Label, Data: buttonData(t.st.Q, c.Value)})
			}
			rows = append(rows, r)
		}
	}
	t.sayButtons(rows, append(before, q.prompt(t))...)
	t.out[len(t.out)-1].AwaitsText = q.typed
}

// endFlow leaves any conversation; the person is back to idle.
func (t *turn) endFlow() {
	t.st = state{Q: t.st.Q}
}

// buttonData is "<question number>:<value>", well within Telegram's 64
// bytes of callback data.
func buttonData(q int, value string) string {
	return strconv.Itoa(q) + ":" + value
}

func parseButtonData(data string) (q int, value string, ok bool) {
	head, value, found := strings.Cut(data, ":")
	if !found {
		return 0, "", false
	}
	q, err := strconv.Atoi(head)
	if err != nil {
		return 0, "", false
	}
	return q, value, true
}

// answer takes the person's reply to the current question.
func (t *turn) answer() {
	q, ok := questionFor(t.st.Step)
	if !ok {
		t.endFlow()
		t.say(t.text("input.idle"))
		return
	}
	var value string
	if t.in.Data != "" {
		n, v, ok := parseButtonData(t.in.Data)
		if !ok || n != t.st.Q {
			t.say(t.text("input.stale"))
			t.reask()
			return
		}
		value = v
	} else {
		text := strings.TrimSpace(t.in.Text)
		if len(text) > maxAnswer {
			t.say(t.text("input.too_long"))
			t.reask()
			return
		}
		matched := false
		if q.choices != nil {
			value, matched = matchChoice(q.choices(t), text)
		}
		if !matched {
			if !q.free {
				t.say(t.text("input.choose"))
				t.reask()
				return
			}
			value = text
		}
	}
	if refusal := q.answer(t, value); refusal != "" {
		t.say(t.text(refusal))
		t.reask()
	}
}

// matchChoice finds the choice whose label or value the person typed.
func matchChoice(rows [][]choice, text string) (string, bool) {
	n := normalize(text)
	if n == "" {
		return "", false
	}
	for _, row := range rows {
		for _, c := range row {
			if normalize(c.Label) == n || normalize(c.Value) == n {
				return c.Value, true
			}
		}
	}
	return "", false
}

// scoreChoices are the 0-10 buttons, in two rows.
func scoreChoices() [][]choice {
	rows := [][]choice{nil, nil}
	for i := 0; i <= 10; i++ {
		s := strconv.Itoa(i)
		rows[i/6] = append(rows[i/6], choice{Value: s, Label: s})
	}
	return rows
}

// scoreRefusal words why a score was not taken.
func scoreRefusal(err error) string {
	if err == errRange {
		return "input.score_range"
	}
	return "input.score"
}

// scoreQuestion asks for a 0-10 score; take records it and moves on.
func scoreQuestion(promptKey string, take func(t *turn, n int)) question {
	return question{
		prompt:  func(t *turn) string { return t.text(promptKey) },
		choices: func(*turn) [][]choice { return scoreChoices() },
		free:    true,
		answer: func(t *turn, v string) string {
			n, err := parseScore(v)
			if err != nil {
				return scoreRefusal(err)
			}
			take(t, n)
			return ""
		},
	}
}

// yesNoQuestion asks a yes/no question; take records it and moves on.
func yesNoQuestion(promptKey string, take func(t *turn, yes bool)) question {
	return question{
		prompt: func(t *turn) string { return t.text(promptKey) },
		choices: func(t *turn) [][]choice {
			return [][]choice{{{Value: "yes", Label: t.text("button.yes")}, {Value: "no", Label: t.text("button.no")}}}
		},
		answer: func(t *turn, v string) string {
			if v != "yes" && v != "no" {
				return "input.choose"
			}
			take(t, v == "yes")
			return ""
		},
	}
}
