package dialog

import (
	"context"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/profile"
)

// DefaultStoreTimeout is how long a turn waits for one load or one save
// before it tells the person nothing was recorded (Options.StoreTimeout).
// A healthy Redis answers in a millisecond; one that hangs would
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
// may still have landed; the person is told to try again, and a second
// try of what was saved finds the dialog moved on.
func (e *Engine) save(ctx context.Context, snap profile.Snapshot, ch profile.Change) error {
	ctx, cancel := context.WithTimeout(ctx, e.storeTimeout)
	defer cancel()
	return e.repo.Save(ctx, snap, ch)
}
