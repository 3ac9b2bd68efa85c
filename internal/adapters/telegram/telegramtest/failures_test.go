package telegramtest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"gopkg.in/telebot.v3"
)

func TestFailNext(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	to := telebot.ChatID(ana.ID)

	s.FailNext("sendMessage", 1, Failure{Code: 429, RetryAfter: 3})
	s.FailNext("sendMessage", 1, Failure{Code: 500})
	_, err := b.Send(to, "one")
	var flood telebot.FloodError
	if !errors.As(err, &flood) || flood.RetryAfter != 3 {
		t.Fatalf("429: %v", err)
	}
	if _, err := b.Send(to, "two"); !errors.Is(err, telebot.ErrInternal) {
		t.Fatalf("500: %v", err)
	}
	if _, err := b.Send(to, "three"); err != nil {
		t.Fatalf("after failures: %v", err)
	}
	if s.Calls("sendMessage") != 3 || len(s.Sent(ana.ID)) != 1 || s.TooMany() != 0 {
		t.Fatalf("calls=%d sent=%v tooMany=%d", s.Calls("sendMessage"), s.Sent(ana.ID), s.TooMany())
	}
}

func TestBlock(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	m, err := b.Send(telebot.ChatID(ana.ID), "hello")
	if err != nil {
		t.Fatal(err)
	}
	s.Block(ana.ID)
	if _, err := b.Send(telebot.ChatID(ana.ID), "again"); !errors.Is(err, telebot.ErrBlockedByUser) {
		t.Fatalf("send: %v", err)
	}
	if _, err := b.Edit(m, "edited"); !errors.Is(err, telebot.ErrBlockedByUser) {
		t.Fatalf("edit: %v", err)
	}
	if _, err := b.Send(telebot.ChatID(2002), "others still fine"); err != nil {
		t.Fatal(err)
	}
	s.Unblock(ana.ID)
	if _, err := b.Send(telebot.ChatID(ana.ID), "again"); err != nil {
		t.Fatal(err)
	}
}

func TestLimits(t *testing.T) {
	t.Run("exceeded", func(t *testing.T) {
		s := NewServer(t, Options{Limits: &Limits{PerChat: 1, PerChatBurst: 2, Global: 30, GlobalBurst: 30}})
		b := newBot(t, s)
		var floods []telebot.FloodError
		for i := range 4 {
			_, err := b.Send(telebot.ChatID(ana.ID), "msg")
			var flood telebot.FloodError
			if errors.As(err, &flood) {
				floods = append(floods, flood)
			} else if err != nil {
				t.Fatalf("send %d: %v", i, err)
			}
		}
		if len(floods) != 2 || floods[0].RetryAfter < 1 || s.TooMany() != 2 || len(s.Sent(ana.ID)) != 2 {
			t.Fatalf("floods=%+v tooMany=%d sent=%d", floods, s.TooMany(), len(s.Sent(ana.ID)))
		}
		if _, err := b.Send(telebot.ChatID(2002), "another chat"); err != nil {
			t.Fatalf("per-chat limit leaked to another chat: %v", err)
		}
	})
	t.Run("global", func(t *testing.T) {
		s := NewServer(t, Options{Limits: &Limits{Global: 1, GlobalBurst: 1}})
		b := newBot(t, s)
		if _, err := b.Send(telebot.ChatID(1), "a"); err != nil {
			t.Fatal(err)
		}
		var flood telebot.FloodError
		if _, err := b.Send(telebot.ChatID(2), "b"); !errors.As(err, &flood) || flood.RetryAfter != 1 {
			t.Fatalf("second chat over global limit: %v", err)
		}
	})
	t.Run("paced", func(t *testing.T) {
		s := NewServer(t, Options{Limits: &Limits{PerChat: 40, PerChatBurst: 1, Global: 40, GlobalBurst: 1}})
		b := newBot(t, s)
		for range 5 {
			if _, err := b.Send(telebot.ChatID(ana.ID), "paced"); err != nil {
				t.Fatal(err)
			}
			time.Sleep(30 * time.Millisecond)
		}
		if s.TooMany() != 0 {
			t.Fatalf("tooMany = %d", s.TooMany())
		}
	})
}

func TestUnknownMethodAndToken(t *testing.T) {
	s := NewServer(t, Options{Token: "42:SECRET", BotUsername: "other_bot"})
	b := newBot(t, s)
	if b.Me.ID != 42 || b.Me.Username != "other_bot" {
		t.Fatalf("me = %+v", b.Me)
	}
	if _, err := b.Raw("getChat", map[string]string{"chat_id": "1"}); err == nil || !strings.Contains(err.Error(), "(404)") {
		t.Fatalf("unknown method: %v", err)
	}
	if s.Calls("getChat") != 1 {
		t.Fatalf("calls = %d", s.Calls("getChat"))
	}
	_, err := telebot.NewBot(telebot.Settings{URL: s.URL(), Token: "42:WRONG", Offline: false})
	if !errors.Is(err, telebot.ErrUnauthorized) {
		t.Fatalf("wrong token: %v", err)
	}
}

