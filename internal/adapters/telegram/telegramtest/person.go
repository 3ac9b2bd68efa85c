package telegramtest

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// User is a person on the Telegram side.
type User struct {
	ID                                int64
	FirstName, Username, LanguageCode string
}

// Chat is where a person talks to the bot. Type is "private", "group" or
// "supergroup"; Title is for groups.
type Chat struct {
	ID          int64
	Type, Title string
}

// Private is the one-to-one chat between u and the bot.
func Private(u User) Chat { return Chat{ID: u.ID, Type: "private"} }

type chatInfo struct {
	Chat
	person User // the other side of a private chat
}

// SendText queues a message update from `from` in chat and returns its
// message_id. Texts starting with "/" carry a bot_command entity.
func (s *Server) SendText(from User, chat Chat, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remember(from, chat)
	id := s.nextMessageID(chat.ID)
	sender := from.wire()
	s.enqueue(wireUpdate{Message: &wireMessage{
		MessageID: id,
		From:      &sender,
		Chat:      s.wireChat(chat.ID),
		Date:      time.Now().Unix(),
		Text:      text,
		Entities:  commandEntities(text),
	}})
	return id
}

// Press queues a callback_query update: `from` pressed the button with data
// under msg, a message the bot sent (as returned by Sent or WaitSent). The
// update carries the message in its current state. Press returns the
// callback query id, to be answered once with answerCallbackQuery.
func (s *Server) Press(from User, msg Message, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, known := s.chats[msg.ChatID]; !known && msg.ChatID == from.ID {
		s.remember(from, Private(from))
	}
	var wm wireMessage
	if m := s.findSent(msg.ChatID, msg.ID); m != nil {
		wm = s.wireSent(m)
	} else {
		wm = s.wireSent(&sentMessage{Message: msg, date: time.Now().Unix()})
	}
	s.lastQuery++
	id := strconv.FormatInt(4_000_000_000_000_000_000+s.lastQuery, 10)
	s.queries[id] = true
	s.enqueue(wireUpdate{CallbackQuery: &wireCallback{
		ID:           id,
		From:         from.wire(),
		Message:      &wm,
		ChatInstance: strconv.FormatInt(msg.ChatID^0x5DEECE66D, 10),
		Data:         data,
	}})
	return id
}

// SetMember queues a my_chat_member update for the private chat with
// `from`: the bot's status goes from its previous value (initially
// "member") to status. Like Telegram, "kicked" (the person blocked the bot)
// also blocks sends to that chat and "member" unblocks it.
func (s *Server) SetMember(from User, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remember(from, Private(from))
	old := s.members[from.ID]
	if old == "" {
		old = "member"
	}
	s.members[from.ID] = status
	switch status {
	case "kicked":
		s.blocked[from.ID] = true
	case "member":
		delete(s.blocked, from.ID)
	}
	s.enqueue(wireUpdate{MyChatMember: &wireMemberUpdate{
		Chat: s.wireChat(from.ID),
		From: from.wire(),
		Date: time.Now().Unix(),
		Old:  wireMember{Status: old, User: s.bot},
		New:  wireMember{Status: status, User: s.bot},
	}})
}

func (u User) wire() wireUser {
	return wireUser{ID: u.ID, FirstName: u.FirstName, Username: u.Username, LanguageCode: u.LanguageCode}
}

// remember records a chat and, for private chats, who is in it.
func (s *Server) remember(from User, chat Chat) {
	if chat.Type == "" {
		chat.Type = "private"
	}
	info := chatInfo{Chat: chat}
	if chat.Type == "private" {
		info.person = from
	}
	s.chats[chat.ID] = info
}

func (s *Server) wireChat(id int64) wireChat {
	info, ok := s.chats[id]
	if !ok { // a chat the fake never saw: guess from the id, as Telegram's ids go
		switch {
		case id > 0:
			return wireChat{ID: id, Type: "private"}
		case id < -1_000_000_000_000:
			return wireChat{ID: id, Type: "supergroup"}
		default:
			return wireChat{ID: id, Type: "group"}
		}
	}
	if info.Type == "private" {
		return wireChat{ID: id, Type: "private", FirstName: info.person.FirstName, Username: info.person.Username}
	}
	return wireChat{ID: id, Type: info.Type, Title: info.Title}
}

// nextMessageID allocates a message_id; both sides of a chat share the sequence.
func (s *Server) nextMessageID(chatID int64) int {
	s.msgIDs[chatID]++
	return s.msgIDs[chatID]
}

func commandEntities(text string) []wireEntity {
	if !strings.HasPrefix(text, "/") {
		return nil
	}
	cmd, _, _ := strings.Cut(text, " ")
	return []wireEntity{{Type: "bot_command", Offset: 0, Length: len(utf16.Encode([]rune(cmd)))}}
}
