package telegram_test

import (
	"testing"
)

// The new choices of /settings through the real telebot client and the
// real engine: the evening nudge at a chosen time, a break until
// tomorrow and "Resume now", in English and in Spanish.
func TestSettingsNudgeAndBreak(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person(1002, "en-GB")
	p.onboard()

	p.say("/settings", "Evening nudge: off")
	p.press("Evening nudge", "gentle evening nudge?")
	p.press("21:00", "gentle nudge at 21:00")
	p.say("/settings", "Evening nudge: on at 21:00")
	p.press("Pause for a break", "Going away or busy")
	p.press("Tomorrow", "Paused until")
	p.say("/settings", "Paused until")
	p.press("Resume now", "Welcome back")

	p.say("/language es", "español")
	p.say("/settings", "Aviso nocturno: activado a las 21:00")
	p.press("Aviso nocturno", "aviso suave por la tarde?")
	p.say("19:45", "aviso suave a las 19:45")
	p.say("/settings", "activado a las 19:45")
	p.press("Pausa por descanso", "¿Te vas")
	p.say("hasta mañana", "En pausa hasta el")
	p.say("/settings", "En pausa hasta el")
	p.press("Reanudar ya", "Hola de nuevo")
}
