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

// 200 messages to 50 chats at once against a fake that enforces
// Telegram-like limits (scaled up 5x so the test takes seconds): no 429,
// every message delivered, order kept within each chat.
func TestPacingStaysWithinLimits(t *testing.T) {
	const chats, perChat = 50, 4
	// Like Telegram, the fake tolerates a short burst; the pacer sends
	// evenly a little under the limits, so network jitter cannot push two
	// messages closer together than the server allows.
	fake := &telegramtest.Limits{PerChat: 5, PerChatBurst: 2, Global: 150, GlobalBurst: 10}
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
	fake := &telegramtest.Limits{PerChat: 5, PerChatBurst: 2, Global: 150, GlobalBurst: 10}
	e := start(t, setup{limits: fake, cfg: func(c *telegram.Config) {
		c.PerChat, c.Global, c.Retries = rate.Inf, rate.Inf, -1
	}})
	to := chat.Address{Platform: chat.Telegram, ChatID: "1", UserID: "1"}
	for i := 0; i < 4; i++ {
		_ = e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "x"})
	}
	if e.srv.TooMany() == 0 {
		t.Fatal("the fake did not enforce its per-chat limit")
	}
}
