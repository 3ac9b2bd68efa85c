package dialog_test

import (
	"testing"

	"treadwell/internal/chat"
)

// A command typed with its name in the person's language, as Discord's
// menu shows it, is that command: "/deshacer" is /undo, "/progreso" is
// /progress (issue 15).
func TestLocalCommandNames(t *testing.T) {
	h := newHarness(t)
	p := h.person("es")
	p.onboard()
	p.say("/done 8")
	p.press("2")
	say := func(text string) string { return joined(p.send(chat.Incoming{Text: text, Lang: "es"})) }
	for _, c := range []struct{ typed, want string }{
		{"/deshacer", "8"},
		{"/Progreso", "14"},
		{"/ayuda", "/stop"},
	} {
		out := say(c.typed)
		mustNotContain(t, out, "No te he entendido", "I didn't understand")
		mustContain(t, out, c.want)
	}
}
