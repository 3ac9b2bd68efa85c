package dialog_test

import (
	"context"
	"testing"
)

func TestSettings(t *testing.T) {
	cases := []struct {
		button, answer, want string
		check                func(t *testing.T, h *harness)
	}{
		{"Reminder time", "6:15pm", "Next reminder: Thu 26 Nov at 18:15 (Europe/Berlin).", nil},
		// 08:00 in Berlin is 02:00 in New York: today's 07:30 is still to come.
		{"Time zone", "New York", "Next reminder: Thu 26 Nov at 07:30 (America/New_York).", nil},
		{"Days", "Weekdays", "Next reminder: Fri 27 Nov at 07:30", nil},
		{"Days", "sat,sun", "Next reminder: Sat 28 Nov at 07:30", nil},
		{"Treadmill or outdoors", "Outdoors", "Saved.", func(t *testing.T, h *harness) {
			snap, _ := h.store.Load(context.Background(), "console", "p")
			if snap.Profile.Settings.Place != "outdoors" {
				t.Fatalf("place = %q", snap.Profile.Settings.Place)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.button+"="+c.answer, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			out := p.say("/settings")
			mustContain(t, out, "Reminder: 07:30 (Europe/Berlin), every day", "Walking: on a treadmill")
			p.press(c.button)
			var got string
			if containsAll(c.answer, ",") || c.button == "Reminder time" || c.button == "Time zone" {
				got = p.say(c.answer)
			} else {
				got = p.press(c.answer)
			}
			mustContain(t, got, "Saved.", c.want)
			if c.check != nil {
				c.check(t, h)
			}
		})
	}
}

func TestSettings_badAnswersKeepTheQuestion(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/settings")
	p.press("Reminder time")
	mustContain(t, p.say("25:00"), "couldn't read that time", "What time")
	mustContain(t, p.say("08:00"), "Saved.")
	p.say("/settings")
	p.press("Time zone")
	mustContain(t, p.say("Narnia"), "couldn't find that place or time zone", "Which time zone")
	mustContain(t, p.say("Asia/Kolkata"), "(Asia/Kolkata)")
	p.say("/settings")
	p.press("Days")
	mustContain(t, p.say("someday"), "couldn't read those days")
}

func TestSettings_needsStart(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	mustContain(t, p.say("/settings"), "/start")
	mustContain(t, p.say("/checkin"), "/start")
	mustContain(t, p.say("/plan"), "/start")
	mustContain(t, p.say("/progress"), "/start")
	mustContain(t, p.say("/done 5"), "/start")
}
