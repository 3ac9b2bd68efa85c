package dialog_test

import (
	"slices"
	"testing"

	"treadwell/internal/chat"
)

// zoneFromSettings brings an onboarded person to the zone question of
// /settings, in their language.
func zoneFromSettings(t *testing.T, p *person, lang string) string {
	t.Helper()
	p.onboard()
	if lang == "es" {
		p.say("/language es")
		p.say("/settings")
		return p.press("Zona horaria")
	}
	p.say("/settings")
	return p.press("Time zone")
}

// An answer that names several zones asks which one, with a button for
// each and the time there now; the zone picked is confirmed with the
// local time, in both languages.
func TestZone_ambiguousAnswerAsks(t *testing.T) {
	tests := []struct {
		lang, answer string
		ask          string   // the confirmation question
		buttons      []string // among its buttons (07:00 UTC now)
		pick         string
		reply        string
	}{
		{"en", "IST", `"IST" can mean more than one time zone. Which one is yours?`,
			[]string{"Asia/Kolkata · 12:30", "Europe/Dublin · 07:00", "Asia/Jerusalem · 09:00"},
			"Asia/Kolkata · 12:30", "Time zone set to Asia/Kolkata: it is 12:30 there now."},
		{"es", "IST", "«IST» puede ser más de una zona horaria. ¿Cuál es la tuya?",
			[]string{"Asia/Kolkata · 12:30", "Europe/Dublin · 07:00", "Asia/Jerusalem · 09:00"},
			"Europe/Dublin · 07:00", "Zona horaria: Europe/Dublin. Allí son las 07:00."},
		{"en", "cst", `"cst" can mean more than one time zone.`,
			[]string{"America/Chicago · 01:00", "Asia/Shanghai · 15:00", "America/Havana · 02:00"},
			"Asia/Shanghai · 15:00", "Time zone set to Asia/Shanghai: it is 15:00 there now."},
		{"es", "Córdoba", "«Córdoba» puede ser más de una zona horaria.",
			[]string{"Europe/Madrid · 08:00", "America/Argentina/Cordoba · 04:00"},
			"Europe/Madrid · 08:00", "Zona horaria: Europe/Madrid. Allí son las 08:00."},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.answer, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			zoneFromSettings(t, p, tt.lang)
			mustContain(t, p.say(tt.answer), tt.ask)
			labels := p.labels()
			for _, b := range tt.buttons {
				if !slices.Contains(labels, b) {
					t.Errorf("buttons %q, want %q among them", labels, b)
				}
			}
			if len(labels) > 4 {
				t.Errorf("buttons %q: more than four", labels)
			}
			out := p.press(tt.pick)
			mustContain(t, out, tt.reply)
			if tt.lang == "en" {
				mustContain(t, out, "Saved.")
			}
			mustNotContain(t, p.say("/settings"), "(UTC)")
		})
	}
}

// The confirmation works in onboarding too, and a new typed answer there
// is read afresh.
func TestZone_ambiguousInOnboarding(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.toZoneQuestion()
	mustContain(t, p.say("IST"), "Which one is yours?")
	mustContain(t, p.say("Narnia"), "couldn't find that place", "Which one is yours?")
	out := p.say("Medellín")
	mustContain(t, out, "Time zone set to America/Bogota: it is 02:00 there now.", "On which days")
	mustContain(t, p.press("Every day"), "America/Bogota")
}

// The zone question offers likely zones for the person's language; a
// press takes the zone and says the time there.
func TestZone_buttonsByLanguage(t *testing.T) {
	tests := []struct {
		lang    string
		buttons []string
		pick    string
		reply   string
	}{
		{"en", []string{"London", "New York", "Chicago", "Los Angeles"}, "Chicago",
			"Time zone set to America/Chicago: it is 01:00 there now."},
		{"es", []string{"Madrid", "Ciudad de México", "Bogotá", "Buenos Aires"}, "Buenos Aires",
			"Zona horaria: America/Argentina/Buenos_Aires. Allí son las 04:00."},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			zoneFromSettings(t, p, tt.lang)
			if got := p.labels(); !slices.Equal(got, tt.buttons) {
				t.Errorf("zone buttons on the console %q, want %q (no location button)", got, tt.buttons)
			}
			mustContain(t, p.press(tt.pick), tt.reply)
		})
	}
}

