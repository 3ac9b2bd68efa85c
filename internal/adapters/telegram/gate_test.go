package telegram_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"treadwell/internal/adapters/telegram"
	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat"
)

// events is the order in which the pacer's budget and a send's gate were
// asked.
type events struct {
	mu   sync.Mutex
	list []string
}

func (e *events) add(ev string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.list = append(e.list, ev)
}

func (e *events) reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.list = nil
}

func (e *events) all() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.list)
}

// budgetLog is a RateBudget that lets every message go and notes each
// wait.
type budgetLog struct{ ev *events }

func (b budgetLog) Wait(context.Context) error { b.ev.add("wait"); return nil }

// SendGated asks its gate after each wait for the pacer, retries
// included, and sends nothing once the gate refuses: a reminder paced
// behind a burst is checked against a /stop typed during the wait.
func TestSendGatedAsksAfterThePacing(t *testing.T) {
	ev := &events{}
	var reported sendErrors
	e := start(t, setup{
		before: func(a *telegram.Adapter) { a.SetRateBudgets(budgetLog{ev}, nil) },
		cfg:    func(c *telegram.Config) { c.OnSendError = reported.add },
	})
	ctx := context.Background()
	p := e.person(2020, "en")
	gate := func(answer error) func(context.Context) error {
		return func(context.Context) error { ev.add("gate"); return answer }
	}

	e.srv.FailNext("sendMessage", 1, telegramtest.Failure{Code: 500})
	if err := e.adapter.SendGated(ctx, chat.Outgoing{To: p.addr(), Text: "Time for today's check-in"}, gate(nil)); err != nil {
		t.Fatal(err)
	}
	if got, want := ev.all(), []string{"wait", "gate", "wait", "gate"}; !slices.Equal(got, want) {
		t.Fatalf("asked %v, want %v: the gate after each wait, the retry's too", got, want)
	}
	if sent := e.srv.Sent(p.chat.ID); len(sent) != 1 {
		t.Fatalf("delivered %d, want 1", len(sent))
	}

	ev.reset()
	stopped := errors.New("the person typed /stop")
	err := e.adapter.SendGated(ctx, chat.Outgoing{To: p.addr(), Text: "Time for today's check-in", Image: []byte("png")}, gate(stopped))
	if !errors.Is(err, stopped) {
		t.Fatalf("err = %v, want the gate's", err)
	}
	if got, want := ev.all(), []string{"wait", "gate"}; !slices.Equal(got, want) {
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
