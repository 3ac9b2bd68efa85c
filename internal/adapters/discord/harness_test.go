package discord_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// Redis backs the one end-to-end test (engine_test.go).
func TestMain(m *testing.M) { redistest.Main(m) }

// env is a running bot: the real discordgo client in the adapter, a fake
// Discord, and a handler behind the adapter. Tests of the translation use
// a stub handler (h), so that they check exactly what crossed the adapter
// and do not change when the engine's texts or flows do; the end-to-end
// test runs the real engine.
type env struct {
	t       *testing.T
	srv     *discordtest.Server
	adapter *discord.Adapter
	h       *chattest.Handler    // the stub; nil under the real engine
	engine  *dialogtest.Recorder // the real engine; nil under the stub
	store   *store.Store         // the engine's store; nil under the stub
	cfg     discord.Config

	stop     context.CancelFunc
	done     chan error // Run's result
	finished bool       // Run's result has been taken
	runErr   error
}

type setup struct {
	cfg func(*discord.Config)
	// stub is the handler; nil: one that echoes (chattest.Echo) with
	// the command menu of menu().
	stub *chattest.Handler
	// plain hides the stub's optional abilities (command menu,
	// reachability) from the adapter: no slash commands are registered.
	plain bool
}

// menu is the command menu of the stubs: what the tests run as slash
// commands, with an integer and a text option.
func menu() []chat.Command {
	return []chat.Command{
		{Name: "start", Description: "Set up your walking plan"},
		{Name: "checkin", Description: "Check in now"},
		{Name: "done", Description: "Log a walk", Options: []chat.CommandOption{
			{Name: "minutes", Description: "How many minutes you walked", Integer: true, Min: 1, Max: 300},
		}},
		{Name: "stop", Description: "Pause the plan", Options: []chat.CommandOption{
			{Name: "duration", Description: "For how long, e.g. 3d"},
		}},
		{Name: "plan", Description: "Today's plan"},
		{Name: "progress", Description: "Your progress"},
		{Name: "export", Description: "Everything stored about you"},
		{Name: "help", Description: "What I can do"},
	}
}

// stub is a handler answering from script, with the command menu.
func stub(script chattest.Script) *chattest.Handler {
	h := chattest.New(script.Reply)
	h.SetCommands(menu())
	return h
}

// start runs the adapter on a stub handler against a new fake Discord
// and waits until it is connected with its slash commands registered
// (when the handler has a menu).
func start(t *testing.T, s setup) *env {
	t.Helper()
	e := launch(t, discordtest.NewServer(t, discordtest.Options{}), s)
	e.srv.Ready(t)
	if !s.plain {
		e.srv.WaitFor(t, "slash commands", func() bool { return len(e.srv.Commands(e.cfg.GuildID)) > 0 })
	}
	e.srv.WaitFor(t, "the adapter to be ready", e.adapter.Ready)
	return e
}

// launch runs the adapter on a stub handler against srv without waiting
// for anything.
func launch(t *testing.T, srv *discordtest.Server, s setup) *env {
	t.Helper()
	if s.stub == nil {
		s.stub = chattest.New(chattest.Echo)
		s.stub.SetCommands(menu())
	}
	var h discord.Handler = s.stub
	if s.plain {
		h = s.stub.Plain()
	}
	e := run(t, srv, s, h)
	e.h = s.stub
	return e
}

// startEngine runs the adapter on the real engine, on real Redis, and
// waits as start does.
func startEngine(t *testing.T, s setup) *env {
	t.Helper()
	st := store.New(redistest.New(t), store.Options{Prefix: redistest.Prefix(t)})
	eng := &dialogtest.Recorder{Engine: dialogtest.NewEngine(t, st, nil)}
	e := run(t, discordtest.NewServer(t, discordtest.Options{}), s, eng)
	e.engine, e.store = eng, st
	e.srv.Ready(t)
	e.srv.WaitFor(t, "slash commands", func() bool { return len(e.srv.Commands(e.cfg.GuildID)) > 0 })
	return e
}

