package discord_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
)

// question is a message with two buttons.
var question = chat.Outgoing{Text: "Any numbness?", Buttons: [][]chat.Button{{{Label: "Yes", Data: "q:yes"}, {Label: "No", Data: "q:no"}}}}

// wantButtons is question's buttons as Discord shows them.
var wantButtons = [][]discordtest.Button{{
	{Label: "Yes", CustomID: "q:yes", Style: int(discordgo.SecondaryButton)},
	{Label: "No", CustomID: "q:no", Style: int(discordgo.SecondaryButton)},
}}

// In the bot's DM a slash command, a button press and a typed message
// reach the handler as the person's messages in their DM channel, with
// the locale of the interactions (a DM carries none) and the time they
// came; the command's reply is its response, not ephemeral, with the
// buttons; a press shows the choice on the question and its reply
// follows; a typed message is answered by DM.
func TestDMConversation(t *testing.T) {
	h := stub(chattest.Script{
		"/start": {question},
		"q:no":   {{Text: "Which time zone?", AwaitsText: true}},
		"Berlin": {{Text: "Saved: Europe/Berlin"}},
	})
	e := start(t, setup{stub: h})
	p := e.person("700000000000000001")

	sent := time.Now()
	first := p.slash("start", nil, "Any numbness?")
	if first.Ephemeral || !reflect.DeepEqual(first.Buttons, wantButtons) {
		t.Fatalf("reply = %+v, want it public with the buttons %+v", first, wantButtons)
	}
	if typ, _, _ := e.srv.Callback(p.interactions[0]); typ != int(discordgo.InteractionResponseChannelMessageWithSource) {
		t.Fatalf("callback type %d, want a message", typ)
	}
	pressed := time.Now()
	p.press("No", "Which time zone?")
	if typ, _, _ := e.srv.Callback(p.interactions[1]); typ != int(discordgo.InteractionResponseUpdateMessage) {
		t.Fatalf("press callback type %d, want an update of the question", typ)
	}
	resp := e.srv.Responses(p.interactions[1])
	if len(resp) != 2 || resp[0].ID != first.ID || resp[0].Content != "Any numbness?\n\n✓ No" || len(resp[0].Buttons) != 0 ||
		resp[1].Content != "Which time zone?" || resp[1].Ephemeral {
		t.Fatalf("press responses = %+v, want the answered question and the reply", resp)
	}
	typed := time.Now()
	p.dm("Berlin", "Saved: Europe/Berlin")
	// Only the reply is a DM: a typed question in the bot's DM is not
	// asked again there.
	if dms := e.srv.Messages(p.dmChannel()); len(dms) != 1 || dms[0].Content != "Saved: Europe/Berlin" || dms[0].Ephemeral {
		t.Fatalf("DMs = %+v", dms)
	}

	ins := h.WaitIncoming(t, 3)
	if len(ins) != 3 {
		t.Fatalf("incoming = %+v", ins)
	}
	at(t, ins[0], sent)
	at(t, ins[1], pressed)
	sentAt(t, ins[2], typed)
	want := []chat.Incoming{
		{From: p.addr(), Text: "/start", Lang: "en-GB", At: ins[0].At},
		{From: p.addr(), Data: "q:no", Lang: "en-GB", At: ins[1].At},
		{From: p.addr(), Text: "Berlin", At: ins[2].At},
	}
	if !reflect.DeepEqual(ins, want) {
		t.Fatalf("incoming = %+v, want %+v", ins, want)
	}
	if ins[0].At.After(ins[1].At) || ins[1].At.After(ins[2].At) {
		t.Fatalf("incoming times out of order: %+v", ins)
	}
}

// Slash command options become the text a person would type: "/done 8",
// "/stop 3d" (trimmed); an option left out adds nothing.
func TestCommandOptions(t *testing.T) {
	e := start(t, setup{})
	p := e.person("700000000000000011")
	p.slash("done", map[string]any{"minutes": 8}, "got /done 8")
	p.slash("stop", map[string]any{"duration": " 3d "}, "got /stop 3d")
	p.slash("stop", nil, "got /stop")
	var texts []string
	for _, in := range e.h.WaitIncoming(t, 3) {
		texts = append(texts, in.Text)
	}
	if want := []string{"/done 8", "/stop 3d", "/stop"}; !reflect.DeepEqual(texts, want) {
		t.Fatalf("texts = %q, want %q", texts, want)
	}
}

