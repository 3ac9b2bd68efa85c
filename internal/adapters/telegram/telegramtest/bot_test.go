package telegramtest

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/telebot.v3"
)

func TestRoundTripWithTelebot(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	if s.Calls("getMe") != 1 || b.Me.Username != "treadwell_test_bot" || !b.Me.IsBot || b.Me.ID != 123 {
		t.Fatalf("getMe: calls=%d me=%+v", s.Calls("getMe"), b.Me)
	}

	texts := make(chan telebot.Context, 1)
	presses := make(chan telebot.Context, 1)
	members := make(chan telebot.Context, 1)
	b.Handle(telebot.OnText, func(c telebot.Context) error {
		texts <- c
		return c.Send("How far did you walk today?", &telebot.ReplyMarkup{InlineKeyboard: [][]telebot.InlineButton{
			{{Text: "1 km", Data: "walk:1"}, {Text: "2 km", Data: "walk:2"}},
			{{Text: "Guide", URL: "https://example.org/sciatica"}},
		}})
	})
	b.Handle(telebot.OnCallback, func(c telebot.Context) error {
		err := errors.Join(c.Edit("Logged 1 km."), c.Respond(&telebot.CallbackResponse{Text: "Saved"}))
		presses <- c
		return err
	})
	b.Handle(telebot.OnMyChatMember, func(c telebot.Context) error {
		members <- c
		return nil
	})
	start(t, b)

	// The person writes; the handler sees who, where and in which language.
	id := s.SendText(ana, Private(ana), "hi")
	c := recv(t, texts)
	if m := c.Message(); m.ID != id || m.Text != "hi" || m.Chat.ID != ana.ID || m.Chat.Type != telebot.ChatPrivate {
		t.Fatalf("message = %+v chat = %+v", m, m.Chat)
	}
	if u := c.Sender(); u.ID != ana.ID || u.Username != ana.Username || u.FirstName != "Ana" || u.LanguageCode != "pt-BR" || u.IsBot {
		t.Fatalf("sender = %+v", u)
	}

	// The reply, with its keyboard, is recorded.
	sent := s.WaitSent(t, ana.ID, 1)
	want := Message{ID: id + 1, ChatID: ana.ID, Text: "How far did you walk today?", Keyboard: [][]Button{
		{{Text: "1 km", CallbackData: "walk:1"}, {Text: "2 km", CallbackData: "walk:2"}},
		{{Text: "Guide", URL: "https://example.org/sciatica"}},
	}}
	if !reflect.DeepEqual(sent, []Message{want}) {
		t.Fatalf("sent = %+v\nwant %+v", sent, want)
	}

	// Pressing a button reaches OnCallback with the data and the message
	// as it is; the handler's edit removes the keyboard and its answer is
	// recorded.
	qid := s.Press(ana, sent[0], "walk:1")
	c = recv(t, presses)
	cb := c.Callback()
	if cb.ID != qid || cb.Data != "walk:1" || cb.Sender.ID != ana.ID || cb.Message.ID != want.ID || cb.Message.Chat.ID != ana.ID {
		t.Fatalf("callback = %+v", cb)
	}
	if kb := cb.Message.ReplyMarkup; kb == nil || len(kb.InlineKeyboard) != 2 || kb.InlineKeyboard[0][1].Data != "walk:2" {
		t.Fatalf("callback message markup = %+v", kb)
	}
	if cb.Message.Sender == nil || !cb.Message.Sender.IsBot {
		t.Fatalf("callback message from = %+v", cb.Message.Sender)
	}
	edited := s.Sent(ana.ID)[0]
	if edited.Text != "Logged 1 km." || edited.Keyboard != nil || !edited.Edited {
		t.Fatalf("after edit: %+v", edited)
	}
	if got := s.CallbackAnswers(); !reflect.DeepEqual(got, []string{qid}) {
		t.Fatalf("answers = %v", got)
	}
	if r := s.Requests("answerCallbackQuery"); len(r) != 1 || r[0]["text"] != "Saved" {
		t.Fatalf("answer requests = %v", r)
	}
	if err := b.Respond(cb); err == nil {
		t.Fatal("answering a query twice should fail")
	}

	// Blocking the bot is a my_chat_member update, and sends then fail.
	s.SetMember(ana, "kicked")
	c = recv(t, members)
	u := c.ChatMember()
	if u.OldChatMember.Role != telebot.Member || u.NewChatMember.Role != telebot.Kicked ||
		u.NewChatMember.User.ID != b.Me.ID || u.Sender.ID != ana.ID || u.Chat.ID != ana.ID {
		t.Fatalf("my_chat_member = %+v old=%+v new=%+v", u, u.OldChatMember, u.NewChatMember)
	}
	if _, err := b.Send(telebot.ChatID(ana.ID), "still there?"); !errors.Is(err, telebot.ErrBlockedByUser) {
		t.Fatalf("send to blocked: %v", err)
	}
	s.SetMember(ana, "member")
	if u := recv(t, members).ChatMember(); u.OldChatMember.Role != telebot.Kicked || u.NewChatMember.Role != telebot.Member {
		t.Fatalf("unblock update = %+v", u)
	}
	if _, err := b.Send(telebot.ChatID(ana.ID), "welcome back"); err != nil {
		t.Fatalf("send after unblock: %v", err)
	}
}

