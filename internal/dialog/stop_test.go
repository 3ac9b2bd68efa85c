package dialog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"treadwell/internal/plan"
)

// firstLine is the first line of the first reply.
func firstLine(out string) string {
	line, _, _ := strings.Cut(out, "\n")
	return line
}

func TestRule_STOP_FLARE_fromAnyState(t *testing.T) {
	states := []struct {
		name  string
		setup func(p *person)
	}{
		{"idle before start", func(p *person) {}},
		{"mid-onboarding disclaimer", func(p *person) { p.say("/start") }},
		{"mid-onboarding red flags", func(p *person) { p.say("/start"); p.press("I understand") }},
		{"mid-onboarding baseline", func(p *person) {
			p.say("/start")
			p.press("I understand")
			p.press("None of these")
			p.press("None of these")
		}},
		{"idle after onboarding", func(p *person) { p.onboard() }},
		{"mid-checkin", func(p *person) { p.onboard(); p.say("/checkin"); p.press("3") }},
		{"mid-walk", func(p *person) { p.onboard(); p.say("/done") }},
		{"mid-settings", func(p *person) { p.onboard(); p.say("/settings"); p.press("Reminder time") }},
		{"mid-delete", func(p *person) { p.onboard(); p.say("/delete") }},
		{"already paused", func(p *person) { p.onboard(); p.say("/stop") }},
	}
	for _, word := range []string{"/stop", "stop", "STOP", "Stop!", " stop ", "/stop@TreadwellBot", "parar", "¡Para!"} {
		for _, s := range states {
			t.Run(word+"/"+s.name, func(t *testing.T) {
				h := newHarness(t)
				p := h.person("p")
				s.setup(p)
				out := p.say(word)
				if got := firstLine(out); !strings.HasPrefix(got, "Paused") {
					t.Fatalf("first line = %q, want it to say paused", got)
				}
				// It asks why, and a /stop counts as pain until answered.
				mustContain(t, out, "Is this because of pain?")
				mustNotContain(t, out, "bed rest")
				out = p.press("Because of pain")
				mustContain(t, out, "bed rest does not help", "see a clinician", "Do you have this now: sciatica in both legs?")
				snap, err := h.store.Load(context.Background(), "console", "p")
				if err != nil {
					t.Fatal(err)
				}
				if !snap.Profile.Pause.Active || snap.Profile.Pause.Rule != plan.RuleStopFlare {
					t.Fatalf("not paused: %+v", snap.Profile.Pause)
				}
				// The red-flag check is the current question now.
				out = p.press("None of these")
				mustContain(t, out, "fever")
				out = p.press("None of these")
				mustContain(t, out, "/resume")
			})
		}
	}
}

func TestRule_STOP_FLARE_forATime(t *testing.T) {
	cases := []struct {
		arg, first string
		until      time.Time
	}{
		{"3d", "Paused until Sun 29 Nov", start.Add(72 * time.Hour)},
		{"until 2026-12-01", "Paused until Tue 1 Dec", time.Date(2026, 12, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600))},
		{"2w", "Paused until Thu 10 Dec", start.Add(14 * 24 * time.Hour)},
		{"until friday", "Paused until Fri 27 Nov", time.Date(2026, 11, 27, 0, 0, 0, 0, time.FixedZone("CET", 3600))},
		{"till tomorrow", "Paused until Fri 27 Nov", time.Date(2026, 11, 27, 0, 0, 0, 0, time.FixedZone("CET", 3600))},
		{"hasta mañana", "Paused until Fri 27 Nov", time.Date(2026, 11, 27, 0, 0, 0, 0, time.FixedZone("CET", 3600))},
		{"until Thursday", "Paused until Thu 3 Dec", time.Date(2026, 12, 3, 0, 0, 0, 0, time.FixedZone("CET", 3600))},
		{"soonish", "Paused: no plan", time.Time{}},
		{"until yesterday", "Paused: no plan", time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.arg, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			out := p.say("/stop " + c.arg)
			if got := firstLine(out); !strings.HasPrefix(got, c.first) {
				t.Fatalf("first line = %q, want prefix %q", got, c.first)
			}
			if c.until.IsZero() {
				mustContain(t, out, "couldn't read how long")
			}
			snap, _ := h.store.Load(context.Background(), "console", "p")
			if got := snap.Profile.Pause.Until; !got.Equal(c.until) {
				t.Fatalf("paused until %v, want %v", got, c.until)
			}
		})
	}
}

