package dialog_test

import (
	"context"
	"strings"
	"testing"

	"treadwell/internal/chat"
	"treadwell/internal/localtime"
	"treadwell/internal/plan"
)

// A Spanish speaker answers every set-up question in Spanish, as they
// would type it: the pain scores and minutes in words, the place and
// the days in Spanish, a Spanish city for the zone. Every answer is
// taken (no refusal, nothing asked twice), every reply is Spanish, and
// the profile holds what they meant.
func TestOnboarding_everyAnswerInSpanish(t *testing.T) {
	tests := []struct {
		city, zone string
	}{
		{"Sevilla", "Europe/Madrid"},
		{"Nueva York", "America/New_York"},
		{"Ciudad de México", "America/Mexico_City"},
		{"Medellín", "America/Bogota"},
		{"Londres", "Europe/London"},
	}
	for _, tt := range tests {
		t.Run(tt.city, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("es")
			steps := []struct{ answer, next string }{
				{"/start", "No soy un dispositivo médico"},
				{"entendido", "Ciática en ambas piernas"},
				{"ninguna de estas", "ver a un médico hoy"},
				{"ninguna de estas", "¿cuánto te duele la pierna?"},
				{"siete", "¿Y la espalda"},
				{"dos", "¿cuántos minutos puedes caminar"},
				{"quince minutos", "¿Dónde vas a caminar?"},
				{"al aire libre", "¿A qué hora"},
				{"19:00", "¿En qué zona horaria"},
				{tt.city, "Allí son las"},
				{"lunes a viernes", "Esta es tu primera caminata"},
			}
			for _, s := range steps {
				out := joined(p.send(chat.Incoming{Text: s.answer, Lang: "es"}))
				if !strings.Contains(out, s.next) {
					t.Fatalf("after %q, want %q in:\n%s", s.answer, s.next, out)
				}
				for _, english := range []string{"Please", "I couldn't", "Which", "minutes", "Today's walk"} {
					if strings.Contains(out, english) {
						t.Fatalf("after %q, English (%q) in:\n%s", s.answer, english, out)
					}
				}
			}
			snap, err := h.store.Load(context.Background(), "console", "es")
			if err != nil {
				t.Fatal(err)
			}
			pr := snap.Profile
			want := localtime.Clock{Hour: 19}
			if !pr.Onboarded || pr.Lang != "es" || pr.BaselineLeg != 7 || pr.BaselineBack != 2 || pr.ToleranceMinutes != 15 ||
				pr.Settings.Place != plan.Outdoors || pr.Settings.Remind != want ||
				string(pr.Settings.Zone) != tt.zone || pr.Settings.Days != localtime.Weekdays {
				t.Fatalf("profile after a Spanish set-up: %+v", pr)
			}
		})
	}
}
