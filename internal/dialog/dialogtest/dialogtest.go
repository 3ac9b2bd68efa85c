// Package dialogtest helps tests that drive the real engine: one built
// on a store with the real catalog and a quiet logger, and a Recorder
// that notes what reached it.
package dialogtest

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/messages"
)

// NewEngine is the real engine on repo, with the real message catalog,
// now as its clock (nil: time.Now) and logs discarded.
func NewEngine(t testing.TB, repo dialog.Repository, now func() time.Time) *dialog.Engine {
	t.Helper()
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	return dialog.New(repo, msgs, dialog.Options{Now: now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// Recorder is the real engine, noting every message that reached it and
// optionally slow. Embedding keeps the engine's optional abilities
// (command menu, reachability) visible to an adapter's type assertions.
type Recorder struct {
	*dialog.Engine
	mu    sync.Mutex
	ins   []chat.Incoming
	delay func(chat.Incoming) time.Duration
}

// Handle notes in, waits any delay set for it, and hands it on.
func (r *Recorder) Handle(ctx context.Context, in chat.Incoming) ([]chat.Outgoing, error) {
	r.mu.Lock()
	r.ins = append(r.ins, in)
	delay := r.delay
	r.mu.Unlock()
	if delay != nil {
		time.Sleep(delay(in))
	}
	return r.Engine.Handle(ctx, in)
}

// Incoming is every message handled so far, in order.
func (r *Recorder) Incoming() []chat.Incoming {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]chat.Incoming(nil), r.ins...)
}

// SetDelay makes handling slow: delay says how long for each message.
func (r *Recorder) SetDelay(delay func(chat.Incoming) time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.delay = delay
}
