package discord

import (
	"context"
	"errors"
	"net"
	"net/url"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// failure describes a failed Discord call for a log line: a kind, and the
// HTTP status and Discord error code when there are any. Never the error
// text: a network error quotes the request URL, which carries channel
// ids and interaction tokens.
func failure(err error) []any {
	kind := "other"
	var rest *discordgo.RESTError
	var netErr *url.Error
	var opErr *net.OpError
	var closed *websocket.CloseError
	if !errors.As(err, &rest) {
		rest = nil
	}
	if !errors.As(err, &closed) {
		closed = nil
	}
	var srv *serverError
	if !errors.As(err, &srv) {
		srv = nil
	}
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		kind = "cancelled"
	case isDMsClosed(err):
		kind = "unreachable"
	case srv != nil || (rest != nil && rest.Response != nil && rest.Response.StatusCode >= 500):
		kind = "server_error"
	case rest != nil && rest.Response != nil && rest.Response.StatusCode == 429:
		kind = "rate_limited"
	case rest != nil:
		kind = "refused"
	case errors.Is(err, discordgo.ErrUnauthorized):
		kind = "unauthorized"
	case closed != nil:
		kind = "gateway_closed"
	case errors.As(err, &netErr) || errors.As(err, &opErr):
		kind = "network"
	}
	attrs := []any{"kind", kind}
	if closed != nil {
		// The close code only: the text is the server's.
		attrs = append(attrs, "close_code", closed.Code)
	}
	if rest != nil && rest.Response != nil {
		attrs = append(attrs, "status", rest.Response.StatusCode)
	}
	if srv != nil {
		attrs = append(attrs, "status", srv.status)
	}
	if rest != nil && rest.Message != nil && rest.Message.Code != 0 {
		attrs = append(attrs, "code", rest.Message.Code)
	}
	return attrs
}