// An answered question loses its buttons and shows the choice. A button
// on another copy of a question (here: the question shown again with
// /help, in a follow-up) still reaches the handler, which tells it is
// stale, and that copy shows the choice too.
func TestAnsweredAndStaleButtons(t *testing.T) {
	h := stub(chattest.Script{
		"/start": {question},
		"/help":  {{Text: "What I can do"}, question},
		"q:no":   {{Text: "Next question"}},
	})
	e := start(t, setup{stub: h})
	p := e.person("700000000000000002")
	first := p.slash("start", nil, "Any numbness?")
	p.slash("help", nil, "What I can do")
	p.waitFor("Any numbness?") // the follow-up
	help := e.srv.Responses(p.interactions[1])
	if len(help) != 2 || help[0].Content != "What I can do" || help[1].Content != "Any numbness?" || !reflect.DeepEqual(help[1].Buttons, wantButtons) {
		t.Fatalf("/help responses = %+v, want the reply and the question in a follow-up", help)
	}
	copyOfQuestion := help[1]

	p.pressOn(first, "q:no", "Next question")
	if updated := e.srv.Responses(first.Interaction)[0]; len(updated.Buttons) != 0 || updated.Content != "Any numbness?\n\n✓ No" {
		t.Fatalf("answered question = %+v", updated)
	}
	p.pressOn(copyOfQuestion, "q:no", "Next question")
	if updated := e.srv.Responses(p.interactions[1])[1]; len(updated.Buttons) != 0 || updated.Content != "Any numbness?\n\n✓ No" {
		t.Fatalf("answered copy = %+v", updated)
	}
	for _, id := range p.interactions[2:] {
		if typ, _, ok := e.srv.Callback(id); !ok || typ != int(discordgo.InteractionResponseUpdateMessage) {
			t.Fatalf("press callback type %d (ok=%v), want an update", typ, ok)
		}
	}
	ins := h.WaitIncoming(t, 4)
	press := chat.Incoming{From: p.addr(), Data: "q:no", Lang: "en-GB"}
	for i, in := range ins[2:] {
		in.At = time.Time{}
		if in != press {
			t.Fatalf("press %d = %+v, want %+v", i, in, press)
		}
	}
	if len(ins) != 4 || ins[0].Text != "/start" || ins[1].Text != "/help" {
		t.Fatalf("incoming = %+v", ins)
	}
}

// In a server channel every reply is ephemeral (responses and follow-ups
// of commands and presses) and nothing is posted in the channel; the
// conversation's address is the person's DM channel, opened once.
func TestServerChannelRepliesAreEphemeral(t *testing.T) {
	h := stub(chattest.Script{
		"/start": {{Text: "Not medical advice."}, question},
		"q:no":   {{Text: "Thanks."}, {Text: "Leg pain?", Buttons: [][]chat.Button{{{Label: "3", Data: "l:3"}}}}},
		"l:3":    {{Text: "Back pain?"}},
	})
	e := start(t, setup{stub: h})
	p := e.person("700000000000000003")
	p.where = discordtest.Guild("800000000000000001", "810000000000000001")
	sent := time.Now()
	p.slash("start", nil, "Any numbness?")
	p.press("No", "Leg pain?")
	p.press("3", "Back pain?")
	var contents []string
	for _, id := range p.interactions {
		for _, m := range e.srv.Responses(id) {
			contents = append(contents, m.Content)
			if !m.Ephemeral {
				t.Fatalf("reply in a server channel is not ephemeral: %+v", m)
			}
		}
	}
	// A press's responses start with the question pressed, now answered.
	want := []string{
		"Not medical advice.", "Any numbness?\n\n✓ No",
		"Any numbness?\n\n✓ No", "Thanks.", "Leg pain?\n\n✓ 3",
		"Leg pain?\n\n✓ 3", "Back pain?",
	}
	if !reflect.DeepEqual(contents, want) {
		t.Fatalf("replies %q, want %q", contents, want)
	}
	ins := h.WaitIncoming(t, 3)
	at(t, ins[0], sent)
	for i, in := range ins {
		if in.From != p.addr() || in.Lang != "en-GB" || in.At.IsZero() {
			t.Fatalf("incoming %d = %+v, want the DM channel %+v", i, in, p.addr())
		}
	}
	if ins[0].Text != "/start" || ins[1].Data != "q:no" || ins[2].Data != "l:3" {
		t.Fatalf("incoming = %+v", ins)
	}
	if got := e.srv.Messages("810000000000000001"); len(got) != 0 {
		t.Fatalf("the bot posted in the server channel: %+v", got)
	}
	if got := e.srv.Messages(p.dmChannel()); len(got) != 0 {
		t.Fatalf("the bot sent DMs: %+v", got)
	}
	if n := e.srv.Calls("POST", "/users/@me/channels"); n != 1 {
		t.Fatalf("the DM channel opened %d times, want once", n)
	}
}

