package dialog

import (
	"context"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/profile"
)

// DefaultStoreTimeout is how long a turn waits for one load, one save or
// one effect (an erasure, the read of an export) before it tells the
// person it failed (Options.StoreTimeout). A healthy Redis answers in a
// millisecond; one that hangs would
// otherwise hold a /stop for as long as the client's read timeouts,
// retries and pool waits add up to (35 s with go-redis's defaults).
const DefaultStoreTimeout = 3 * time.Second

// load is repo.Load within the store wait.
func (e *Engine) load(ctx context.Context, platform chat.Platform, userID string) (profile.Snapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, e.storeTimeout)
	defer cancel()
	return e.repo.Load(ctx, platform, userID)
}

// save is repo.Save within the store wait. A save that runs out of it
// may still have landed: the store says so (profile.ErrUnconfirmed), the
// person hears that it may or may not have gone through, and a second
// try of what was saved finds the dialog moved on.
func (e *Engine) save(ctx context.Context, snap profile.Snapshot, ch profile.Change) error {
	ctx, cancel := context.WithTimeout(ctx, e.storeTimeout)
	defer cancel()
	return e.repo.Save(ctx, snap, ch)
}

// effect runs one of a turn's effects within the store wait. An effect
// is a few round trips at most (an erasure, the history of an export, a
// link's merge); what it does besides, such as rendering a report, does
// not wait on the context.
func (e *Engine) effect(ctx context.Context, run func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, e.storeTimeout)
	defer cancel()
	return run(ctx)
}
