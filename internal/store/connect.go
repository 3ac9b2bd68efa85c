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

// ParseURL checks a Redis URL and returns how to make its client (probe:
// one that does not retry by itself, for Connect's own tries):
//
//	redis://[user:pass@]host:6379/0             one server (rediss:// for TLS)
//	redis://host:7000?addr=host:7001&addr=...   Redis Cluster (or ?cluster=true with one seed)
//	redis://host:26379?master_name=mymaster     Sentinel
//
// Errors never repeat the password. The clients honour their callers'
// context deadlines on the wire too (ContextTimeoutEnabled), not only
// go-redis's own read and write timeouts: a turn that stops waiting for
// a hung Redis (the engine's store wait) is not held up by a read in
// progress.
func ParseURL(raw string) (func() redis.UniversalClient, error) {
	c, _, err := parseURL(raw)
	return c, err
}

func parseURL(raw string) (newClient, newProbe func() redis.UniversalClient, err error) {
	shown := redact(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("redis url %s: not a URL", shown)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, nil, fmt.Errorf("redis url %s: scheme must be redis:// or rediss://", shown)
	}
	q := u.Query()
	clean := func(err error) error {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // a url.Error repeats the URL, password and all
		}
		return fmt.Errorf("redis url %s: %w", shown, err)
	}
	switch {
	case q.Has("master_name"):
		opts, err := redis.ParseFailoverURL(raw)
		if err != nil {
			return nil, nil, clean(err)
		}
		opts.ContextTimeoutEnabled = true
		probe := *opts
		probe.MaxRetries = -1
		return func() redis.UniversalClient { return redis.NewFailoverClient(opts) },
			func() redis.UniversalClient { return redis.NewFailoverClient(&probe) }, nil
	case q.Has("addr") || q.Get("cluster") == "true":
		q.Del("cluster")
		u.RawQuery = q.Encode()
		opts, err := redis.ParseClusterURL(u.String())
		if err != nil {
			return nil, nil, clean(err)
		}
		opts.ContextTimeoutEnabled = true
		probe := *opts
		probe.MaxRetries = -1
		return func() redis.UniversalClient { return redis.NewClusterClient(opts) },
			func() redis.UniversalClient { return redis.NewClusterClient(&probe) }, nil
	default:
		opts, err := redis.ParseURL(raw)
		if err != nil {
			return nil, nil, clean(err)
		}
		opts.ContextTimeoutEnabled = true
		probe := *opts
		probe.MaxRetries, probe.DialerRetries = -1, 1
		return func() redis.UniversalClient { return redis.NewClient(opts) },
			func() redis.UniversalClient { return redis.NewClient(&probe) }, nil
	}
}

// Connect opens Redis at rawURL (see ParseURL) and checks that it
// answers, retrying a few times with backoff. An empty rawURL starts an
// embedded in-memory miniredis instead (embedded=true): state then lives
// only as long as the process. closeFn closes the client and stops the
// embedded server.
func Connect(ctx context.Context, rawURL string) (rdb redis.UniversalClient, embedded bool, closeFn func() error, err error) {
	if rawURL == "" {
		mr, err := miniredis.Run()
		if err != nil {
			return nil, false, nil, fmt.Errorf("store: start embedded redis: %w", err)
		}
		c := redis.NewClient(&redis.Options{Addr: mr.Addr()})
		return c, true, func() error {
			err := c.Close()
			mr.Close()
			return err
		}, nil
	}
	newClient, newProbe, err := parseURL(rawURL)
	if err != nil {
		return nil, false, nil, fmt.Errorf("store: %w", err)
	}
	// Probe with a client that does not retry by itself, so that the
	// tries and backoff below are all there is.
	probe := newProbe()
	defer probe.Close()
	backoff := connectBackoff
	for try := 1; ; try++ {
		err = probe.Ping(ctx).Err()
		if err == nil {
			rdb = newClient()
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
	return nil, false, nil, fmt.Errorf("store: redis at %s does not answer: %w", redact(rawURL), err)
}

// redact hides the password of a URL for error messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable url)"
	}
	return u.Redacted()
}
