package discord_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/chat"
)

// The one test through the real engine: a short conversation in DMs
// (onboarding with slash commands, buttons and a typed answer, a
// check-in, the chart, a plain-text stop with its safety questions, and
// closed DMs) with the real discordgo client, to show that the adapter
// and the engine fit together: the engine's command menu becomes the
// slash commands, it sends Discord a chart, and the address the adapter
// reports closed DMs with marks the person's channel. Everything else in
// this package checks the adapter's translation against a stub handler;
// the engine's own behaviour is tested in internal/dialog.
func TestConversation(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person("700000000000000001")
	p.onboard()

	p.slash("checkin", nil, "leg pain right now")
	p.press("3", "back pain")
	p.press("2", "highest pain during your last walk")
	p.press("No walk yet", "spread further")
	p.press("No", "(rule HOLD)")

	if first := p.slash("progress", nil, "No walks logged this week yet."); first.Files != 1 {
		t.Fatalf("progress reply has %d files, want the chart", first.Files)
	}

	// Plain "stop" in a DM works too.
	msg := p.dm("stop", "Paused")
	if !strings.HasPrefix(msg.Content, "Paused") {
		t.Fatalf("stop reply = %q", msg.Content)
	}
	p.waitFor("because of pain?")
	p.press("Because of pain", "sciatica in both legs?")
	p.press("None of these", "fever")
	p.press("None of these", "/resume")

	for _, in := range e.engine.Incoming() {
		if in.From.Platform != chat.Discord || in.From.UserID != p.user.ID || in.From.ChatID != p.dmChannel() || in.From.Group {
			t.Fatalf("incoming = %+v", in)
		}
	}
	// The locale reached the engine.
	if in := e.engine.Incoming()[0]; in.Lang != "en-GB" || in.Text != "/start" {
		t.Fatalf("first incoming = %+v", in)
	}

	// Closed DMs: a reminder (addressed to the person, no channel) is
	// refused, the engine marks the channel unreachable, and the next
	// slash command says how to fix it.
	ctx := context.Background()
	e.srv.CloseDMs(p.user.ID)
	err := e.adapter.Send(ctx, chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "Time for your check-in"})
	if !errors.Is(err, discord.ErrUnreachable) {
		t.Fatalf("Send with DMs closed: %v", err)
	}
	snap, _ := e.store.Load(ctx, chat.Discord, p.user.ID)
	if len(snap.Profile.Channels) != 1 || !snap.Profile.Channels[0].Unreachable {
		t.Fatalf("channels %+v, want the DM channel marked unreachable", snap.Profile.Channels)
	}
	p.slash("plan", nil, "couldn't send you a direct message")

	// The engine's command menu became the slash commands, with its
	// options.
	names := map[string]discordgo.ApplicationCommand{}
	for _, c := range e.srv.Commands("") {
		names[c.Name] = c
	}
	for _, want := range []string{"start", "checkin", "done", "stop", "resume", "plan", "progress", "settings", "help", "privacy", "export", "delete"} {
		if _, ok := names[want]; !ok {
			t.Errorf("/%s not registered", want)
		}
	}
	if o := names["done"].Options; len(o) != 1 || o[0].Type != discordgo.ApplicationCommandOptionInteger {
		t.Fatalf("/done options = %+v", o)
	}
	if n := len(e.engine.Commands("en")); n != len(names) {
		t.Fatalf("%d commands registered, the engine has %d", len(names), n)
	}
	// Names and descriptions in every language of the catalog: Spanish
	// for both of Discord's Spanish locales, options included.
	for _, c := range names {
		for _, l := range []discordgo.Locale{discordgo.SpanishES, discordgo.SpanishLATAM} {
			if c.DescriptionLocalizations == nil || (*c.DescriptionLocalizations)[l] == "" {
				t.Errorf("/%s has no %s description", c.Name, l)
			}
		}
		for _, o := range c.Options {
			if o.DescriptionLocalizations[discordgo.SpanishES] == "" {
				t.Errorf("/%s option %s has no es-ES description", c.Name, o.Name)
			}
		}
	}
	if n := names["stop"].NameLocalizations; n == nil || (*n)[discordgo.SpanishLATAM] != "parar" {
		t.Errorf("/stop name localizations = %v, want parar", n)
	}
	if d := (*names["checkin"].DescriptionLocalizations)[discordgo.SpanishES]; d != e.engine.Commands("es")[0].Description {
		t.Errorf("/checkin es-ES description %q", d)
	}
}

// onboard runs /start with buttons, typing the time zone in a DM.
func (p *person) onboard() {
	p.e.t.Helper()
	p.slash("start", nil, "not medical advice")
	p.press("I understand", "sciatica in both legs?")
	p.press("None of these", "doctor today")
	p.press("None of these", "leg pain")
	p.press("4", "back pain")
	p.press("3", "how many minutes")
	p.press("10", "Where will you walk?")
	p.press("Treadmill", "What time")
	p.press("07:30", "time zone")
	p.dm("Berlin", "which days")
	p.press("Every day", "Next reminder")
}
