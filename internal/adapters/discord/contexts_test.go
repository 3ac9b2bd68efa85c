package discord_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
)

// Global slash commands are registered for servers and the bot's DM
// (contexts 0 and 1) and for server installs only (integration type 0),
// not with the deprecated dm_permission; commands for one server
// (DISCORD_GUILD_ID) carry neither, as Discord ignores them there.
func TestCommandContexts(t *testing.T) {
	e := start(t, nil)
	if body := string(e.srv.CommandsBody("")); strings.Contains(body, "dm_permission") {
		t.Errorf("registration uses dm_permission: %.300s", body)
	}
	for _, c := range e.srv.Commands("") {
		if c.Contexts == nil || !slices.Equal(*c.Contexts, []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}) {
			t.Errorf("/%s contexts = %v, want [0 1]", c.Name, c.Contexts)
		}
		if c.IntegrationTypes == nil || !slices.Equal(*c.IntegrationTypes, []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}) {
			t.Errorf("/%s integration_types = %v, want [0]", c.Name, c.IntegrationTypes)
		}
	}
	// Usable in the bot's DM and in a server.
	p := e.person("700000000000000030")
	p.slash("help", nil, "What I can do")
	p.where = discordtest.Guild("800000000000000001", "810000000000000001")
	p.slash("help", nil, "What I can do")

	g := start(t, func(c *discord.Config) { c.GuildID = "800000000000000009" })
	if body := string(g.srv.CommandsBody("800000000000000009")); strings.Contains(body, "contexts") || strings.Contains(body, "dm_permission") {
		t.Errorf("guild registration: %.300s", body)
	}
}

// A command run in a private channel (context 2: a group DM, or a DM with
// someone else, when the person installed the app) is a group: no health
// talk, only an ephemeral pointer to a private chat with the bot; no DM
// channel is opened for it and it is never taken for the person's DM
// with the bot. It happens when commands registered by an older release,
// without contexts, are still in place (here: the new registration
// fails).
func TestPrivateChannelIsAGroup(t *testing.T) {
	srv := discordtest.NewServer(t, discordtest.Options{UserInstall: true})
	old, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	old.Client = srv.Client()
	if _, err := old.ApplicationCommandBulkOverwrite(srv.AppID(), "", []*discordgo.ApplicationCommand{{Name: "start", Description: "Start"}}); err != nil {
		t.Fatal(err)
	}
	const route = "/applications/{app}/commands"
	srv.FailNext("PUT", route, 5, http.StatusInternalServerError, 0, "", 0)
	e := launch(t, srv, nil)
	srv.Ready(t)
	srv.WaitFor(t, "the registration to fail", func() bool { return srv.Calls("PUT", route) == 5 })

	p := e.person("700000000000000031")
	p.where = discordtest.PrivateChannel("820000000000000001")
	msg := p.slash("start", nil, "out of group chats")
	if !msg.Ephemeral {
		t.Errorf("reply in a private channel is not ephemeral: %+v", msg)
	}
	for _, m := range e.srv.Responses(p.interactions[0]) {
		if strings.Contains(m.Content, "medical advice") {
			t.Errorf("health talk in a private channel: %q", m.Content)
		}
	}
	in := e.engine.Incoming()
	if len(in) != 1 || !in[0].From.Group || in[0].From.ChatID != "820000000000000001" {
		t.Fatalf("incoming = %+v, want a group in the private channel", in)
	}
	if n := srv.Calls("POST", "/users/@me/channels"); n != 0 {
		t.Errorf("%d DM channels opened for a private-channel command", n)
	}
	// Its channel was not taken for the person's DM: a reminder goes to
	// their real DM channel.
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "Time for your check-in"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if dms := srv.Messages(srv.DMChannel(p.user.ID)); len(dms) != 1 {
		t.Fatalf("DMs = %+v", dms)
	}
}

// Error 50278 (no mutual server) is closed DMs too: the person is marked
// unreachable on Discord, so reminders go to the other platform, and
// their next slash command says how to fix it.
func TestNoMutualGuildIsUnreachable(t *testing.T) {
	e := start(t, nil)
	p := e.person("700000000000000032")
	p.onboard()
	e.srv.NoMutualGuild(p.user.ID)
	ctx := context.Background()
	err := e.adapter.Send(ctx, chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "Time for your check-in"})
	if !errors.Is(err, discord.ErrUnreachable) || !errors.Is(err, chat.ErrUnreachable) {
		t.Fatalf("Send with no mutual server: %v", err)
	}
	snap, _ := e.store.Load(ctx, chat.Discord, p.user.ID)
	if !snap.Profile.Channels[0].Unreachable {
		t.Fatal("channel not marked unreachable")
	}
	p.slash("plan", nil, "couldn't send you a direct message")
}
