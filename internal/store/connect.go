package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Ping attempts made by Connect, and the backoff between them.
const (
	connectTries      = 5
	connectBackoff    = 100 * time.Millisecond
	connectMaxBackoff = 2 * time.Second
)

// Connect opens Redis at rawURL (redis:// or rediss://, as redis.ParseURL
// takes it) and checks that it answers, retrying a few times with
// backoff. An empty rawURL starts an embedded in-memory miniredis instead
// (embedded=true): state then lives only as long as the process. closeFn
// closes the client and stops the embedded server.
func Connect(ctx context.Context, rawURL string) (rdb *redis.Client, embedded bool, closeFn func() error, err error) {
	if rawURL == "" {
		mr, err := miniredis.Run()
		if err != nil {
			return nil, false, nil, fmt.Errorf("store: start embedded redis: %w", err)
		}
		rdb = redis.NewClient(&redis.Options{Addr: mr.Addr()})
		return rdb, true, func() error {
			err := rdb.Close()
			mr.Close()
			return err
		}, nil
	}

	shown := redact(rawURL)
	opts, err := redis.ParseURL(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // a url.Error repeats the URL, password and all
		}
		return nil, false, nil, fmt.Errorf("store: redis url %s: %w", shown, err)
	}
	// Probe with a client that does not retry by itself, so that the
	// tries and backoff below are all there is.
	probeOpts := *opts
	probeOpts.MaxRetries = -1
	probeOpts.DialerRetries = 1
	probe := redis.NewClient(&probeOpts)
	defer probe.Close()
	backoff := connectBackoff
	for try := 1; ; try++ {
		err = probe.Ping(ctx).Err()
		if err == nil {
			rdb = redis.NewClient(opts)
			return rdb, false, rdb.Close, nil
		}
		if try == connectTries || ctx.Err() != nil {
			break
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		backoff = min(2*backoff, connectMaxBackoff)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w (%w)", err, ctxErr)
	}
	return nil, false, nil, fmt.Errorf("store: redis at %s does not answer: %w", shown, err)
}

// redact hides the password of a URL for error messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable url)"
	}
	return u.Redacted()
}
