package discord_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
)

// strictAck is a fake Discord taking interaction answers within 1 s (3 s
// on Discord), with the adapter on a handler echoing what it gets.
func strictAck(t *testing.T, h *chattest.Handler) *env {
	t.Helper()
	srv := discordtest.NewServer(t, discordtest.Options{AckDeadline: time.Second})
	e := launch(t, srv, setup{stub: h})
	srv.Ready(t)
	srv.WaitFor(t, "slash commands", func() bool { return len(srv.Commands("")) > 0 })
	srv.WaitFor(t, "the adapter to be ready", e.adapter.Ready)
	return e
}

var park = discordtest.Guild("800000000000000002", "810000000000000002")

// slowDMOpen makes opening the next DM channel slower than the deadline
// for an interaction's answer: by a slow Discord, or a 429.
var slowDMOpen = map[string]func(*discordtest.Server){
	"slow":         func(s *discordtest.Server) { s.DelayNext("POST", "/users/@me/channels", 1, 1500*time.Millisecond) },
	"rate limited": func(s *discordtest.Server) { s.FailNext("POST", "/users/@me/channels", 1, 429, 0, "", 1.5) },
}

// answeredFirst checks that the interaction got its answer (of type typ)
// in time, and before the DM channel was opened.
func answeredFirst(t *testing.T, e *env, interaction string, typ discordgo.InteractionResponseType) {
	t.Helper()
	got, after, ok := e.srv.Callback(interaction)
	if !ok || got != int(typ) {
		t.Fatalf("callback type %d after %v (ok %v), want type %d in time", got, after, ok, typ)
	}
	callback, open := -1, -1
	for i, r := range e.srv.Requests() {
		switch {
		case r.Method == "POST" && r.Route == "/interactions/{}/{}/callback":
			callback = i // the last one: this interaction's
		case r.Method == "POST" && r.Route == "/users/@me/channels":
			open = i
		}
	}
	if open < callback {
		t.Fatalf("the DM channel was opened (request %d) before the interaction was answered (request %d)", open, callback)
	}
}

// A button pressed in a server channel by someone whose DM channel is not
// known here (after a restart, say) is answered first, by updating the
// question (type 7); the DM channel is opened only then, so that a slow
// or rate-limited opening cannot push the answer past Discord's
// deadline. The reply follows up, and the engine gets the DM channel.
func TestButtonAnsweredBeforeTheDMChannelOpens(t *testing.T) {
	for name, slow := range slowDMOpen {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := strictAck(t, nil)
			// The channel in use, and a question in it (as an earlier
			// release of the bot might have left).
			other := e.person("700000000000000070")
			other.where = park
			other.slash("help", nil, "got /help")
			msg := postQuestion(t, e, "810000000000000002")

			slow(e.srv)
			p := e.person("700000000000000071")
			p.where = park
			reply := p.pressOn(msg, "q:yes", "pressed q:yes")
			answeredFirst(t, e, p.interactions[0], discordgo.InteractionResponseUpdateMessage)
			if r := e.srv.Responses(p.interactions[0]); len(r) != 2 || r[0].Content != "Feeling OK?\n\n✓ Yes" || len(r[0].Buttons) != 0 || !reply.Ephemeral {
				t.Fatalf("responses = %+v, want the answered question and an ephemeral follow-up", r)
			}
			ins := e.h.WaitIncoming(t, 2)
			if ins[1].From != p.addr() || ins[1].Data != "q:yes" {
				t.Fatalf("incoming = %+v, want the press from the DM channel %+v", ins[1], p.addr())
			}
		})
	}
}

// postQuestion posts a message with a Yes button in channelID as the bot.
func postQuestion(t *testing.T, e *env, channelID string) discordtest.Message {
	t.Helper()
	dg, err := discordgo.New("Bot " + e.srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = e.srv.Client()
	m, err := dg.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content: "Feeling OK?",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Yes", CustomID: "q:yes", Style: discordgo.PrimaryButton},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range e.srv.Messages(channelID) {
		if msg.ID == m.ID {
			return msg
		}
	}
	t.Fatal("the question is not in the channel")
	return discordtest.Message{}
}

