package console_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
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
		"1",      // because of pain
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

// recorder is a stub engine: it notes each text it is handed and answers
// with its length, so a test sees exactly what every line became.
type recorder struct {
	mu    sync.Mutex
	texts []string
}

func (r *recorder) Handle(_ context.Context, in chat.Incoming) ([]chat.Outgoing, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.texts = append(r.texts, in.Text)
	return []chat.Outgoing{{To: in.From, Text: fmt.Sprintf("got %d bytes", len(in.Text))}}, nil
}

// A line of any length is one message: a person can paste a megabyte (or
// a script can print one), and the chat must go on with the next line. A
// long line reaches the engine cut to console.MaxLine characters, like the
// longest message a platform carries, and the rest of it is dropped.
func TestConsoleLongLines(t *testing.T) {
	const mib = 1 << 20
	cut := func(s string) string { return strings.Repeat(s, console.MaxLine) }
	tests := []struct {
		name  string
		input string
		want  []string // texts handed to the engine, in order
	}{
		{"a 1 MiB line, then a command", strings.Repeat("a", mib) + "\n/start\n", []string{cut("a"), "/start"}},
		{"a line over 1 MiB", strings.Repeat("a", mib+1) + "\nnext\n", []string{cut("a"), "next"}},
		{"16 MiB without a newline at the end", strings.Repeat("b", 16*mib), []string{cut("b")}},
		{"long lines in a row", strings.Repeat(strings.Repeat("c", 3*mib)+"\n", 3) + "ok\n", []string{cut("c"), cut("c"), cut("c"), "ok"}},
		{"cut at a character, not inside one", strings.Repeat("é", mib) + "\nok\n", []string{cut("é"), "ok"}},
		{"CRLF line endings", strings.Repeat("x", 100000) + "\r\n/help\r\n", []string{cut("x"), "/help"}},
		{"exactly MaxLine characters kept whole", cut("d") + "\n", []string{cut("d")}},
		{"one more is cut", cut("d") + "e\n", []string{cut("d")}},
		{"a long line of spaces is blank", strings.Repeat(" ", 2*mib) + "\nok\n", []string{"ok"}},
		// Leading white space does not use up the line: /stop still arrives.
		{"a command after a megabyte of white space", strings.Repeat(" \t\u3000", mib) + "/stop\n", []string{"/stop"}},
		{"invalid UTF-8 counts a byte a character", strings.Repeat("\xff", mib) + "\nok\n", []string{cut("\xff"), "ok"}},
		{"ordinary lines untouched", "7:30am\n  Berlin \n\nevery day", []string{"7:30am", "Berlin", "every day"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			var out bytes.Buffer
			con := console.New(strings.NewReader(tt.input), &out, console.Options{})
			if err := con.Run(context.Background(), rec); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(rec.texts) != len(tt.want) {
				t.Fatalf("engine got %d messages, want %d (lengths %v)", len(rec.texts), len(tt.want), lengths(rec.texts))
			}
			for i, want := range tt.want {
				if rec.texts[i] != want {
					t.Errorf("message %d: %d bytes %.20q…, want %d bytes %.20q…", i, len(rec.texts[i]), rec.texts[i], len(want), want)
				}
			}
			if n := strings.Count(out.String(), "got "); n != len(tt.want) {
				t.Errorf("%d replies printed, want %d:\n%.500s", n, len(tt.want), out.String())
			}
		})
	}
}

func lengths(texts []string) []int {
	var n []int
	for _, s := range texts {
		n = append(n, len(s))
	}
	return n
}

