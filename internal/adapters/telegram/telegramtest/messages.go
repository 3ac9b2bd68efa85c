package telegramtest

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// waitTimeout bounds WaitSent.
const waitTimeout = 10 * time.Second

// Button is an inline keyboard button.
type Button struct{ Text, CallbackData, URL string }

// Message is the current state of a message the bot sent, edits applied.
type Message struct {
	ID       int
	ChatID   int64
	Text     string
	Keyboard [][]Button // nil when the message has no inline keyboard
	// ReplyKeyboard is the reply keyboard sent with the message (nil for
	// none), RemoveKeyboard that it removed the chat's reply keyboard.
	// ReplyKeyboard on Server says what the person sees now.
	ReplyKeyboard  [][]KeyButton
	RemoveKeyboard bool
	Photo          bool
	Caption        string
	// Document is the file name of a sent document ("" for none),
	// DocumentSize its length in bytes and DocumentMIME its media type
	// as Telegram gives it back (mime_type): read from the uploaded
	// bytes, so a misnamed file shows what it really is.
	Document     string
	DocumentSize int
	DocumentMIME string
	Edited       bool
}

type sentMessage struct {
	Message
	date, editDate int64
	fileID         string
}

// Sent returns the messages the bot sent to chatID, in order, as they are now.
func (s *Server) Sent(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, 0, len(s.sent[chatID]))
	for _, m := range s.sent[chatID] {
		c := m.Message
		c.Keyboard = cloneKeyboard(m.Keyboard)
		out = append(out, c)
	}
	return out
}

// WaitSent waits until the bot sent at least n messages to chatID and
// returns Sent(chatID). After 10s it fails the test, listing what was sent.
// Call it from the test goroutine.
func (s *Server) WaitSent(t testing.TB, chatID int64, n int) []Message {
	t.Helper()
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		count, changed := len(s.sent[chatID]), s.changed
		s.mu.Unlock()
		if count >= n {
			return s.Sent(chatID)
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("telegramtest: waited %v for %d message(s) to chat %d, got %d:%s",
				waitTimeout, n, chatID, count, describe(s.Sent(chatID)))
			return nil
		}
	}
}

func describe(msgs []Message) string {
	var b strings.Builder
	for _, m := range msgs {
		fmt.Fprintf(&b, "\n  #%d", m.ID)
		if m.Photo {
			fmt.Fprintf(&b, " [photo] %q", m.Caption)
		} else {
			fmt.Fprintf(&b, " %q", m.Text)
		}
		if m.Keyboard != nil {
			fmt.Fprintf(&b, " %v", m.Keyboard)
		}
		if m.ReplyKeyboard != nil {
			fmt.Fprintf(&b, " reply keyboard %v", m.ReplyKeyboard)
		}
		if m.RemoveKeyboard {
			b.WriteString(" (removes the reply keyboard)")
		}
		if m.Edited {
			b.WriteString(" (edited)")
		}
	}
	return b.String()
}

func (s *Server) sendMessage(_ context.Context, p params) (any, *apiError) {
	chatID, e := p.chatID()
	if e != nil {
		return nil, e
	}
	text := p.str("text")
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return nil, badRequest("message text is empty")
	case n > 4096:
		return nil, badRequest("message is too long")
	}
	mk, e := s.replyMarkupParam(p, chatID)
	if e != nil {
		return nil, e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.admit(chatID); e != nil {
		return nil, e
	}
	s.showReplyKeyboard(chatID, mk)
	m := s.store(Message{ChatID: chatID, Text: text, Keyboard: mk.inline, ReplyKeyboard: mk.reply, RemoveKeyboard: mk.remove})
	return s.wireSent(m), nil
}

