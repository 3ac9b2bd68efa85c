package dialog

import (
	"strconv"
	"strings"

	"treadwell/internal/chat"
	"treadwell/messages"
)

// stepID names a step of a flow. The ids are stored in the dialog
// state, so a conversation in progress carries over a new version: keep
// them stable.
type stepID string

// choice is one button of a question.
type choice struct {
	Value string // carried in the button data
	Label string // shown; typing it picks the choice too
	// Location makes the button ask for the person's location, where
	// the platform can (chat.CanRequestLocation); elsewhere it is left
	// out. The answer goes to question.location.
	Location bool
}

// question is how a question step asks and takes its answer.
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
	// answer takes the chosen value or typed text, records it, and says
	// where the conversation goes (a refusal asks again).
	answer func(t *turn, v string) outcome
	// location takes a shared location, for a question that offers a
	// Location choice; nil refuses one.
	location func(t *turn, at chat.Location) outcome
}

// reask shows the current question again, with the same number.
func (t *turn) reask() {
	if t.st.Step != "" {
		t.show()
	}
}

func (t *turn) show(before ...string) {
	_, s, ok := t.current()
	if !ok || s.ask == nil {
		t.endFlow()
		return
	}
	q := s.ask
	var rows [][]chat.Button
	if q.choices != nil {
		for _, row := range q.choices(t) {
			var r []chat.Button
			for _, c := range row {
				switch {
				case c.Location && chat.CanRequestLocation(t.in.From):
					r = append(r, chat.Button{Label: c.Label, RequestLocation: true})
				case !c.Location:
					r = append(r, chat.Button{Label: c.Label, Data: buttonData(t.st.Q, c.Value)})
				}
			}
			if len(r) > 0 {
				rows = append(rows, r)
			}
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
	d, s, ok := t.current()
	if !ok || s.ask == nil {
		t.endFlow()
		t.say(t.text(messages.InputIdle))
		return
	}
	q := s.ask
	if at := t.in.Location; at != nil {
		if q.location == nil {
			t.say(t.text(messages.InputChoose))
			t.reask()
			return
		}
		t.follow(d, d.index(s.id), q.location(t, *at))
		return
	}
	value, refusal := t.answerValue(q)
	if refusal != (messages.Key{}) {
		t.say(t.text(refusal))
		t.reask()
		return
	}
	t.follow(d, d.index(s.id), q.answer(t, value))
}

// answerValue is the value of a pressed button, or the choice the
// person typed, or (for a free question) the typed text; refusal is the
// catalog key of why there is none.
func (t *turn) answerValue(q *question) (value string, refusal messages.Key) {
	if t.in.Data != "" {
		n, v, ok := parseButtonData(t.in.Data)
		if !ok || n != t.st.Q {
			return "", messages.InputStale
		}
		return v, messages.Key{}
	}
	text := strings.TrimSpace(t.in.Text)
	if len(text) > maxAnswer {
		return "", messages.InputTooLong
	}
	if q.choices != nil {
		rows := q.choices(t)
		if v, matched := matchChoice(rows, text); matched {
			return v, messages.Key{}
		}
		if v, matched := matchChoice(rows, t.yesNo(text)); matched {
			return v, messages.Key{}
		}
	}
	if !q.free {
		return "", messages.InputChoose
	}
	return text, messages.Key{}
}

// matchChoice finds the choice whose label or value the person typed.
func matchChoice(rows [][]choice, text string) (string, bool) {
	n := normalize(text)
	if n == "" {
		return "", false
	}
	for _, row := range rows {
		for _, c := range row {
			if c.Location {
				continue
			}
			// A value may carry a detail after a colon (a red flag's
			// "yes:<item>"); its word alone picks it too.
			word, _, _ := strings.Cut(c.Value, ":")
			if normalize(c.Label) == n || normalize(c.Value) == n || normalize(word) == n {
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
func scoreRefusal(err error) messages.Key {
	if err == errRange {
		return messages.InputScoreRange
	}
	return messages.InputScore
}

// scoreQuestion asks for a 0-10 score; take records it and says where
// the conversation goes.
func scoreQuestion(promptKey messages.Key, take func(t *turn, n int) outcome) *question {
	return &question{
		prompt:  func(t *turn) string { return t.text(promptKey) },
		choices: func(*turn) [][]choice { return scoreChoices() },
		free:    true,
		answer: func(t *turn, v string) outcome {
			n, err := t.e.typed.score(t.lang, v)
			if err != nil {
				return refuse(scoreRefusal(err))
			}
			return take(t, n)
		},
	}
}

// yesNoQuestion asks a yes/no question; take records it and says where
// the conversation goes.
func yesNoQuestion(promptKey messages.Key, take func(t *turn, yes bool) outcome) *question {
	return &question{
		prompt: func(t *turn) string { return t.text(promptKey) },
		choices: func(t *turn) [][]choice {
			return [][]choice{{{Value: "yes", Label: t.text(messages.ButtonYes)}, {Value: "no", Label: t.text(messages.ButtonNo)}}}
		},
		answer: func(t *turn, v string) outcome {
			if v != "yes" && v != "no" {
				return refuse(messages.InputChoose)
			}
			return take(t, v == "yes")
		},
	}
}

// yesNo turns a yes or no typed in the person's language or in English
// ("claro", "si", "yep") into the value of a yes/no button; anything
// else is returned as it was.
func (t *turn) yesNo(text string) string {
	n := normalize(text)
	for _, lang := range []string{t.lang, messages.Fallback} {
		for value, key := range map[string]messages.Key{"yes": messages.WordsYes, "no": messages.WordsNo} {
			for _, w := range t.e.msgs.List(lang, key) {
				if n == w {
					return value
				}
			}
		}
	}
	return text
}
