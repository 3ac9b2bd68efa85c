package discord_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
)

// Onboarding, a check-in, /done, /stop and /resume, through slash
// commands, buttons and DMs.
func TestConversation(t *testing.T) {
	e := start(t, nil)
	p := e.person("700000000000000001")
	p.onboard()

	p.slash("checkin", nil, "leg pain right now")
	p.press("3", "back pain")
	p.press("2", "highest pain during your last walk")
	p.press("No walk yet", "spread further")
	p.press("No", "(rule HOLD)")

	p.slash("done", map[string]any{"minutes": 8}, "highest pain during the walk")
	p.press("2", "Logged: 8 minutes")

	// Plain "stop" in a DM works too.
	msg := p.dm("stop", "Paused")
	if !strings.HasPrefix(msg.Content, "Paused") {
		t.Fatalf("stop reply = %q", msg.Content)
	}
	p.waitFor("sciatica in both legs?")
	p.press("None of these", "fever")
	p.press("None of these", "/resume")

	p.slash("resume", nil, "safety check")
	p.waitFor("sciatica in both legs?")
	p.press("None of these", "fever")
	p.press("None of these", "(rule STOP-FLARE)")

	for _, in := range e.engine.Incoming() {
		if in.From.Platform != chat.Discord || in.From.UserID != p.user.ID || in.From.Group {
			t.Fatalf("incoming = %+v", in)
		}
	}
	// The locale reached the engine with slash commands and buttons.
	if in := e.engine.Incoming()[0]; in.Lang != "en-GB" || in.Text != "/start" {
		t.Fatalf("first incoming = %+v", in)
	}
}

// An answered question loses its buttons and shows the choice; a button
// of a question already answered gets a note and the current question.
func TestAnsweredAndStaleButtons(t *testing.T) {
	e := start(t, nil)
	p := e.person("700000000000000002")
	first := p.slash("start", nil, "not medical advice")
	p.press("I understand", "sciatica in both legs?")
	updated := e.srv.Responses(first.Interaction)[0]
	if len(updated.Buttons) != 0 || !strings.HasSuffix(updated.Content, "✓ I understand") {
		t.Fatalf("answered question = %+v", updated)
	}
	// /help shows the red-flag question again: two messages now carry
	// its buttons. Answering on one leaves the other's buttons stale.
	question, id := p.button("No")
	p.slash("help", nil, "What I can do")
	p.waitFor("sciatica in both legs?") // the question again, in a follow-up
	copyOfQuestion, _ := p.button("No")
	p.pressOn(question, id, "numbness or weakness in both legs")
	p.pressOn(copyOfQuestion, id, "earlier question")
	p.waitFor("numbness or weakness in both legs")
}

// In a server channel every reply is ephemeral and nothing is posted in
// the channel; the conversation's address is the person's DM channel.
func TestServerChannelRepliesAreEphemeral(t *testing.T) {
	e := start(t, nil)
	p := e.person("700000000000000003")
	p.where = discordtest.Guild("800000000000000001", "810000000000000001")
	p.slash("start", nil, "not medical advice")
	p.press("I understand", "sciatica in both legs?")
	p.press("None of these", "doctor today")
	replies := 0
	for _, id := range p.interactions {
		for _, m := range e.srv.Responses(id) {
			replies++
			if !m.Ephemeral {
				t.Fatalf("reply in a server channel is not ephemeral: %+v", m)
			}
		}
	}
	if replies < 3 {
		t.Fatalf("only %d replies", replies)
	}
	for _, in := range e.engine.Incoming() {
		if in.From.ChatID != e.srv.DMChannel(p.user.ID) || in.From.Group {
			t.Fatalf("address %+v, want the DM channel %q", in.From, e.srv.DMChannel(p.user.ID))
		}
	}
	if got := e.srv.Messages("810000000000000001"); len(got) != 0 {
		t.Fatalf("the bot posted in the server channel: %+v", got)
	}
}

// A slow engine: the interaction is acknowledged as "thinking" within
// Discord's deadline, and the reply filled in afterwards.
func TestSlowEngineIsDeferred(t *testing.T) {
	e := start(t, func(c *discord.Config) { c.DeferAfter = 500 * time.Millisecond })
	e.engine.SetDelay(func(in chat.Incoming) time.Duration {
		if in.Text == "/help" {
			return 3500 * time.Millisecond
		}
		return 0
	})
	p := e.person("700000000000000004")
	in := e.srv.Slash(p.user, p.where, "help", nil)
	p.replies = func() []discordtest.Message { return e.srv.Responses(in.ID) }
	p.waitFor("What I can do")
	typ, _, ok := e.srv.Callback(in.ID)
	if !ok || typ != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
		t.Fatalf("callback type %d (ok=%v), want deferred", typ, ok)
	}
}