// Started in a server channel, a question to be typed is also asked in
// the person's DMs, where the answer can be typed (the bot reads no
// server messages); one to be picked is not. The typed answer reaches the
// handler from the DM channel and is answered there.
func TestServerChannelAsksTypedQuestionsInDMs(t *testing.T) {
	zone := chat.Outgoing{Text: "Which time zone?", AwaitsText: true, Buttons: [][]chat.Button{{{Label: "Berlin", Data: "z:berlin"}}}}
	h := stub(chattest.Script{
		"/start": {{Text: "Not medical advice."}, zone},
		"/help":  {{Text: "What I can do"}},
		"Berlin": {{Text: "Saved: Europe/Berlin"}},
	})
	e := start(t, setup{stub: h})
	p := e.person("700000000000000009")
	p.where = discordtest.Guild("800000000000000001", "810000000000000001")
	p.slash("start", nil, "Which time zone?")
	e.srv.WaitFor(t, "the time zone question in DMs", func() bool { return len(e.srv.Messages(p.dmChannel())) > 0 })
	p.slash("help", nil, "What I can do")
	typed := time.Now()
	p.dm("Berlin", "Saved")

	dms := e.srv.Messages(p.dmChannel())
	if len(dms) != 2 || dms[0].Content != "Which time zone?" || dms[0].Ephemeral || len(dms[0].Buttons) != 1 || dms[1].Content != "Saved: Europe/Berlin" {
		t.Fatalf("DMs = %+v, want the typed question with its buttons, then the reply", dms)
	}
	if r := e.srv.Responses(p.interactions[0]); len(r) != 2 || r[1].Content != "Which time zone?" || !r[1].Ephemeral {
		t.Fatalf("responses = %+v, want the question in the server channel too", r)
	}
	ins := h.WaitIncoming(t, 3)
	sentAt(t, ins[2], typed)
	if want := (chat.Incoming{From: p.addr(), Text: "Berlin", At: ins[2].At}); ins[2] != want {
		t.Fatalf("typed answer = %+v, want %+v", ins[2], want)
	}
	if got := e.srv.Messages("810000000000000001"); len(got) != 0 {
		t.Fatalf("the bot posted in the server channel: %+v", got)
	}
}

// A slow handler: the interaction is acknowledged as "thinking" within
// Discord's deadline (ephemeral in a server), the first reply is edited
// into it and the rest follow.
func TestSlowHandlerIsDeferred(t *testing.T) {
	for name, where := range map[string]func(discordtest.User) discordtest.Where{
		"DM": discordtest.DM,
		"server": func(discordtest.User) discordtest.Where {
			return discordtest.Guild("800000000000000001", "810000000000000001")
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := chattest.New(func(in chat.Incoming) ([]chat.Outgoing, error) {
				time.Sleep(3500 * time.Millisecond) // past Discord's 3 seconds
				return []chat.Outgoing{{To: in.From, Text: "What I can do"}, {To: in.From, Text: "More", Buttons: question.Buttons}}, nil
			})
			h.SetCommands(menu())
			e := start(t, setup{stub: h, cfg: func(c *discord.Config) { c.DeferAfter = 500 * time.Millisecond }})
			p := e.person("700000000000000004")
			p.where = where(p.user)
			p.slash("help", nil, "More")
			typ, after, ok := e.srv.Callback(p.interactions[0])
			if !ok || typ != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || after > 3*time.Second {
				t.Fatalf("callback type %d after %v (ok=%v), want deferred within 3s", typ, after, ok)
			}
			r := e.srv.Responses(p.interactions[0])
			ephemeral := name == "server"
			if len(r) != 2 || r[0].Content != "What I can do" || r[1].Content != "More" || !reflect.DeepEqual(r[1].Buttons, wantButtons) ||
				r[0].Ephemeral != ephemeral || r[1].Ephemeral != ephemeral {
				t.Fatalf("responses = %+v, want the reply edited in and a follow-up (ephemeral: %v)", r, ephemeral)
			}
			if in := h.WaitIncoming(t, 1); len(in) != 1 || in[0].Text != "/help" || in[0].From != p.addr() {
				t.Fatalf("incoming = %+v", in)
			}
		})
	}
}

