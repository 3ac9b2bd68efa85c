package telegram

import (
	"context"
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
