package console_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"treadwell/internal/adapters/console"
	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

func TestMain(m *testing.M) { redistest.Main(m) }

// steppingClock moves on by an hour each time it is read, so a scripted
// conversation spreads over days like a real one.
type steppingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Hour)
	return c.t
}

func newEngine(t *testing.T, now func() time.Time) *dialog.Engine {
	t.Helper()
	st := store.New(redistest.New(t), store.Options{Prefix: redistest.Prefix(t)})
	return dialogtest.NewEngine(t, st, now)
}

// The whole journey through the terminal: onboarding, a check-in, a walk,
// /stop and /resume, typing numbers and labels as a person would.
func TestConsoleEndToEnd(t *testing.T) {
	clk := &steppingClock{t: time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)}
	engine := newEngine(t, clk.Now)
	script := strings.Join([]string{
		"/start",
		"1",             // I understand
		"None of these", // urgent list
		"3",             // doctor list: None of these
		"4", "3",        // usual leg and back pain
		"10",        // minutes before pain rises
		"1",         // Treadmill
		"7:30am",    // reminder time
		"Berlin",    // zone
		"every day", // days
		"/checkin",
		"3", "2", // leg, back
		"No walk yet",
		"2", // spread? No
		"/done 8",
		"2",
		"stop",
		"3", "3", // no red flags
		"/resume",
		"None of these", "None of these",
	}, "\n") + "\n"
	var out bytes.Buffer
	con := console.New(strings.NewReader(script), &out, console.Options{Now: clk.Now})
	if err := con.Run(context.Background(), engine); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := out.String()
	for _, want := range []string{
		"not medical advice", "[1] I understand",
		"sciatica in both legs?", "[3] None of these",
		"Today's walk: 8 minutes", "(rule START)", "Next reminder:",
		"How is your leg pain right now?", "(rule HOLD)",
		"Logged: 8 minutes, highest pain 2",
		"Paused: no plan and no reminders",
		"Welcome back", "(rule STOP-FLARE)",
	} {
		if !strings.Contains(got, want) {
			t.Fatalf("console output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Please pick one") || strings.Contains(got, "earlier question") {
		t.Fatalf("a scripted answer was refused:\n%s", got)
	}
}

func TestConsoleEndsCleanlyAtEndOfInput(t *testing.T) {
	engine := newEngine(t, nil)
	var out bytes.Buffer
	con := console.New(strings.NewReader("/start"), &out, console.Options{})
	if err := con.Run(context.Background(), engine); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !strings.Contains(out.String(), "I understand") {
		t.Fatalf("reply to the last line (without newline) not printed:\n%s", out.String())
	}
}

// failingHandler stands for an engine whose store is down.
type failingHandler struct{}

func (failingHandler) Handle(_ context.Context, in chat.Incoming) ([]chat.Outgoing, error) {
	return []chat.Outgoing{{To: in.From, Text: "try again"}}, dialog.ErrUnavailable
}

func TestConsoleKeepsGoingWhenAMessageFails(t *testing.T) {
	var out bytes.Buffer
	con := console.New(strings.NewReader("a\nb\n"), &out, console.Options{})
	if err := con.Run(context.Background(), failingHandler{}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := strings.Count(out.String(), "try again"); n != 2 {
		t.Fatalf("want both failures answered, got %d:\n%s", n, out.String())
	}
}

func TestConsoleStopsWithContext(t *testing.T) {
	engine := newEngine(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	defer w.Close()
	done := make(chan error, 1)
	go func() { done <- console.New(r, &bytes.Buffer{}, console.Options{}).Run(ctx, engine) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the context ended")
	}
}

// A Spanish speaker onboards and checks in through the terminal, typing
// Spanish labels and numbers.
func TestConsoleSpanishCheckIn(t *testing.T) {
	clk := &steppingClock{t: time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)}
	engine := newEngine(t, clk.Now)
	script := strings.Join([]string{
		"/start",
		"Entendido",
		"Ninguna de estas", "Ninguna de estas",
		"4", "3", "10",
		"Cinta de correr",
		"07:30", "Madrid", "Todos los días",
		"/checkin",
		"3", "2",
		"Aún no he caminado",
		"No",
	}, "\n") + "\n"
	var out bytes.Buffer
	con := console.New(strings.NewReader(script), &out, console.Options{Lang: "es-ES", Now: clk.Now, ImageDir: t.TempDir()})
	if err := con.Run(context.Background(), engine); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"No soy un dispositivo médico", "¿Cómo está tu dolor de pierna ahora mismo?", "(regla HOLD)", "(Europe/Madrid)"} {
		if !strings.Contains(got, want) {
			t.Fatalf("console output lacks %q:\n%s", want, got)
		}
	}
	for _, english := range []string{"Please pick", "I understand", "Today's walk"} {
		if strings.Contains(got, english) {
			t.Fatalf("English %q in a Spanish conversation:\n%s", english, got)
		}
	}
}
