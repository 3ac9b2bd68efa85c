package telegram_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"treadwell/internal/adapters/telegram"
	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

func TestMain(m *testing.M) { redistest.Main(m) }

// env is a running bot: the real telebot client in the adapter, the real
// engine on real Redis, and a fake Bot API server.
type env struct {
	t       *testing.T
	srv     *telegramtest.Server
	adapter *telegram.Adapter
	engine  *dialogtest.Recorder
	store   *store.Store
}

type setup struct {
	limits  *telegramtest.Limits
	cfg     func(*telegram.Config)
	prepare func(*telegramtest.Server) // before the bot starts
}

func start(t *testing.T, s setup) *env {
	t.Helper()
	srv := telegramtest.NewServer(t, telegramtest.Options{Limits: s.limits})
	st := store.New(redistest.New(t), store.Options{Prefix: redistest.Prefix(t)})
	eng := &dialogtest.Recorder{Engine: dialogtest.NewEngine(t, st, nil)}
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
	a := runAdapter(t, cfg, eng)
	e := &env{t: t, srv: srv, adapter: a, engine: eng, store: st}
	// Ready once it polls (or, in webhook mode, registered the hook).
	e.eventually("the bot to start", func() bool {
		return srv.Calls("getUpdates") > 0 || srv.Calls("setWebhook") > 0
	})
	return e
}

// runAdapter runs an adapter on h until the test ends; before runs
// first.
func runAdapter(t *testing.T, cfg telegram.Config, h telegram.Handler, before ...func(*telegram.Adapter)) *telegram.Adapter {
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

// onboard runs /start with buttons and typed answers.
func (p *person) onboard() {
	p.e.t.Helper()
	p.say("/start", "not medical advice")
	p.press("I understand", "sciatica in both legs?")
	p.press("None of these", "doctor today")
	p.press("None of these", "leg pain")
	p.press("4", "back pain")
	p.press("3", "how many minutes")
	p.press("10", "Where will you walk?")
	p.press("Treadmill", "What time")
	p.press("07:30", "time zone")
	p.say("Berlin", "which days")
	p.press("Every day", "Next reminder")
}
