package dialog_test

import (
	"context"
	"strings"
	"testing"

	"treadwell/internal/chat"
)

func TestBadInput_midQuestion(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"too high", "11", "outside the scale"},
		{"negative", "-3", "outside the scale"},
		{"decimal", "7.5", "whole number from 0"},
		{"free text", "my leg hurts a bit", "whole number from 0"},
		{"emoji", "😣", "whole number from 0"},
		{"5000 characters", strings.Repeat("a", 5000), "long message"},
		{"unknown command", "/dance", "don't know that command"},
		{"empty-ish", "   ", "whole number from 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			p.say("/checkin")
			out := p.say(c.text)
			mustContain(t, out, c.want, "How is your leg pain right now?")
			// Nothing was lost: the answer still goes to the same question.
			out = p.press("3")
			mustContain(t, out, "back pain right now")
		})
	}
}

func TestGoodInput_scores(t *testing.T) {
	for _, text := range []string{"7", "7/10", "seven", " 7 ", "Seven", "7 / 10"} {
		t.Run(text, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			p.say("/checkin")
			mustContain(t, p.say(text), "back pain right now")
		})
	}
}

func TestStaleButtons(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/checkin")
	three := p.button("3")
	out := p.say("5") // leg answered by typing
	mustContain(t, out, "back pain")

	// The leg question's button pressed after it was answered.
	out = joined(p.send(chat.Incoming{Data: three}))
	mustContain(t, out, "earlier question", "back pain right now")

	// The same button twice: the second press is stale.
	back := p.button("2")
	p.send(chat.Incoming{Data: back})
	out = joined(p.send(chat.Incoming{Data: back}))
	mustContain(t, out, "earlier question")

	// Garbage data.
	out = joined(p.send(chat.Incoming{Data: "nonsense"}))
	mustContain(t, out, "earlier question")

	// A stale button when no question is open.
	p.say("/cancel")
	out = joined(p.send(chat.Incoming{Data: three}))
	mustContain(t, out, "earlier question", "/checkin")
}

func TestIdleText(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	mustContain(t, p.say("hello"), "/checkin", "/help")
	mustContain(t, p.say(strings.Repeat("x", 5000)), "long message")
	mustContain(t, p.say("/nope"), "don't know that command")
	// None of that creates a profile.
	snap, err := h.store.Load(context.Background(), "console", "p")
	if err != nil {
		t.Fatal(err)
	}
	if snap.Exists {
		t.Fatal("idle chatter created a profile")
	}
}

func TestInfoCommandsKeepTheQuestion(t *testing.T) {
	for _, cmd := range []string{"/help", "/privacy", "/progress", "/plan"} {
		t.Run(cmd, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			p.say("/checkin")
			p.press("3")
			out := p.say(cmd)
			mustContain(t, out, "back pain right now")
			mustContain(t, p.press("2"), "highest pain during your last walk")
		})
	}
}

func TestHelpAndPrivacy(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	out := p.say("/help")
	for _, cmd := range []string{"/checkin", "/done", "/plan", "/progress", "/stop", "/resume", "/settings", "/privacy", "/export", "/delete"} {
		mustContain(t, out, cmd)
	}
	mustContain(t, p.say("/privacy"), "What I store", "Where", "How long", "/delete")
}
