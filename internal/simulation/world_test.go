package simulation_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/reminders"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
	"treadwell/messages"
)

func TestMain(m *testing.M) { redistest.Main(m) }

// simClock is the one clock of a simulated world: the engine, the
// dispatcher and the fake senders read it; the world moves it forward.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// forward moves the clock to t, never back.
func (c *simClock) forward(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.t) {
		c.t = t
	}
}

func (c *simClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// delivery is one message a fake platform actually delivered.
type delivery struct {
	At  time.Time
	Out chat.Outgoing
}

// fakeSender is a platform that delivers everything and remembers it,
// with the instant of delivery.
type fakeSender struct {
	mu    sync.Mutex
	clock *simClock
	got   []delivery
}

func (s *fakeSender) Send(_ context.Context, out chat.Outgoing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, delivery{At: s.clock.Now(), Out: out})
	return nil
}

func (s *fakeSender) since(i int) []delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]delivery(nil), s.got[i:]...)
}

// world is one Redis, the real store, engine and dispatcher on one
// injected clock, and the people in it.
type world struct {
	t       *testing.T
	ctx     context.Context
	store   *store.Store
	peek    *store.Store // the same keys, reading only the newest log entry: the test's snapshots
	engine  *dialog.Engine
	disp    *reminders.Dispatcher
	clock   *simClock
	msgs    *messages.Catalog
	senders map[chat.Platform]*fakeSender
	routed  map[chat.Platform]int
	people  []*person
	byChat  map[string]*person // platform + chat id
	fails   *failures

	start, end time.Time
	weeks      int
	turns      int
	ticks      int
}

func newWorld(t *testing.T, start time.Time, weeks int) *world {
	t.Helper()
	rdb := redistest.NewServer(t)
	prefix := redistest.Prefix(t)
	st := store.New(rdb, store.Options{Prefix: prefix})
	clk := &simClock{t: start}
	eng := dialogtest.NewEngine(t, st, clk.Now)
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{
		t: t, ctx: context.Background(), store: st, engine: eng, clock: clk, msgs: msgs,
		peek:    store.New(rdb, store.Options{Prefix: prefix, LogRead: 1}),
		senders: map[chat.Platform]*fakeSender{},
		routed:  map[chat.Platform]int{},
		byChat:  map[string]*person{},
		fails:   newFailures(),
		start:   start, weeks: weeks,
	}
	senders := map[chat.Platform]chat.Sender{}
	for _, pl := range chat.Platforms {
		s := &fakeSender{clock: clk}
		w.senders[pl], senders[pl] = s, s
	}
	w.disp = reminders.New(st, eng, senders, reminders.Options{
		Owner: "simulation", Lease: time.Minute, Workers: 4, Now: clk.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return w
}

func chatKey(pl chat.Platform, chatID string) string { return string(pl) + "/" + chatID }

func (w *world) add(cfg *persona) *person {
	p := newPerson(w, cfg)
	w.people = append(w.people, p)
	w.byChat[chatKey(p.addr.Platform, p.addr.ChatID)] = p
	return p
}

// step is the clock's step: every reminder time of the personas is on
// a quarter hour, so a tick every 15 minutes sends each one at its
// instant.
const step = 15 * time.Minute

// run moves the clock from start to end in steps: at each step the
// dispatcher ticks (what is due is delivered) and then every person
// does what their day holds for that moment.
func (w *world) run() {
	// The last local day of the run is day 7*weeks; stop when it has
	// ended for everyone.
	for _, p := range w.people {
		if e := p.dayStart(7*w.weeks + 1); e.After(w.end) {
			w.end = e
		}
	}
	for now := w.start; now.Before(w.end); now = now.Add(step) {
		w.clock.forward(now)
		w.tick()
		for _, p := range w.people {
			p.act()
		}
	}
	w.tick()
}

// tick runs the dispatcher once and hands what it delivered to the
// people it was for.
func (w *world) tick() {
	w.ticks++
	w.disp.Tick(w.ctx)
	for _, pl := range chat.Platforms {
		s := w.senders[pl]
		got := s.since(w.routed[pl])
		w.routed[pl] += len(got)
		for _, d := range got {
			p := w.byChat[chatKey(d.Out.To.Platform, d.Out.To.ChatID)]
			if p == nil {
				w.fails.add("world", "delivery to nobody", fmt.Sprintf("%s: %+v %q", d.At, d.Out.To, d.Out.Text))
				continue
			}
			if d.Out.To.UserID != p.addr.UserID {
				p.fail("reminder addressed to the wrong user", "%s: %+v", p.stamp(d.At), d.Out.To)
			}
			p.receive(d)
		}
	}
}

// failures collects the assertions that failed, by kind and persona, so
// that a breach repeated every day reads as one finding with examples.
type failures struct {
	mu    sync.Mutex
	kinds []string
	by    map[string]map[string][]string
	count map[string]int
}

func newFailures() *failures {
	return &failures{by: map[string]map[string][]string{}, count: map[string]int{}}
}

const examplesKept = 4

func (f *failures) add(who, kind, msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.by[kind] == nil {
		f.by[kind] = map[string][]string{}
		f.kinds = append(f.kinds, kind)
	}
	f.count[kind+"\x00"+who]++
	if len(f.by[kind][who]) < examplesKept {
		f.by[kind][who] = append(f.by[kind][who], msg)
	}
}

// report fails the test once per kind of breach, naming each persona,
// how often, and the first examples.
func (f *failures) report(t *testing.T) {
	t.Helper()
	for _, kind := range f.kinds {
		var b strings.Builder
		var whos []string
		for who := range f.by[kind] {
			whos = append(whos, who)
		}
		sort.Strings(whos)
		for _, who := range whos {
			fmt.Fprintf(&b, "\n  %s (%d times):", who, f.count[kind+"\x00"+who])
			for _, m := range f.by[kind][who] {
				fmt.Fprintf(&b, "\n    - %s", m)
			}
		}
		t.Errorf("BREACH %s:%s", kind, b.String())
	}
}

func (f *failures) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.kinds)
}
