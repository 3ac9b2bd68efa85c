package dialog

import (
	"slices"
	"strings"
)

// language is /language: the person picks the language, which then no
// longer follows the platform's.
func (t *turn) language(args string) {
	lang := strings.ToLower(strings.TrimSpace(args))
	if lang == "" {
		t.endFlow()
		t.ask(stepLanguage)
		return
	}
	if !t.setLanguage(lang) {
		t.say(t.text("language.unknown"))
		t.ask(stepLanguage)
	}
}

func (t *turn) setLanguage(lang string) bool {
	if !slices.Contains(t.e.msgs.Languages(), lang) {
		return false
	}
	t.p.Lang, t.p.LangChosen, t.lang = lang, true, lang
	t.endFlow()
	t.say(t.text("language.set"))
	return true
}

func languageQuestion() question {
	return question{
		prompt: func(t *turn) string { return t.text("language.prompt") },
		choices: func(t *turn) [][]choice {
			var row []choice
			for _, l := range t.e.msgs.Languages() {
				row = append(row, choice{Value: l, Label: t.e.msgs.Text(l, "language.name")})
			}
			return [][]choice{row}
		},
		answer: func(t *turn, v string) string {
			if !t.setLanguage(v) {
				return "input.choose"
			}
			return ""
		},
	}
}
