package dialog_test

import (
	"context"
	"strings"
	"testing"
	"treadwell/internal/chat"

	"treadwell/internal/localtime"
	"treadwell/internal/plan"
)

func TestOnboarding(t *testing.T) {
	h := newHarness(t)
	p := h.person("ann")

	out := p.say("/start")
	mustContain(t, out, "not medical advice", "clinician", "/stop", "/privacy")
	if got := p.labels(); len(got) != 1 || got[0] != "I understand" {
		t.Fatalf("disclaimer buttons = %v, want [I understand]", got)
	}
	out = p.press("I understand")
	mustContain(t, out, "Sciatica in both legs", "genitals, buttocks or back passage", "Do you have this now: sciatica in both legs?")
	// One yes/no each: answer the urgent items one by one.
	for i, item := range []string{"numbness or weakness in both legs", "numbness around your genitals", "new difficulty starting to pee", "not noticing you need to poo"} {
		out = p.press("No")
		mustContain(t, out, item)
		_ = i
	}
	out = p.press("No")
	mustContain(t, out, "see a doctor today", "fever")
	out = p.press("None of these")
	mustContain(t, out, "leg pain")
	out = p.press("4")
	mustContain(t, out, "back pain")
	out = p.press("3")
	mustContain(t, out, "how many minutes")
	out = p.say("10 minutes")
	mustContain(t, out, "Where will you walk?")
	out = p.press("Treadmill")
	mustContain(t, out, "What time")
	out = p.say("7:30am")
	mustContain(t, out, "time zone")
	out = p.say("Berlin")
	mustContain(t, out, "which days")
	out = p.press("Every day")
	mustContain(t, out,
		"Today's walk: 8 minutes",
		"0% incline",
		"Stretch gently for about 5 minutes before and after",
		"upright, shoulders relaxed, head up, no leaning on the rails",
		"Stop if leg pain goes above 5",
		"(rule START)",
		// 08:00 in Berlin on Thursday: the next 07:30 is Friday's.
		"Next reminder: Fri 27 Nov at 07:30 (Europe/Berlin).",
	)

	snap, err := h.store.Load(context.Background(), "console", "ann")
	if err != nil {
		t.Fatal(err)
	}
	pr := snap.Profile
	if !pr.Onboarded || pr.BaselineLeg != 4 || pr.BaselineBack != 3 || pr.ToleranceMinutes != 10 ||
		pr.Settings.Place != plan.Treadmill || pr.Settings.Remind.String() != "07:30" || pr.Settings.Zone != "Europe/Berlin" || pr.Settings.Days != localtime.Daily {
		t.Fatalf("profile after onboarding = %+v", pr)
	}
	if pr.Dose.Minutes != 8 || pr.LastRule != plan.RuleStart {
		t.Fatalf("dose = %+v rule %s, want 8 minutes by START", pr.Dose, pr.LastRule)
	}
	if pr.Disclaimer.IsZero() || pr.RedFlags.At.IsZero() || pr.RedFlags.Urgent || pr.RedFlags.Doctor {
		t.Fatalf("disclaimer/red flags not recorded: %+v", pr)
	}
}

func TestOnboarding_acceptsTypedAnswers(t *testing.T) {
	h := newHarness(t)
	p := h.person("typist")
	p.say("/start")
	p.say("i understand")
	p.say("none of these")
	p.say("None of these")
	p.say("seven")
	p.say("2/10")
	p.say("15")
	p.say("outdoors")
	p.say("19:00")
	p.say("UTC+2")
	out := p.say("mon-fri")
	mustContain(t, out, "Today's walk: 12 minutes", "Outdoors: a flat loop close to home", "(rule START)")
	mustNotContain(t, out, "rails")
	snap, _ := h.store.Load(context.Background(), "console", "typist")
	if s := snap.Profile.Settings; s.Zone != "UTC+02:00" || s.Days != localtime.Weekdays || s.Remind.String() != "19:00" || snap.Profile.BaselineLeg != 7 {
		t.Fatalf("settings = %+v, leg %d", s, snap.Profile.BaselineLeg)
	}
}

