package telegramtest

import (
	"errors"
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
