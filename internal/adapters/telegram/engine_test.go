package telegram_test

import (
	"strings"
	"testing"

	"treadwell/internal/adapters/telegram/telegramtest"
)

// The one test through the real engine: a short conversation (onboarding
// with buttons and a typed answer, a check-in, a plain-text stop with its
// safety questions) with the real telebot client, to show that the
// adapter and the engine fit together. Everything else in this package
// checks the adapter's translation against a stub handler; the engine's
// own behaviour is tested in internal/dialog.
func TestConversation(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person(1001, "en-GB")
	p.onboard()

	// Answered questions lose their keyboard and show the choice.
	first := e.srv.Sent(p.chat.ID)[0]
	if first.Keyboard != nil || !strings.HasSuffix(first.Text, "✓ I understand") || !first.Edited {
		t.Fatalf("answered disclaimer = %+v", first)
	}
	// Every press was answered (no endless spinner).
	e.eventually("every press answered", func() bool { return len(e.srv.CallbackAnswers()) == 9 })

	p.say("/checkin", "leg pain right now")
	p.press("3", "back pain")
	p.press("2", "highest pain during your last walk")
	p.press("No walk yet", "spread further")
	p.press("No", "(rule HOLD)")

	msg := p.say("stop", "Paused")
	if !strings.HasPrefix(msg.Text, "Paused") {
		t.Fatalf("/stop reply does not start with Paused: %q", msg.Text)
	}
	p.waitFor("because of pain?")
	p.press("Because of pain", "sciatica in both legs?")
	p.press("None of these", "fever")
	p.press("None of these", "/resume")

	// The person's language code reached the engine.
	for _, in := range e.engine.Incoming() {
		if in.Lang != "en-GB" || in.From != p.addr() {
			t.Fatalf("incoming = %+v", in)
		}
	}
	// The engine's command menu was set, with descriptions, and the fake
	// Bot API took every name and description.
	cmds := e.srv.Menu("all_private_chats", "")
	if len(cmds) < 10 || cmds[0].Description == "" {
		t.Fatalf("commands = %+v", cmds)
	}
	if n := len(e.engine.Commands("en")); n != len(cmds) {
		t.Fatalf("%d commands set, the engine has %d", len(cmds), n)
	}
}

// onboard runs /start with buttons and typed answers.
func (p *person) onboard() {
	p.e.t.Helper()
	p.toZoneQuestion()
	p.say("Berlin", "which days")
	p.press("Every day", "Next reminder")
}

// toZoneQuestion runs /start up to the time-zone question and returns
// that question as it arrived.
func (p *person) toZoneQuestion() telegramtest.Message {
	p.e.t.Helper()
	p.say("/start", "not medical advice")
	p.press("I understand", "sciatica in both legs?")
	p.press("None of these", "doctor today")
	p.press("None of these", "leg pain")
	p.press("4", "back pain")
	p.press("3", "how many minutes")
	p.press("10", "Where will you walk?")
	p.press("Treadmill", "What time")
	return p.press("07:30", "time zone")
}