// A reminder goes by DM with its buttons, to the person's DM channel
// (opened once, then known); its button reaches the handler like any
// other press in the DM.
func TestDMReminder(t *testing.T) {
	h := stub(chattest.Script{"/checkin": {{Text: "Leg pain right now?"}}})
	e := start(t, setup{stub: h})
	p := e.person("700000000000000005")
	ctx := context.Background()
	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	err := e.adapter.Send(ctx, chat.Outgoing{To: to, Text: "Time for your check-in", Buttons: [][]chat.Button{{{Label: "Check in", Data: "/checkin"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.adapter.Send(ctx, chat.Outgoing{To: to, Text: "And another"}); err != nil {
		t.Fatal(err)
	}
	dms := e.srv.Messages(p.dmChannel())
	wantReminder := [][]discordtest.Button{{{Label: "Check in", CustomID: "/checkin", Style: int(discordgo.SecondaryButton)}}}
	if len(dms) != 2 || dms[0].Content != "Time for your check-in" || !reflect.DeepEqual(dms[0].Buttons, wantReminder) || dms[1].Content != "And another" {
		t.Fatalf("DMs = %+v", dms)
	}
	if n := e.srv.Calls("POST", "/users/@me/channels"); n != 1 {
		t.Fatalf("the DM channel opened %d times, want once", n)
	}
	p.replies = func() []discordtest.Message { return dms[:1] }
	p.press("Check in", "Leg pain right now?")
	ins := h.WaitIncoming(t, 1)
	ins[0].At = time.Time{}
	if want := (chat.Incoming{From: p.addr(), Data: "/checkin", Lang: "en-GB"}); len(ins) != 1 || ins[0] != want {
		t.Fatalf("incoming = %+v, want %+v", ins, want)
	}
}

// Closed DMs (50007; 50278 in contexts_test.go) refuse a DM with
// ErrUnreachable, counted as unreachable, and the handler is told the
// person is unreachable at the address the message had; slash commands
// are still answered. A handler that cannot record it, or fails to, does
// not change what Send reports.
func TestClosedDMs(t *testing.T) {
	ctx := context.Background()
	t.Run("reported", func(t *testing.T) {
		var errs sendErrors
		e := start(t, setup{cfg: func(c *discord.Config) { c.OnSendError = errs.add }})
		p := e.person("700000000000000012")
		e.srv.CloseDMs(p.user.ID)
		to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
		err := e.adapter.Send(ctx, chat.Outgoing{To: to, Text: "Time for your check-in"})
		if !errors.Is(err, discord.ErrUnreachable) || !errors.Is(err, chat.ErrUnreachable) {
			t.Fatalf("Send with DMs closed: %v", err)
		}
		if got, want := e.h.Reaches(), []chattest.Reach{{Addr: to, Reachable: false}}; !reflect.DeepEqual(got, want) {
			t.Fatalf("reachability %+v, want %+v", got, want)
		}
		if got := errs.list(); !reflect.DeepEqual(got, []chat.SendErrorKind{chat.SendUnreachable}) {
			t.Fatalf("send errors %v, want one unreachable", got)
		}
		if n := e.srv.Calls("POST", "/channels/{id}/messages"); n != 1 {
			t.Fatalf("%d tries, want one (no retry of a refusal)", n)
		}
		// A DM channel known from a message is reported as it was given.
		known := chat.Address{Platform: chat.Discord, ChatID: p.dmChannel(), UserID: p.user.ID}
		if err := e.adapter.Send(ctx, chat.Outgoing{To: known, Text: "x"}); !errors.Is(err, discord.ErrUnreachable) {
			t.Fatalf("Send with DMs closed: %v", err)
		}
		if got := e.h.WaitReaches(t, 2); got[1] != (chattest.Reach{Addr: known}) {
			t.Fatalf("reachability %+v", got)
		}
		p.slash("plan", nil, "got /plan")
		if in := e.h.Incoming(); len(in) != 1 || in[0].Text != "/plan" {
			t.Fatalf("incoming = %+v", in)
		}
	})
	t.Run("the handler fails to record it", func(t *testing.T) {
		e := start(t, setup{})
		e.h.FailReachable(errors.New("store down"))
		p := e.person("700000000000000013")
		e.srv.CloseDMs(p.user.ID)
		if err := e.adapter.Send(ctx, chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "x"}); !errors.Is(err, discord.ErrUnreachable) {
			t.Fatalf("Send with DMs closed: %v", err)
		}
		if got := e.h.Reaches(); len(got) != 1 {
			t.Fatalf("reachability %+v", got)
		}
	})
	t.Run("a handler without reachability", func(t *testing.T) {
		e := start(t, setup{plain: true})
		p := e.person("700000000000000014")
		e.srv.CloseDMs(p.user.ID)
		if err := e.adapter.Send(ctx, chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "x"}); !errors.Is(err, discord.ErrUnreachable) {
			t.Fatalf("Send with DMs closed: %v", err)
		}
		if got := e.h.Reaches(); len(got) != 0 {
			t.Fatalf("reported through a handler without the ability: %+v", got)
		}
	})
}

func TestRetries(t *testing.T) {
	e := start(t, setup{})
	p := e.person("700000000000000006")
	p.dm("hello", "got hello") // opens the DM channel
	before := len(e.srv.Messages(p.dmChannel()))
	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	e.srv.FailNext("POST", "/channels/{id}/messages", 1, 429, 0, "", 0.2)
	e.srv.FailNext("POST", "/channels/{id}/messages", 2, 500, 0, "Internal Server Error", 0)
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "after failures"}); err != nil {
		t.Fatal(err)
	}
	got := e.srv.Messages(p.dmChannel())
	if len(got) != before+1 || got[len(got)-1].Content != "after failures" {
		t.Fatalf("DMs = %+v, want the message once", got)
	}
}

// Slash commands are registered with one bulk overwrite: the handler's
// commands (its menu in English) with their options, globally or in
// DISCORD_GUILD_ID; and the gateway asks for no privileged intent. A
// handler without a menu registers nothing and still gets DMs.
func TestRegistrationAndIntents(t *testing.T) {
	t.Run("guild", func(t *testing.T) {
		e := start(t, setup{cfg: func(c *discord.Config) { c.GuildID = "800000000000000009" }})
		type option struct {
			Name, Description string
			Type              discordgo.ApplicationCommandOptionType
			Min               float64
			Max               float64
			Required          bool
		}
		type command struct {
			Name, Description string
			Options           []option
		}
		var got []command
		for _, c := range e.srv.Commands("800000000000000009") {
			cmd := command{Name: c.Name, Description: c.Description}
			for _, o := range c.Options {
				opt := option{Name: o.Name, Description: o.Description, Type: o.Type, Max: o.MaxValue, Required: o.Required}
				if o.MinValue != nil {
					opt.Min = *o.MinValue
				}
				cmd.Options = append(cmd.Options, opt)
			}
			got = append(got, cmd)
		}
		var want []command
		for _, c := range menu() {
			cmd := command{Name: c.Name, Description: c.Description}
			for _, o := range c.Options {
				opt := option{Name: o.Name, Description: o.Description, Type: discordgo.ApplicationCommandOptionString}
				if o.Integer {
					opt.Type, opt.Min, opt.Max = discordgo.ApplicationCommandOptionInteger, float64(o.Min), float64(o.Max)
				}
				cmd.Options = append(cmd.Options, opt)
			}
			want = append(want, cmd)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("registered %+v, want %+v", got, want)
		}
		if got := e.h.CommandLangs(); !reflect.DeepEqual(got, []string{"en"}) {
			t.Fatalf("menu asked for in %v, want [en]", got)
		}
		if len(e.srv.Commands("")) != 0 {
			t.Fatal("registered globally too")
		}
		ids := e.srv.Identified()
		if len(ids) == 0 || ids[0].Intents != int(discordgo.IntentsDirectMessages) {
			t.Fatalf("identify = %+v", ids)
		}
		if e.srv.Calls("PUT", "/applications/{app}/guilds/{guild}/commands") != 1 || e.srv.Calls("PUT", "/applications/{app}/commands") != 0 {
			t.Fatal("not one bulk overwrite")
		}
	})
	t.Run("a handler without a menu", func(t *testing.T) {
		e := start(t, setup{plain: true})
		e.person("700000000000000015").dm("/help", "got /help")
		if n := e.srv.Calls("PUT", "/applications/{app}/commands") + e.srv.Calls("PUT", "/applications/{app}/guilds/{guild}/commands"); n != 0 {
			t.Fatalf("%d registrations", n)
		}
	})
}

// Replies longer than Discord's 2,000 characters are split at line
// breaks into several messages, the buttons on the last: follow-ups of
// an interaction, or DMs.
func TestLongRepliesAreSplit(t *testing.T) {
	var lines []string
	for i := range 120 {
		lines = append(lines, fmt.Sprintf(`  "entry %03d": "a line of the export, about forty chars",`, i))
	}
	long := "{\n" + strings.Join(lines, "\n") + "\n}"
	done := [][]chat.Button{{{Label: "Done", Data: "x:done"}}}
	h := stub(chattest.Script{"/export": {{Text: "Everything I store about you:"}, {Text: long, Buttons: done}}})
	e := start(t, setup{stub: h})
	p := e.person("700000000000000007")
	p.slash("export", nil, "Everything I store about you")
	e.srv.WaitFor(t, "the whole export", func() bool {
		r := p.replies()
		return len(r) > 1 && strings.HasSuffix(r[len(r)-1].Content, "}")
	})
	check := func(what string, msgs []discordtest.Message) {
		t.Helper()
		var parts []string
		for i, m := range msgs {
			if n := len([]rune(m.Content)); n > 2000 {
				t.Fatalf("%s: a message of %d characters", what, n)
			}
			if (len(m.Buttons) != 0) != (i == len(msgs)-1) {
				t.Fatalf("%s: part %d of %d has buttons %+v", what, i+1, len(msgs), m.Buttons)
			}
			parts = append(parts, m.Content)
		}
		if len(parts) < 3 || strings.Join(parts, "\n") != long {
			t.Fatalf("%s: %d parts that do not make up the text", what, len(parts))
		}
	}
	r := p.replies()
	if r[0].Content != "Everything I store about you:" {
		t.Fatalf("first reply = %+v", r[0])
	}
	check("follow-ups", r[1:])

	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: long, Buttons: done}); err != nil {
		t.Fatal(err)
	}
	check("DMs", e.srv.Messages(p.dmChannel()))
}

