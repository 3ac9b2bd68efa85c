package discord_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

func TestMain(m *testing.M) { redistest.Main(m) }

// env is a running bot: the real discordgo client in the adapter, the
// real engine on real Redis, and a fake Discord.
type env struct {
	t       *testing.T
	srv     *discordtest.Server
	adapter *discord.Adapter
	engine  *dialogtest.Recorder
	store   *store.Store
	cfg     discord.Config

	stop     context.CancelFunc
	done     chan error // Run's result
	finished bool       // Run's result has been taken
	runErr   error
}

// start runs the bot against a new fake Discord and waits until it is
// connected with its commands registered.
func start(t *testing.T, cfg func(*discord.Config)) *env {
	t.Helper()
	e := launch(t, discordtest.NewServer(t, discordtest.Options{}), cfg)
	e.srv.Ready(t)
	e.srv.WaitFor(t, "slash commands", func() bool { return len(e.srv.Commands(e.cfg.GuildID)) > 0 })
	return e
}

// launch runs the bot against srv without waiting for anything.
func launch(t *testing.T, srv *discordtest.Server, cfg func(*discord.Config)) *env {
	t.Helper()
	st := store.New(redistest.New(t), store.Options{Prefix: redistest.Prefix(t)})
	eng := &dialogtest.Recorder{Engine: dialogtest.NewEngine(t, st, nil)}
	c := discord.Config{
		Token:      srv.Token(),
		AppID:      srv.AppID(),
		HTTPClient: srv.Client(),
		Dialer:     srv.Dialer(),
		MaxBackoff: 100 * time.Millisecond,
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if cfg != nil {
		cfg(&c)
	}
	a, err := discord.New(c)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &env{t: t, srv: srv, adapter: a, engine: eng, store: st, cfg: c, stop: cancel, done: make(chan error, 1)}
	go func() { e.done <- a.Run(ctx, eng) }()
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
	before := len(p.e.srv.Messages(p.e.srv.DMChannel(p.user.ID)))
	p.e.srv.DM(p.user, text)
	p.replies = func() []discordtest.Message {
		all := p.e.srv.Messages(p.e.srv.DMChannel(p.user.ID))
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
