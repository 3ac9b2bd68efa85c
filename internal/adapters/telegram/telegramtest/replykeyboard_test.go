package telegramtest

import (
	"reflect"
	"testing"

	"gopkg.in/telebot.v3"
)

// A reply keyboard with a location button, through the real telebot
// client: accepted in a private chat and shown until remove_keyboard, a
// press shares the location, and groups refuse the button.
func TestReplyKeyboardLocation(t *testing.T) {
	s := NewServer(t, Options{})
	b := newBot(t, s)
	locations := make(chan telebot.Context, 1)
	b.Handle(telebot.OnLocation, func(c telebot.Context) error {
		locations <- c
		return nil
	})
	start(t, b)
	s.SendText(ana, Private(ana), "hi") // the chat is known, as private

	if _, ok := s.ShareLocation(ana, Private(ana), 40.4168, -3.7038); ok {
		t.Fatal("a location shared with no location button on screen")
	}
	kb := &telebot.ReplyMarkup{ResizeKeyboard: true, OneTimeKeyboard: true, ReplyKeyboard: [][]telebot.ReplyButton{
		{{Text: "London"}, {Text: "Madrid"}},
		{{Text: "📍 Share my location", Location: true}},
	}}
	if _, err := b.Send(telebot.ChatID(ana.ID), "Which time zone?", kb); err != nil {
		t.Fatalf("send with a reply keyboard: %v", err)
	}
	want := [][]KeyButton{{{Text: "London"}, {Text: "Madrid"}}, {{Text: "📍 Share my location", RequestLocation: true}}}
	if got := s.ReplyKeyboard(ana.ID); !reflect.DeepEqual(got, want) {
		t.Fatalf("reply keyboard %+v, want %+v", got, want)
	}
	if m := s.Sent(ana.ID)[0]; !reflect.DeepEqual(m.ReplyKeyboard, want) || m.Keyboard != nil {
		t.Fatalf("sent %+v", m)
	}

	id, ok := s.ShareLocation(ana, Private(ana), 40.4168, -3.7038)
	if !ok {
		t.Fatal("ShareLocation refused with the button on screen")
	}
	c := recv(t, locations)
	if m := c.Message(); m.ID != id || m.Location == nil || m.Sender.ID != ana.ID ||
		m.Location.Lat != float32(40.4168) || m.Location.Lng != float32(-3.7038) {
		t.Fatalf("location message %+v", m)
	}

	// A plain message keeps the keyboard; remove_keyboard takes it away.
	if _, err := b.Send(telebot.ChatID(ana.ID), "Thanks."); err != nil {
		t.Fatal(err)
	}
	if s.ReplyKeyboard(ana.ID) == nil {
		t.Fatal("a message without reply_markup removed the reply keyboard")
	}
	if _, err := b.Send(telebot.ChatID(ana.ID), "Time zone set.", &telebot.ReplyMarkup{RemoveKeyboard: true}); err != nil {
		t.Fatal(err)
	}
	if got := s.ReplyKeyboard(ana.ID); got != nil {
		t.Fatalf("after remove_keyboard: %+v", got)
	}
	if sent := s.Sent(ana.ID); !sent[len(sent)-1].RemoveKeyboard {
		t.Fatalf("last message %+v does not record remove_keyboard", sent[len(sent)-1])
	}

	// Groups: request_location is for private chats only.
	group := Chat{ID: -100200300, Type: "group", Title: "Walkers"}
	s.SendText(ana, group, "hi all")
	if _, err := b.Send(telebot.ChatID(group.ID), "Where are you?", &telebot.ReplyMarkup{ReplyKeyboard: [][]telebot.ReplyButton{{{Text: "Here", Location: true}}}}); err == nil {
		t.Fatal("a location button in a group was accepted")
	}
	if len(s.Sent(group.ID)) != 0 {
		t.Fatalf("group got %+v", s.Sent(group.ID))
	}
	// Edits take inline keyboards only.
	msg := &telebot.Message{ID: s.Sent(ana.ID)[0].ID, Chat: &telebot.Chat{ID: ana.ID}}
	if _, err := b.Edit(msg, "Which zone?", &telebot.ReplyMarkup{ReplyKeyboard: [][]telebot.ReplyButton{{{Text: "x"}}}}); err == nil {
		t.Fatal("an edit with a reply keyboard was accepted")
	}
}
