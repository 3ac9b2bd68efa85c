package telegram

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	tele "gopkg.in/telebot.v3"

	"treadwell/internal/chat"
)

// Telegram's limits.
const (
	maxText         = 4096 // characters of one message
	maxCallbackData = 64   // bytes of a button's callback data
)

// keyboard turns the neutral buttons into an inline keyboard. A Private
// button becomes a link that opens a private chat with the bot. A
// keyboard with a RequestLocation button is a reply keyboard instead
// (see locationKeyboard).
func keyboard(rows [][]chat.Button, botUsername string, group bool) (*tele.ReplyMarkup, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	if asksLocation(rows) {
		if !group {
			return locationKeyboard(rows), nil
		}
		rows = withoutLocation(rows) // Telegram allows it in private chats only
	}
	m := &tele.ReplyMarkup{}
	for _, row := range rows {
		var r []tele.InlineButton
		for _, b := range row {
			if b.Private {
				r = append(r, tele.InlineButton{Text: b.Label, URL: privateLink(botUsername, "")})
				continue
			}
			if len(b.Data) > maxCallbackData {
				return nil, fmt.Errorf("telegram: button data of %d bytes is over Telegram's %d", len(b.Data), maxCallbackData)
			}
			r = append(r, tele.InlineButton{Text: b.Label, Data: b.Data})
		}
		m.InlineKeyboard = append(m.InlineKeyboard, r)
	}
	return m, nil
}

func asksLocation(rows [][]chat.Button) bool {
	for _, row := range rows {
		for _, b := range row {
			if b.RequestLocation {
				return true
			}
		}
	}
	return false
}

func withoutLocation(rows [][]chat.Button) [][]chat.Button {
	var out [][]chat.Button
	for _, row := range rows {
		var r []chat.Button
		for _, b := range row {
			if !b.RequestLocation {
				r = append(r, b)
			}
		}
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// locationKeyboard is a reply keyboard: Telegram asks for a location only
// from a reply keyboard's button (KeyboardButton.request_location), and a
// message carries one keyboard, so the other buttons become reply buttons
// too. Pressing one sends its label as text, which the engine takes as
// that choice (a label typed picks its choice). The keyboard folds away
// after a press; the engine's DropLocationRequest removes it (see send).
func locationKeyboard(rows [][]chat.Button) *tele.ReplyMarkup {
	m := &tele.ReplyMarkup{ResizeKeyboard: true, OneTimeKeyboard: true}
	for _, row := range rows {
		var r []tele.ReplyButton
		for _, b := range row {
			if b.Private { // a link has no place on a reply keyboard
				continue
			}
			r = append(r, tele.ReplyButton{Text: b.Label, Location: b.RequestLocation})
		}
		if len(r) > 0 {
			m.ReplyKeyboard = append(m.ReplyKeyboard, r)
		}
	}
	return m
}

// privateLink is a t.me deep link to a private chat with the bot; payload
// arrives as "/start <payload>".
func privateLink(botUsername, payload string) string {
	link := "https://t.me/" + url.PathEscape(botUsername)
	if payload != "" {
		link += "?start=" + url.QueryEscape(payload)
	}
	return link
}

// answeredText is a question's text once answered: the choice shown
// instead of the keyboard.
func answeredText(text string, markup *tele.ReplyMarkup, data string) string {
	if markup != nil {
		for _, row := range markup.InlineKeyboard {
			for _, b := range row {
				if b.Data == data {
					return text + "\n\n✓ " + b.Text
				}
			}
		}
	}
	return text
}

// errKind is how a Bot API error is handled.
type errKind int

const (
	errNone        errKind = iota
	errFlood               // 429: wait retry_after
	errTemporary           // 5xx or network: back off and retry
	errForbidden           // 403: the chat refuses messages for good
	errAuth                // 401: the token is wrong
	errNotModified         // an edit that changes nothing
	errPermanent           // anything else: do not retry
)

var codeRx = regexp.MustCompile(`\((\d{3})\)$`)

// classify sorts an error from telebot. telebot types the errors it
// knows; others arrive as "telegram: <description> (<code>)", and network
// failures as wrapped errors without a code.
func classify(err error) errKind {
	if err == nil {
		return errNone
	}
	var flood tele.FloodError
	if errors.As(err, &flood) {
		return errFlood
	}
	if strings.Contains(err.Error(), "message is not modified") {
		return errNotModified
	}
	switch code := statusCode(err); {
	case code == 0:
		return errTemporary // no answer from the server
	case code == 429:
		return errFlood
	case code == 401:
		return errAuth
	case code == 403:
		return errForbidden
	case code >= 500:
		return errTemporary
	}
	return errPermanent
}

// statusCode is the Bot API's status code in err; 0 when the server did
// not answer.
func statusCode(err error) int {
	var te *tele.Error
	if errors.As(err, &te) {
		return te.Code
	}
	if m := codeRx.FindStringSubmatch(err.Error()); m != nil {
		code, _ := strconv.Atoi(m[1])
		return code
	}
	return 0
}

// redact removes the token from an error: telebot's network errors carry
// the request URL, which holds it.
func redact(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "<token>"))
}
