package console

import (
	"strconv"
	"strings"

	"treadwell/internal/chat"
)

// urgentBar frames urgent safety messages so they cannot be missed.
const urgentBar = "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"

// render formats one message for the terminal. Buttons show as numbered
// choices; when labels are numbers (a 0-10 scale) they are shown plainly,
// since typing the number (or a word label) is the answer.
func render(out chat.Outgoing) string {
	var b strings.Builder
	if out.Urgent {
		b.WriteString(urgentBar + "\n")
	}
	b.WriteString(out.Text)
	b.WriteString("\n")
	if out.Urgent {
		b.WriteString(urgentBar + "\n")
	}
	numeric := anyNumeric(flatten(out.Buttons))
	n := 0
	for _, row := range out.Buttons {
		var cells []string
		for _, btn := range row {
			n++
			if numeric {
				cells = append(cells, "["+btn.Label+"]")
			} else {
				cells = append(cells, "["+strconv.Itoa(n)+"] "+btn.Label)
			}
		}
		b.WriteString("  " + strings.Join(cells, "  ") + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

func flatten(rows [][]chat.Button) []chat.Button {
	var all []chat.Button
	for _, row := range rows {
		all = append(all, row...)
	}
	return all
}

// pick turns a typed line into a button press when it names one: its
// label, or its number among the choices shown. Anything else is text.
func pick(buttons []chat.Button, line string) (text, data string) {
	typed := strings.TrimSpace(line)
	if strings.HasPrefix(typed, "/") {
		return typed, ""
	}
	norm := strings.ToLower(typed)
	for _, b := range buttons {
		if strings.ToLower(b.Label) == norm {
			return "", b.Data
		}
	}
	// A number picks from the choices shown, unless the question has a
	// mix of numbers and words (the walk-pain scale with "No walk yet"):
	// there a number is the score itself.
	if n, err := strconv.Atoi(typed); err == nil && !anyNumeric(buttons) && n >= 1 && n <= len(buttons) {
		return "", buttons[n-1].Data
	}
	return typed, ""
}

func anyNumeric(buttons []chat.Button) bool {
	for _, b := range buttons {
		if _, err := strconv.Atoi(b.Label); err == nil {
			return true
		}
	}
	return false
}