// A slash command in a server channel by someone whose DM channel is not
// known here is acknowledged as "thinking" (type 5) at once, before the
// DM channel is opened, and the reply edited in.
func TestServerCommandDeferredBeforeTheDMChannelOpens(t *testing.T) {
	for name, slow := range slowDMOpen {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := strictAck(t, nil)
			slow(e.srv)
			p := e.person("700000000000000072")
			p.where = park
			p.slash("help", nil, "got /help")
			answeredFirst(t, e, p.interactions[0], discordgo.InteractionResponseDeferredChannelMessageWithSource)
			if r := e.srv.Responses(p.interactions[0]); len(r) != 1 || r[0].Content != "got /help" || !r[0].Ephemeral {
				t.Fatalf("responses = %+v, want the reply edited into the ephemeral answer", r)
			}
			if in := e.h.WaitIncoming(t, 1); in[0].From != p.addr() {
				t.Fatalf("incoming from %+v, want the DM channel %+v", in[0].From, p.addr())
			}
			// Known now: the next command is answered directly (type 4),
			// and opens nothing.
			p.slash("help", nil, "got /help")
			if typ, _, _ := e.srv.Callback(p.interactions[1]); typ != int(discordgo.InteractionResponseChannelMessageWithSource) {
				t.Fatalf("second command answered with type %d, want 4", typ)
			}
			want := 1
			if name == "rate limited" {
				want = 2 // the 429, then the channel
			}
			if n := e.srv.Calls("POST", "/users/@me/channels"); n != want {
				t.Fatalf("%d DM channel requests, want %d", n, want)
			}
		})
	}
}

// Discord already has an answer to the interaction (40060: another
// replica answered it, or an earlier answer of this one arrived though
// its response was lost): the replies are delivered as follow-ups, the
// first into the "thinking" message, none dropped.
func TestAlreadyAcknowledgedRepliesFollowUp(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := chattest.New(func(in chat.Incoming) ([]chat.Outgoing, error) {
		<-release
		return []chat.Outgoing{{To: in.From, Text: "What I can do"}, {To: in.From, Text: "More"}}, nil
	})
	h.SetCommands(menu())
	e := start(t, setup{stub: h})
	p := e.person("700000000000000073")
	in := e.srv.Slash(p.user, p.where, "help", nil)
	e.srv.AnswerElsewhere(in.ID, int(discordgo.InteractionResponseDeferredChannelMessageWithSource))
	close(release)
	e.srv.WaitFor(t, "both replies", func() bool { return len(e.srv.Responses(in.ID)) == 2 && e.srv.Responses(in.ID)[0].Content != "" })
	var got []string
	for _, m := range e.srv.Responses(in.ID) {
		got = append(got, m.Content)
	}
	if want := []string{"What I can do", "More"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("responses %q, want %q", got, want)
	}
}

// An answer whose response was lost (the connection broke once it was
// sent) is not sent again; the replies after it follow up.
func TestLostAnswerRepliesFollowUp(t *testing.T) {
	t.Parallel()
	h := stub(chattest.Script{"/help": {{Text: "What I can do"}, {Text: "More"}}})
	e := start(t, setup{stub: h})
	p := e.person("700000000000000074")
	const route = "/interactions/{id}/{token}/callback"
	e.srv.LoseResponses("POST", route, 1, discordtest.Reset)
	p.slash("help", nil, "More")
	var got []string
	for _, m := range e.srv.Responses(p.interactions[0]) {
		got = append(got, m.Content)
	}
	if want := []string{"What I can do", "More"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("responses %q, want %q", got, want)
	}
	if n := e.srv.Calls("POST", route); n != 1 {
		t.Fatalf("%d callbacks, want the one", n)
	}
}

// A deferred answer whose response was lost: the first reply is tried as
// the answer, and Discord's 40060 (the deferral did arrive) sends it as a
// follow-up into the "thinking" message.
func TestLostDeferralRepliesFollowUp(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := chattest.New(func(in chat.Incoming) ([]chat.Outgoing, error) {
		<-release
		return []chat.Outgoing{{To: in.From, Text: "What I can do"}, {To: in.From, Text: "More"}}, nil
	})
	h.SetCommands(menu())
	e := start(t, setup{stub: h, cfg: func(c *discord.Config) {
		c.DeferAfter = 100 * time.Millisecond
		c.HTTPClient.Timeout = 500 * time.Millisecond
	}})
	const route = "/interactions/{id}/{token}/callback"
	e.srv.LoseResponses("POST", route, 1, discordtest.Hang)
	p := e.person("700000000000000075")
	in := e.srv.Slash(p.user, p.where, "help", nil)
	e.srv.WaitFor(t, "the deferral", func() bool { _, _, ok := e.srv.Callback(in.ID); return ok })
	close(release)
	e.srv.WaitFor(t, "both replies", func() bool { return len(e.srv.Responses(in.ID)) == 2 && e.srv.Responses(in.ID)[0].Content != "" })
	var got []string
	for _, m := range e.srv.Responses(in.ID) {
		got = append(got, m.Content)
	}
	if want := []string{"What I can do", "More"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("responses %q, want %q", got, want)
	}
	if typ, _, _ := e.srv.Callback(in.ID); typ != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
		t.Fatalf("callback type %d", typ)
	}
}
