package dialog

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
	"treadwell/internal/profile"
)

// Backoff between attempts when a save lost a race: the first wait is
// short (a double tap resolves at once), each next one doubles up to
// the cap, and each is drawn at random from its upper half, so writers
// that collided do not collide again in step.
const (
	conflictFirstWait = 2 * time.Millisecond
	conflictMaxWait   = 100 * time.Millisecond
	// defaultAttempts bounds the tries of one update: with the waits
	// above they add up to about two seconds, far more than any burst
	// of one person's messages needs, and still short enough that a
	// person who really is in a storm hears "try again" promptly.
	defaultAttempts = 25
)

// update runs try until it saves: again, after a jittered backoff, when
// it reports profile.ErrConflict (someone else saved first; try reloads
// and decides again), and never more than e.attempts times. It is the
// one retry loop of the engine: every load-decide-save goes through it.
func (e *Engine) update(ctx context.Context, try func() error) error {
	wait := conflictFirstWait
	for attempt := 1; ; attempt++ {
		err := try()
		if !errors.Is(err, profile.ErrConflict) {
			return err
		}
		if attempt >= e.attempts {
			return fmt.Errorf("%w: gave up after %d concurrent updates: %w", ErrUnavailable, attempt, err)
		}
		sleep := wait/2 + rand.N(wait/2+1)
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: %w", ErrUnavailable, ctx.Err())
		case <-time.After(sleep):
		}
		wait = min(2*wait, conflictMaxWait)
	}
}