func TestShard(t *testing.T) {
	e := start(t, setup{cfg: func(c *discord.Config) { c.ShardID, c.ShardCount = 1, 2 }})
	ids := e.srv.Identified()
	if len(ids) != 1 || ids[0].Shard != [2]int{1, 2} {
		t.Fatalf("identify = %+v, want shard [1 2]", ids)
	}
}

var chart = []byte("\x89PNG\r\n\x1a\n chart bytes")

// A reply with an image (the /progress chart) carries it as an
// attachment of the text, with the buttons: as an interaction's response
// or as a DM.
func TestReplyWithImage(t *testing.T) {
	h := stub(chattest.Script{"/progress": {{Text: "This week: 3 walks", Image: chart, Buttons: question.Buttons}}})
	e := start(t, setup{stub: h})
	p := e.person("700000000000000008")
	first := p.slash("progress", nil, "This week:")
	if first.Files != 1 || first.Content != "This week: 3 walks" || !reflect.DeepEqual(first.Buttons, wantButtons) {
		t.Fatalf("progress reply = %+v, want the text with the chart and the buttons", first)
	}
	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "Your week", Image: chart}); err != nil {
		t.Fatal(err)
	}
	if dms := e.srv.Messages(p.dmChannel()); len(dms) != 1 || dms[0].Files != 1 || dms[0].Content != "Your week" {
		t.Fatalf("DMs = %+v", dms)
	}
}