// A refusal says what would work, with examples for the language.
func TestZone_refusalHints(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {"Manchester", "Europe/London", "UTC-5"},
		"es": {"Sevilla", "Europe/Madrid", "UTC-5"},
	} {
		h := newHarness(t)
		p := h.person("p")
		zoneFromSettings(t, p, lang)
		mustContain(t, p.say("Narnia"), want...)
	}
}

// On Telegram in a private chat the question also asks for the location;
// a shared location sets the zone found offline, and the reply takes the
// location button away. Elsewhere there is no such button.
func TestZone_sharedLocation(t *testing.T) {
	h := newHarness(t)
	tg := &person{h: h, addr: chat.Address{Platform: chat.Telegram, ChatID: "100", UserID: "100"}}
	zoneFromSettings(t, tg, "en")
	var loc *chat.Button
	for _, row := range tg.last[len(tg.last)-1].Buttons {
		for i, b := range row {
			if b.RequestLocation {
				loc = &row[i]
			}
		}
	}
	if loc == nil || loc.Label != "📍 Share my location" || loc.Data != "" {
		t.Fatalf("Telegram zone question buttons %+v, want a location button", tg.last[len(tg.last)-1].Buttons)
	}
	out := tg.send(chat.Incoming{Location: &chat.Location{Lat: 40.4168, Lng: -3.7038}})
	mustContain(t, joined(out), "Time zone set to Europe/Madrid: it is 08:00 there now.", "Saved.")
	if !out[0].DropLocationRequest {
		t.Errorf("the reply to the location does not drop the location button: %+v", out[0])
	}
	// Somewhere no finder knows a zone: asked again.
	tg.say("/settings")
	tg.press("Time zone")
	mustContain(t, joined(tg.send(chat.Incoming{Location: &chat.Location{Lat: 91, Lng: 0}})), "couldn't find a time zone at that spot", "Which time zone")

	for _, addr := range []chat.Address{
		{Platform: chat.Discord, ChatID: "200", UserID: "200"},
		{Platform: chat.Console, ChatID: "300", UserID: "300"},
	} {
		p := &person{h: h, addr: addr}
		zoneFromSettings(t, p, "en")
		for _, row := range p.last[len(p.last)-1].Buttons {
			for _, b := range row {
				if b.RequestLocation {
					t.Errorf("%s: a location button %+v", addr.Platform, b)
				}
			}
		}
	}
	// A location where no question wants one is not taken as an answer.
	p := h.person("idle")
	p.onboard()
	p.say("/settings")
	mustContain(t, joined(p.send(chat.Incoming{Location: &chat.Location{Lat: 40.4, Lng: -3.7}})), "What would you like to change")
}

// An answer that names several zones keeps the zone question open (its
// candidates are inline buttons): the location keyboard is not said to
// be left; the zone picked then takes it away.
func TestZone_ambiguousAnswerOnTelegram(t *testing.T) {
	h := newHarness(t)
	tg := &person{h: h, addr: chat.Address{Platform: chat.Telegram, ChatID: "100", UserID: "100"}}
	zoneFromSettings(t, tg, "en")
	out := tg.send(chat.Incoming{Text: "IST"})
	mustNotContain(t, joined(out), "Time zone left as it was")
	for _, o := range out {
		if o.DropLocationRequest {
			t.Fatalf("the location keyboard dropped while the zone question is open: %+v", o)
		}
	}
	out = tg.send(chatPress(tg, "Asia/Kolkata · 12:30"))
	mustContain(t, joined(out), "Time zone set to Asia/Kolkata")
	if !slices.ContainsFunc(out, func(o chat.Outgoing) bool { return o.DropLocationRequest }) {
		t.Fatalf("the zone picked does not take the location keyboard away: %+v", out)
	}
}
