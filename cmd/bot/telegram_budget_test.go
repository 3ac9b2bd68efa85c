package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat/chattest"
	"treadwell/internal/store/redistest"
)

// With a Redis of its own (REDIS_URL) the bot paces its Telegram
// messages through the budgets there, shared with any other replica:
// the bot's (tw:rate:telegram:<token hash>) and the chat's (…:chat:<id>),
// never with the token in a key.
func TestRun_telegramPacesThroughRedis(t *testing.T) {
	rdb := redistest.NewServer(t)
	addr := rdb.Options().Addr
	// The budgets' keys expire a second or two after use, so they are
	// looked for all along, not once at the end.
	var mu sync.Mutex
	var seen []string
	watch, stopWatch := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for watch.Err() == nil {
			keys, _ := rdb.Keys(watch, "tw:rate:telegram:*").Result()
			mu.Lock()
			seen = append(seen, keys...)
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
		}
	}()
	t.Cleanup(func() { stopWatch(); <-watched })

	srv := telegramtest.NewServer(t, telegramtest.Options{Token: fakeTelegramToken})
	ctx, cancel := context.WithCancel(context.Background())
	var stderr chattest.SyncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, nil, strings.NewReader(""), &bytes.Buffer{}, &stderr, env(map[string]string{
			"TELEGRAM_TOKEN":   srv.Token(),
			"TELEGRAM_API_URL": srv.URL(),
			"REDIS_URL":        "redis://" + addr,
		}))
	}()
	u := telegramtest.User{ID: 42, FirstName: "Ann", LanguageCode: "en"}
	srv.SendText(u, telegramtest.Private(u), "/start")
	srv.WaitSent(t, 42, 1)

	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		all, n := strings.Join(seen, "\n"), len(seen)
		mu.Unlock()
		bot := regexp.MustCompile(`(?m)^tw:rate:telegram:[0-9a-f]{16}$`).MatchString(all)
		chat := regexp.MustCompile(`(?m)^tw:rate:telegram:[0-9a-f]{16}:chat:42$`).MatchString(all)
		if bot && chat {
			if strings.Contains(all, srv.Token()) {
				t.Fatal("a budget's key holds the token")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no use of the Telegram budgets in Redis (bot's %v, chat's %v) among %d keys seen", bot, chat, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit %d:\n%s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the bot did not stop")
	}
}
