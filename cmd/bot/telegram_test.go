package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat/chattest"
)

// TELEGRAM_TOKEN=... TELEGRAM_API_URL=http://127.0.0.1:PORT go run ./cmd/bot
// against a Bot API server that implements only the core methods (no
// command menu, no webhook methods): the conversation works, and SIGTERM
// (ctx) shuts it down with exit 0.
func TestRun_telegramAgainstACoreOnlyServer(t *testing.T) {
	srv := telegramtest.NewServer(t, telegramtest.Options{Token: fakeTelegramToken})
	notFound := telegramtest.Failure{Code: 404, Description: "Not Found: method not found"}
	srv.FailNext("setMyCommands", 1, notFound)
	srv.FailNext("deleteWebhook", 1, notFound)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr chattest.SyncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, nil, strings.NewReader(""), &bytes.Buffer{}, &stderr, env(map[string]string{
			"TELEGRAM_TOKEN":   srv.Token(),
			"TELEGRAM_API_URL": srv.URL(),
		}))
	}()

	u := telegramtest.User{ID: 42, FirstName: "Ann", LanguageCode: "en"}
	srv.SendText(u, telegramtest.Private(u), "/start")
	msgs := srv.WaitSent(t, 42, 1)
	if !strings.Contains(msgs[0].Text, "not medical advice") {
		t.Fatalf("first reply = %q", msgs[0].Text)
	}
	srv.Press(u, msgs[0], msgs[0].Keyboard[0][0].CallbackData)
	msgs = srv.WaitSent(t, 42, 2)
	if !strings.Contains(msgs[1].Text, "sciatica in both legs?") {
		t.Fatalf("second reply = %q", msgs[1].Text)
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
	logs := stderr.String()
	if !strings.Contains(logs, "setMyCommands refused") {
		t.Fatalf("no warning about the refused command menu:\n%s", logs)
	}
	for _, secret := range []string{srv.Token(), "/start", "sciatica"} {
		if strings.Contains(logs, secret) {
			t.Fatalf("logs contain %q:\n%s", secret, logs)
		}
	}
}
