package dialog_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// claimedFor is what the reminder queue hands a dispatcher at now for
// console user id: the kinds due by then, claimed for real.
func claimedFor(t *testing.T, h *harness, id string, now time.Time) []due.Kind {
	t.Helper()
	claims, err := h.store.Claim(context.Background(), now, "test", time.Minute, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []due.Kind
	for _, c := range claims {
		if c.ProfileID == "console:"+id {
			kinds = append(kinds, c.Kind)
		}
	}
	return kinds
}

// lastEntry is the newest entry of the person's log.
func lastEntry(t *testing.T, h *harness, id string) profile.Entry {
	t.Helper()
	snap, err := h.store.Load(context.Background(), "console", id)
	if err != nil {
		t.Fatal(err)
	}
	es, err := snap.Entries()
	if err != nil || len(es) == 0 {
		t.Fatalf("log: %v, %d entries", err, len(es))
	}
	return es[len(es)-1]
}

// A break from /settings until a weekday, in English and Spanish: no
// daily reminder while it lasts, the reminder comes back that day, the
// log holds a pause that is no flare, and the return follows the rules
// for a break (the same dose, no red flags after a short one).
func TestSettingsBreakUntilAWeekday(t *testing.T) {
	tests := []struct {
		lang, breakButton, until, paused, resumeButton, ended, welcome, safety string
	}{
		{"en", "Pause for a break", "until Monday", "Paused until Mon 30 Nov", "Resume now",
			"pause has ended", "Carrying on at 8 minutes", "safety check"},
		{"es", "Pausa por descanso", "hasta el lunes", "En pausa hasta el lun 30 nov", "Reanudar ya",
			"Tu pausa ha terminado", "Seguimos en 8 minutos", "control rápido de seguridad"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard() // 07:30 Berlin daily, 8 minutes; now Thu 26 Nov 08:00 Berlin
			if tt.lang == "es" {
				p.spanish()
			}
			ctx := context.Background()
			snap, _ := h.store.Load(ctx, "console", "p")
			before := snap.Profile.Dose

			p.say("/settings")
			p.press(tt.breakButton)
			mustContain(t, p.say(tt.until), tt.paused)
			monday := berlinAt(t, "2026-11-30 00:00")
			snap, _ = h.store.Load(ctx, "console", "p")
			if pz := snap.Profile.Pause; !pz.Active || !pz.Until.Equal(monday) || pz.Flare || pz.Rule != "" || pz.Why != profile.WhyBreak {
				t.Fatalf("pause = %+v, want a break until %v", pz, monday)
			}
			if e := lastEntry(t, h, "p"); e.Kind != profile.KindPause || e.Pause == nil || e.Pause.Flare ||
				e.Pause.Rule == plan.RuleStopFlare || e.Pause.Why != profile.WhyBreak || !e.Pause.Until.Equal(monday) {
				t.Fatalf("logged %+v (pause %+v), want a break that is no flare", e, e.Pause)
			}

			// While it lasts: nothing is queued before Monday's reminder,
			// no follow-up, and a reminder due then is not sent.
			if got, want := queued(t, h, "p", due.Daily), berlinAt(t, "2026-11-30 07:30"); !got.Equal(want) {
				t.Fatalf("daily reminder queued for %v, want %v", got, want)
			}
			if got := queued(t, h, "p", due.FollowUp); !got.IsZero() {
				t.Fatalf("follow-up queued for %v during a break", got)
			}
			if kinds := claimedFor(t, h, "p", berlinAt(t, "2026-11-29 23:59")); len(kinds) != 0 {
				t.Fatalf("claimed %v during the break", kinds)
			}
			for _, day := range []string{"2026-11-27 07:30", "2026-11-28 07:30", "2026-11-29 07:30"} {
				at := berlinAt(t, day)
				if r := h.engine.Reminder(snap, due.Daily, at, at, 2*time.Hour); len(r.Send) != 0 {
					t.Fatalf("reminder sent on %s during the break", day)
				}
			}
			out := p.say("/settings")
			mustContain(t, out, tt.paused)
			if labels := p.labels(); !slices.Contains(labels, tt.resumeButton) || slices.Contains(labels, tt.breakButton) {
				t.Fatalf("settings buttons while paused: %v", labels)
			}

			// Monday: the reminder goes out, and the next message resumes
			// as after a break.
			h.clock.Advance(berlinAt(t, "2026-11-30 07:30").Sub(start))
			if kinds := claimedFor(t, h, "p", h.clock.Now()); len(kinds) != 1 || kinds[0] != due.Daily {
				t.Fatalf("claimed %v on Monday, want the daily reminder", kinds)
			}
			snap, _ = h.store.Load(ctx, "console", "p")
			if r := h.engine.Reminder(snap, due.Daily, h.clock.Now(), h.clock.Now(), 2*time.Hour); len(r.Send) != 1 {
				t.Fatalf("no reminder on Monday: %+v", r)
			}
			out = p.say("/checkin")
			mustContain(t, out, tt.ended, tt.welcome, "HOLD")
			mustNotContain(t, out, tt.safety, "STOP-FLARE")
			snap, _ = h.store.Load(ctx, "console", "p")
			if snap.Profile.Pause.Active || snap.Profile.Dose != before {
				t.Fatalf("after the break: pause %+v, dose %+v, want none and %+v", snap.Profile.Pause, snap.Profile.Dose, before)
			}
			if e := lastEntry(t, h, "p"); e.Kind != profile.KindResume {
				t.Fatalf("last entry %v, want the resume", e.Kind)
			}
		})
	}
}