// sendPhoto accepts an uploaded file (multipart) or a file_id/URL string.
func (s *Server) sendPhoto(_ context.Context, p params) (any, *apiError) {
	chatID, e := p.chatID()
	if e != nil {
		return nil, e
	}
	if p.str("photo") == "" {
		return nil, badRequest("there is no photo in the request")
	}
	caption := p.str("caption")
	if utf8.RuneCountInString(caption) > 1024 {
		return nil, badRequest("message caption is too long")
	}
	mk, e := s.replyMarkupParam(p, chatID)
	if e != nil {
		return nil, e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.admit(chatID); e != nil {
		return nil, e
	}
	s.showReplyKeyboard(chatID, mk)
	m := s.store(Message{ChatID: chatID, Photo: true, Caption: caption, Keyboard: mk.inline, ReplyKeyboard: mk.reply, RemoveKeyboard: mk.remove})
	s.files++
	m.fileID = fmt.Sprintf("AgACAgQAAxkDfake%d", s.files)
	return s.wireSent(m), nil
}

// sendDocument accepts an uploaded file (multipart, up to Telegram's 50
// MB for bots) or a file_id/URL string.
func (s *Server) sendDocument(_ context.Context, p params) (any, *apiError) {
	chatID, e := p.chatID()
	if e != nil {
		return nil, e
	}
	var name, mimeType string
	var size int
	switch v := p["document"].(type) {
	case map[string]any:
		name, _ = v["file_name"].(string)
		size, _ = v["size"].(int)
		mimeType, _ = v["mime_type"].(string)
		if size > 50<<20 {
			return nil, &apiError{Code: 413, Description: "Request Entity Too Large"}
		}
	case string:
		name = v
	}
	if name == "" && size == 0 {
		return nil, badRequest("there is no document in the request")
	}
	caption := p.str("caption")
	if utf8.RuneCountInString(caption) > 1024 {
		return nil, badRequest("message caption is too long")
	}
	mk, e := s.replyMarkupParam(p, chatID)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.admit(chatID); e != nil {
		return nil, e
	}
	s.showReplyKeyboard(chatID, mk)
	m := s.store(Message{ChatID: chatID, Document: name, DocumentSize: size, DocumentMIME: mimeType, Caption: caption, Keyboard: mk.inline, ReplyKeyboard: mk.reply, RemoveKeyboard: mk.remove})
	s.files++
	m.fileID = fmt.Sprintf("BQACAgQAAxkDfake%d", s.files)
	return s.wireSent(m), nil
}

func (s *Server) editMessageText(_ context.Context, p params) (any, *apiError) {
	text := p.str("text")
	if text == "" {
		return nil, badRequest("message text is empty")
	}
	keyboard, e := inlineOnlyParam(p)
	if e != nil {
		return nil, e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.editable(p)
	if e != nil {
		return nil, e
	}
	if m.Photo {
		return nil, badRequest("there is no text in the message to edit")
	}
	if m.Text == text && reflect.DeepEqual(m.Keyboard, keyboard) {
		return nil, notModified()
	}
	m.Text, m.Keyboard = text, keyboard // no reply_markup removes the keyboard
	s.markEdited(m)
	return s.wireSent(m), nil
}

func (s *Server) editMessageReplyMarkup(_ context.Context, p params) (any, *apiError) {
	keyboard, e := inlineOnlyParam(p)
	if e != nil {
		return nil, e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.editable(p)
	if e != nil {
		return nil, e
	}
	if reflect.DeepEqual(m.Keyboard, keyboard) {
		return nil, notModified()
	}
	m.Keyboard = keyboard
	s.markEdited(m)
	return s.wireSent(m), nil
}

func notModified() *apiError {
	return badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
}

// editable finds the message an edit request is about. Call with s.mu held.
func (s *Server) editable(p params) (*sentMessage, *apiError) {
	if p.str("inline_message_id") != "" {
		return nil, badRequest("message to edit not found")
	}
	chatID, e := p.chatID()
	if e != nil {
		return nil, e
	}
	if e := s.outage(chatID); e != nil {
		return nil, e
	}
	if s.blocked[chatID] {
		return nil, blockedError()
	}
	id, ok := p.integer("message_id")
	if !ok {
		return nil, badRequest("message identifier is not specified")
	}
	m := s.findSent(chatID, int(id))
	if m == nil {
		return nil, badRequest("message to edit not found")
	}
	return m, nil
}

// store records a message the bot sent. Call with s.mu held.
func (s *Server) store(msg Message) *sentMessage {
	msg.ID = s.nextMessageID(msg.ChatID)
	m := &sentMessage{Message: msg, date: time.Now().Unix()}
	s.sent[msg.ChatID] = append(s.sent[msg.ChatID], m)
	s.notify()
	return m
}

func (s *Server) markEdited(m *sentMessage) {
	m.Edited = true
	m.editDate = time.Now().Unix()
	s.notify()
}

func (s *Server) findSent(chatID int64, id int) *sentMessage {
	for _, m := range s.sent[chatID] {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// wireSent renders a bot message as the API returns it. Call with s.mu held.
func (s *Server) wireSent(m *sentMessage) wireMessage {
	from := s.bot
	w := wireMessage{MessageID: m.ID, From: &from, Chat: s.wireChat(m.ChatID), Date: m.date, EditDate: m.editDate}
	switch {
	case m.Document != "" || m.DocumentSize > 0:
		w.Caption = m.Caption
		w.Document = &wireDocument{FileID: m.fileID, FileUniqueID: "AgADd" + m.fileID, FileName: m.Document, FileSize: m.DocumentSize, MIME: m.DocumentMIME}
	case m.Photo:
		w.Caption = m.Caption
		w.Photo = []wirePhotoSize{
			{FileID: m.fileID + "_s", FileUniqueID: "AQADs" + m.fileID, Width: 90, Height: 90, FileSize: 1200},
			{FileID: m.fileID, FileUniqueID: "AQADm" + m.fileID, Width: 320, Height: 320, FileSize: 9800},
		}
	default:
		w.Text = m.Text
	}
	if len(m.Keyboard) > 0 {
		rows := make([][]wireButton, len(m.Keyboard))
		for i, row := range m.Keyboard {
			for _, b := range row {
				rows[i] = append(rows[i], wireButton(b))
			}
		}
		w.ReplyMarkup = &wireMarkup{InlineKeyboard: rows}
	}
	return w
}

// keyboardParam reads reply_markup's inline keyboard, validated like
// Telegram does. No (or an empty) keyboard is nil.
func keyboardParam(p params) ([][]Button, *apiError) {
	var markup struct {
		InlineKeyboard [][]map[string]any `json:"inline_keyboard"`
	}
	if _, err := p.object("reply_markup", &markup); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	var keyboard [][]Button
	for _, row := range markup.InlineKeyboard {
		var buttons []Button
		for _, raw := range row {
			b := params(raw)
			button := Button{Text: b.str("text"), CallbackData: b.str("callback_data"), URL: b.str("url")}
			if len(button.CallbackData) > 64 {
				return nil, badRequest("BUTTON_DATA_INVALID")
			}
			if button.URL != "" {
				if u, err := url.Parse(button.URL); err != nil || u.Scheme == "" {
					return nil, badRequest("BUTTON_URL_INVALID")
				}
			}
			if !hasAction(b) {
				return nil, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			buttons = append(buttons, button)
		}
		if len(buttons) > 0 {
			keyboard = append(keyboard, buttons)
		}
	}
	return keyboard, nil
}

// inlineOnlyParam is keyboardParam for edits, which take an inline
// keyboard only: a reply keyboard or remove_keyboard cannot be edited in.
func inlineOnlyParam(p params) ([][]Button, *apiError) {
	var raw struct {
		Keyboard       any `json:"keyboard"`
		RemoveKeyboard any `json:"remove_keyboard"`
	}
	if _, err := p.object("reply_markup", &raw); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	if raw.Keyboard != nil || raw.RemoveKeyboard != nil {
		return nil, badRequest("inline keyboard expected")
	}
	return keyboardParam(p)
}

// hasAction reports whether an inline button does something. Telebot always
// sends "switch_inline_query_current_chat": "", which does not count.
func hasAction(b params) bool {
	for k, v := range b {
		switch k {
		case "text", "unique":
		case "callback_data", "url", "switch_inline_query_current_chat":
			if s, _ := v.(string); s != "" {
				return true
			}
		default:
			return true
		}
	}
	return false
}

func cloneKeyboard(k [][]Button) [][]Button {
	if k == nil {
		return nil
	}
	out := make([][]Button, len(k))
	for i, row := range k {
		out[i] = append([]Button(nil), row...)
	}
	return out
}