func TestEditsAndPhotos(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	to := telebot.ChatID(ana.ID)
	markup := &telebot.ReplyMarkup{InlineKeyboard: [][]telebot.InlineButton{{{Text: "Done", Unique: "done", Data: "d1"}}}}

	m, err := b.Send(to, "Walk?", markup)
	if err != nil || m.ID != 1 || m.Chat.ID != ana.ID || m.ReplyMarkup == nil || m.ReplyMarkup.InlineKeyboard[0][0].Data != "\fdone|d1" {
		t.Fatalf("send: %v %+v", err, m)
	}
	if _, err := b.Edit(m, "Walk?", markup); !errors.Is(err, telebot.ErrSameMessageContent) {
		t.Fatalf("no-op edit: %v", err)
	}
	if _, err := b.EditReplyMarkup(m, nil); err != nil {
		t.Fatalf("remove markup: %v", err)
	}
	if got := s.Sent(ana.ID)[0]; got.Keyboard != nil || !got.Edited || got.Text != "Walk?" {
		t.Fatalf("after EditReplyMarkup: %+v", got)
	}
	if _, err := b.Edit(&telebot.Message{ID: 99, Chat: &telebot.Chat{ID: ana.ID}}, "x"); err == nil {
		t.Fatal("editing an unknown message should fail")
	}

	upload := &telebot.Photo{File: telebot.FromReader(bytes.NewReader([]byte("\x89PNG fake"))), Caption: "Your week"}
	pm, err := b.Send(to, upload)
	if err != nil || pm.Photo == nil || pm.Photo.FileID == "" || pm.Caption != "Your week" {
		t.Fatalf("upload photo: %v %+v", err, pm)
	}
	if _, err := b.Send(to, &telebot.Photo{File: telebot.FromURL("https://example.org/w.png")}); err != nil {
		t.Fatalf("photo by URL: %v", err)
	}
	sent := s.Sent(ana.ID)
	if len(sent) != 3 || !sent[1].Photo || sent[1].Caption != "Your week" || sent[1].ID != 2 || !sent[2].Photo {
		t.Fatalf("sent = %+v", sent)
	}
	if file, ok := s.Requests("sendPhoto")[0]["photo"].(map[string]any); !ok || file["size"] != len("\x89PNG fake") {
		t.Fatalf("upload request = %v", s.Requests("sendPhoto")[0])
	}
	if _, err := b.Edit(pm, "text"); err == nil {
		t.Fatal("editing a photo's text should fail")
	}
}

