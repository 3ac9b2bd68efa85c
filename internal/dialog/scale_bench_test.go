package dialog_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/internal/store/redistest"
)

// scalePeople is how many people check in at once in BenchmarkScale,
// and how many goroutines send the raw SETs it compares them with.
const scalePeople = 50

// BenchmarkScale has 50 people check in at once through the engine, each
// with a history of 10, 120 or 1,000 log entries, on a real Redis, and
// beside them, in the same run and on the same client, 50 goroutines
// sending plain SETs: the fastest Redis traffic that client can make. It
// prints both rates, their ratio and the Redis round trips per message,
// and the CPU a message and a SET cost, the Redis server's and this
// process's (the engine's and go-redis's), which is what the ratio comes
// down to. The targets: a ratio of at least 0.5, at most 2 round
// trips, and no growth of the message cost with history.
//
//	go test -run '^$' -bench Scale ./internal/dialog
func BenchmarkScale(b *testing.B) {
	rdb := redistest.NewReal(b)
	for _, history := range []int{10, 120, 1000} {
		b.Run("history="+strconv.Itoa(history), func(b *testing.B) {
			scaleRun(b, newHarnessWith(b, rdb), history)
		})
	}
}

// scaleRun is one BenchmarkScale run on h.
func scaleRun(b *testing.B, h *harness, history int) {
	people := make([]*scalePerson, scalePeople)
	for i := range people {
		people[i] = seedScalePerson(b, h, i, history)
	}
	cpu0, own0 := redisCPU(b, h), ownCPU(b)
	setRate := rawSetRate(b, h, 2000)
	setCPU := (redisCPU(b, h) - cpu0) / float64(scalePeople*2000)
	setOwn := (ownCPU(b) - own0) / float64(scalePeople*2000)

	var next atomic.Int64
	var msgs atomic.Int64
	var firstErr error
	var errOnce sync.Once
	h.trips.Reset()
	cpu1, own1 := redisCPU(b, h), ownCPU(b)
	b.ResetTimer()
	var wg sync.WaitGroup
	for _, p := range people {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				n, err := p.checkIn(context.Background())
				msgs.Add(int64(n))
				if err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
	msgCPU := (redisCPU(b, h) - cpu1) / float64(msgs.Load())
	msgOwn := (ownCPU(b) - own1) / float64(msgs.Load())
	rate := float64(msgs.Load()) / b.Elapsed().Seconds()
	trips := float64(h.trips.Count()) / float64(msgs.Load())
	b.ReportMetric(rate, "msgs/s")
	b.ReportMetric(setRate, "SETs/s")
	b.ReportMetric(rate/setRate, "ratio")
	b.ReportMetric(trips, "roundtrips/msg")
	b.ReportMetric(msgCPU, "redis-µs/msg")
	b.ReportMetric(msgOwn, "process-µs/msg")
	if b.N > 1 { // not the framework's first probe
		fmt.Printf("scale: history %4d entries: engine %6.0f msgs/s, raw SET %6.0f/s, ratio %.2f, %.2f round trips/msg, Redis CPU %.1f µs/msg (%.1f µs/SET), this process's CPU %.1f µs/msg (%.1f µs/SET) (%d people, %d check-ins)\n",
			history, rate, setRate, rate/setRate, trips, msgCPU, setCPU, msgOwn, setOwn, scalePeople, b.N)
	}
}

// redisCPU is the CPU time the Redis server has used, in microseconds
// (redistest.ServerCPU).
func redisCPU(b *testing.B, h *harness) float64 {
	b.Helper()
	secs, err := redistest.ServerCPU(context.Background(), h.rdb)
	if err != nil {
		b.Fatal(err)
	}
	return secs * 1e6
}

// ownCPU is the CPU time this process has used, in microseconds
// (redistest.ProcessCPU): the client's side, the engine's and go-redis's.
func ownCPU(b *testing.B) float64 {
	b.Helper()
	secs, err := redistest.ProcessCPU()
	if err != nil {
		b.Fatal(err)
	}
	return secs * 1e6
}

// rawSetRate sends perGoroutine SETs from each of 50 goroutines on the
// harness's client and returns SETs per second.
func rawSetRate(b *testing.B, h *harness, perGoroutine int) float64 {
	b.Helper()
	ctx := context.Background()
	value := string(make([]byte, 100))
	var failed atomic.Value
	began := time.Now()
	var wg sync.WaitGroup
	for g := range scalePeople {
		wg.Go(func() {
			key := h.prefix + ":rawset:" + strconv.Itoa(g)
			for range perGoroutine {
				if err := h.rdb.Set(ctx, key, value, 0).Err(); err != nil {
					failed.Store(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	return float64(scalePeople*perGoroutine) / time.Since(began).Seconds()
}

// scalePerson is one person of BenchmarkScale, with a clock of their
// own: each check-in is on the next day.
type scalePerson struct {
	h    *harness
	addr chat.Address
	now  time.Time
}

// seedScalePerson onboards a person through the engine and writes a
// history of n log entries straight into the store: a morning check-in
// and a walk a day, ending the day before the benchmark.
func seedScalePerson(b *testing.B, h *harness, i, n int) *scalePerson {
	b.Helper()
	id := "scale" + strconv.Itoa(i)
	p := &person{h: h, addr: chat.Address{Platform: chat.Console, ChatID: id, UserID: id}}
	p.onboard()
	ctx := context.Background()
	snap, err := h.store.Load(ctx, chat.Console, id)
	if err != nil {
		b.Fatal(err)
	}
	days := (n + 1) / 2
	first := h.clock.Now().Add(-time.Duration(days) * 24 * time.Hour)
	entries := make([]profile.Entry, 0, n)
	for d := 0; len(entries) < n; d++ {
		morning := first.Add(time.Duration(d) * 24 * time.Hour)
		entries = append(entries, profile.Entry{Kind: profile.KindCheckIn, At: morning, CheckIn: &plan.CheckIn{
			At: morning, Leg: 3, Back: 2, WalkPeak: plan.NoPain, Rule: plan.RuleHold}})
		if len(entries) < n {
			walk := morning.Add(10 * time.Hour)
			entries = append(entries, profile.Entry{Kind: profile.KindWalk, At: walk, Walk: &plan.Walk{
				At: walk, Minutes: 10, Planned: 10, Peak: 3}})
		}
	}
	if err := h.store.Save(ctx, snap, profile.Change{Profile: snap.Profile, Dialog: snap.Dialog, Append: entries}); err != nil {
		b.Fatal(err)
	}
	return &scalePerson{h: h, addr: p.addr, now: h.clock.Now()}
}

// scaleAnswers are the buttons a check-in is answered with, in order of
// preference; any other question gets its first button.
var scaleAnswers = []string{"None of these", "3", "2", "No walk yet", "No"}

// checkIn makes one whole check-in, answering every question asked, and
// returns how many messages it took.
func (p *scalePerson) checkIn(ctx context.Context) (int, error) {
	p.now = p.now.Add(24 * time.Hour)
	out, err := p.h.engine.Handle(ctx, chat.Incoming{From: p.addr, At: p.now, Text: "/checkin"})
	n := 1
	for ; err == nil && n < 15; n++ {
		data, ok := scaleAnswer(out)
		if !ok {
			return n, nil
		}
		out, err = p.h.engine.Handle(ctx, chat.Incoming{From: p.addr, At: p.now, Data: data})
	}
	if err != nil {
		return n, err
	}
	return n, errors.New("a check-in asked more than 15 questions")
}

// scaleAnswer picks the button to press among the replies, or ok false
// when they ask nothing.
func scaleAnswer(out []chat.Outgoing) (data string, ok bool) {
	var buttons []chat.Button
	for _, o := range out {
		for _, row := range o.Buttons {
			buttons = append(buttons, row...)
		}
	}
	if len(buttons) == 0 {
		return "", false
	}
	for _, want := range scaleAnswers {
		if i := slices.IndexFunc(buttons, func(b chat.Button) bool { return b.Label == want }); i >= 0 {
			return buttons[i].Data, true
		}
	}
	return buttons[0].Data, true
}

// BenchmarkPersonBytes has 20 people use the bot for 30 days through the
// engine (a morning check-in and a walk logged each day) and prints the
// Redis memory their keys take per person, the reminder queue included
// (MEMORY USAGE of every key under the prefix). The budget: at
// most 4 KB per person.
//
//	go test -run '^$' -bench PersonBytes -benchtime=1x ./internal/dialog
func BenchmarkPersonBytes(b *testing.B) {
	const people, days = 20, 30
	rdb := redistest.NewReal(b)
	for range b.N {
		h := newHarnessWith(b, rdb)
		ctx := context.Background()
		for i := range people {
			id := "bytes" + strconv.Itoa(i)
			p := &person{h: h, addr: chat.Address{Platform: chat.Console, ChatID: id, UserID: id}}
			p.onboard()
			sp := &scalePerson{h: h, addr: p.addr, now: h.clock.Now()}
			for range days {
				if _, err := sp.checkIn(ctx); err != nil {
					b.Fatal(err)
				}
				evening := sp.now.Add(10 * time.Hour)
				for _, in := range []chat.Incoming{{Text: "/done"}, {Data: ""}, {Data: ""}} {
					in.From, in.At = sp.addr, evening
					if in.Text == "" {
						data, ok := scaleAnswer(p.last)
						if !ok {
							break
						}
						in.Data = data
					}
					out, err := h.engine.Handle(ctx, in)
					if err != nil {
						b.Fatal(err)
					}
					p.last = out
				}
			}
		}
		keys, err := redistest.Keys(ctx, rdb, h.prefix)
		if err != nil {
			b.Fatal(err)
		}
		var total, log, window int64
		for _, k := range keys {
			n, err := rdb.MemoryUsage(ctx, k).Result()
			if err != nil {
				b.Fatal(err)
			}
			total += n
			if strings.HasSuffix(k, ":log") {
				log += n
			}
			if strings.HasSuffix(k, ":dialog") {
				window += n
			}
		}
		hist, err := h.store.History(ctx, "console:bytes0")
		if err != nil {
			b.Fatal(err)
		}
		per := float64(total) / people
		b.ReportMetric(per, "B/person")
		fmt.Printf("redis: %.0f B/person after %d days (%d log entries each; of that %.0f B dialog hash with the window, %.0f B list of older entries), %d keys for %d people\n",
			per, days, len(hist), float64(window)/people, float64(log)/people, len(keys), people)
	}
}
