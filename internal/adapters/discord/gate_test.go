package discord_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
)

// SendGated asks its gate in the pacer, after each wait for the rate
// limits, retries included, and sends nothing once the gate refuses: a
// reminder paced behind a burst is checked against a /stop typed during
// the wait.
func TestSendGatedAsksAfterThePacing(t *testing.T) {
	steps := &chattest.Steps{}
	var reported sendErrors
	e := start(t, setup{cfg: func(c *discord.Config) {
		c.RateBudget = steps.Budget()
		c.OnSendError = reported.add
	}})
	ctx := context.Background()
	p := e.person("700000000000000071")
	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	if err := e.adapter.Send(ctx, chat.Outgoing{To: to, Text: "hello"}); err != nil {
		t.Fatal(err) // opens the DM channel: the gated sends below make one request each
	}

	steps.Reset()
	e.srv.FailNext("POST", "/channels/{id}/messages", 1, http.StatusInternalServerError, 0, "", 0)
	if err := e.adapter.SendGated(ctx, chat.Outgoing{To: to, Text: "Time for today's check-in"}, steps.Gate(nil)); err != nil {
		t.Fatal(err)
	}
	if got, want := steps.All(), []string{chattest.StepWait, chattest.StepGate, chattest.StepWait, chattest.StepGate}; !slices.Equal(got, want) {
		t.Fatalf("asked %v, want %v: the gate after each wait, the retry's too", got, want)
	}
	if n := len(e.srv.Messages(p.dmChannel())); n != 2 {
		t.Fatalf("%d messages in the DM, want 2", n)
	}

	steps.Reset()
	stopped := errors.New("the person typed /stop")
	err := e.adapter.SendGated(ctx, chat.Outgoing{To: to, Text: "Time for today's check-in", Image: []byte("png")}, steps.Gate(stopped))
	if !errors.Is(err, stopped) || !errors.Is(err, chat.ErrHeldBack) {
		t.Fatalf("err = %v, want the gate's, held back (chat.ErrHeldBack)", err)
	}
	if got, want := steps.All(), []string{chattest.StepWait, chattest.StepGate}; !slices.Equal(got, want) {
		t.Fatalf("asked %v, want %v: refused, nothing more is tried (not the text without its image)", got, want)
	}
	if n := len(e.srv.Messages(p.dmChannel())); n != 2 {
		t.Fatalf("%d messages in the DM after the gate refused, want still 2", n)
	}
	if got := reported.list(); len(got) != 0 {
		t.Fatalf("send errors reported %v, want none: held back is no failed send", got)
	}
}

// noRoomBudget lets requests go until full, then refuses each as the
// shared budget in Redis does when the wait would outlast the deadline.
type noRoomBudget struct {
	mu   sync.Mutex
	full bool
}

func (b *noRoomBudget) fill() { b.mu.Lock(); b.full = true; b.mu.Unlock() }

func (b *noRoomBudget) Wait(context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.full {
		return fmt.Errorf("budget: no room before the deadline: %w", context.DeadlineExceeded)
	}
	return nil
}

// A gated send the pacer has no room for before its deadline sends
// nothing, reports no failure, and says so with chat.ErrNoRoom, so that
// the reminders give it back to be sent later instead of failing it.
func TestSendGatedWithNoRoomSendsNothing(t *testing.T) {
	budget := &noRoomBudget{}
	var reported sendErrors
	e := start(t, setup{cfg: func(c *discord.Config) {
		c.RateBudget = budget
		c.OnSendError = reported.add
	}})
	p := e.person("700000000000000072")
	to := chat.Address{Platform: chat.Discord, UserID: p.user.ID}
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	budget.fill()
	err := e.adapter.SendGated(context.Background(), chat.Outgoing{To: to, Text: "Time for today's check-in"}, func(context.Context) error { return nil })
	if !errors.Is(err, chat.ErrNoRoom) {
		t.Fatalf("err = %v, want chat.ErrNoRoom", err)
	}
	if n := len(e.srv.Messages(p.dmChannel())); n != 1 {
		t.Fatalf("%d messages in the DM, want only the first", n)
	}
	if got := reported.list(); len(got) != 0 {
		t.Fatalf("send errors reported %v, want none", got)
	}
}