func TestCommands(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	cmds := []telebot.Command{{Text: "start", Description: "Begin"}, {Text: "walk_log", Description: "Log a walk"}}
	if err := b.SetCommands(cmds, "en", telebot.CommandScope{Type: telebot.CommandScopeAllPrivateChats}); err != nil {
		t.Fatal(err)
	}
	want := []struct{ Command, Description string }{{"start", "Begin"}, {"walk_log", "Log a walk"}}
	if got := s.Commands(); !reflect.DeepEqual(got, want) {
		t.Fatalf("commands = %v", got)
	}
	if r := s.Requests("setMyCommands")[0]; r["language_code"] != "en" {
		t.Fatalf("request = %v", r)
	}
	for _, bad := range []telebot.Command{{Text: "Start", Description: "x"}, {Text: "/start", Description: "x"}, {Text: "ok", Description: ""}} {
		err := b.SetCommands([]telebot.Command{bad})
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte("BOT_COMMAND_INVALID")) {
			t.Fatalf("SetCommands(%+v) = %v", bad, err)
		}
	}
	if got := s.Commands(); !reflect.DeepEqual(got, want) {
		t.Fatalf("failed calls changed commands: %v", got)
	}
	if err := b.DeleteCommands(); err != nil || len(s.Commands()) != 0 {
		t.Fatalf("delete: %v %v", err, s.Commands())
	}
}

// Menus are kept per scope and language, and calls the Bot API refuses
// (an unknown scope, a chat scope without its chat, a language code that
// is not two letters) change nothing.
func TestCommandMenusByScopeAndLanguage(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	full := []telebot.Command{{Text: "checkin", Description: "Check in"}, {Text: "help", Description: "Help"}}
	short := []telebot.Command{{Text: "help", Description: "Ayuda"}}
	private := telebot.CommandScope{Type: telebot.CommandScopeAllPrivateChats}
	groups := telebot.CommandScope{Type: telebot.CommandScopeAllGroupChats}
	if err := b.SetCommands(full, private); err != nil {
		t.Fatal(err)
	}
	if err := b.SetCommands(short, "es", groups); err != nil {
		t.Fatal(err)
	}
	if got := s.Menu("all_private_chats", ""); len(got) != 2 || got[0].Command != "checkin" {
		t.Fatalf("private menu = %v", got)
	}
	if got := s.Menu("all_group_chats", "es"); len(got) != 1 || got[0].Description != "Ayuda" {
		t.Fatalf("Spanish group menu = %v", got)
	}
	if got := s.Menu("all_group_chats", ""); got != nil {
		t.Fatalf("group menu without language = %v, want none", got)
	}
	tests := []struct {
		name string
		opts []any
	}{
		{"unknown scope", []any{telebot.CommandScope{Type: "everyone"}}},
		{"chat scope without chat", []any{telebot.CommandScope{Type: telebot.CommandScopeChat}}},
		{"three-letter language", []any{"spa"}},
		{"region in language", []any{"es-ES"}},
		{"upper-case language", []any{"ES"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := b.SetCommands(append([]any{short}, tt.opts...)...); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	var many []telebot.Command
	for i := range 101 {
		many = append(many, telebot.Command{Text: fmt.Sprintf("c%d", i), Description: "x"})
	}
	if err := b.SetCommands(many); err == nil || !strings.Contains(err.Error(), "BOT_COMMANDS_TOO_MUCH") {
		t.Fatalf("101 commands: %v", err)
	}
	if got := s.Menu("default", ""); got != nil {
		t.Fatalf("refused calls set the default menu: %v", got)
	}
	if err := b.DeleteCommands("es", groups); err != nil || s.Menu("all_group_chats", "es") != nil {
		t.Fatalf("delete: %v %v", err, s.Menu("all_group_chats", "es"))
	}
	if s.Menu("all_private_chats", "") == nil {
		t.Fatal("deleting one menu deleted another")
	}
}
