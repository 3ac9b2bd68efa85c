package dialog_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"treadwell/internal/due"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

func pauseOf(t *testing.T, h *harness) profile.Pause {
	t.Helper()
	snap, err := h.store.Load(context.Background(), "console", "p")
	if err != nil {
		t.Fatal(err)
	}
	return snap.Profile.Pause
}

// Rules v2, "Why /stop": /stop pauses at once and says so first, then
// asks whether it is because of pain. "Something else" pauses without
// flare advice, red flags or follow-ups.
func TestRule_STOP_FLARE_somethingElse(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	out := p.say("/stop")
	if got := firstLine(out); got != "Paused: no plan and no reminders until you /resume." {
		t.Fatalf("first line = %q", got)
	}
	out = p.press("Something else")
	mustContain(t, out, "Enjoy the break")
	mustNotContain(t, out, "bed rest", "sciatica in both legs?", "clinician")
	if pz := pauseOf(t, h); !pz.Active || pz.Flare || pz.Why != profile.WhyOther {
		t.Fatalf("pause = %+v, want a break that is not a flare", pz)
	}
	if got := queued(t, h, "p", due.FollowUp); !got.IsZero() {
		t.Fatalf("a break queued a follow-up at %v", got)
	}
	// /resume after 3 local days: no red flags, no reduction.
	h.clock.Advance(3 * day)
	out = p.say("/resume")
	mustNotContain(t, out, "sciatica in both legs?")
	mustContain(t, out, "Welcome back", "Today's walk: 8 minutes", "(rule HOLD)")
	// Over, the pause is logged as the break it was, not as a flare.
	snap, err := h.store.Load(context.Background(), "console", "p")
	if err != nil {
		t.Fatal(err)
	}
	log, err := h.store.History(context.Background(), snap.ProfileID)
	if err != nil {
		t.Fatal(err)
	}
	pauses := 0
	for _, e := range log {
		if e.Kind == profile.KindPause {
			pauses++
			if e.Pause.Flare || e.Pause.Why != profile.WhyOther {
				t.Fatalf("the log keeps the pause as %+v, want a break", e.Pause)
			}
		}
	}
	if pauses != 1 {
		t.Fatalf("%d pause entries, want 1", pauses)
	}
}

// After a break of more than 7 local days, /resume asks the red flags
// anyway, and 7 days without a walk restart once (LAPSE).
func TestRule_LAPSE_resumeAfterLongBreak(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/stop")
	p.press("Something else")
	h.clock.Advance(9 * day)
	mustContain(t, p.say("/resume"), "safety check", "sciatica in both legs?")
	p.press("None of these")
	out := p.press("None of these")
	// LAPSE: 80% of 8 is 6 (rounded down), at least 5.
	mustContain(t, out, "Welcome back", "Today's walk: 6 minutes", "(rule LAPSE)")
	mustNotContain(t, out, "(rule STOP-FLARE)")
}

// No answer to "because of pain?" counts as pain: a command instead of
// an answer brings the flare advice and the red-flag check with its
// reply; any message after an hour does too.
func TestRule_STOP_FLARE_unansweredCountsAsPain(t *testing.T) {
	t.Run("a command", func(t *testing.T) {
		h := newHarness(t)
		p := h.person("p")
		p.onboard()
		p.say("/stop")
		out := p.say("/help")
		mustContain(t, out, "bed rest does not help", "sciatica in both legs?", "/checkin:")
		if n := strings.Count(out, "sciatica in both legs?"); n != 1 {
			t.Fatalf("the red-flag question shown %d times:\n%s", n, out)
		}
		if pz := pauseOf(t, h); !pz.Flare || pz.Why != profile.WhyPain {
			t.Fatalf("pause = %+v, want a flare", pz)
		}
	})
	t.Run("free text", func(t *testing.T) {
		h := newHarness(t)
		p := h.person("p")
		p.onboard()
		p.say("/stop")
		mustContain(t, p.say("it hurts so much"), "bed rest does not help", "sciatica in both legs?")
	})
	t.Run("after an hour", func(t *testing.T) {
		h := newHarness(t)
		p := h.person("p")
		p.onboard()
		p.say("/stop")
		h.clock.Advance(61 * time.Minute)
		mustContain(t, p.say("Something else"), "bed rest does not help", "sciatica in both legs?")
	})
	t.Run("a second /stop asks again", func(t *testing.T) {
		h := newHarness(t)
		p := h.person("p")
		p.onboard()
		p.say("/stop")
		out := p.say("/stop")
		mustContain(t, out, "Paused", "because of pain?")
		mustNotContain(t, out, "bed rest")
	})
}

// The reminder's "I'm flaring" counts as pain without asking.
func TestRule_STOP_FLARE_flaringButton(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	r := reminderNow(t, h, due.Daily)
	p.last = r.Send
	out := p.press("I'm flaring")
	if got := firstLine(out); got != "Paused: no plan and no reminders until you /resume." {
		t.Fatalf("first line = %q", got)
	}
	mustContain(t, out, "bed rest does not help", "sciatica in both legs?")
	mustNotContain(t, out, "because of pain?")
	if pz := pauseOf(t, h); !pz.Active || pz.Rule != plan.RuleStopFlare || !pz.Flare {
		t.Fatalf("pause = %+v", pz)
	}
}

// reminderNow composes the person's queued reminder of a kind, at its
// instant.
func reminderNow(t *testing.T, h *harness, kind due.Kind) due.Reminder {
	t.Helper()
	at := queued(t, h, "p", kind)
	if at.IsZero() {
		t.Fatalf("no %s reminder queued", kind)
	}
	snap, err := h.store.Load(context.Background(), "console", "p")
	if err != nil {
		t.Fatal(err)
	}
	return h.engine.Reminder(snap, kind, at, at, 2*time.Hour)
}

// A dated pause that has run out resumes at the next "Start check-in",
// and the check-in asked for follows: after a break straight away, after
// a flare once the safety check the rules ask for is answered.
func TestCheckInAfterADatedPauseEnds(t *testing.T) {
	for _, tt := range []struct {
		why         string
		safetyCheck bool
	}{
		{"Something else", false},
		{"Because of pain", true},
	} {
		t.Run(tt.why, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			p.say("/stop 2d")
			p.press(tt.why)
			if tt.safetyCheck {
				p.press("None of these")
				p.press("None of these")
			}
			h.clock.Advance(3 * day)
			out := p.say("/checkin")
			mustContain(t, out, "Your pause has ended")
			if tt.safetyCheck {
				mustContain(t, out, "sciatica in both legs?")
				p.press("None of these")
				out = p.press("None of these")
			}
			mustContain(t, out, "Welcome back", "How is your leg pain right now?")
			p.press("3")
			p.press("2")
			if slices.Contains(p.labels(), "No walk yet") {
				p.press("No walk yet")
			}
			mustContain(t, p.afterSpread(p.press("No")), "Today's walk:")
			if pz := pauseOf(t, h); pz.Active {
				t.Fatalf("still paused: %+v", pz)
			}
		})
	}
}
