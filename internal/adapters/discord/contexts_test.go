package discord_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
)

// Global slash commands are registered for servers and the bot's DM
// (contexts 0 and 1) and for server installs only (integration type 0),
// not with the deprecated dm_permission; commands for one server
// (DISCORD_GUILD_ID) carry neither, as Discord ignores them there.
func TestCommandContexts(t *testing.T) {
	e := start(t, setup{})
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
	// Usable in the bot's DM and in a server; both come from the
	// person's DM channel.
	p := e.person("700000000000000030")
	p.slash("help", nil, "got /help")
	p.where = discordtest.Guild("800000000000000001", "810000000000000001")
	p.slash("help", nil, "got /help")
	for _, in := range e.h.WaitIncoming(t, 2) {
		if in.From != p.addr() || in.Text != "/help" {
			t.Fatalf("incoming = %+v, want /help from %+v", in, p.addr())
		}
	}

	g := start(t, setup{cfg: func(c *discord.Config) { c.GuildID = "800000000000000009" }})
	if body := string(g.srv.CommandsBody("800000000000000009")); strings.Contains(body, "contexts") || strings.Contains(body, "dm_permission") {
		t.Errorf("guild registration: %.300s", body)
	}
}

// A command run in a private channel (context 2: a group DM, or a DM with
// someone else, when the person installed the app) is a group: the
// handler gets it as one (it keeps health talk out), the replies are
// ephemeral, a question to be typed is not asked in DMs, a Private button
// is left out, and a press there is a group's too; no DM channel is
// opened for it and it is never taken for the person's DM with the bot.
// It happens when commands registered by an older release, without
// contexts, are still in place (here: the new registration fails).
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
	h := stub(chattest.Script{
		"/start": {{Text: "Let us talk privately", AwaitsText: true, Buttons: [][]chat.Button{
			{{Label: "Message me privately", Private: true}, {Label: "Later", Data: "g:later"}},
		}}},
		"g:later": {{Text: "OK, later"}},
	})
	e := launch(t, srv, setup{stub: h})
	srv.Ready(t)
	srv.WaitFor(t, "the registration to fail", func() bool { return srv.Calls("PUT", route) == 5 })

	p := e.person("700000000000000031")
	p.where = discordtest.PrivateChannel("820000000000000001")
	sent := time.Now()
	msg := p.slash("start", nil, "Let us talk privately")
	later := [][]discordtest.Button{{{Label: "Later", CustomID: "g:later", Style: int(discordgo.SecondaryButton)}}}
	if !msg.Ephemeral || !reflect.DeepEqual(msg.Buttons, later) {
		t.Errorf("reply in a private channel = %+v, want it ephemeral with only %+v", msg, later)
	}
	if r := p.press("Later", "OK, later"); !r.Ephemeral {
		t.Errorf("reply to a press in a private channel is not ephemeral: %+v", r)
	}
	ins := h.WaitIncoming(t, 2)
	group := chat.Address{Platform: chat.Discord, ChatID: "820000000000000001", UserID: p.user.ID, Group: true}
	at(t, ins[0], sent)
	want := []chat.Incoming{
		{From: group, Text: "/start", Lang: "en-GB", At: ins[0].At},
		{From: group, Data: "g:later", Lang: "en-GB", At: ins[1].At},
	}
	if !reflect.DeepEqual(ins, want) {
		t.Fatalf("incoming = %+v, want %+v", ins, want)
	}
	if n := srv.Calls("POST", "/users/@me/channels"); n != 0 {
		t.Errorf("%d DM channels opened for a private-channel command", n)
	}
	if n := srv.Calls("POST", "/channels/{id}/messages"); n != 0 {
		t.Errorf("%d messages posted for a private-channel command", n)
	}
	// Its channel was not taken for the person's DM: a reminder goes to
	// their real DM channel.
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "Time for your check-in"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if dms := srv.Messages(srv.DMChannel(p.user.ID)); len(dms) != 1 || dms[0].Content != "Time for your check-in" {
		t.Fatalf("DMs = %+v", dms)
	}
}

// Error 50278 (no mutual server) is closed DMs too: Send says the person
// is unreachable, the handler is told so (reminders then go to the other
// platform), and slash commands are still answered.
func TestNoMutualGuildIsUnreachable(t *testing.T) {
	e := start(t, setup{})
	p := e.person("700000000000000032")
	e.srv.NoMutualGuild(p.user.ID)
	ctx := context.Background()
	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	err := e.adapter.Send(ctx, chat.Outgoing{To: to, Text: "Time for your check-in"})
	if !errors.Is(err, discord.ErrUnreachable) || !errors.Is(err, chat.ErrUnreachable) {
		t.Fatalf("Send with no mutual server: %v", err)
	}
	if got, want := e.h.Reaches(), []chattest.Reach{{Addr: to, Reachable: false}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("reachability %+v, want %+v", got, want)
	}
	p.slash("plan", nil, "got /plan")
}