func TestPausedBlocksPlan(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/stop")
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	mustContain(t, p.say("/checkin"), "paused", "/resume")
	mustContain(t, p.say("/plan"), "paused")
}

func TestDatedPauseEnds(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/stop 3d")
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	h.clock.Advance(4 * 24 * time.Hour)
	// The next check-in after the pause has run out goes through resume:
	// after a flare the red flags are asked again.
	out := p.say("/checkin")
	mustContain(t, out, "pause has ended", "safety check", "sciatica in both legs?")
	p.press("None of these")
	out = p.press("None of these")
	mustContain(t, out, "Welcome back", "(rule STOP-FLARE)")
}

func TestResume(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	mustContain(t, p.say("/resume"), "not paused")

	// 12 comfortable minutes (more than planned), then a flare.
	p.say("/done 12")
	p.press("2")
	p.say("/stop")
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	h.clock.Advance(24 * time.Hour)

	out := p.say("/resume")
	mustContain(t, out, "safety check", "sciatica in both legs?")
	p.press("None of these")
	out = p.press("None of these")
	// STOP-FLARE on /resume: 80% of the tolerated dose, the planned
	// minutes of the last comfortable walk (v2: minutes walked beyond
	// the plan never raise it): 80% of 8 is 6.
	mustContain(t, out, "Welcome back", "Today's walk: 6 minutes", "(rule STOP-FLARE)")
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if snap.Profile.Pause.Active || snap.Profile.Dose.Minutes != 6 {
		t.Fatalf("after resume: pause %+v dose %+v", snap.Profile.Pause, snap.Profile.Dose)
	}
}

func TestResume_redFlagStillThere(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/stop")
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	p.say("/resume")
	out := p.send(chatPress(p, "Yes"))
	if len(out) != 1 || !out[0].Urgent {
		t.Fatalf("want the urgent message alone, got %s", joined(out))
	}
	mustContain(t, p.say("/checkin"), "urgent warning signs")
}

func TestGroupChat(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	g := h.person("p")
	g.addr.ChatID, g.addr.Group = "club", true
	out := g.say("/checkin")
	mustContain(t, out, "privately")
	mustNotContain(t, out, "pain", "minutes")
	out = g.say("/progress")
	mustNotContain(t, out, "leg", "min")
	// /stop still pauses, without health talk in the group.
	out = g.say("stop")
	mustContain(t, out, "Paused")
	mustNotContain(t, out, "pain", "fever", "numbness")
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if !snap.Profile.Pause.Active {
		t.Fatal("/stop in a group did not pause")
	}
}

// A /stop or a flare while paused for a red flag keeps the red-flag
// pause, so its warning is not lost.
func TestRedFlagPauseIsNotWeakened(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/stop")
	p.press("Because of pain")
	p.send(chatPress(p, "Yes")) // urgent
	// A /stop now keeps the red-flag pause and asks nothing.
	mustContain(t, p.say("/stop 3d"), "urgent warning signs")
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if snap.Profile.Pause.Rule != plan.RuleUrgent || !snap.Profile.Pause.Until.IsZero() {
		t.Fatalf("pause = %+v, want RF-URGENT until /resume", snap.Profile.Pause)
	}
	p.say("/cancel")
	p.say("/done 5")
	p.press("8")
	snap, _ = h.store.Load(context.Background(), "console", "p")
	if snap.Profile.Pause.Rule != plan.RuleUrgent {
		t.Fatalf("pause = %+v after a flare, want RF-URGENT kept", snap.Profile.Pause)
	}
	mustContain(t, p.say("/cancel")+p.say("/plan"), "urgent warning signs")
}

// Starting over after an urgent answer during /start: answering no to
// every sign the second time lifts the red-flag pause.
func TestOnboardingAgainAfterRedFlag(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.say("/start")
	p.press("I understand")
	p.send(chatPress(p, "Yes"))
	out := p.onboard()
	mustContain(t, out, "Today's walk:", "(rule START)", "Next reminder:")
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if snap.Profile.Pause.Active {
		t.Fatalf("still paused: %+v", snap.Profile.Pause)
	}
}

