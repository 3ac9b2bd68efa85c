package redistest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// server is a redis-server process started by this package.
type server struct {
	cmd  *exec.Cmd
	dir  string // removed by stop; "" when the caller owns the directory
	addr string
	done chan struct{} // closed when the process has exited
	out  *lockedBuffer
}

// startServer starts redis-server on a free loopback port and waits until
// it answers PING.
func startServer() (*server, error) {
	path, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // the free port may be taken meanwhile
		srv, err := tryStart(path)
		if err == nil {
			return srv, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func tryStart(path string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "redistest-")
	if err != nil {
		return nil, err
	}
	srv, err := launch(path, port, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	srv.dir = dir // removed by stop
	return srv, nil
}

// launch starts redis-server on 127.0.0.1:port with its working directory
// dir and the extra arguments, and waits until it answers PING. On error
// the process is gone. The server's dir field is left empty: the caller
// owns dir.
func launch(path string, port int, dir string, extra ...string) (*server, error) {
	srv := &server{
		addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		done: make(chan struct{}),
		out:  &lockedBuffer{},
	}
	args := []string{
		"--port", strconv.Itoa(port),
		"--bind", "127.0.0.1",
		"--save", "",
		"--appendonly", "no",
		"--daemonize", "no",
		"--dir", dir,
		"--loglevel", "warning",
	}
	srv.cmd = exec.Command(path, append(args, extra...)...)
	srv.cmd.Stdout = srv.out
	srv.cmd.Stderr = srv.out
	killWithParent(srv.cmd)
	if err := srv.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	go func() {
		_ = srv.cmd.Wait()
		close(srv.done)
	}()

	rdb := redis.NewClient(&redis.Options{Addr: srv.addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return srv, nil
		}
		select {
		case <-srv.done:
			srv.stop()
			return nil, fmt.Errorf("redis-server on %s exited: %s", srv.addr, bytes.TrimSpace(srv.out.Bytes()))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			srv.stop()
			return nil, fmt.Errorf("redis-server on %s did not answer: %w; output: %s", srv.addr, err, bytes.TrimSpace(srv.out.Bytes()))
		}
	}
}

// stop kills the server and removes its directory, if it owns one.
func (s *server) stop() {
	select {
	case <-s.done:
	default:
		_ = s.cmd.Process.Kill()
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
		}
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, errors.New("redistest: unexpected listener address")
	}
	return addr.Port, nil
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
