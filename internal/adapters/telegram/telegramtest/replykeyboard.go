package telegramtest

import (
	"time"
)

// KeyButton is a button of a reply keyboard (Bot API KeyboardButton):
// pressing it sends its text as a message, or, with RequestLocation, the
// person's location.
type KeyButton struct {
	Text            string
	RequestLocation bool
}

// markup is a message's reply_markup, validated like Telegram does: at
// most one of an inline keyboard, a reply keyboard and remove_keyboard.
type markup struct {
	inline [][]Button
	reply  [][]KeyButton
	remove bool
}

// replyMarkupParam reads reply_markup. A reply keyboard needs a text on
// every button; request_location is for private chats only (Bot API:
// "Available in private chats only"; the error wording is the fake's).
// remove_keyboard must be true.
func (s *Server) replyMarkupParam(p params, chatID int64) (markup, *apiError) {
	var raw struct {
		Keyboard       [][]map[string]any `json:"keyboard"`
		RemoveKeyboard *bool              `json:"remove_keyboard"`
	}
	if _, err := p.object("reply_markup", &raw); err != nil {
		return markup{}, badRequest("can't parse reply keyboard markup JSON object")
	}
	inline, e := keyboardParam(p)
	if e != nil {
		return markup{}, e
	}
	m := markup{inline: inline}
	kinds := 0
	if inline != nil {
		kinds++
	}
	if raw.Keyboard != nil {
		kinds++
		for _, row := range raw.Keyboard {
			var r []KeyButton
			for _, b := range row {
				bp := params(b)
				kb := KeyButton{Text: bp.str("text"), RequestLocation: bp.flag("request_location")}
				if kb.Text == "" {
					return markup{}, badRequest("can't parse keyboard button: Text must be non-empty")
				}
				if kb.RequestLocation {
					s.mu.Lock()
					private := s.wireChat(chatID).Type == "private"
					s.mu.Unlock()
					if !private {
						return markup{}, badRequest("request_location buttons are available in private chats only")
					}
				}
				r = append(r, kb)
			}
			if len(r) > 0 {
				m.reply = append(m.reply, r)
			}
		}
		if m.reply == nil {
			return markup{}, badRequest("can't parse reply keyboard markup JSON object")
		}
	}
	if raw.RemoveKeyboard != nil {
		if !*raw.RemoveKeyboard {
			return markup{}, badRequest("can't parse reply keyboard markup JSON object")
		}
		kinds++
		m.remove = true
	}
	if kinds > 1 {
		return markup{}, badRequest("can't parse reply keyboard markup JSON object")
	}
	return m, nil
}

// showReplyKeyboard records what a sent message does to the chat's reply
// keyboard: a new one replaces it, remove_keyboard takes it away, and
// anything else leaves it as it was (Telegram keeps a reply keyboard
// until it is removed or replaced; one_time_keyboard only folds it away).
// Call with s.mu held.
func (s *Server) showReplyKeyboard(chatID int64, m markup) {
	switch {
	case m.reply != nil:
		s.replyKeyboards[chatID] = m.reply
	case m.remove:
		delete(s.replyKeyboards, chatID)
	}
}

// ReplyKeyboard is the reply keyboard the person in chatID has now: the
// last one sent and not removed with remove_keyboard, nil for none.
func (s *Server) ReplyKeyboard(chatID int64) [][]KeyButton {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.replyKeyboards[chatID]
	if k == nil {
		return nil
	}
	out := make([][]KeyButton, len(k))
	for i, row := range k {
		out[i] = append([]KeyButton(nil), row...)
	}
	return out
}

// ShareLocation queues the message a person's client sends when they
// press a request_location button of the reply keyboard in chat: a
// location, no text. It returns the message_id, or false when no such
// button is on the person's screen (the bot never asked).
func (s *Server) ShareLocation(from User, chat Chat, lat, lng float64) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	asked := false
	for _, row := range s.replyKeyboards[chat.ID] {
		for _, b := range row {
			asked = asked || b.RequestLocation
		}
	}
	if !asked {
		return 0, false
	}
	s.remember(from, chat)
	id := s.nextMessageID(chat.ID)
	sender := from.wire()
	s.enqueue(wireUpdate{Message: &wireMessage{
		MessageID: id,
		From:      &sender,
		Chat:      s.wireChat(chat.ID),
		Date:      time.Now().Unix(),
		Location:  &wireLocation{Latitude: lat, Longitude: lng},
	}})
	return id, true
}
