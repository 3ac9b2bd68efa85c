package dialog_test

import (
	"context"
	"strings"
	"testing"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func lastWalk(t *testing.T, h *harness) plan.Walk {
	t.Helper()
	log, err := h.store.History(context.Background(), "console:p")
	if err != nil {
		t.Fatal(err)
	}
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].Kind == profile.KindWalk {
			return *log[i].Walk
		}
	}
	t.Fatal("no walk logged")
	return plan.Walk{}
}

func TestWalk(t *testing.T) {
	cases := []struct {
		name  string
		steps func(p *person) string
		want  []string
		walk  plan.Walk
	}{
		{"done with minutes", func(p *person) string { p.say("/done 12"); return p.press("3") },
			[]string{"Logged: 12 minutes, highest pain 3"}, plan.Walk{Minutes: 12, Planned: 8, Peak: 3}},
		{"done button", func(p *person) string { p.say("/done"); p.press("Done"); return p.press("1") },
			[]string{"Logged: 8 minutes, highest pain 1"}, plan.Walk{Minutes: 8, Planned: 8, Peak: 1}},
		{"cut short", func(p *person) string { p.say("/done"); p.press("Cut short"); p.say("5 min"); return p.press("4") },
			[]string{"Logged: 5 minutes, highest pain 4"}, plan.Walk{Minutes: 5, Planned: 8, Peak: 4, CutShort: true}},
		{"fewer minutes than planned is cut short", func(p *person) string { p.say("/done 6"); return p.press("2") },
			[]string{"Logged: 6 minutes"}, plan.Walk{Minutes: 6, Planned: 8, Peak: 2, CutShort: true}},
		{"skipped", func(p *person) string { p.say("/done"); return p.press("Skipped") },
			[]string{"rest days happen"}, plan.Walk{Planned: 8, Peak: plan.NoPain, Skipped: true}},
		{"bad minutes", func(p *person) string {
			out := p.say("/done lots")
			mustContain(p.h.t, out, "minutes as a number", "How did today's walk go?")
			p.press("Done")
			return p.say("2/10")
		}, []string{"Logged: 8 minutes, highest pain 2"}, plan.Walk{Minutes: 8, Planned: 8, Peak: 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			out := c.steps(p)
			mustContain(t, out, c.want...)
			mustNotContain(t, out, "lazy", "failed", "should have")
			got := lastWalk(t, h)
			got.At = c.walk.At
			if got != c.walk {
				t.Fatalf("walk logged = %+v, want %+v", got, c.walk)
			}
		})
	}
}

// Pain above 5 during a walk is STOP-FLARE: paused, acknowledged first,
// then the flare advice and the red-flag check.
func TestRule_STOP_FLARE_walkPainAbove5(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/done 8")
	out := p.press("6")
	if !strings.HasPrefix(out, "Paused") {
		t.Fatalf("first line should say paused:\n%s", out)
	}
	mustContain(t, out, "bed rest does not help", "sciatica in both legs?")
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if !snap.Profile.Pause.Active || snap.Profile.Pause.Rule != plan.RuleStopFlare || !snap.Profile.Pause.Flare {
		t.Fatalf("pause = %+v", snap.Profile.Pause)
	}

	// Pain of exactly 5 is not a flare.
	h2 := newHarness(t)
	q := h2.person("p")
	q.onboard()
	q.say("/done 8")
	mustContain(t, q.press("5"), "Logged")
}