// A reminder goes by DM with its buttons; closed DMs (50007) mark the
// person unreachable and their next slash command says how to fix it.
func TestDMReminderAndClosedDMs(t *testing.T) {
	e := start(t, nil)
	p := e.person("700000000000000005")
	p.onboard()
	ctx := context.Background()
	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	err := e.adapter.Send(ctx, chat.Outgoing{To: to, Text: "Time for your check-in", Buttons: [][]chat.Button{{{Label: "Check in", Data: "/checkin"}}}})
	if err != nil {
		t.Fatal(err)
	}
	dms := e.srv.Messages(e.srv.DMChannel(p.user.ID))
	last := dms[len(dms)-1]
	if last.Content != "Time for your check-in" || last.Buttons[0][0].CustomID != "/checkin" {
		t.Fatalf("reminder = %+v", last)
	}
	// Its button starts a check-in.
	p.replies = func() []discordtest.Message { return []discordtest.Message{last} }
	p.press("Check in", "leg pain right now")

	e.srv.CloseDMs(p.user.ID)
	err = e.adapter.Send(ctx, chat.Outgoing{To: to, Text: "Time for your check-in"})
	if !errors.Is(err, discord.ErrUnreachable) {
		t.Fatalf("Send with DMs closed: %v", err)
	}
	snap, _ := e.store.Load(ctx, chat.Discord, p.user.ID)
	if !snap.Profile.Channels[0].Unreachable {
		t.Fatal("channel not marked unreachable")
	}
	p.slash("plan", nil, "couldn't send you a direct message")
}

func TestRetries(t *testing.T) {
	e := start(t, nil)
	p := e.person("700000000000000006")
	p.dm("hello", "/help") // opens the DM channel
	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	e.srv.FailNext("POST", "/channels/{id}/messages", 1, 429, 0, "", 0.2)
	e.srv.FailNext("POST", "/channels/{id}/messages", 2, 500, 0, "Internal Server Error", 0)
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "after failures"}); err != nil {
		t.Fatal(err)
	}
	if got := e.srv.Messages(e.srv.DMChannel(p.user.ID)); got[len(got)-1].Content != "after failures" {
		t.Fatalf("last DM = %+v", got[len(got)-1])
	}
}

