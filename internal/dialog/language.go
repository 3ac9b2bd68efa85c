package dialog

import (
	"slices"
	"strings"
	"treadwell/messages"
)

// The language flow (/language): the person picks the language, which
// then no longer follows the platform's.
const flowLanguage flow = "language"

const stepLanguage stepID = "language"

var languageFlow = &flowDef{
	name:  flowLanguage,
	steps: []step{{id: stepLanguage, ask: languageQuestion}},
	finish: func(t *turn) outcome {
		t.say(t.text(messages.LanguageSet))
		return next()
	},
}

// language is /language, or "/language es" at once.
func (t *turn) language(args string) {
	lang := strings.ToLower(strings.TrimSpace(args))
	if lang == "" {
		t.begin(flowLanguage)
		return
	}
	if !t.setLanguage(lang) {
		t.say(t.text(messages.LanguageUnknown))
		t.begin(flowLanguage)
		return
	}
	t.endFlow()
	t.say(t.text(messages.LanguageSet))
}

func (t *turn) setLanguage(lang string) bool {
	if !slices.Contains(t.e.msgs.Languages(), lang) {
		return false
	}
	t.p.Lang, t.p.LangChosen, t.lang = lang, true, lang
	return true
}

var languageQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.LanguagePrompt) },
	choices: func(t *turn) [][]choice {
		var row []choice
		for _, l := range t.e.msgs.Languages() {
			row = append(row, choice{Value: l, Label: t.e.msgs.Text(l, messages.LanguageName)})
		}
		return [][]choice{row}
	},
	answer: func(t *turn, v string) outcome {
		if !t.setLanguage(v) {
			return refuse(messages.InputChoose)
		}
		return next()
	},
}
