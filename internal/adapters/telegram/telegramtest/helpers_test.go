package telegramtest

import (
	"testing"
	"time"

	"gopkg.in/telebot.v3"
)

var ana = User{ID: 1001, FirstName: "Ana", Username: "ana_walks", LanguageCode: "pt-BR"}

// newBot builds a real telebot client against s (NewBot calls getMe).
func newBot(t *testing.T, s *Server) *telebot.Bot {
	t.Helper()
	b, err := telebot.NewBot(telebot.Settings{
		URL:     s.URL(),
		Token:   s.Token(),
		Poller:  &telebot.LongPoller{Timeout: time.Second},
		OnError: func(error, telebot.Context) {},
	})
	if err != nil {
		t.Fatalf("NewBot: %v", err)
	}
	return b
}

// start runs b until the test ends; registered after NewServer, so Stop
// runs before the server closes.
func start(t *testing.T, b *telebot.Bot) {
	go b.Start()
	t.Cleanup(b.Stop)
}

func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		var zero T
		t.Fatalf("timed out waiting for %T", zero)
		return zero
	}
}
