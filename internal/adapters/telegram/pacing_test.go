package telegram_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"golang.org/x/time/rate"

	"treadwell/internal/adapters/telegram"
	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat"
)

// scaledTelegram are Telegram's limits (telegramtest.TelegramLimits) with
// time running 5x faster, so that a test of many sends takes seconds:
// the same bursts, five times the rates. A burst smaller than
// Telegram's would refuse what Telegram takes: a stall of this process
// (a collection, a loaded machine) of a fraction of a second holds the
// requests the pacer let go meanwhile, which then arrive together, as
// they can on a real network.
func scaledTelegram() *telegramtest.Limits {
	l := telegramtest.TelegramLimits()
	l.PerChat *= 5
	l.Global *= 5
	return l
}

// 200 messages to 50 chats at once against a fake that enforces
// Telegram's limits (scaled up 5x so the test takes seconds): no 429,
// every message delivered, order kept within each chat.
func TestPacingStaysWithinLimits(t *testing.T) {
	const chats, perChat = 50, 4
	// The pacer sends evenly a little under the limits, so jitter
	// cannot push messages closer together than the server allows.
	fake := scaledTelegram()
	e := start(t, setup{
		limits: fake,
		cfg: func(c *telegram.Config) {
			c.PerChat, c.PerChatBurst = fake.PerChat*0.9, 1
			c.Global, c.GlobalBurst = fake.Global*0.9, 1
		},
	})
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, chats*perChat)
	for c := 1; c <= chats; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			to := chat.Address{Platform: chat.Telegram, ChatID: strconv.Itoa(c), UserID: strconv.Itoa(c)}
			for i := 0; i < perChat; i++ {
				if err := e.adapter.Send(ctx, chat.Outgoing{To: to, Text: fmt.Sprintf("message %d", i)}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := e.srv.TooMany(); n != 0 {
		t.Fatalf("%d messages were refused with 429", n)
	}
	for c := int64(1); c <= chats; c++ {
		sent := e.srv.Sent(c)
		if len(sent) != perChat {
			t.Fatalf("chat %d got %d messages, want %d", c, len(sent), perChat)
		}
		for i, m := range sent {
			if want := fmt.Sprintf("message %d", i); m.Text != want {
				t.Fatalf("chat %d message %d = %q, want %q", c, i, m.Text, want)
			}
		}
	}
}

// Without pacing the same fake refuses messages: the test above can fail.
func TestPacingIsNeeded(t *testing.T) {
	fake := scaledTelegram()
	e := start(t, setup{limits: fake, cfg: func(c *telegram.Config) {
		c.PerChat, c.Global, c.Retries = rate.Inf, rate.Inf, -1
	}})
	to := chat.Address{Platform: chat.Telegram, ChatID: "1", UserID: "1"}
	for i := 0; i < 6; i++ {
		_ = e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "x"})
	}
	if e.srv.TooMany() == 0 {
		t.Fatal("the fake did not enforce its per-chat limit")
	}
}