func TestFailSends(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	m, err := b.Send(telebot.ChatID(ana.ID), "before")
	if err != nil {
		t.Fatal(err)
	}
	s.FailSends(ana.ID, Failure{Code: 502, Description: "Bad Gateway"})
	for range 3 { // it lasts however often the bot tries
		if _, err := b.Send(telebot.ChatID(ana.ID), "during"); err == nil || !strings.Contains(err.Error(), "(502)") {
			t.Fatalf("send during the outage: %v", err)
		}
	}
	if _, err := b.Edit(m, "edited"); err == nil || !strings.Contains(err.Error(), "(502)") {
		t.Fatalf("edit during the outage: %v", err)
	}
	if _, err := b.Send(telebot.ChatID(2002), "others still fine"); err != nil {
		t.Fatal(err)
	}
	s.StopFailing(ana.ID)
	if _, err := b.Send(telebot.ChatID(ana.ID), "after"); err != nil {
		t.Fatal(err)
	}
	if sent := s.Sent(ana.ID); len(sent) != 2 || sent[1].Text != "after" || s.Calls("sendMessage") != 6 {
		t.Fatalf("sent=%+v calls=%d", sent, s.Calls("sendMessage"))
	}
}

func TestHang(t *testing.T) {
	t.Run("until the client gives up", func(t *testing.T) {
		s := NewServer(t, Options{})
		b, err := telebot.NewBot(telebot.Settings{
			URL:    s.URL(),
			Token:  s.Token(),
			Client: &http.Client{Timeout: 200 * time.Millisecond},
		})
		if err != nil {
			t.Fatal(err)
		}
		to := telebot.ChatID(ana.ID)
		// In the order injected: the 500 first, then the two hangs.
		s.FailNext("sendMessage", 1, Failure{Code: 500})
		s.Hang("sendMessage", 2)
		if _, err := b.Send(to, "one"); !errors.Is(err, telebot.ErrInternal) {
			t.Fatalf("500: %v", err)
		}
		for i := range 2 {
			began := time.Now()
			_, err := b.Send(to, "hung")
			var timeout net.Error
			if !errors.As(err, &timeout) || !timeout.Timeout() {
				t.Fatalf("hung call %d: %v, want the client's timeout", i, err)
			}
			if waited := time.Since(began); waited < 200*time.Millisecond {
				t.Fatalf("hung call %d answered after %v, before the client gave up", i, waited)
			}
		}
		if _, err := b.Send(to, "after"); err != nil {
			t.Fatalf("after the hangs: %v", err)
		}
		if sent := s.Sent(ana.ID); s.Calls("sendMessage") != 4 || len(s.Requests("sendMessage")) != 4 || len(sent) != 1 || sent[0].Text != "after" {
			t.Fatalf("calls=%d sent=%+v", s.Calls("sendMessage"), sent)
		}
	})

	t.Run("only with the right token, until the context ends", func(t *testing.T) {
		s := NewServer(t, Options{})
		s.Hang("getMe", 1)
		resp, err := http.Post(s.URL()+"/bot1:WRONG/getMe", "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong token: %d", resp.StatusCode)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- post(ctx, s.URL()+"/bot"+s.Token()+"/getMe") }()
		waitCalls(t, s, "getMe", 2)
		select {
		case err := <-done:
			t.Fatalf("the hung call answered: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
		cancel()
		if err := recv(t, done); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled call: %v", err)
		}
		if err := post(context.Background(), s.URL()+"/bot"+s.Token()+"/getMe"); err != nil {
			t.Fatalf("after the hang: %v", err)
		}
	})

	t.Run("until the server closes", func(t *testing.T) {
		done := make(chan error, 1)
		t.Run("server", func(t *testing.T) {
			s := NewServer(t, Options{})
			s.Hang("sendMessage", 1)
			go func() { done <- post(context.Background(), s.URL()+"/bot"+s.Token()+"/sendMessage") }()
			waitCalls(t, s, "sendMessage", 1)
		}) // the server's cleanup has run: it must not wait for the hung call
		if err := recv(t, done); err == nil {
			t.Fatal("the hung call was answered")
		}
	})
}

// post makes one call; an error when there is no response or it is not 200.
func post(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader("{}"))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

func waitCalls(t *testing.T, s *Server, method string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.Calls(method) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d calls, want %d", method, s.Calls(method), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Telegram's 30 a second is 30 in any second: a bot that spent its burst
// gets no more within that second, though a token bucket of 30 a second
// would have refilled half of it by then.
func TestTelegramLimitsWindow(t *testing.T) {
	s := NewServer(t, Options{Limits: TelegramLimits()})
	b := newBot(t, s)
	for i := range 30 {
		if _, err := b.Send(telebot.ChatID(int64(5000+i)), "burst"); err != nil {
			t.Fatalf("send %d of the burst: %v", i, err)
		}
	}
	time.Sleep(300 * time.Millisecond)
	var flood telebot.FloodError
	if _, err := b.Send(telebot.ChatID(6000), "one more"); !errors.As(err, &flood) || flood.RetryAfter != 1 {
		t.Fatalf("the 31st send within a second: %v, want 429 with retry_after 1", err)
	}
	if s.TooMany() != 1 || len(s.Accepted()) != 30 {
		t.Fatalf("tooMany=%d accepted=%d", s.TooMany(), len(s.Accepted()))
	}
	// One chat: a short burst of three, then one a second.
	s = NewServer(t, Options{Limits: TelegramLimits()})
	b = newBot(t, s)
	for i := range 4 {
		_, err := b.Send(telebot.ChatID(ana.ID), "x")
		if i < 3 && err != nil {
			t.Fatalf("send %d to one chat: %v", i, err)
		}
		if i == 3 && !errors.As(err, &flood) {
			t.Fatalf("the 4th send to one chat at once: %v, want 429", err)
		}
	}
}
