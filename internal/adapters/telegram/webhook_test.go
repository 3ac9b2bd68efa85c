package telegram

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tele "gopkg.in/telebot.v3"
)

func TestWebhookHandler(t *testing.T) {
	const secret = "s3cret_token-1"
	update := `{"update_id":7,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"first_name":"A"},"text":"/stop"}}`
	cases := []struct {
		name      string
		method    string
		header    *string
		body      string
		want      int
		delivered bool
	}{
		{"right secret", http.MethodPost, ptr(secret), update, http.StatusOK, true},
		{"missing secret", http.MethodPost, nil, update, http.StatusUnauthorized, false},
		{"wrong secret", http.MethodPost, ptr("s3cret_token-2"), update, http.StatusUnauthorized, false},
		{"secret prefix", http.MethodPost, ptr("s3cret"), update, http.StatusUnauthorized, false},
		{"empty secret", http.MethodPost, ptr(""), update, http.StatusUnauthorized, false},
		{"bad json", http.MethodPost, ptr(secret), "{", http.StatusBadRequest, false},
		{"GET", http.MethodGet, ptr(secret), "", http.StatusMethodNotAllowed, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []tele.Update
			h := &webhookHandler{secret: []byte(secret), deliver: func(_ context.Context, u tele.Update) bool {
				got = append(got, u)
				return true
			}}
			req := httptest.NewRequest(c.method, "/hook", strings.NewReader(c.body))
			if c.header != nil {
				req.Header.Set(secretHeader, *c.header)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d", rec.Code, c.want)
			}
			if c.delivered != (len(got) == 1) {
				t.Fatalf("delivered %d updates, want delivered=%v", len(got), c.delivered)
			}
			if c.delivered && (got[0].ID != 7 || got[0].Message.Text != "/stop") {
				t.Fatalf("update = %+v", got[0])
			}
		})
	}
}

func ptr(s string) *string { return &s }

// memLog is an UpdateLog in memory, for the handler's own rules.
type memLog struct {
	seen      map[int64]bool
	err       error
	forgotten []int64
}

func (m *memLog) FirstDelivery(_ context.Context, id int64) (bool, error) {
	if m.err != nil {
		return false, m.err
	}
	if m.seen[id] {
		return false, nil
	}
	m.seen[id] = true
	return true, nil
}

func (m *memLog) Forget(_ context.Context, id int64) error {
	m.forgotten = append(m.forgotten, id)
	delete(m.seen, id)
	return nil
}

func TestWebhookHandlerDedup(t *testing.T) {
	const secret = "s3cret_token-1"
	post := func(h *webhookHandler, id string) int {
		body := `{"update_id":` + id + `,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"first_name":"A"},"text":"/stop"}}`
		req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
		req.Header.Set(secretHeader, secret)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	var delivered []int
	accept := func(_ context.Context, u tele.Update) bool { delivered = append(delivered, u.ID); return true }

	t.Run("redelivery acknowledged, not handled", func(t *testing.T) {
		delivered = nil
		h := &webhookHandler{secret: []byte(secret), updates: &memLog{seen: map[int64]bool{}}, log: quiet, deliver: accept}
		for _, id := range []string{"7", "7", "8", "7"} {
			if code := post(h, id); code != http.StatusOK {
				t.Fatalf("update %s: status %d", id, code)
			}
		}
		if len(delivered) != 2 || delivered[0] != 7 || delivered[1] != 8 {
			t.Fatalf("delivered %v, want [7 8]", delivered)
		}
	})
	t.Run("redis down: handled anyway", func(t *testing.T) {
		delivered = nil
		var logs bytes.Buffer // ServeHTTP logs on the test goroutine
		h := &webhookHandler{secret: []byte(secret), updates: &memLog{err: errors.New("redis: connection refused")},
			log: slog.New(slog.NewTextHandler(&logs, nil)), deliver: accept}
		post(h, "7")
		post(h, "7")
		if len(delivered) != 2 {
			t.Fatalf("delivered %v, want both", delivered)
		}
		if !strings.Contains(logs.String(), "handling it") {
			t.Fatalf("no warning:\n%s", logs.String())
		}
	})
	t.Run("refused while shutting down: forgotten", func(t *testing.T) {
		log := &memLog{seen: map[int64]bool{}}
		h := &webhookHandler{secret: []byte(secret), updates: log, log: quiet,
			deliver: func(context.Context, tele.Update) bool { return false }}
		if code := post(h, "9"); code != http.StatusServiceUnavailable {
			t.Fatalf("status %d, want 503", code)
		}
		if len(log.forgotten) != 1 || log.forgotten[0] != 9 || log.seen[9] {
			t.Fatalf("forgotten %v", log.forgotten)
		}
	})
}

func TestNewValidatesConfig(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no token", Config{}, "TELEGRAM_TOKEN"},
		{"webhook without secret", Config{Token: "t", WebhookURL: "https://x/hook"}, "TELEGRAM_WEBHOOK_SECRET is required"},
		{"bad secret", Config{Token: "t", WebhookURL: "https://x/hook", WebhookSecret: "no spaces"}, "A-Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(c.cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
	if _, err := New(Config{Token: "t", WebhookURL: "https://x/hook", WebhookSecret: "ok_secret"}); err != nil {
		t.Fatal(err)
	}
}
