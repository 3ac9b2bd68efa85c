package dialog_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"treadwell/internal/profile"
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
// examples: each example, typed as given, is not refused and does what
// it offers (a snooze set, a pause with an end), within the span it
// names.
func TestCommandExamplesAreAccepted(t *testing.T) {
	cat, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	// The effects, each ending between from and to after now (the span
	// the example names, or its bounds for "tomorrow" and "friday" on
	// the harness's Thursday).
	within := func(at, now time.Time, from, to time.Duration) bool {
		return at.Sub(now) >= from && at.Sub(now) <= to
	}
	snoozed := func(from, to time.Duration) func(profile.Profile, time.Time) string {
		return func(p profile.Profile, now time.Time) string {
			if !within(p.Snooze, now, from, to) {
				return fmt.Sprintf("snooze until %v, want %v to %v after %v", p.Snooze, from, to, now)
			}
			return ""
		}
	}
	pausedFor := func(from, to time.Duration) func(profile.Profile, time.Time) string {
		return func(p profile.Profile, now time.Time) string {
			if !p.Pause.PausedAt(now) || !within(p.Pause.Until, now, from, to) {
				return fmt.Sprintf("pause %+v, want one ending %v to %v after %v", p.Pause, from, to, now)
			}
			return ""
		}
	}
	const day = 24 * time.Hour
	tests := []struct {
		lang     string
		text     messages.Key // where the examples are offered
		refusal  messages.Key // what a refused one gets
		break_   bool         // typed to the break question of /settings
		examples map[string]func(profile.Profile, time.Time) string
	}{
		{"en", messages.SnoozeUnknown, messages.SnoozeUnknown, false, map[string]func(profile.Profile, time.Time) string{
			"/snooze 20m": snoozed(19*time.Minute, 21*time.Minute), "/snooze 1h": snoozed(59*time.Minute, 61*time.Minute),
			"/snooze evening": snoozed(time.Hour, day), "/snooze tomorrow": snoozed(12*time.Hour, 2*day),
		}},
		{"es", messages.SnoozeUnknown, messages.SnoozeUnknown, false, map[string]func(profile.Profile, time.Time) string{
			"/snooze 20m": snoozed(19*time.Minute, 21*time.Minute), "/snooze 1h": snoozed(59*time.Minute, 61*time.Minute),
			"/snooze tarde": snoozed(time.Hour, day), "/snooze mañana": snoozed(12*time.Hour, 2*day),
		}},
		{"en", messages.StopBadUntil, messages.StopBadUntil, false, map[string]func(profile.Profile, time.Time) string{
			"/stop 3d": pausedFor(3*day-time.Minute, 3*day+time.Minute), "/stop 2w": pausedFor(14*day-time.Minute, 14*day+time.Minute), "/stop until friday": pausedFor(time.Hour, 2*day),
		}},
		{"es", messages.StopBadUntil, messages.StopBadUntil, false, map[string]func(profile.Profile, time.Time) string{
			"/stop 3d": pausedFor(3*day-time.Minute, 3*day+time.Minute), "/stop 2w": pausedFor(14*day-time.Minute, 14*day+time.Minute), "/stop hasta el viernes": pausedFor(time.Hour, 2*day),
		}},
		{"en", messages.InputBreakUntil, messages.InputBreakUntil, true, map[string]func(profile.Profile, time.Time) string{
			"Friday": pausedFor(time.Hour, 2*day), "tomorrow": pausedFor(time.Hour, 2*day),
		}},
		{"es", messages.InputBreakUntil, messages.InputBreakUntil, true, map[string]func(profile.Profile, time.Time) string{
			"el viernes": pausedFor(time.Hour, 2*day), "mañana": pausedFor(time.Hour, 2*day),
		}},
	}
	for _, tt := range tests {
		for ex, took := range tt.examples {
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
				got := p.say(ex)
				if strings.Contains(got, refused) {
					t.Fatalf("%q refused:\n%s", ex, got)
				}
				snap, err := h.store.Load(context.Background(), "console", "p")
				if err != nil {
					t.Fatal(err)
				}
				if why := took(snap.Profile, h.clock.Now()); why != "" {
					t.Fatalf("%q answered %q but: %s", ex, got, why)
				}
			})
		}
	}
}
