package store

import (
	"errors"
	"fmt"
	"net"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/profile"
)

// writeOutcome is err, the failure of a pipeline of writes, said as what
// it leaves the data in: wrapped in profile.ErrUnconfirmed unless none
// of cmds, the writes that make the change, can have been applied. A command Redis answered
// was applied (or refused for a reason of its own, such as a lost
// compare-and-set); one it refused with an error was not; one that never
// left (no connection could be had) was not; one that left and got no
// answer (a timeout, a connection that broke) may have been. So a
// person is told "nothing was recorded" only when that is true.
func writeOutcome(cmds []redis.Cmder, err error) error {
	for _, c := range cmds {
		if e := c.Err(); e == nil || errors.Is(e, redis.Nil) || !notApplied(e) {
			return fmt.Errorf("%w: %w", profile.ErrUnconfirmed, err)
		}
	}
	if !notApplied(err) {
		return fmt.Errorf("%w: %w", profile.ErrUnconfirmed, err)
	}
	return err
}

// notApplied reports whether a command that failed with err did not
// run: Redis answered it with an error, or it was never sent. A script
// refused midway keeps the writes it made before; the save script reads
// its version first, so a key of the wrong type fails it before any
// write, but for the log key, written last, the two cannot be told
// apart here (a corrupt key, not a failure that happens in use).
func notApplied(err error) bool {
	var reply redis.Error
	if errors.As(err, &reply) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	return errors.Is(err, redis.ErrPoolTimeout) || errors.Is(err, redis.ErrClosed)
}
