package dialog_test

import (
	"context"
	"testing"

	"treadwell/internal/chat"
)

func TestCommands(t *testing.T) {
	h := newHarness(t)
	cmds := h.engine.Commands("en-GB")
	if len(cmds) < 10 {
		t.Fatalf("only %d commands", len(cmds))
	}
	seen := map[string]bool{}
	for _, c := range cmds {
		if c.Description == "" || contains(c.Description, "[[missing") || len(c.Description) > 100 {
			t.Errorf("/%s has description %q", c.Name, c.Description)
		}
		seen[c.Name] = true
	}
	for _, want := range []string{"start", "checkin", "done", "stop", "resume", "plan", "progress", "settings", "help", "privacy", "export", "delete"} {
		if !seen[want] {
			t.Errorf("command menu lacks /%s", want)
		}
		// Every menu command is one the engine knows.
		p := h.person("menu")
		mustNotContain(t, p.say("/"+want), "don't know that command")
	}
}

func TestSetReachable(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	ctx := context.Background()
	// Unknown person: nothing stored.
	if err := h.engine.SetReachable(ctx, p.addr, false); err != nil {
		t.Fatal(err)
	}
	if snap, _ := h.store.Load(ctx, "console", "p"); snap.Exists {
		t.Fatal("SetReachable created a profile")
	}
	p.onboard()
	for _, reachable := range []bool{false, false, true} {
		if err := h.engine.SetReachable(ctx, p.addr, reachable); err != nil {
			t.Fatal(err)
		}
		snap, _ := h.store.Load(ctx, "console", "p")
		if len(snap.Profile.Channels) != 1 || snap.Profile.Channels[0].Unreachable == reachable {
			t.Fatalf("after SetReachable(%v): channels %+v", reachable, snap.Profile.Channels)
		}
	}
	// The conversation survives the update.
	p.say("/checkin")
	if err := h.engine.SetReachable(ctx, p.addr, false); err != nil {
		t.Fatal(err)
	}
	mustContain(t, p.press("3"), "back pain")
	// A message from the person makes the channel reachable again.
	snap, _ := h.store.Load(ctx, "console", "p")
	if snap.Profile.Channels[0].Unreachable {
		t.Fatal("a message from the person did not mark the chat reachable")
	}
}

func TestCommandOptions(t *testing.T) {
	h := newHarness(t)
	for _, c := range h.engine.Commands("en") {
		for _, o := range c.Options {
			if o.Description == "" || contains(o.Description, "[[missing") || len(o.Description) > 100 {
				t.Errorf("/%s %s: description %q", c.Name, o.Name, o.Description)
			}
		}
		if c.Name == "done" && (len(c.Options) != 1 || !c.Options[0].Integer || c.Options[0].Min != 1) {
			t.Errorf("/done options = %+v", c.Options)
		}
	}
}

// A person whose Discord DMs were closed hears how to open them the next
// time they write, once.
func TestUnreachableNote(t *testing.T) {
	h := newHarness(t)
	p := h.person("d")
	p.addr.Platform = "discord"
	p.onboard()
	if err := h.engine.SetReachable(context.Background(), p.addr, false); err != nil {
		t.Fatal(err)
	}
	mustContain(t, p.say("/plan"), "couldn't send you a direct message", "Today's walk")
	mustNotContain(t, p.say("/plan"), "couldn't send you a direct message")
}

// A Discord interaction in a server comes without the DM channel when
// the adapter has not opened it (it answers Discord first): the replies
// go to the DM channel the profile keeps, so no call to open it comes in
// front of the answer, even after a restart.
func TestServerInteractionUsesTheKeptDMChannel(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard() // console chat "p" is the kept channel
	in := chat.Incoming{Text: "/plan", From: p.addr, At: h.clock.Now()}
	in.From.ChatID = ""
	out, err := h.engine.Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 || out[0].To.ChatID != p.addr.ChatID {
		t.Fatalf("replies to %+v, want the kept channel %q", out, p.addr.ChatID)
	}
}