func TestRule_RF_URGENT_atOnboarding(t *testing.T) {
	h := newHarness(t)
	p := h.person("bob")
	p.say("/start")
	p.press("I understand")
	p.press("No")
	p.press("No")
	out := p.send(chatPress(p, "Yes")) // saddle numbness
	if len(out) != 1 || !out[0].Urgent {
		t.Fatalf("want exactly one urgent message, got %d: %s", len(out), joined(out))
	}
	mustContain(t, out[0].Text, "URGENT", "emergency department", "emergency number now", "paused")
	mustNotContain(t, out[0].Text, "Well done", "Great")
	if len(out[0].Buttons) != 0 {
		t.Fatalf("urgent message has buttons")
	}
	snap, _ := h.store.Load(context.Background(), "console", "bob")
	if !snap.Profile.Pause.Active || snap.Profile.Pause.Rule != plan.RuleUrgent || !snap.Profile.RedFlags.Urgent {
		t.Fatalf("profile not paused by RF-URGENT: %+v", snap.Profile.Pause)
	}
	// Nothing carries on as if all is well.
	got := p.say("/checkin")
	mustContain(t, got, "Let's set you up first")
}

func TestRule_RF_DOCTOR_atOnboarding(t *testing.T) {
	h := newHarness(t)
	p := h.person("cy")
	p.say("/start")
	p.press("I understand")
	p.press("None of these")
	p.press("No")
	out := p.send(chatPress(p, "Yes")) // weight loss
	if len(out) != 1 || !out[0].Urgent {
		t.Fatalf("want one prominent message, got %s", joined(out))
	}
	mustContain(t, out[0].Text, "DOCTOR TODAY", "paused until you /resume")
	snap, _ := h.store.Load(context.Background(), "console", "cy")
	if snap.Profile.Pause.Rule != plan.RuleDoctor || !snap.Profile.RedFlags.Doctor {
		t.Fatalf("profile not paused by RF-DOCTOR: %+v", snap.Profile)
	}
}

func TestStartAgain(t *testing.T) {
	h := newHarness(t)
	p := h.person("dee")
	p.onboard()
	mustContain(t, p.say("/start"), "already set up")
	// /start mid-onboarding repeats the question instead of restarting.
	q := h.person("eve")
	q.say("/start")
	q.press("I understand")
	out := q.say("/start")
	if !strings.Contains(out, "sciatica in both legs?") {
		t.Fatalf("restart mid-onboarding lost the place: %s", out)
	}
}

// Questions usually answered by typing are marked so; picked ones not.
func TestAwaitsText(t *testing.T) {
	h := newHarness(t)
	p := h.person("a")
	p.say("/start")
	p.press("I understand")
	p.press("None of these")
	out := p.send(chatPress(p, "None of these"))
	if out[len(out)-1].AwaitsText {
		t.Fatal("the leg pain question is marked as typed")
	}
	for _, label := range []string{"4", "3", "10", "Treadmill"} {
		p.press(label)
	}
	if out := p.last; !out[len(out)-1].AwaitsText {
		t.Fatal("the reminder time question is not marked as typed")
	}
	out = p.send(chatIncomingText("07:30"))
	if !out[len(out)-1].AwaitsText {
		t.Fatal("the time zone question is not marked as typed")
	}
}

// The reminder days are read in the person's language: a Spanish speaker
// types "lunes a viernes" (issue 15: "Escríbelos en inglés").
func TestOnboarding_spanishDays(t *testing.T) {
	h := newHarness(t)
	p := h.person("hispana")
	say := func(text string) string { return joined(p.send(chat.Incoming{Text: text, Lang: "es"})) }
	say("/start")
	say("Entendido")
	say("Ninguna de estas")
	say("Ninguna de estas")
	say("siete")
	say("dos")
	say("quince")
	say("Al aire libre")
	say("19:00")
	say("Europe/Madrid")
	out := say("lunes a viernes")
	mustNotContain(t, out, "No he podido leer esos días")
	snap, _ := h.store.Load(context.Background(), "console", "hispana")
	if s := snap.Profile.Settings; s.Days != localtime.Weekdays || snap.Profile.BaselineLeg != 7 {
		t.Fatalf("days = %v, want weekdays; reply %q", s.Days, out)
	}
}

// A yes typed in Spanish words ("claro") answers a yes/no question.
func TestOnboarding_spanishYes(t *testing.T) {
	h := newHarness(t)
	p := h.person("claro")
	say := func(text string) []chat.Outgoing { return p.send(chat.Incoming{Text: text, Lang: "es"}) }
	say("/start")
	say("Entendido")
	say("no")
	say("no")
	out := say("claro") // saddle numbness: yes
	if len(out) != 1 || !out[0].Urgent {
		t.Fatalf("\"claro\" was not taken as yes: %s", joined(out))
	}
}
