package redistest

import (
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Restartable is a redis-server of the test's own that the test kills
// with SIGKILL and starts again, on the same port and from the same
// directory (its append-only file, with the arguments that turn it on),
// as a crash and a restart would. Safe for concurrent use.
type Restartable struct {
	t     testing.TB
	path  string
	port  int
	dir   string
	extra []string

	mu  sync.Mutex
	srv *server // nil while killed
}

// NewRestartable starts a Restartable with extra arguments (for example
// "--appendonly", "yes", "--appendfsync", "always") and returns it with
// a client that gives up quickly while the server is down (one retry,
// dials of 300 ms), so that an outage shows as errors. The server is
// killed at t.Cleanup. It skips the test when redis-server is not on
// PATH, or fails it with REQUIRE_REAL_REDIS=1.
func NewRestartable(t testing.TB, extra ...string) (*Restartable, *redis.Client) {
	t.Helper()
	path := serverPath(t)
	var err error
	r := &Restartable{t: t, path: path, dir: t.TempDir(), extra: extra}
	for attempt := 0; attempt < 3; attempt++ { // the free port may be taken meanwhile
		if r.port, err = freePort(); err != nil {
			continue
		}
		if r.srv, err = launch(path, r.port, r.dir, extra...); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	t.Cleanup(r.Kill)
	t.Cleanup(func() { // runs first: a paused server would hold up the clients' cleanups
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.srv != nil && contSignal != nil {
			_ = r.srv.cmd.Process.Signal(contSignal)
		}
	})
	return r, newClient(t, &redis.Options{Addr: r.srv.addr, MaxRetries: 1, DialTimeout: 300 * time.Millisecond})
}

// Dir is the server's directory, where its append-only file is.
func (r *Restartable) Dir() string { return r.dir }

// Addr is the server's host:port, for a client of the test's own making
// (store.Connect, as the bot connects).
func (r *Restartable) Addr() string { return "127.0.0.1:" + strconv.Itoa(r.port) }

// Pause stops the server with SIGSTOP: it keeps its connections and
// answers nothing, as a hung server does, until Resume (also at
// t.Cleanup, before the kill).
func (r *Restartable) Pause() { r.signal(stopSignal) }

// Resume lets a paused server go on (SIGCONT).
func (r *Restartable) Resume() { r.signal(contSignal) }

func (r *Restartable) signal(sig os.Signal) {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if sig == nil {
		r.t.Skip("redistest: no SIGSTOP on this system")
	}
	if r.srv == nil {
		r.t.Fatalf("redistest: %v to a killed server", sig)
	}
	if err := r.srv.cmd.Process.Signal(sig); err != nil {
		r.t.Fatalf("redistest: %v: %v", sig, err)
	}
}

// Kill SIGKILLs the server (no shutdown, no final save) and waits until
// it has exited. Killing a killed server does nothing.
func (r *Restartable) Kill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.srv != nil {
		r.srv.stop() // the directory is the test's: left in place
		r.srv = nil
	}
}

// Start starts the killed server again, on its port and from its
// directory, and waits until it answers PING.
func (r *Restartable) Start() {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.srv != nil {
		return
	}
	srv, err := launch(r.path, r.port, r.dir, r.extra...)
	if err != nil {
		r.t.Fatalf("redistest: restart: %v", err)
	}
	r.srv = srv
}
