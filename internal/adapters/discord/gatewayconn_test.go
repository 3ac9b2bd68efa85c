package discord

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// tlsGateway is a wss:// server that sends Hello, reads one payload,
// answers it with answer (an op), and reports the close code the client
// ends with.
func tlsGateway(t *testing.T, answer map[string]any) (*httptest.Server, <-chan int) {
	t.Helper()
	codes := make(chan int, 1)
	up := websocket.Upgrader{}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		ws.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
		if _, _, err := ws.ReadMessage(); err != nil {
			codes <- -1
			return
		}
		if answer != nil {
			ws.WriteJSON(answer)
		}
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			_, _, err := ws.ReadMessage()
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				codes <- ce.Code
				return
			}
			if err != nil {
				codes <- 0 // no close frame
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv, codes
}

func testAdapter(t *testing.T, d *websocket.Dialer) *Adapter {
	t.Helper()
	a, err := New(Config{Token: "t", AppID: "1", Dialer: d, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func roots(srv *httptest.Server) *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	return &tls.Config{RootCAs: pool}
}

// wss:// goes through the adapter's own TLS (checking the server's name)
// and an HTTP proxy's CONNECT, with the gateway's frames read on the way:
// an op 9 ends the connection with a gatewayError before the client sees
// it, and the server gets close code 4000, which keeps the session.
func TestGatewayConnTLSProxyAndOp9(t *testing.T) {
	srv, codes := tlsGateway(t, map[string]any{"op": 9, "d": false})
	var connects atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		connects.Add(1)
		up, err := net.Dial("tcp", r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		down, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			up.Close()
			return
		}
		io.WriteString(down, "HTTP/1.1 200 Connection established\r\n\r\n")
		go func() { io.Copy(up, down); up.Close() }()
		io.Copy(down, up)
		down.Close()
	}))
	t.Cleanup(proxy.Close)
	proxyURL, _ := url.Parse(proxy.URL)

	for _, via := range []*url.URL{nil, proxyURL} {
		d := &websocket.Dialer{TLSClientConfig: roots(srv), HandshakeTimeout: 5 * time.Second}
		if via != nil {
			d.Proxy = http.ProxyURL(via)
		}
		a := testAdapter(t, d)
		ws, _, err := a.dialer(context.Background()).Dial("wss://"+srv.Listener.Addr().String()+"/?v=10", nil)
		if err != nil {
			t.Fatalf("dial (proxy %v): %v", via, err)
		}
		if _, msg, err := ws.ReadMessage(); err != nil {
			t.Fatalf("Hello: %q, %v", msg, err)
		}
		ws.WriteJSON(map[string]any{"op": 2, "d": map[string]any{}})
		_, msg, err := ws.ReadMessage()
		var ge *gatewayError
		if !errors.As(err, &ge) || ge.end.kind != endInvalid || ge.end.resumable {
			t.Fatalf("after op 9: %q, %v; want a gatewayError, not resumable", msg, err)
		}
		if end, over := a.gw.ended(); !over || end.kind != endInvalid {
			t.Fatalf("the connection's end: %+v, %v", end, over)
		}
		ws.Close()
		if code := <-codes; code != resumeCloseCode {
			t.Fatalf("the server got close code %d, want %d", code, resumeCloseCode)
		}
	}
	if connects.Load() != 1 {
		t.Fatalf("%d CONNECTs through the proxy, want 1", connects.Load())
	}

	// A server certificate for another name is refused.
	d := &websocket.Dialer{TLSClientConfig: roots(srv)}
	d.TLSClientConfig.ServerName = "gateway.discord.gg"
	if _, _, err := testAdapter(t, d).dialer(context.Background()).Dial("wss://"+srv.Listener.Addr().String(), nil); err == nil {
		t.Fatal("TLS accepted a certificate for another name")
	}
}

// discordgo closes with 1000 on any read error, which would end the
// session: it goes out as 4000, unless the adapter is stopping for good.
func TestGatewayConnKeepsTheSession(t *testing.T) {
	for _, stopping := range []bool{false, true} {
		srv, codes := tlsGateway(t, nil)
		a := testAdapter(t, &websocket.Dialer{TLSClientConfig: roots(srv)})
		a.stopping.Store(stopping)
		ws, _, err := a.dialer(context.Background()).Dial("wss://"+srv.Listener.Addr().String(), nil)
		if err != nil {
			t.Fatal(err)
		}
		ws.ReadMessage() // Hello
		ws.WriteJSON(map[string]any{"op": 1, "d": nil})
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
		want := resumeCloseCode
		if stopping {
			want = websocket.CloseNormalClosure
		}
		if code := <-codes; code != want {
			t.Fatalf("stopping %v: the server got close code %d, want %d", stopping, code, want)
		}
		ws.Close()
	}
}
