package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// apiTransport bounds the telebot client's calls, which take no context:
//   - a long-polling getUpdates ends the moment the adapter stops, so
//     shutdown does not wait out a 25-second poll;
//   - every other call ends after callTimeout, so a server that takes
//     the connection and never answers costs one retry, not the HTTP
//     client's timeout (sized for long polls). Those calls are not ended
//     at stop: the replies still being sent are left to finish.
type apiTransport struct {
	base        http.RoundTripper
	stop        context.Context
	callTimeout time.Duration
}

func (t apiTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var ctx context.Context
	var done func()
	if strings.HasSuffix(req.URL.Path, "/getUpdates") {
		c, cancel := context.WithCancel(req.Context())
		stopWatch := context.AfterFunc(t.stop, cancel)
		ctx, done = c, func() { stopWatch(); cancel() }
	} else {
		ctx, done = context.WithTimeoutCause(req.Context(), t.callTimeout, callTimeoutError{t.callTimeout})
	}
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		err = timedOut(ctx, err)
		done()
		return nil, err
	}
	// The body is read after RoundTrip returns, within the same bound:
	// end the call when it is closed.
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, ctx: ctx, done: done}
	return resp, nil
}

// callTimeoutError is a call that got no answer within Config.CallTimeout.
// It is a network error (no status code), retried like one, and not a
// context error: the caller's context did not end.
type callTimeoutError struct{ after time.Duration }

func (e callTimeoutError) Error() string {
	return fmt.Sprintf("telegram: no answer from the Bot API within %v", e.after)
}
func (callTimeoutError) Timeout() bool   { return true }
func (callTimeoutError) Temporary() bool { return true }

// timedOut is err, or the call's timeout when that is what ended it.
func timedOut(ctx context.Context, err error) error {
	var timeout callTimeoutError
	if errors.As(context.Cause(ctx), &timeout) {
		return timeout
	}
	return err
}

type cancelOnClose struct {
	io.ReadCloser
	ctx  context.Context
	done func()
}

func (c *cancelOnClose) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = timedOut(c.ctx, err)
	}
	return n, err
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.done()
	return err
}
