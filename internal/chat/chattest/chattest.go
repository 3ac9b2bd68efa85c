// Package chattest is a stub chat.Handler for adapter tests. It records
// every message an adapter hands it and answers from a script, so that a
// test of an adapter's translation (update to chat.Incoming, chat.Outgoing
// to platform calls) checks exactly what crossed the boundary and does
// not change when the dialog engine's texts or flows do.
//
// The stub also has the engine's optional abilities that adapters look
// for with type assertions, the command menu (Commands) and reachability
// (SetReachable), and records their use; Plain hides them, for the paths
// where the handler lacks them.
package chattest

import (
	"context"
	"sync"
	"testing"
	"time"

	"treadwell/internal/chat"
)

// Reply answers one incoming message, as chat.Handler.Handle does.
type Reply func(in chat.Incoming) ([]chat.Outgoing, error)

// Reach is one call of SetReachable.
type Reach struct {
	Addr      chat.Address
	Reachable bool
}

// Handler is the stub. The zero value is not usable; call New. All
// methods are safe for concurrent use.
type Handler struct {
	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every recorded call
	reply    Reply
	ins      []chat.Incoming
	menu     []chat.Command
	menuLang []string
	reaches  []Reach
	reachErr error
}

// New is a stub answering with reply; nil: it answers nothing.
func New(reply Reply) *Handler {
	return &Handler{reply: reply, changed: make(chan struct{})}
}

// SetReply replaces the script, for the messages handled from now on.
func (h *Handler) SetReply(reply Reply) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reply = reply
}

// Handle records in and answers it from the script.
func (h *Handler) Handle(_ context.Context, in chat.Incoming) ([]chat.Outgoing, error) {
	h.mu.Lock()
	h.ins = append(h.ins, in)
	reply := h.reply
	h.notify()
	h.mu.Unlock()
	if reply == nil {
		return nil, nil
	}
	return reply(in)
}

// Incoming is every message handled so far, in order.
func (h *Handler) Incoming() []chat.Incoming {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]chat.Incoming(nil), h.ins...)
}

// WaitIncoming waits until at least n messages were handled and returns
// them all. After 10s it fails the test, listing what came.
func (h *Handler) WaitIncoming(t testing.TB, n int) []chat.Incoming {
	t.Helper()
	if !h.wait(func() bool { return len(h.ins) >= n }) {
		t.Fatalf("chattest: waited %v for %d incoming message(s), got %+v", waitTimeout, n, h.Incoming())
	}
	return h.Incoming()
}

// SetCommands sets the command menu Commands returns.
func (h *Handler) SetCommands(cmds []chat.Command) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.menu = append([]chat.Command(nil), cmds...)
}

// Commands is the command menu set with SetCommands; the language asked
// for is recorded.
func (h *Handler) Commands(lang string) []chat.Command {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.menuLang = append(h.menuLang, lang)
	h.notify()
	return append([]chat.Command(nil), h.menu...)
}

// CommandLangs is the language of every Commands call, in order.
func (h *Handler) CommandLangs() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.menuLang...)
}

// FailReachable makes SetReachable record its calls and return err (nil:
// succeed again).
func (h *Handler) FailReachable(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reachErr = err
}

// SetReachable records the call.
func (h *Handler) SetReachable(_ context.Context, addr chat.Address, reachable bool) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reaches = append(h.reaches, Reach{Addr: addr, Reachable: reachable})
	h.notify()
	return h.reachErr
}

// Reaches is every SetReachable call so far, in order.
func (h *Handler) Reaches() []Reach {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Reach(nil), h.reaches...)
}

// WaitReaches waits until SetReachable was called at least n times and
// returns the calls. After 10s it fails the test.
func (h *Handler) WaitReaches(t testing.TB, n int) []Reach {
	t.Helper()
	if !h.wait(func() bool { return len(h.reaches) >= n }) {
		t.Fatalf("chattest: waited %v for %d SetReachable call(s), got %+v", waitTimeout, n, h.Reaches())
	}
	return h.Reaches()
}

// Plain is the same stub with only Handle: an adapter's type assertions
// find neither the command menu nor reachability.
func (h *Handler) Plain() chat.Handler { return plain{h} }

type plain struct{ h *Handler }

func (p plain) Handle(ctx context.Context, in chat.Incoming) ([]chat.Outgoing, error) {
	return p.h.Handle(ctx, in)
}

// waitTimeout bounds the Wait methods.
const waitTimeout = 10 * time.Second

// wait blocks until cond, checked with h.mu held, holds; false after
// waitTimeout.
func (h *Handler) wait(cond func() bool) bool {
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		h.mu.Lock()
		ok, changed := cond(), h.changed
		h.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}

// notify wakes the waiters. Call with h.mu held.
func (h *Handler) notify() {
	close(h.changed)
	h.changed = make(chan struct{})
}

// Script answers by the message's Text, or by its Data for a button
// press: each entry lists the replies. A reply without an address goes
// to the chat the message came from. Messages not in the script get no
// reply.
type Script map[string][]chat.Outgoing

// Reply is the script as a Reply.
func (s Script) Reply(in chat.Incoming) ([]chat.Outgoing, error) {
	key := in.Text
	if in.Data != "" {
		key = in.Data
	}
	return addressed(in, s[key]), nil
}

// Echo answers every message with one reply: "got <text>" for a message,
// "pressed <data>" for a button press.
func Echo(in chat.Incoming) ([]chat.Outgoing, error) {
	text := "got " + in.Text
	if in.Data != "" {
		text = "pressed " + in.Data
	}
	return []chat.Outgoing{{To: in.From, Text: text}}, nil
}

// addressed copies outs, sending those without an address back to in's chat.
func addressed(in chat.Incoming, outs []chat.Outgoing) []chat.Outgoing {
	if len(outs) == 0 {
		return nil
	}
	out := append([]chat.Outgoing(nil), outs...)
	for i := range out {
		if out[i].To == (chat.Address{}) {
			out[i].To = in.From
		}
	}
	return out
}
