package telegram

import (
	"context"
	"io"
	"net/http"
	"strings"
)

// pollCanceller ends a long-polling getUpdates the moment the adapter
// stops, so shutdown does not wait out a 25-second poll. Other calls (the
// replies still being sent) are left to finish.
type pollCanceller struct {
	base http.RoundTripper
	stop context.Context
}

func (p pollCanceller) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/getUpdates") {
		return p.base.RoundTrip(req)
	}
	ctx, cancel := context.WithCancel(req.Context())
	stopWatch := context.AfterFunc(p.stop, cancel)
	resp, err := p.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		stopWatch()
		cancel()
		return nil, err
	}
	// The body is read after RoundTrip returns: cancel when it is closed.
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, done: func() { stopWatch(); cancel() }}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	done func()
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.done()
	return err
}
