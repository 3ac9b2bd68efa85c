package dialog_test

import (
	"testing"

	"treadwell/internal/chat"
)

// "Sí, como siempre", typed or pressed, says the pain settled: the plan
// must not say it had not (issue 15).
func TestCheckIn_settledYesInSpanish(t *testing.T) {
	for _, typed := range []bool{false, true} {
		h := newHarness(t)
		p := h.person("es")
		say := func(text string) string { return joined(p.send(chat.Incoming{Text: text, Lang: "es"})) }
		say("/start")
		say("Entendido")
		say("Ninguna de estas")
		say("Ninguna de estas")
		say("4")
		say("3")
		say("10")
		say("Cinta de correr")
		say("07:30")
		say("Europe/Madrid")
		say("todos los días")
		say("/done 8")
		say("2")
		h.clock.Advance(day)
		say("/checkin")
		say("3")
		out := say("2")
		mustContain(t, out, "habitual")
		answer := "Sí, como siempre"
		if typed {
			answer = "sí"
		}
		out = say(answer)
		out += say("No")
		mustContain(t, out, "(regla ")
		mustNotContain(t, out, "no había vuelto")
	}
}