// Slash commands are registered with one bulk overwrite: the engine's
// commands with their options, globally or in DISCORD_GUILD_ID; and the
// gateway asks for no privileged intent.
func TestRegistrationAndIntents(t *testing.T) {
	e := start(t, func(c *discord.Config) { c.GuildID = "800000000000000009" })
	cmds := e.srv.Commands("800000000000000009")
	names := map[string]discordgo.ApplicationCommand{}
	for _, c := range cmds {
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
	if len(e.srv.Commands("")) != 0 {
		t.Fatal("registered globally too")
	}
	ids := e.srv.Identified()
	if len(ids) == 0 || ids[0].Intents != int(discordgo.IntentsDirectMessages) {
		t.Fatalf("identify = %+v", ids)
	}
	if e.srv.Calls("PUT", "/applications/{app}/guilds/{guild}/commands") != 1 {
		t.Fatal("not one bulk overwrite")
	}
}

// The rest of the command set works on Discord too: /plan, /progress,
// /settings with a typed answer, /stop with a duration, /export (long,
// split within Discord's 2,000 characters) and /delete.
func TestEverythingElse(t *testing.T) {
	e := start(t, nil)
	p := e.person("700000000000000007")
	p.onboard()
	p.slash("plan", nil, "to 30 minutes, 5 days a week")
	p.slash("progress", nil, "Your last 14 days")
	p.slash("settings", nil, "What would you like to change?")
	p.press("Reminder time", "What time")
	p.dm("6:15pm", "Next reminder")
	p.slash("stop", map[string]any{"duration": "3d"}, "Paused until")
	p.press("None of these", "fever")
	p.press("None of these", "/resume")

	p.slash("export", nil, "Everything I store about you")
	// The JSON comes in several follow-ups; wait for its end.
	e.srv.WaitFor(t, "the whole export", func() bool {
		r := p.replies()
		return len(r) >= 3 && strings.HasSuffix(strings.TrimSpace(r[len(r)-1].Content), "}")
	})
	var export strings.Builder
	for _, m := range p.replies()[1:] {
		if len([]rune(m.Content)) > 2000 {
			t.Fatalf("a message of %d characters", len([]rune(m.Content)))
		}
		export.WriteString(m.Content + "\n")
	}
	if !strings.Contains(export.String(), `"zone": "Europe/Berlin"`) || len(p.replies()) < 3 {
		t.Fatalf("export in %d parts: %.200s", len(p.replies()), export.String())
	}

	p.slash("delete", nil, "can't be undone")
	p.press("Yes, delete everything", "erased")
	snap, err := e.store.Load(context.Background(), chat.Discord, p.user.ID)
	if err != nil || snap.Exists {
		t.Fatalf("after /delete: exists=%v err=%v", snap.Exists, err)
	}
}

func TestShard(t *testing.T) {
	e := start(t, func(c *discord.Config) { c.ShardID, c.ShardCount = 1, 2 })
	ids := e.srv.Identified()
	if len(ids) != 1 || ids[0].Shard != [2]int{1, 2} {
		t.Fatalf("identify = %+v, want shard [1 2]", ids)
	}
}

// /progress attaches the chart.
func TestProgressChartAttached(t *testing.T) {
	e := start(t, nil)
	p := e.person("700000000000000008")
	p.onboard()
	first := p.slash("progress", nil, "This week:")
	if first.Files != 1 {
		t.Fatalf("progress reply has %d files, want the chart", first.Files)
	}
}

// Started in a server channel, a question to be typed (the time zone) is
// also asked in DMs, where the answer can be typed; set-up completes.
func TestServerChannelOnboardingCompletes(t *testing.T) {
	e := start(t, nil)
	p := e.person("700000000000000009")
	p.where = discordtest.Guild("800000000000000001", "810000000000000001")
	p.slash("start", nil, "not medical advice")
	p.press("I understand", "sciatica in both legs?")
	p.press("None of these", "doctor today")
	p.press("None of these", "leg pain")
	p.press("4", "back pain")
	p.press("3", "how many minutes")
	p.press("10", "Where will you walk?")
	p.press("Treadmill", "What time")
	p.press("07:30", "time zone")
	// The DM follows the ephemeral reply.
	e.srv.WaitFor(t, "the time zone question in DMs", func() bool {
		dm := e.srv.Messages(e.srv.DMChannel(p.user.ID))
		return len(dm) > 0 && strings.Contains(dm[len(dm)-1].Content, "time zone")
	})
	p.dm("Berlin", "which days")
	p.press("Every day", "Next reminder")
	if got := e.srv.Messages("810000000000000001"); len(got) != 0 {
		t.Fatalf("the bot posted in the server channel: %+v", got)
	}
}

// A chart Discord refuses (over the upload limit) leaves its text: the
// reply goes without the attachment, whether it answers the command at
// once, fills in a deferred answer, or is a direct message.
func TestImageFallsBackToText(t *testing.T) {
	e := start(t, func(c *discord.Config) { c.DeferAfter = 500 * time.Millisecond })
	p := e.person("700000000000000010")
	p.onboard()
	e.srv.SetUploadLimit(1)

	first := p.slash("progress", nil, "This week:")
	if first.Files != 0 {
		t.Fatalf("progress reply has %d files although refused", first.Files)
	}

	e.engine.SetDelay(func(in chat.Incoming) time.Duration {
		if in.Text == "/progress" {
			return 1500 * time.Millisecond
		}
		return 0
	})
	in := e.srv.Slash(p.user, p.where, "progress", nil)
	p.replies = func() []discordtest.Message { return e.srv.Responses(in.ID) }
	if m := p.waitFor("This week:"); m.Files != 0 {
		t.Fatalf("deferred progress reply has %d files although refused", m.Files)
	}
	if typ, _, _ := e.srv.Callback(in.ID); typ != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
		t.Fatalf("callback type %d, want deferred", typ)
	}
	e.engine.SetDelay(nil)

	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "Your week", Image: []byte("\x89PNG\r\n\x1a\nbytes"),
		Buttons: [][]chat.Button{{{Label: "Plan", Data: "/plan"}}}})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	dms := e.srv.Messages(e.srv.DMChannel(p.user.ID))
	if last := dms[len(dms)-1]; last.Content != "Your week" || last.Files != 0 || len(last.Buttons) != 1 {
		t.Fatalf("last DM = %+v, want the text with its buttons", last)
	}
}
