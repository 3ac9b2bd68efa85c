package dialog_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
	"treadwell/messages"
)

func TestMain(m *testing.M) { redistest.Main(m) }

// start is the tests' "now": Thursday 26 November 2026, 08:00 in Berlin.
var start = time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)

// clock is a settable clock for the engine.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is an engine over a real Redis (or the embedded one when none
// is available), with an injected clock and a round-trip counter.
type harness struct {
	t      testing.TB
	engine *dialog.Engine
	store  *store.Store
	rdb    *redis.Client
	prefix string
	clock  *clock
	trips  *redistest.RoundTrips
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	rdb := redistest.New(t)
	return newHarnessWith(t, rdb)
}

func newHarnessWith(t testing.TB, rdb *redis.Client) *harness {
	t.Helper()
	trips := &redistest.RoundTrips{}
	rdb.AddHook(trips)
	prefix := redistest.Prefix(t)
	st := store.New(rdb, store.Options{Prefix: prefix})
	clk := &clock{t: start}
	eng := dialogtest.NewEngine(t, st, clk.Now)
	return &harness{t: t, engine: eng, store: st, rdb: rdb, prefix: prefix, clock: clk, trips: trips}
}

// person is one chat user talking to the engine.
type person struct {
	h    *harness
	addr chat.Address
	last []chat.Outgoing // replies to the latest message
}

func (h *harness) person(id string) *person {
	return &person{h: h, addr: chat.Address{Platform: chat.Console, ChatID: id, UserID: id}}
}

// send hands one message to the engine and checks every reply is fully
// rendered: no missing catalog key, no unfilled placeholder.
func (p *person) send(in chat.Incoming) []chat.Outgoing {
	p.h.t.Helper()
	in.From = p.addr
	in.At = p.h.clock.Now()
	out, err := p.h.engine.Handle(context.Background(), in)
	if err != nil {
		p.h.t.Fatalf("Handle(%q, %q): %v", in.Text, in.Data, err)
	}
	for _, o := range out {
		if strings.Contains(o.Text, "[[missing message") {
			p.h.t.Fatalf("reply has a missing message: %q", o.Text)
		}
		if i := strings.IndexAny(o.Text, "{}"); i >= 0 && !strings.HasPrefix(strings.TrimSpace(o.Text), "{") {
			p.h.t.Fatalf("reply has an unfilled placeholder: %q", o.Text)
		}
		if o.To != p.addr {
			p.h.t.Fatalf("reply addressed to %+v, want %+v", o.To, p.addr)
		}
	}
	p.last = out
	return out
}

// say sends text.
func (p *person) say(text string) string {
	p.h.t.Helper()
	return joined(p.send(chat.Incoming{Text: text}))
}

// press presses the button with this label among the latest replies.
func (p *person) press(label string) string {
	p.h.t.Helper()
	data := p.button(label)
	return joined(p.send(chat.Incoming{Data: data}))
}

// button finds the data of a button in the latest replies.
func (p *person) button(label string) string {
	p.h.t.Helper()
	for i := len(p.last) - 1; i >= 0; i-- {
		for _, row := range p.last[i].Buttons {
			for _, b := range row {
				if b.Label == label {
					return b.Data
				}
			}
		}
	}
	p.h.t.Fatalf("no button %q in the latest replies:\n%s", label, joined(p.last))
	return ""
}

// hasButtons reports whether the latest reply offers buttons.
func (p *person) labels() []string {
	var out []string
	for _, o := range p.last {
		for _, row := range o.Buttons {
			for _, b := range row {
				out = append(out, b.Label)
			}
		}
	}
	return out
}

func joined(out []chat.Outgoing) string {
	var parts []string
	for _, o := range out {
		parts = append(parts, o.Text)
	}
	return strings.Join(parts, "\n---\n")
}

// onboard runs the whole of /start with no red flags: usual pain leg 4,
// back 3; 10 minutes before pain rises; treadmill; 07:30 Berlin daily.
func (p *person) onboard() string {
	p.h.t.Helper()
	p.toZoneQuestion()
	p.say("Europe/Berlin")
	return p.press("Every day")
}

// toZoneQuestion answers onboarding up to its zone question.
func (p *person) toZoneQuestion() {
	p.h.t.Helper()
	p.say("/start")
	for _, b := range []string{"I understand", "None of these", "None of these", "4", "3", "10", "Treadmill"} {
		p.press(b)
	}
	p.say("07:30")
}

// checkIn answers a whole check-in with buttons. peak is a score label,
// "No walk yet", or "" when the question should not come (the walk's pain
// was logged with /done); settled is a button label or "" when the
// question should not come.
func (p *person) checkIn(leg, back, peak, settled, spread string) string {
	p.h.t.Helper()
	p.say("/checkin")
	p.press(leg)
	out := p.press(back)
	if peak != "" {
		out = p.press(peak)
	}
	if settled != "" {
		out = p.press(settled)
	}
	if spread != "" {
		out = p.afterSpread(p.press(spread))
	}
	return out
}

// afterSpread answers what a check-in asks only when it is due, after
// the spread question: the weekly lower-limb question ("No") and the
// red-flag check (none). It returns the check-in's last reply.
func (p *person) afterSpread(out string) string {
	p.h.t.Helper()
	if strings.Contains(out, "any new pain in a knee, hip, ankle, foot or shin?") {
		out = p.press("No")
	}
	if strings.Contains(out, "sciatica in both legs?") {
		p.press("None of these")
		out = p.press("None of these")
	}
	return out
}

func mustContain(t testing.TB, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("reply does not contain %q:\n%s", w, got)
		}
	}
}

func mustNotContain(t testing.TB, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if strings.Contains(got, w) {
			t.Fatalf("reply contains %q:\n%s", w, got)
		}
	}
}

// chatPress is the incoming message of pressing a button.
func chatPress(p *person, label string) chat.Incoming {
	p.h.t.Helper()
	return chat.Incoming{Data: p.button(label)}
}

func chatIncomingText(text string) chat.Incoming { return chat.Incoming{Text: text} }

// catalog is the message catalog, for the texts a test expects.
func catalog(t testing.TB) *messages.Catalog {
	t.Helper()
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}
