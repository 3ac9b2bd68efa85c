package telegram_test

import (
	"reflect"
	"strings"
	"testing"

	"treadwell/internal/adapters/telegram/telegramtest"
)

// End to end through the real telebot client and the real engine: the
// zone question shows a reply keyboard with the likely zones and a
// location button; the person shares Madrid's location and gets
// Europe/Madrid, the time there, and the keyboard taken away. A city
// button of that keyboard, pressed later in /settings, arrives as its
// label and is taken too.
func TestShareLocationSetsZone(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person(1002, "en-GB")
	q := p.toZoneQuestion()
	want := [][]telegramtest.KeyButton{
		{{Text: "London"}, {Text: "New York"}},
		{{Text: "Chicago"}, {Text: "Los Angeles"}},
		{{Text: "📍 Share my location", RequestLocation: true}},
	}
	if !reflect.DeepEqual(q.ReplyKeyboard, want) || q.Keyboard != nil {
		t.Fatalf("zone question %+v\nwant the reply keyboard %+v", q, want)
	}
	if _, ok := e.srv.ShareLocation(p.user, p.chat, 40.4168, -3.7038); !ok {
		t.Fatal("no location button on the person's screen")
	}
	set := p.waitFor("Time zone set to Europe/Madrid: it is ")
	if !set.RemoveKeyboard || !strings.HasSuffix(set.Text, " there now.") {
		t.Fatalf("reply to the location %+v: want remove_keyboard", set)
	}
	if k := e.srv.ReplyKeyboard(p.chat.ID); k != nil {
		t.Fatalf("the location keyboard is still shown: %+v", k)
	}
	p.waitFor("which days")
	p.press("Every day", "(Europe/Madrid)")

	// A city button of the reply keyboard sends its label as text.
	p.say("/settings", "Europe/Madrid")
	p.press("Time zone", "time zone")
	if e.srv.ReplyKeyboard(p.chat.ID) == nil {
		t.Fatal("/settings' zone question shows no reply keyboard")
	}
	p.say("Chicago", "Time zone set to America/Chicago")
	p.waitFor("(America/Chicago)")
	if k := e.srv.ReplyKeyboard(p.chat.ID); k != nil {
		t.Fatalf("the location keyboard is still shown: %+v", k)
	}
	for _, in := range e.engine.Incoming() {
		if in.Location != nil && (in.Location.Lat < 40.41 || in.Location.Lat > 40.42 || in.Location.Lng < -3.71 || in.Location.Lng > -3.70 || in.From != p.addr()) {
			t.Fatalf("location incoming %+v %+v", in, in.Location)
		}
	}
}

// Leaving the zone question any other way than answering it takes the
// location keyboard away too: /cancel, /stop, a command whose reply has
// inline buttons of its own. A keyboard left on screen would offer
// "Share my location" to a question nobody asks any more.
func TestLeavingTheZoneQuestionRemovesItsKeyboard(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person(1003, "en-GB")
	p.onboard()
	for _, leave := range []struct{ say, reply string }{
		{"/cancel", "left that question"},
		{"/checkin", "leg pain"},
		{"/stop", "Paused"},
	} {
		p.say("/settings", "What would you like to change")
		p.press("Time zone", "time zone")
		if e.srv.ReplyKeyboard(p.chat.ID) == nil {
			t.Fatal("/settings' zone question shows no reply keyboard")
		}
		p.say(leave.say, leave.reply)
		if k := e.srv.ReplyKeyboard(p.chat.ID); k != nil {
			t.Fatalf("after %s the location keyboard is still shown: %+v", leave.say, k)
		}
		if leave.say == "/stop" {
			p.say("/resume", "")
		}
	}
}