// A break of more than 7 local days without a walk comes back as the
// rules say for a gap: the red flags first (a pause of more than 7
// days), then one LAPSE restart, never the flare's STOP-FLARE.
func TestSettingsLongBreakIsALapse(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/done 8")
	p.press("2")
	p.say("/settings")
	p.press("Pause for a break")
	mustContain(t, p.press("Thu 10 Dec"), "Paused until Thu 10 Dec")
	h.clock.Advance(14*24*time.Hour + time.Hour)
	out := p.say("/plan")
	mustContain(t, out, "pause has ended", "safety check", "sciatica in both legs?")
	p.press("None of these")
	out = p.press("None of these")
	mustContain(t, out, "LAPSE", "since your last walk")
	mustNotContain(t, out, "STOP-FLARE")
}

// "Resume now" in /settings ends a break at once; /stop during a break
// is still the flare path, and a break is not offered while paused.
func TestSettingsBreakResumeAndStop(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/settings")
	p.press("Pause for a break")
	mustContain(t, p.press("Tomorrow"), "Paused until Fri 27 Nov")
	p.say("/settings")
	mustContain(t, p.press("Resume now"), "Welcome back", "Carrying on at 8 minutes")
	if got, want := queued(t, h, "p", due.Daily), berlinAt(t, "2026-11-27 07:30"); !got.Equal(want) {
		t.Fatalf("after resuming: reminder queued for %v, want %v", got, want)
	}

	p.say("/settings")
	p.press("Pause for a break")
	p.say("friday")
	mustContain(t, p.say("/stop"), "Paused", "because of pain")
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if pz := snap.Profile.Pause; pz.Rule != plan.RuleStopFlare || !pz.Flare || !pz.Until.IsZero() {
		t.Fatalf("pause after /stop = %+v, want the flare path until /resume", pz)
	}
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	mustContain(t, p.say("/settings"), "Paused until you resume")
	if labels := p.labels(); slices.Contains(labels, "Pause for a break") {
		t.Fatalf("a break offered while paused: %v", labels)
	}
	mustContain(t, p.say("/settings"), "Paused")
	p.press("Resume now")
	mustContain(t, joined(p.last), "safety check") // after a flare
}

// A day that cannot be read, or is past, keeps the question.
func TestSettingsBreakBadDay(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.spanish()
	p.say("/settings")
	p.press("Pausa por descanso")
	mustContain(t, p.say("algún día"), "No he entendido ese día", "¿Te vas")
	mustContain(t, p.say("2026-11-26"), "No he entendido ese día")
	mustContain(t, p.say("mañana"), "En pausa hasta el vie 27 nov")
}

// /export words a break as one, not as a rule of the table.
func TestSettingsBreakInTheExport(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/settings")
	p.press("Pause for a break")
	p.press("Tomorrow")
	out := p.send(chat.Incoming{Text: "/export"})
	if len(out) == 0 || len(out[0].File.Data) == 0 {
		t.Fatalf("no export: %+v", out)
	}
	doc := string(out[0].File.Data)
	mustContain(t, doc, `"pause_rule": "break"`)
	mustNotContain(t, doc, `"pause_rule": "STOP-FLARE"`)
}
