package telegram_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"treadwell/internal/adapters/telegram"
	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// Redis backs the one end-to-end test (engine_test.go) and the webhook
// replicas' shared update log.
func TestMain(m *testing.M) { redistest.Main(m) }

// env is a running bot: the real telebot client in the adapter, a fake
// Bot API server, and a handler behind the adapter. Tests of the
// translation use a stub handler (h), so that they check exactly what
// crossed the adapter and do not change when the engine's texts or flows
// do; the end-to-end test runs the real engine.
type env struct {
	t       *testing.T
	srv     *telegramtest.Server
	adapter *telegram.Adapter
	h       *chattest.Handler    // the stub; nil under the real engine
	engine  *dialogtest.Recorder // the real engine, on real Redis; nil under the stub
}

type setup struct {
	limits *telegramtest.Limits
	cfg    func(*telegram.Config)
	// stub is the handler; nil: one that echoes (chattest.Echo) with
	// no command menu.
	stub *chattest.Handler
	// plain hides the stub's optional abilities (command menu,
	// reachability) from the adapter.
	plain   bool
	prepare func(*telegramtest.Server) // before the bot starts
	before  func(*telegram.Adapter)    // before it runs
}

// start runs the adapter on a stub handler.
func start(t *testing.T, s setup) *env {
	t.Helper()
	if s.stub == nil {
		s.stub = chattest.New(chattest.Echo)
	}
	var h telegram.Handler = s.stub
	if s.plain {
		h = s.stub.Plain()
	}
	e := run(t, s, h)
	e.h = s.stub
	return e
}

// startEngine runs the adapter on the real engine, on real Redis.
func startEngine(t *testing.T, s setup) *env {
	t.Helper()
	st := store.New(redistest.New(t), store.Options{Prefix: redistest.Prefix(t)})
	eng := &dialogtest.Recorder{Engine: dialogtest.NewEngine(t, st, nil)}
	e := run(t, s, eng)
	e.engine = eng
	return e
}

func run(t *testing.T, s setup, h telegram.Handler) *env {
	t.Helper()
	srv := telegramtest.NewServer(t, telegramtest.Options{Limits: s.limits})
	cfg := telegram.Config{
		Token:        srv.Token(),
		APIURL:       srv.URL(),
		PollTimeout:  time.Second,
		Retries:      4,
		MaxBackoff:   200 * time.Millisecond,
		PerChat:      rate.Inf, // pacing has its own test
		Global:       rate.Inf,
		PerChatBurst: 1,
		GlobalBurst:  1,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if s.cfg != nil {
		s.cfg(&cfg)
	}
	if s.prepare != nil {
		s.prepare(srv)
	}
	var before []func(*telegram.Adapter)
	if s.before != nil {
		before = append(before, s.before)
	}
	a := runAdapter(t, cfg, h, before...)
	e := &env{t: t, srv: srv, adapter: a}
	// Ready once it polls (or, in webhook mode, registered the hook).
	e.eventually("the bot to start", func() bool {
		return srv.Calls("getUpdates") > 0 || srv.Calls("setWebhook") > 0
	})
	return e
}

// runAdapter runs an adapter on h until the test ends; before runs
// first.
func runAdapter(t testing.TB, cfg telegram.Config, h telegram.Handler, before ...func(*telegram.Adapter)) *telegram.Adapter {
	t.Helper()
	a, err := telegram.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range before {
		f(a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, h) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("Run did not stop")
		}
	})
	return a
}

// eventually waits up to 10s for cond.
func (e *env) eventually(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			e.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// person is someone chatting with the bot in one chat.
type person struct {
	e    *env
	user telegramtest.User
	chat telegramtest.Chat
	seen int // messages of the chat already looked at
}

func (e *env) person(id int64, lang string) *person {
	u := telegramtest.User{ID: id, FirstName: "P", LanguageCode: lang}
	return &person{e: e, user: u, chat: telegramtest.Private(u)}
}

// addr is the neutral address the adapter must give this person's
// messages in this chat.
func (p *person) addr() chat.Address {
	return chat.Address{
		Platform: chat.Telegram,
		ChatID:   strconv.FormatInt(p.chat.ID, 10),
		UserID:   strconv.FormatInt(p.user.ID, 10),
		Group:    p.chat.Type != "private",
	}
}

// say sends text and waits for a reply containing want.
func (p *person) say(text, want string) telegramtest.Message {
	p.e.t.Helper()
	p.e.srv.SendText(p.user, p.chat, text)
	return p.waitFor(want)
}

// press presses the button labelled label on the newest message that has
// it, and waits for a reply containing want.
func (p *person) press(label, want string) telegramtest.Message {
	p.e.t.Helper()
	msg, data := p.button(label)
	p.e.srv.Press(p.user, msg, data)
	return p.waitFor(want)
}

func (p *person) button(label string) (telegramtest.Message, string) {
	p.e.t.Helper()
	sent := p.e.srv.Sent(p.chat.ID)
	for i := len(sent) - 1; i >= 0; i-- {
		for _, row := range sent[i].Keyboard {
			for _, b := range row {
				if b.Text == label {
					return sent[i], b.CallbackData
				}
			}
		}
	}
	p.e.t.Fatalf("no button %q in chat %d", label, p.chat.ID)
	return telegramtest.Message{}, ""
}

// waitFor waits for a new message in the chat containing want.
func (p *person) waitFor(want string) telegramtest.Message {
	p.e.t.Helper()
	var found telegramtest.Message
	p.e.eventually("a reply containing "+want, func() bool {
		sent := p.e.srv.Sent(p.chat.ID)
		for i := p.seen; i < len(sent); i++ {
			if strings.Contains(sent[i].Text, want) {
				found = sent[i]
				p.seen = i + 1
				return true
			}
		}
		return false
	})
	return found
}

// sentAt checks that in carries a message's date: whole seconds, between
// just before the message was sent (before) and now.
func sentAt(t *testing.T, in chat.Incoming, before time.Time) {
	t.Helper()
	if in.At.Before(before.Truncate(time.Second)) || in.At.After(time.Now()) || in.At.Nanosecond() != 0 {
		t.Fatalf("incoming At = %v, want the message's date (whole seconds since %v)", in.At, before)
	}
}
