package telegram_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"treadwell/internal/adapters/telegram"
	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
)

// SendGated asks its gate after each wait for the pacer, retries
// included, and sends nothing once the gate refuses: a reminder paced
// behind a burst is checked against a /stop typed during the wait.
func TestSendGatedAsksAfterThePacing(t *testing.T) {
	steps := &chattest.Steps{}
	var reported sendErrors
	e := start(t, setup{
		before: func(a *telegram.Adapter) { a.SetRateBudgets(steps.Budget(), nil) },
		cfg:    func(c *telegram.Config) { c.OnSendError = reported.add },
	})
	ctx := context.Background()
	p := e.person(2020, "en")

	e.srv.FailNext("sendMessage", 1, telegramtest.Failure{Code: 500})
	if err := e.adapter.SendGated(ctx, chat.Outgoing{To: p.addr(), Text: "Time for today's check-in"}, steps.Gate(nil)); err != nil {
		t.Fatal(err)
	}
	if got, want := steps.All(), []string{chattest.StepWait, chattest.StepGate, chattest.StepWait, chattest.StepGate}; !slices.Equal(got, want) {
		t.Fatalf("asked %v, want %v: the gate after each wait, the retry's too", got, want)
	}
	if sent := e.srv.Sent(p.chat.ID); len(sent) != 1 {
		t.Fatalf("delivered %d, want 1", len(sent))
	}

	steps.Reset()
	stopped := errors.New("the person typed /stop")
	err := e.adapter.SendGated(ctx, chat.Outgoing{To: p.addr(), Text: "Time for today's check-in", Image: []byte("png")}, steps.Gate(stopped))
	if !errors.Is(err, stopped) || !errors.Is(err, chat.ErrHeldBack) {
		t.Fatalf("err = %v, want the gate's, held back (chat.ErrHeldBack)", err)
	}
	if got, want := steps.All(), []string{chattest.StepWait, chattest.StepGate}; !slices.Equal(got, want) {
		t.Fatalf("asked %v, want %v: refused, nothing more is tried (not the text without its image)", got, want)
	}
	if sent := e.srv.Sent(p.chat.ID); len(sent) != 1 {
		t.Fatalf("delivered %d after the gate refused, want still 1", len(sent))
	}
	if got := reported.list(); len(got) != 0 {
		t.Fatalf("send errors reported %v, want none: a retried 500 that went through, and held back, are not failed sends", got)
	}
}

// A gated send the pacer has no room for before its deadline sends
// nothing, reports no failure, and says so with chat.ErrNoRoom, so that
// the reminders give it back to be sent later instead of failing it.
func TestSendGatedWithNoRoomSendsNothing(t *testing.T) {
	var reported sendErrors
	e := start(t, setup{cfg: func(c *telegram.Config) {
		c.PerChat, c.PerChatBurst = 0.2, 1 // one message per 5 s in a chat
		c.OnSendError = reported.add
	}})
	p := e.person(2021, "en")
	open := func(context.Context) error { return nil }
	if err := e.adapter.SendGated(context.Background(), chat.Outgoing{To: p.addr(), Text: "first"}, open); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := e.adapter.SendGated(ctx, chat.Outgoing{To: p.addr(), Text: "Time for today's check-in"}, open)
	if !errors.Is(err, chat.ErrNoRoom) {
		t.Fatalf("err = %v, want chat.ErrNoRoom: the chat's pace leaves no room within the deadline", err)
	}
	if sent := e.srv.Sent(p.chat.ID); len(sent) != 1 {
		t.Fatalf("delivered %d, want only the first", len(sent))
	}
	if got := reported.list(); len(got) != 0 {
		t.Fatalf("send errors reported %v, want none", got)
	}
}
