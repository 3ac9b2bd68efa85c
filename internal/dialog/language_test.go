package dialog_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"treadwell/internal/chat"
)

// The platform's language picks the catalog; /language overrides it.
func TestLanguage(t *testing.T) {
	h := newHarness(t)
	p := h.person("es")
	out := joined(p.send(chat.Incoming{Text: "/start", Lang: "es-MX"}))
	mustContain(t, out, "No soy un dispositivo médico")
	if got := p.labels(); len(got) != 1 || got[0] != "Entendido" {
		t.Fatalf("buttons = %v", got)
	}
	out = joined(p.send(chat.Incoming{Text: "/language en", Lang: "es-MX"}))
	mustContain(t, out, "I'll speak English")
	// Chosen: the platform's language no longer decides.
	out = joined(p.send(chat.Incoming{Text: "/help", Lang: "es-MX"}))
	mustContain(t, out, "What I can do")
	p.say("/language")
	mustContain(t, p.press("Español"), "español")
	mustContain(t, p.say("/language klingon"), "¿En qué idioma") // refused, then asked
}

// /progress sends the 4-week chart with a two-line summary; a terminal
// also gets a sparkline.
func TestProgressChart(t *testing.T) {
	h := newHarness(t)
	p := h.person("c")
	p.addr.Platform = chat.Telegram
	p.onboard()
	p.say("/done 8")
	p.press("2")
	outs := p.send(chat.Incoming{Text: "/progress"})
	if len(outs) < 2 || len(outs[0].Image) == 0 {
		t.Fatalf("no chart: %+v", outs)
	}
	img, err := png.Decode(bytes.NewReader(outs[0].Image))
	if err != nil || img.Bounds().Dx() < 400 {
		t.Fatalf("chart is not a PNG of a sensible size: %v", err)
	}
	mustContain(t, outs[0].Text, "This week: 8 minutes over 1 walk")
	mustNotContain(t, outs[0].Text, "▁")

	q := h.person("d")
	q.onboard()
	outs = q.send(chat.Incoming{Text: "/progress"})
	mustContain(t, outs[0].Text, "Minutes, last 4 weeks:", "▁")
}

// /progress says a first week and a short history as they are: no "(last
// week: 0 minutes over 0 walks)" and "not enough check-ins" once (issue 15).
func TestProgressSaysAFirstWeekPlainly(t *testing.T) {
	h := newHarness(t)
	p := h.person("first")
	p.onboard()
	out := p.say("/progress")
	mustContain(t, out, "No walks logged this week yet.")
	if n := strings.Count(out, "not enough check-ins"); n != 1 {
		t.Fatalf("\"not enough check-ins\" said %d times in %q", n, out)
	}
	p.say("/done 8")
	p.press("2")
	out = p.say("/progress")
	mustContain(t, out, "This week: 8 minutes over 1 walk.")
	mustNotContain(t, out, "last week: 0", "over 0 walks")
}
