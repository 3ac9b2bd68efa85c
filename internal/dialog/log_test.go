package dialog_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/messages"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type observed struct {
	mu       sync.Mutex
	messages int
	replies  int
}

func (o *observed) Message(platform chat.Platform, replies int, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.messages++
	o.replies += replies
}

// One log line per handled message, with platform, a hashed profile id,
// the flow and the duration; never the text, the answers or the ids.
func TestLogsHoldNoContent(t *testing.T) {
	h := newHarness(t)
	var logs lockedBuffer
	obs := &observed{}
	msgs, _ := messages.Load()
	h.engine = dialog.New(h.store, msgs, dialog.Options{
		Now:      h.clock.Now,
		Logger:   slog.New(slog.NewJSONHandler(&logs, nil)),
		Observer: obs,
	})
	p := h.person("secretuser42")
	p.addr.Platform = chat.Telegram
	p.onboard()
	p.say("/checkin")
	p.say("seven")
	p.say("my leg really hurts today")
	out := logs.String()
	lines := strings.Count(out, "\n")
	if lines != obs.messages || lines < 14 {
		t.Fatalf("%d log lines for %d messages", lines, obs.messages)
	}
	for _, want := range []string{`"msg":"message handled"`, `"platform":"telegram"`, `"flow":"checkin"`, `"took":`, `"profile":"`} {
		if !strings.Contains(out, want) {
			t.Fatalf("logs lack %s:\n%s", want, out)
		}
	}
	for _, secret := range []string{"secretuser42", "seven", "hurts", "Berlin", "07:30"} {
		if strings.Contains(out, secret) {
			t.Fatalf("logs contain %q:\n%s", secret, out)
		}
	}
	if obs.replies == 0 {
		t.Fatal("observer saw no replies")
	}
}
