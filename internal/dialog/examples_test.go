package dialog_test

import (
	"strings"
	"testing"

	"treadwell/messages"
)

// Every example a question or a refusal offers ("Try 07:30, 7:30am or
// 19:00", "lunes a viernes") is an answer the bot takes, in the language
// it is offered in: a hint the bot then refuses sends a person in pain
// round in circles. Each example must appear in the text it is listed
// for, so a changed text brings this table along.
func TestPromptExamplesAreAccepted(t *testing.T) {
	cat, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, button string
		texts        []messages.Key
		examples     []string
		saved        string
	}{
		{"en", "Reminder time", []messages.Key{messages.OnboardTime, messages.InputTime}, []string{"07:30", "7:30am", "19:00"}, "Saved."},
		{"es", "Hora del recordatorio", []messages.Key{messages.OnboardTime, messages.InputTime}, []string{"07:30", "19:00"}, "Guardado."},
		{"en", "Time zone", []messages.Key{messages.OnboardZone, messages.InputZone}, []string{"Manchester", "Quito", "Chicago", "Europe/London", "UTC-5"}, "Saved."},
		{"es", "Zona horaria", []messages.Key{messages.OnboardZone, messages.InputZone}, []string{"Sevilla", "Quito", "Bogotá", "Europe/Madrid", "UTC-5"}, "Guardado."},
		{"en", "Days", []messages.Key{messages.InputDays}, []string{"every day", "weekdays", "mon-fri", "mon,wed,fri"}, "Saved."},
		{"es", "Días", []messages.Key{messages.OnboardDays, messages.InputDays}, []string{"todos los días", "lunes a viernes", "lun-vie", "lunes, miércoles y viernes", "lun, mié, vie"}, "Guardado."},
	}
	for _, tt := range tests {
		for _, ex := range tt.examples {
			t.Run(tt.lang+"/"+ex, func(t *testing.T) {
				found := false
				for _, k := range tt.texts {
					found = found || strings.Contains(cat.Text(tt.lang, k), ex)
				}
				if !found {
					t.Fatalf("%q is not in the %s texts %v any more: update this table", ex, tt.lang, tt.texts)
				}
				h := newHarness(t)
				p := h.person("p")
				p.onboard()
				if tt.lang != "en" {
					p.say("/language " + tt.lang)
				}
				p.say("/settings")
				p.press(tt.button)
				mustContain(t, p.say(ex), tt.saved)
			})
		}
	}
}

// The same for the commands and the break question whose refusals give
// examples: each example, typed as given, is not refused.
func TestCommandExamplesAreAccepted(t *testing.T) {
	cat, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang     string
		text     messages.Key // where the examples are offered
		refusal  messages.Key // what a refused one gets
		break_   bool         // typed to the break question of /settings
		examples []string
	}{
		{"en", messages.SnoozeUnknown, messages.SnoozeUnknown, false, []string{"/snooze 20m", "/snooze 1h", "/snooze evening", "/snooze tomorrow"}},
		{"es", messages.SnoozeUnknown, messages.SnoozeUnknown, false, []string{"/snooze 20m", "/snooze 1h", "/snooze tarde", "/snooze mañana"}},
		{"en", messages.StopBadUntil, messages.StopBadUntil, false, []string{"/stop 3d", "/stop 2w", "/stop until friday"}},
		{"es", messages.StopBadUntil, messages.StopBadUntil, false, []string{"/stop 3d", "/stop 2w", "/stop hasta el viernes"}},
		{"en", messages.InputBreakUntil, messages.InputBreakUntil, true, []string{"Friday", "tomorrow"}},
		{"es", messages.InputBreakUntil, messages.InputBreakUntil, true, []string{"el viernes", "mañana"}},
	}
	for _, tt := range tests {
		for _, ex := range tt.examples {
			t.Run(tt.lang+"/"+ex, func(t *testing.T) {
				if !strings.Contains(cat.Text(tt.lang, tt.text), ex) {
					t.Fatalf("%q is not in the %s text %s any more: update this table", ex, tt.lang, tt.text)
				}
				h := newHarness(t)
				p := h.person("p")
				p.onboard()
				if tt.lang != "en" {
					p.say("/language " + tt.lang)
				}
				if tt.break_ {
					p.say("/settings")
					p.press(cat.Text(tt.lang, messages.ButtonSetBreak))
				}
				refused := cat.Text(tt.lang, tt.refusal)
				if got := p.say(ex); strings.Contains(got, refused) {
					t.Fatalf("%q refused:\n%s", ex, got)
				}
			})
		}
	}
}