// Through the real engine: a megabyte typed at the reminder-time question
// gets the engine's answer to a long message and the same question again,
// and the next lines finish the set-up.
func TestConsoleLongLineMidConversation(t *testing.T) {
	clk := &steppingClock{t: time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)}
	engine := newEngine(t, clk.Now)
	script := strings.Join([]string{
		"/start", "1", "None of these", "3", "4", "3", "10", "1",
		strings.Repeat("7:30am ", 1<<20/7+1), // over 1 MiB at the time question
		"7:30am", "Berlin", "every day",
	}, "\n") + "\n"
	var out bytes.Buffer
	con := console.New(strings.NewReader(script), &out, console.Options{Now: clk.Now})
	if err := con.Run(context.Background(), engine); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := out.String()
	long := strings.Index(got, "That's a long message")
	if long < 0 {
		t.Fatalf("no answer to the long line:\n%.3000s", got)
	}
	if !strings.Contains(got[long:], "What time should I remind you") {
		t.Errorf("the time question was not asked again after the long line:\n%.3000s", got[long:])
	}
	if !strings.Contains(got[long:], "Next reminder:") {
		t.Errorf("set-up did not finish after the long line:\n%.3000s", got[long:])
	}
	if len(got) > 64<<10 {
		t.Errorf("%d bytes of output: the long line was echoed back", len(got))
	}
}

// endlessLine is n bytes of one line, then a newline and next.
type endlessLine struct {
	n    int
	next string
}

func (r *endlessLine) Read(p []byte) (int, error) {
	if r.n == 0 {
		if r.next == "" {
			return 0, io.EOF
		}
		k := copy(p, r.next)
		r.next = r.next[k:]
		return k, nil
	}
	k := min(len(p), r.n)
	for i := range k {
		p[i] = 'z'
	}
	r.n -= k
	return k, nil
}

// Reading a line costs memory bounded by MaxLine, not by the line: 64 MiB
// on one line allocate a small fraction of that.
func TestConsoleLongLineMemory(t *testing.T) {
	const size = 64 << 20
	rec := &recorder{}
	con := console.New(&endlessLine{n: size, next: "\nok\n"}, io.Discard, console.Options{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := con.Run(context.Background(), rec); err != nil {
		t.Fatalf("Run: %v", err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > size/8 {
		t.Errorf("reading a %d-byte line allocated %d bytes", size, got)
	}
	if len(rec.texts) != 2 || len(rec.texts[0]) != console.MaxLine || rec.texts[1] != "ok" {
		t.Errorf("engine got lengths %v, want [%d 2]", lengths(rec.texts), console.MaxLine)
	}
}

// A read that fails (not the end of input) ends Run with the error, after
// the lines before it were answered.
func TestConsoleReadError(t *testing.T) {
	broken := errors.New("terminal gone")
	rec := &recorder{}
	in := io.MultiReader(strings.NewReader("first\n"+strings.Repeat("y", 100000)), iotest.ErrReader(broken))
	err := console.New(in, io.Discard, console.Options{}).Run(context.Background(), rec)
	if !errors.Is(err, broken) {
		t.Fatalf("Run = %v, want it to wrap %v", err, broken)
	}
	if len(rec.texts) != 1 || rec.texts[0] != "first" {
		t.Errorf("engine got %q, want [first]", rec.texts)
	}
}

// A document (the /export) is saved to a file whose path is printed after
// its text: a terminal cannot attach one.
func TestConsoleSavesAFile(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	con := console.New(strings.NewReader(""), &out, console.Options{ImageDir: dir})
	doc := []byte(`{"profile": {}, "log": []}`)
	err := con.Send(context.Background(), chat.Outgoing{Text: "Everything I store about you:",
		File: &chat.File{Name: "treadwell-export.json", MIME: "application/json", Data: doc}})
	if err != nil {
		t.Fatal(err)
	}
	_, path, ok := strings.Cut(out.String(), "📄 ")
	if !ok {
		t.Fatalf("no file path printed:\n%s", out.String())
	}
	path = strings.TrimSpace(path)
	if filepath.Dir(path) != dir || !strings.HasPrefix(filepath.Base(path), "treadwell-export-") || filepath.Ext(path) != ".json" {
		t.Fatalf("saved as %q", path)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("file holds %q (%v)", got, err)
	}
}
