package telegram

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// The transport's bounds, on a server that answers slowly or only in part.
func TestAPITransport(t *testing.T) {
	const callTimeout = 200 * time.Millisecond
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/stall"): // headers, then nothing
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, `{"ok":`)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		default: // getUpdates and sendMessage: answer when released
			select {
			case <-release:
				io.WriteString(w, `{"ok":true,"result":[]}`)
			case <-r.Context().Done():
			}
		}
	}))
	defer srv.Close()
	var once sync.Once
	releaseAll := func() { once.Do(func() { close(release) }) }
	defer releaseAll() // before srv.Close
	stop, stopNow := context.WithCancel(context.Background())
	defer stopNow()
	call := func(method string) (string, error) { return post(srv.URL, method, stop, callTimeout) }
	isTimeout := func(err error) bool {
		var timeout callTimeoutError
		return errors.As(err, &timeout) && classify(err) == errTemporary && !errors.Is(err, context.DeadlineExceeded)
	}

	if _, err := call("sendMessage"); !isTimeout(err) {
		t.Fatalf("unanswered call: %v, want the call timeout", err)
	}
	if _, err := call("stall"); !isTimeout(err) {
		t.Fatalf("stalled body: %v, want the call timeout", err)
	}

	// A long poll outlasts callTimeout; it ends when the adapter stops.
	polled := make(chan error, 1)
	go func() { _, err := call("getUpdates"); polled <- err }()
	select {
	case err := <-polled:
		t.Fatalf("getUpdates ended after less than %v: %v", 3*callTimeout, err)
	case <-time.After(3 * callTimeout):
	}
	// A reply in flight when the adapter stops is left to finish (a
	// longer bound here, so that the test does not race it).
	sent := make(chan error, 1)
	go func() {
		body, err := post(srv.URL, "sendMessage", stop, time.Minute)
		if err == nil && !strings.Contains(body, `"ok":true`) {
			err = errors.New("answer: " + body)
		}
		sent <- err
	}()
	time.Sleep(callTimeout / 2)
	stopNow()
	select {
	case err := <-polled:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("getUpdates at stop: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("getUpdates did not end at stop")
	}
	releaseAll()
	if err := <-sent; err != nil {
		t.Fatalf("the reply in flight at stop: %v", err)
	}
}

// post makes one call through an apiTransport and reads the answer.
func post(url, method string, stop context.Context, callTimeout time.Duration) (string, error) {
	client := &http.Client{Transport: apiTransport{base: http.DefaultTransport, stop: stop, callTimeout: callTimeout}}
	resp, err := client.Post(url+"/bot1:T/"+method, "application/json", strings.NewReader("{}"))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), err
}
