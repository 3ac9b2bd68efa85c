package telegram

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tele "gopkg.in/telebot.v3"

	"treadwell/internal/chat"
)

func TestKeyboard(t *testing.T) {
	m, err := keyboard([][]chat.Button{
		{{Label: "0", Data: "7:0"}, {Label: "1", Data: "7:1"}},
		{{Label: "Message me privately", Private: true}},
	}, "treadwell_bot", false)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.InlineKeyboard); got != 2 {
		t.Fatalf("rows = %d", got)
	}
	if b := m.InlineKeyboard[0][1]; b.Text != "1" || b.Data != "7:1" {
		t.Fatalf("button = %+v", b)
	}
	if b := m.InlineKeyboard[1][0]; b.URL != "https://t.me/treadwell_bot" || b.Data != "" {
		t.Fatalf("private button = %+v", b)
	}
	if m, err := keyboard(nil, "x", false); m != nil || err != nil {
		t.Fatalf("no buttons: %v %v", m, err)
	}
	if _, err := keyboard([][]chat.Button{{{Label: "x", Data: strings.Repeat("d", 65)}}}, "x", false); err == nil {
		t.Fatal("65 bytes of callback data accepted")
	}
}

func TestPrivateLink(t *testing.T) {
	cases := map[[2]string]string{
		{"bot", ""}:          "https://t.me/bot",
		{"bot", "ABC123xyz"}: "https://t.me/bot?start=ABC123xyz",
		{"bot", "a b"}:       "https://t.me/bot?start=a+b",
	}
	for in, want := range cases {
		if got := privateLink(in[0], in[1]); got != want {
			t.Errorf("privateLink(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}

func TestAnsweredText(t *testing.T) {
	m := &tele.ReplyMarkup{InlineKeyboard: [][]tele.InlineButton{{{Text: "Yes", Data: "3:yes"}, {Text: "No", Data: "3:no"}}}}
	cases := []struct {
		name, data, want string
		markup           *tele.ReplyMarkup
	}{
		{"shows the choice", "3:no", "Q?\n\n✓ No", m},
		{"unknown data keeps the text", "9:x", "Q?", m},
		{"no keyboard", "3:no", "Q?", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := answeredText("Q?", c.markup, c.data); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want errKind
	}{
		{"nil", nil, errNone},
		{"flood", tele.FloodError{RetryAfter: 3}, errFlood},
		{"blocked", tele.ErrBlockedByUser, errForbidden},
		{"deactivated", tele.ErrUserIsDeactivated, errForbidden},
		{"not started", tele.ErrNotStartedByUser, errForbidden},
		{"other 403", fmt.Errorf("telegram: Forbidden: something new (403)"), errForbidden},
		{"500", fmt.Errorf("telegram: Internal Server Error (500)"), errTemporary},
		{"502", fmt.Errorf("telegram: Bad Gateway (502)"), errTemporary},
		{"network", fmt.Errorf("telebot: %w", errors.New("dial tcp: connection refused")), errTemporary},
		{"unauthorized", tele.ErrUnauthorized, errAuth},
		{"bad request", fmt.Errorf("telegram: Bad Request: chat not found (400)"), errPermanent},
		{"not modified", tele.ErrSameMessageContent, errNotModified},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := classify(c.err); got != c.want {
				t.Fatalf("classify(%v) = %d, want %d", c.err, got, c.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	err := redact(errors.New(`Post "http://x/bot123:SECRET/getMe": refused`), "123:SECRET")
	if strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("token left in %q", err)
	}
	plain := errors.New("plain")
	if redact(plain, "tok") != plain {
		t.Fatal("an error without the token was changed")
	}
}

// A location button makes a reply keyboard in a private chat (Telegram
// asks for a location only from one); in a group it is left out.
func TestKeyboardLocation(t *testing.T) {
	rows := [][]chat.Button{
		{{Label: "London", Data: "3:Europe/London"}},
		{{Label: "Share my location", RequestLocation: true}},
	}
	m, err := keyboard(rows, "treadwell_bot", false)
	if err != nil {
		t.Fatal(err)
	}
	if m.InlineKeyboard != nil || len(m.ReplyKeyboard) != 2 || m.ReplyKeyboard[0][0].Text != "London" ||
		m.ReplyKeyboard[0][0].Location || !m.ReplyKeyboard[1][0].Location || !m.OneTimeKeyboard {
		t.Fatalf("private: %+v", m)
	}
	m, err = keyboard(rows, "treadwell_bot", true)
	if err != nil {
		t.Fatal(err)
	}
	if m.ReplyKeyboard != nil || len(m.InlineKeyboard) != 1 || m.InlineKeyboard[0][0].Data != "3:Europe/London" {
		t.Fatalf("group: %+v", m)
	}
}