func run(t *testing.T, srv *discordtest.Server, s setup, h discord.Handler) *env {
	t.Helper()
	c := discord.Config{
		Token:      srv.Token(),
		AppID:      srv.AppID(),
		HTTPClient: srv.Client(),
		Dialer:     srv.Dialer(),
		MaxBackoff: 100 * time.Millisecond,
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if s.cfg != nil {
		s.cfg(&c)
	}
	a, err := discord.New(c)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &env{t: t, srv: srv, adapter: a, cfg: c, stop: cancel, done: make(chan error, 1)}
	go func() { e.done <- a.Run(ctx, h) }()
	t.Cleanup(func() {
		cancel()
		if e.finished {
			return
		}
		select {
		case err := <-e.done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("Run did not stop")
		}
	})
	return e
}

// result waits up to d for Run to return by itself and gives its error.
func (e *env) result(d time.Duration) (error, bool) {
	e.t.Helper()
	if e.finished {
		return e.runErr, true
	}
	select {
	case err := <-e.done:
		e.finished, e.runErr = true, err
		return err, true
	case <-time.After(d):
		return nil, false
	}
}

// person chats with the bot, in DMs or in a server channel.
type person struct {
	e     *env
	user  discordtest.User
	where discordtest.Where
	// replies is where the answer to the latest action shows: the
	// interaction's responses, or the DM channel.
	replies func() []discordtest.Message
	// interactions are the ids of the person's interactions, in order.
	interactions []string
}

func (e *env) person(id string) *person {
	u := discordtest.User{ID: id, Locale: "en-GB"}
	return &person{e: e, user: u, where: discordtest.DM(u)}
}

// addr is the neutral address the adapter must give the person's
// messages from their DM with the bot or from a server channel: their DM
// channel, not shared.
func (p *person) addr() chat.Address {
	return chat.Address{Platform: chat.Discord, ChatID: p.e.srv.DMChannel(p.user.ID), UserID: p.user.ID}
}

// dmChannel is the person's DM channel with the bot.
func (p *person) dmChannel() string { return p.e.srv.DMChannel(p.user.ID) }

// slash runs a slash command and waits for a reply containing want.
func (p *person) slash(name string, options map[string]any, want string) discordtest.Message {
	p.e.t.Helper()
	in := p.e.srv.Slash(p.user, p.where, name, options)
	p.interactions = append(p.interactions, in.ID)
	p.replies = func() []discordtest.Message { return p.e.srv.Responses(in.ID) }
	return p.waitFor(want)
}

// dm sends a direct message and waits for a reply containing want.
func (p *person) dm(text, want string) discordtest.Message {
	p.e.t.Helper()
	before := len(p.e.srv.Messages(p.dmChannel()))
	p.e.srv.DM(p.user, text)
	p.replies = func() []discordtest.Message {
		all := p.e.srv.Messages(p.dmChannel())
		return all[min(before, len(all)):]
	}
	return p.waitFor(want)
}

// press presses the newest button labelled label among the latest
// replies and waits for a reply containing want.
func (p *person) press(label, want string) discordtest.Message {
	p.e.t.Helper()
	msg, id := p.button(label)
	return p.pressOn(msg, id, want)
}

// pressOn presses the button with customID on msg.
func (p *person) pressOn(msg discordtest.Message, customID, want string) discordtest.Message {
	p.e.t.Helper()
	in := p.e.srv.Press(p.user, msg, customID)
	p.interactions = append(p.interactions, in.ID)
	p.replies = func() []discordtest.Message { return p.e.srv.Responses(in.ID) }
	return p.waitFor(want)
}

func (p *person) button(label string) (discordtest.Message, string) {
	p.e.t.Helper()
	msgs := p.replies()
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, row := range msgs[i].Buttons {
			for _, b := range row {
				if b.Label == label {
					return msgs[i], b.CustomID
				}
			}
		}
	}
	p.e.t.Fatalf("no button %q in the latest replies: %+v", label, msgs)
	return discordtest.Message{}, ""
}

func (p *person) waitFor(want string) discordtest.Message {
	p.e.t.Helper()
	var found discordtest.Message
	p.e.srv.WaitFor(p.e.t, "a reply containing "+want, func() bool {
		for _, m := range p.replies() {
			if strings.Contains(m.Content, want) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// at checks that an interaction's At is the adapter's clock when it
// arrived: between before (just before it was dispatched) and now.
func at(t *testing.T, in chat.Incoming, before time.Time) {
	t.Helper()
	if in.At.Before(before) || in.At.After(time.Now()) {
		t.Fatalf("incoming At = %v, want its arrival (after %v)", in.At, before)
	}
}

// sentAt checks that a direct message's At is the message's timestamp:
// Discord's, in microseconds, between just before the message was
// written (before) and now.
func sentAt(t *testing.T, in chat.Incoming, before time.Time) {
	t.Helper()
	if in.At.Before(before.Truncate(time.Microsecond)) || in.At.After(time.Now()) || in.At.Nanosecond()%1000 != 0 {
		t.Fatalf("incoming At = %v, want the message's timestamp (whole microseconds since %v)", in.At, before)
	}
}

// sendErrors records what the adapter reported to OnSendError.
type sendErrors struct {
	mu    sync.Mutex
	kinds []chat.SendErrorKind
}

func (r *sendErrors) add(kind chat.SendErrorKind) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kinds = append(r.kinds, kind)
}

func (r *sendErrors) list() []chat.SendErrorKind {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]chat.SendErrorKind(nil), r.kinds...)
}
