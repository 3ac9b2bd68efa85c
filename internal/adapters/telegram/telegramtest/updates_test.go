package telegramtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gopkg.in/telebot.v3"
)

// getUpdates calls the method through telebot's Raw and decodes the result
// the way telebot's poller does.
func getUpdates(t *testing.T, b *telebot.Bot, p map[string]string) []telebot.Update {
	t.Helper()
	data, err := b.Raw("getUpdates", p)
	if err != nil {
		t.Fatalf("getUpdates: %v", err)
	}
	var resp struct{ Result []telebot.Update }
	if err := json.Unmarshal(data, &resp); err != nil {
		t.Fatal(err)
	}
	return resp.Result
}

func TestGetUpdatesOffsetLimitTimeout(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	for _, text := range []string{"/start", "one", "two"} {
		s.SendText(ana, Private(ana), text)
	}

	got := getUpdates(t, b, map[string]string{"offset": "0", "limit": "2"})
	if len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 || got[0].Message.Text != "/start" {
		t.Fatalf("first batch = %+v", got)
	}
	if e := got[0].Message.Entities; len(e) != 1 || e[0].Type != telebot.EntityCommand || e[0].Length != 6 {
		t.Fatalf("entities = %+v", e)
	}
	if got = getUpdates(t, b, map[string]string{"offset": "3"}); len(got) != 1 || got[0].Message.Text != "two" {
		t.Fatalf("after confirming 1-2: %+v", got)
	}

	// An empty queue waits for the next update and returns at once.
	go func() {
		time.Sleep(100 * time.Millisecond)
		s.SendText(ana, Private(ana), "late")
	}()
	begin := time.Now()
	got = getUpdates(t, b, map[string]string{"offset": "4", "timeout": "30"})
	if len(got) != 1 || got[0].ID != 4 || time.Since(begin) > time.Second {
		t.Fatalf("long poll = %+v after %v", got, time.Since(begin))
	}

	// Nothing pending: the wait is capped.
	begin = time.Now()
	if got = getUpdates(t, b, map[string]string{"offset": "5", "timeout": "30"}); len(got) != 0 || time.Since(begin) > 3*time.Second {
		t.Fatalf("idle poll = %+v after %v", got, time.Since(begin))
	}

	// allowed_updates drops other kinds, and sticks until changed.
	s.Press(ana, Message{ID: 1, ChatID: ana.ID}, "x")
	s.SendText(ana, Private(ana), "kept")
	got = getUpdates(t, b, map[string]string{"offset": "5", "allowed_updates": `["message"]`})
	if len(got) != 1 || got[0].Message == nil || got[0].Message.Text != "kept" {
		t.Fatalf("allowed_updates = %+v", got)
	}
}

func TestLongPollerDeliversEachUpdateOnce(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	texts := make(chan string, 10)
	b.Handle(telebot.OnText, func(c telebot.Context) error {
		texts <- c.Text()
		return nil
	})
	start(t, b)
	s.SendText(ana, Private(ana), "a")
	s.SendText(ana, Chat{ID: -500, Type: "group", Title: "Walkers"}, "b")
	// telebot runs handlers concurrently, so their order is not the updates' order.
	if got := map[string]bool{recv(t, texts): true, recv(t, texts): true}; !got["a"] || !got["b"] {
		t.Fatalf("got %v", got)
	}
	select {
	case extra := <-texts:
		t.Fatalf("update delivered twice: %q", extra)
	case <-time.After(200 * time.Millisecond):
	}
}

func TestWebhook(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)

	type delivery struct {
		secret string
		update telebot.Update
	}
	deliveries := make(chan delivery, 10)
	var attempts atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var d delivery
		d.secret = r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if err := json.NewDecoder(r.Body).Decode(&d.update); err != nil {
			t.Errorf("decode update: %v", err)
		}
		deliveries <- d
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError) // Telegram retries
		}
	}))
	t.Cleanup(hook.Close)

	if err := b.SetWebhook(&telebot.Webhook{SecretToken: "bad secret!", Endpoint: &telebot.WebhookEndpoint{PublicURL: hook.URL}}); err == nil {
		t.Fatal("invalid secret accepted")
	}
	if err := b.SetWebhook(&telebot.Webhook{SecretToken: "s3cr3t_-x", Endpoint: &telebot.WebhookEndpoint{PublicURL: hook.URL}}); err != nil {
		t.Fatal(err)
	}
	if u, secret := s.Webhook(); u != hook.URL || secret != "s3cr3t_-x" {
		t.Fatalf("webhook = %q %q", u, secret)
	}
	if info, err := b.Webhook(); err != nil || info.Listen != hook.URL {
		t.Fatalf("getWebhookInfo: %v %+v", err, info)
	}
	if _, err := b.Raw("getUpdates", nil); err == nil || !strings.Contains(err.Error(), "(409)") {
		t.Fatalf("getUpdates with a webhook: %v", err)
	}

	id := s.SendText(ana, Private(ana), "via webhook")
	first, retry := recv(t, deliveries), recv(t, deliveries)
	for _, d := range []delivery{first, retry} {
		if d.secret != "s3cr3t_-x" || d.update.ID != 1 || d.update.Message.ID != id || d.update.Message.Text != "via webhook" {
			t.Fatalf("delivery = %+v", d)
		}
	}

	// The handler has the retry, but the fake counts it delivered only
	// once the 200 reaches it: wait for that before removing the hook.
	deadline := time.Now().Add(5 * time.Second)
	for {
		info, err := b.Webhook()
		if err != nil {
			t.Fatal(err)
		}
		if info.PendingUpdates == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("update still pending: %+v", info)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := b.RemoveWebhook(); err != nil {
		t.Fatal(err)
	}
	if u, secret := s.Webhook(); u != "" || secret != "" {
		t.Fatalf("after delete: %q %q", u, secret)
	}
	s.SendText(ana, Private(ana), "polled")
	if got := getUpdates(t, b, map[string]string{"offset": "0"}); len(got) != 1 || got[0].Message.Text != "polled" {
		t.Fatalf("getUpdates after deleteWebhook = %+v", got)
	}
}