// Every spelling of /stop a person in pain might type pauses at once
// and says so first; none is "I don't know that command".
func TestRule_STOP_FLARE_everySpelling(t *testing.T) {
	forms := []string{
		"/stop!", "/stop.", "/stop 3d", "/stop3d", "/stop\t3d", "/ stop", "/ stop 3d",
		"/STOP", "/Stop!!", "/stop@TreadwellBot", "/stop@TreadwellBot 3d", "/stop?",
		"/parar", "/Parar", "/detener", "/stop\u00a03d", "\t/stop\t", "/stop,", "/stop  2w",
	}
	for _, form := range forms {
		t.Run(form, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			p.say("/checkin")
			out := p.say(form)
			if got := firstLine(out); !strings.HasPrefix(got, "Paused") {
				t.Fatalf("first line = %q, want it to say paused", got)
			}
			snap, err := h.store.Load(context.Background(), "console", "p")
			if err != nil {
				t.Fatal(err)
			}
			if !snap.Profile.Pause.Active || snap.Profile.Pause.Rule != plan.RuleStopFlare {
				t.Fatalf("not paused: %+v", snap.Profile.Pause)
			}
			if u := snap.Profile.Pause.Until; !u.IsZero() && !u.After(start) {
				t.Fatalf("paused until %v, in the past", u)
			}
		})
	}
}

// A duration that cannot be represented, is in the past, or cannot be
// read gives a pause until /resume with a short note, never no pause.
func TestRule_STOP_FLARE_unusableDuration(t *testing.T) {
	args := []string{
		"15251w", "9999999999d", "99999999999999999999h", "-3d", "0d", "367d", "53w", "3x",
		"until 1734-01-01", "until 2026-11-26", "until 99999-01-01", "d", "w3", "3.5d", "∞",
	}
	for _, arg := range args {
		t.Run(arg, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			out := p.say("/stop " + arg)
			if got := firstLine(out); !strings.HasPrefix(got, "Paused: no plan") {
				t.Fatalf("first line = %q, want an open-ended pause", got)
			}
			mustContain(t, out, "couldn't read how long")
			snap, _ := h.store.Load(context.Background(), "console", "p")
			if !snap.Profile.Pause.Active || !snap.Profile.Pause.Until.IsZero() {
				t.Fatalf("pause = %+v, want active until /resume", snap.Profile.Pause)
			}
		})
	}
}

// Durations people write in words, in both languages.
func TestRule_STOP_FLARE_durationWords(t *testing.T) {
	cases := []struct {
		arg  string
		want time.Duration
	}{
		{"3 days", 72 * time.Hour},
		{"1 day", 24 * time.Hour},
		{"2 weeks", 14 * 24 * time.Hour},
		{"12 hours", 12 * time.Hour},
		{"3 días", 72 * time.Hour},
		{"2 semanas", 14 * 24 * time.Hour},
		{"12 horas", 12 * time.Hour},
		{"366d", 366 * 24 * time.Hour},
		{"52w", 52 * 7 * 24 * time.Hour},
	}
	for _, c := range cases {
		t.Run(c.arg, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			out := p.say("/stop " + c.arg)
			if got := firstLine(out); !strings.HasPrefix(got, "Paused until") {
				t.Fatalf("first line = %q, want a dated pause", got)
			}
			snap, _ := h.store.Load(context.Background(), "console", "p")
			if got := snap.Profile.Pause.Until; !got.Equal(start.Add(c.want)) {
				t.Fatalf("paused until %v, want %v", got, start.Add(c.want))
			}
		})
	}
}

// /stop until a day in the person's language: "hasta el lunes".
func TestRule_STOP_FLARE_untilAWeekdayInSpanish(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.spanish()
	out := p.say("/stop hasta el lunes")
	if got := firstLine(out); !strings.HasPrefix(got, "En pausa hasta el lun 30 nov") {
		t.Fatalf("first line = %q, want a pause until Monday", got)
	}
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if pz := snap.Profile.Pause; !pz.Until.Equal(berlinAt(t, "2026-11-30 00:00")) || pz.Rule != plan.RuleStopFlare {
		t.Fatalf("pause = %+v, want STOP-FLARE until Monday", pz)
	}
}
