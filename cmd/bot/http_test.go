package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
	"treadwell/internal/metrics"
)

type fakeAdapter struct {
	adapter
	name  string
	ready bool
}

func (f fakeAdapter) Platform() chat.Platform { return chat.Platform(f.name) }
func (f fakeAdapter) Ready() bool             { return f.ready }

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func startOps(t *testing.T, reg *prometheus.Registry, checks ...readiness) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	o := newOpsServer(addr, reg, slog.New(slog.NewTextHandler(io.Discard, nil)), checks...)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- o.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		if time.Now().After(deadline) {
			t.Fatal("ops server did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// /healthz is up while the process is; /readyz follows Redis (down, then
// back) and the adapters; /metrics has the bot's series.
func TestOpsEndpoints(t *testing.T) {
	mr := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer rdb.Close()
	reg := prometheus.NewRegistry()
	m := metrics.New(reg)
	m.Message("telegram", 2, 30*time.Millisecond)
	m.Reminder("sent")
	m.SendError("discord", "unreachable")
	m.QueueLag(3 * time.Second)
	tg := &fakeAdapter{name: "telegram", ready: true}
	base := startOps(t, reg, redisReady(rdb), func(ctx context.Context) error {
		return adaptersReady([]adapter{*tg})(ctx)
	})

	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Fatalf("/healthz = %d %q", code, body)
	}
	if code, _ := get(t, base+"/readyz"); code != 200 {
		t.Fatalf("/readyz with Redis up = %d", code)
	}
	mr.Close()
	if code, body := get(t, base+"/readyz"); code != 503 || !strings.Contains(body, "redis") {
		t.Fatalf("/readyz with Redis down = %d %q", code, body)
	}
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Fatal("/healthz fails while Redis is down")
	}
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if code, _ := get(t, base+"/readyz"); code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not recover after Redis came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	tg.ready = false
	if code, body := get(t, base+"/readyz"); code != 503 || !strings.Contains(body, "telegram is not connected") {
		t.Fatalf("/readyz with Telegram down = %d %q", code, body)
	}

	_, body := get(t, base+"/metrics")
	for _, name := range []string{
		`treadwell_messages_in_total{platform="telegram"} 1`,
		`treadwell_messages_out_total{platform="telegram"} 2`,
		`treadwell_handle_seconds_bucket{platform="telegram"`,
		`treadwell_reminders_total{outcome="sent"} 1`,
		`treadwell_send_errors_total{kind="unreachable",platform="discord"} 1`,
		`treadwell_reminder_queue_lag_seconds 3`,
	} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}

func TestHealthcheckCommand(t *testing.T) {
	base := startOps(t, prometheus.NewRegistry())
	port := base[strings.LastIndex(base, ":")+1:]
	if code := runHealthcheck(env(map[string]string{"HTTP_ADDR": ":" + port}), io.Discard); code != 0 {
		t.Fatalf("healthcheck against a live bot = %d", code)
	}
	if code := runHealthcheck(env(map[string]string{"HTTP_ADDR": "127.0.0.1:1"}), io.Discard); code != 1 {
		t.Fatalf("healthcheck against nothing = %d", code)
	}
}

// A listener that cannot start stops the bot with an error instead of
// running without health checks.
func TestRunStopsWhenHTTPAddrIsTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stderr strings.Builder
	code := run(context.Background(), nil, strings.NewReader(""), io.Discard, &syncWriter{w: &stderr}, env(map[string]string{
		"HTTP_ADDR": ln.Addr().String(), "CONSOLE": "true",
	}))
	if code != 1 || !strings.Contains(stderr.String(), "HTTP_ADDR") {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// Right after start-up, before any message or reminder, /metrics has
// every series of the bot at 0 (dashboards and rate() need them).
func TestRun_metricsFromStartUp(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	stdin, input := io.Pipe()
	var stderr chattest.SyncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(context.Background(), nil, stdin, io.Discard, &stderr, env(map[string]string{"HTTP_ADDR": addr}))
	}()
	var body string
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics did not answer: %v\n%s", err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, line := range []string{
		`treadwell_messages_in_total{platform="console"} 0`,
		`treadwell_messages_in_total{platform="telegram"} 0`,
		`treadwell_messages_out_total{platform="discord"} 0`,
		`treadwell_handle_seconds_count{platform="telegram"} 0`,
		`treadwell_reminders_total{outcome="due"} 0`,
		`treadwell_reminders_total{outcome="sent"} 0`,
		`treadwell_reminders_total{outcome="late"} 0`,
		`treadwell_reminders_total{outcome="skipped"} 0`,
		`treadwell_reminders_total{outcome="failed"} 0`,
		`treadwell_send_errors_total{kind="unreachable",platform="telegram"} 0`,
		`treadwell_send_errors_total{kind="other",platform="discord"} 0`,
		`treadwell_reminder_queue_lag_seconds 0`,
	} {
		if !strings.Contains(body, "\n"+line+"\n") {
			t.Errorf("/metrics at start-up lacks %s", line)
		}
	}
	input.Close() // the console's input ends: the bot stops
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit %d:\n%s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the bot did not stop")
	}
}
