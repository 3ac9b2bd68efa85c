package dialog_test

import (
	"context"
	"testing"
	"time"

	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/profile"
)

// berlinAt is a local time in Berlin, "2006-01-02 15:04".
func berlinAt(t *testing.T, s string) time.Time {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// spanish switches a person to Spanish.
func (p *person) spanish() {
	p.h.t.Helper()
	mustContain(p.h.t, p.say("/language es"), "español")
}

// The evening nudge at a chosen time, in English and Spanish: picked or
// typed, shown in /settings, queued for that local time, sent then.
func TestSettingsNudgeTime(t *testing.T) {
	tests := []struct {
		name, lang, button, press, typed string
		reply, summary                   string
		want                             string // local time queued, Berlin
	}{
		{name: "en button", button: "Evening nudge", press: "19:00",
			reply: "gentle nudge at 19:00", summary: "Evening nudge: on at 19:00 when you haven't checked in", want: "2026-11-26 19:00"},
		{name: "en typed", button: "Evening nudge", typed: "9:30pm",
			reply: "gentle nudge at 21:30", summary: "Evening nudge: on at 21:30", want: "2026-11-26 21:30"},
		{name: "es button", lang: "es", button: "Aviso nocturno", press: "18:00",
			reply: "aviso suave a las 18:00", summary: "activado a las 18:00 si no has hecho tu registro", want: "2026-11-26 18:00"},
		{name: "es typed", lang: "es", button: "Aviso nocturno", typed: "20h15",
			reply: "aviso suave a las 20:15", summary: "activado a las 20:15", want: "2026-11-26 20:15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard() // 07:30 Berlin daily; now Thu 26 Nov 08:00 Berlin
			if tt.lang == "es" {
				p.spanish()
			}
			p.say("/settings")
			p.press(tt.button)
			var out string
			if tt.typed != "" {
				out = p.say(tt.typed)
			} else {
				out = p.press(tt.press)
			}
			mustContain(t, out, tt.reply)
			mustContain(t, p.say("/settings"), tt.summary)
			want := berlinAt(t, tt.want)
			if got := queued(t, h, "p", due.Nudge); !got.Equal(want) {
				t.Fatalf("nudge queued for %v, want %v", got, want)
			}
			snap, _ := h.store.Load(context.Background(), "console", "p")
			if r := h.engine.Reminder(snap, due.Nudge, want, want, 2*time.Hour); len(r.Send) != 1 {
				t.Fatalf("nudge at %v not sent: %+v", want, r)
			}
			// After tonight's, tomorrow's at the same local time.
			if r := h.engine.Reminder(snap, due.Nudge, want, want, 2*time.Hour); !r.Next.Equal(want.AddDate(0, 0, 1)) {
				t.Fatalf("next nudge %v, want %v", r.Next, want.AddDate(0, 0, 1))
			}
		})
	}
}

// A nudge at or before the daily reminder is refused, and the question
// stays; a reminder time moved to or past the nudge turns the nudge off
// and says so.
func TestSettingsNudgeAfterTheReminder(t *testing.T) {
	tests := []struct {
		lang, button, remind, early, refusal, later string
	}{
		{"en", "Evening nudge", "Reminder time", "18:00", "Your daily reminder is at 18:00", "18:30"},
		{"en", "Evening nudge", "Reminder time", "5pm", "Your daily reminder is at 18:00", "9pm"},
		{"es", "Aviso nocturno", "Hora del recordatorio", "18:00", "Tu recordatorio diario es a las 18:00", "18:30"},
		{"es", "Aviso nocturno", "Hora del recordatorio", "07:00", "Tu recordatorio diario es a las 18:00", "19"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.early, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			if tt.lang == "es" {
				p.spanish()
			}
			p.say("/settings")
			p.press(tt.remind)
			p.say("18:00")
			p.say("/settings")
			p.press(tt.button)
			mustContain(t, p.say(tt.early), tt.refusal)
			if got := queued(t, h, "p", due.Nudge); !got.IsZero() {
				t.Fatalf("nudge queued for %v after a refused time", got)
			}
			if tt.early == "18:00" {
				// The buttons ask again too: 18:00 is one of them.
				p.say("/settings")
				p.press(tt.button)
				mustContain(t, p.press("18:00"), tt.refusal)
			}
			p.say(tt.later)
			if got := queued(t, h, "p", due.Nudge); got.IsZero() {
				t.Fatal("no nudge queued after a later time")
			}
			// Now the reminder moves to 21:00, at or after every nudge
			// above: the nudge goes, and the person hears why.
			p.say("/settings")
			p.press(tt.remind)
			out := p.say("21:00")
			mustContain(t, out, map[string]string{"en": "turned it off", "es": "lo he desactivado"}[tt.lang])
			snap, _ := h.store.Load(context.Background(), "console", "p")
			if s := snap.Profile.Settings; s.Nudge {
				t.Fatalf("nudge at %v kept with the reminder at %v", s.NudgeTime(), s.Remind)
			}
			if got := queued(t, h, "p", due.Nudge); !got.IsZero() {
				t.Fatalf("nudge still queued for %v", got)
			}
		})
	}
}

// A profile saved before the nudge time could be chosen (nudge on, no
// time) keeps its nudge at 20:00: in /settings and in the queue.
func TestSettingsNudgeOldProfile(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	ctx := context.Background()
	snap, err := h.store.Load(ctx, "console", "p")
	if err != nil {
		t.Fatal(err)
	}
	old := snap.Profile.Clone()
	old.Settings.Nudge, old.Settings.NudgeAt = true, localtime.Clock{}
	if err := h.store.Save(ctx, snap, profile.Change{Profile: old, Dialog: snap.Dialog}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, p.say("/settings"), "Evening nudge: on at 20:00")
	// Any settings change reschedules every kind: the nudge at 20:00.
	p.press("Weekly summary")
	p.press("Saturday")
	if got, want := queued(t, h, "p", due.Nudge), berlinAt(t, "2026-11-26 20:00"); !got.Equal(want) {
		t.Fatalf("nudge queued for %v, want %v", got, want)
	}
	snap, _ = h.store.Load(ctx, "console", "p")
	if at := snap.Profile.Settings.NudgeAt; at != (localtime.Clock{}) {
		t.Fatalf("nudge time stored as %v, want none (20:00)", at)
	}
}