// A chart Discord refuses (over the upload limit) leaves its text: the
// reply goes without the attachment, whether it answers the command at
// once, fills in a deferred answer, follows a press, or is a direct
// message. Each refused image counts as a failed send.
func TestImageFallsBackToText(t *testing.T) {
	var errs sendErrors
	slow := make(chan struct{}, 1)
	script := chattest.Script{
		"/progress": {{Text: "This week: 3 walks", Image: chart, Buttons: [][]chat.Button{{{Label: "Again", Data: "again"}}}}},
		"again":     {{Text: "This week, again", Image: chart}},
	}
	h := chattest.New(func(in chat.Incoming) ([]chat.Outgoing, error) {
		select {
		case <-slow:
			time.Sleep(1500 * time.Millisecond)
		default:
		}
		return script.Reply(in)
	})
	h.SetCommands(menu())
	e := start(t, setup{stub: h, cfg: func(c *discord.Config) {
		c.DeferAfter = 500 * time.Millisecond
		c.OnSendError = errs.add
	}})
	p := e.person("700000000000000010")
	e.srv.SetUploadLimit(1)

	if first := p.slash("progress", nil, "This week:"); first.Files != 0 || len(first.Buttons) != 1 {
		t.Fatalf("progress reply = %+v, want the text with its buttons, no file", first)
	}
	if m := p.press("Again", "This week, again"); m.Files != 0 {
		t.Fatalf("reply to a press has %d files although refused", m.Files)
	}

	slow <- struct{}{}
	in := e.srv.Slash(p.user, p.where, "progress", nil)
	p.replies = func() []discordtest.Message { return e.srv.Responses(in.ID) }
	if m := p.waitFor("This week:"); m.Files != 0 || len(m.Buttons) != 1 {
		t.Fatalf("deferred progress reply = %+v, want the text with its buttons, no file", m)
	}
	if typ, _, _ := e.srv.Callback(in.ID); typ != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
		t.Fatalf("callback type %d, want deferred", typ)
	}

	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "Your week", Image: chart,
		Buttons: [][]chat.Button{{{Label: "Plan", Data: "/plan"}}}})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	dms := e.srv.Messages(p.dmChannel())
	if len(dms) != 1 || dms[0].Content != "Your week" || dms[0].Files != 0 || len(dms[0].Buttons) != 1 {
		t.Fatalf("DMs = %+v, want the text with its buttons", dms)
	}
	want := []chat.SendErrorKind{chat.SendFailed, chat.SendFailed, chat.SendFailed, chat.SendFailed}
	if got := errs.list(); !reflect.DeepEqual(got, want) {
		t.Fatalf("send errors %v, want one per refused image: %v", got, want)
	}
}

// A document (the /export) arrives as a file attachment after its text,
// in a server (ephemeral follow-up) and in DMs.
func TestFileAttachment(t *testing.T) {
	doc := []byte(`{"profile": {}, "log": []}`)
	file := &chat.File{Name: "treadwell-export.json", MIME: "application/json", Data: doc}
	h := stub(chattest.Script{"/export": {{Text: "Everything I store about you:", File: file}}})
	e := start(t, setup{stub: h})
	p := e.person("700000000000000008")
	p.slash("export", nil, "Everything I store about you")
	e.srv.WaitFor(t, "the file", func() bool {
		for _, m := range p.replies() {
			if m.Files == 1 && len(m.FileNames) == 1 && m.FileNames[0] == "treadwell-export.json" {
				return true
			}
		}
		return false
	})
	to := chat.Address{Platform: chat.Discord, ChatID: p.dmChannel(), UserID: p.user.ID}
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "Everything I store about you:", File: file}); err != nil {
		t.Fatal(err)
	}
	e.srv.WaitFor(t, "the file in DMs", func() bool {
		for _, m := range e.srv.Messages(p.dmChannel()) {
			if m.Files == 1 && m.FileNames[0] == "treadwell-export.json" {
				return true
			}
		}
		return false
	})
}
