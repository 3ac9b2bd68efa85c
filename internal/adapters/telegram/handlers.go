package telegram

import (
	"strconv"
	"time"

	tele "gopkg.in/telebot.v3"

	"treadwell/internal/chat"
)

// allowedUpdates are the update kinds the bot asks for.
var allowedUpdates = []string{"message", "callback_query", "my_chat_member"}

// register routes telebot's updates to the dispatcher. Handlers only
// queue; the work runs in order per chat.
func (a *Adapter) register(bot *tele.Bot, d *dispatcher) {
	onMessage := func(c tele.Context) error {
		m := c.Message()
		if m == nil || m.Sender == nil || m.Sender.IsBot {
			return nil
		}
		in := chat.Incoming{From: address(m.Chat, m.Sender), Text: m.Text, Lang: m.Sender.LanguageCode, At: m.Time()}
		d.do(m.Chat.ID, func() { a.handle(d, m.Chat.ID, in) })
		return nil
	}
	bot.Handle(tele.OnText, onMessage)
	// A shared location (the zone question's location button) comes as a
	// message with coordinates and no text.
	bot.Handle(tele.OnLocation, func(c tele.Context) error {
		m := c.Message()
		if m == nil || m.Sender == nil || m.Sender.IsBot || m.Location == nil {
			return nil
		}
		in := chat.Incoming{From: address(m.Chat, m.Sender), Lang: m.Sender.LanguageCode, At: m.Time(),
			Location: &chat.Location{Lat: float64(m.Location.Lat), Lng: float64(m.Location.Lng)}}
		d.do(m.Chat.ID, func() { a.handle(d, m.Chat.ID, in) })
		return nil
	})
	// Photos, stickers and the like reach the engine as a message without
	// text, which it answers with the current question.
	bot.Handle(tele.OnMedia, onMessage)
	bot.Handle(tele.OnCallback, func(c tele.Context) error {
		cb := c.Callback()
		if cb == nil || cb.Sender == nil {
			return nil
		}
		var chatID int64 = cb.Sender.ID
		if cb.Message != nil && cb.Message.Chat != nil {
			chatID = cb.Message.Chat.ID
		}
		d.do(chatID, func() { a.handleCallback(d, bot, chatID, cb) })
		return nil
	})
	bot.Handle(tele.OnMyChatMember, func(c tele.Context) error {
		u := c.ChatMember()
		if u == nil || u.Chat == nil || u.Chat.Type != tele.ChatPrivate || u.Sender == nil || u.NewChatMember == nil {
			return nil
		}
		reachable := u.NewChatMember.Role != tele.Kicked && u.NewChatMember.Role != tele.Left
		addr := address(u.Chat, u.Sender)
		d.do(u.Chat.ID, func() { a.setReachable(d.ctx, addr, reachable) })
		return nil
	})
}

// handle hands one message to the engine and queues the replies on the
// chat's outbox, so that the next message is handled without waiting
// for them to be sent. Their retries are bounded from now, when they were
// made, so a reply waiting behind a failing one does not wait again as
// long.
func (a *Adapter) handle(d *dispatcher, chatID int64, in chat.Incoming) {
	outs, err := d.h.Handle(d.ctx, in)
	if err != nil {
		a.log.Warn("handling a message failed", "err", err)
	}
	if len(outs) == 0 {
		return
	}
	retryUntil := time.Now().Add(a.cfg.RetryWithin)
	d.send(chatID, func() { a.sendReplies(d.ctx, outs, retryUntil) })
}

// handleCallback answers a button press at once (no endless spinner;
// one call, not retried), queues the edit that shows the choice in place
// of the keyboard on the chat's outbox, ahead of the replies, and hands
// the press to the engine.
func (a *Adapter) handleCallback(d *dispatcher, bot *tele.Bot, chatID int64, cb *tele.Callback) {
	if err := bot.Respond(cb); err != nil {
		a.log.Warn("answerCallbackQuery failed", failure(err)...)
	}
	if cb.Message != nil && cb.Message.Chat != nil {
		text := answeredText(cb.Message.Text, cb.Message.ReplyMarkup, cb.Data)
		retryUntil := time.Now().Add(a.cfg.RetryWithin)
		msg := cb.Message
		d.send(chatID, func() {
			err := a.call(d.ctx, msg.Chat.ID, retryUntil, nil, func() error {
				// Without reply_markup the edit removes the keyboard.
				_, err := bot.Edit(msg, text)
				return err
			})
			if err != nil && classify(err) != errNotModified {
				a.log.Warn("editing an answered question failed", failure(err)...)
			}
		})
	}
	var chatObj *tele.Chat
	if cb.Message != nil {
		chatObj = cb.Message.Chat
	}
	if chatObj == nil {
		chatObj = &tele.Chat{ID: cb.Sender.ID, Type: tele.ChatPrivate}
	}
	in := chat.Incoming{From: address(chatObj, cb.Sender), Data: cb.Data, Lang: cb.Sender.LanguageCode}
	a.handle(d, chatID, in)
}

// address is the neutral address of a chat and sender.
func address(c *tele.Chat, u *tele.User) chat.Address {
	return chat.Address{
		Platform: chat.Telegram,
		ChatID:   strconv.FormatInt(c.ID, 10),
		UserID:   strconv.FormatInt(u.ID, 10),
		Group:    c.Type != tele.ChatPrivate,
	}
}
