// Benchmarks for 100,000 people due in the same minute: the Redis queue
// the bot uses, and beside it the naive design of one robfig/cron entry
// per person in memory. Each does one full pass over the 100,000 per
// iteration, after a heavy setup, so run them once:
//
//	go test -run '^$' -bench 100k -benchtime 1x ./internal/reminders
//
// BenchmarkDispatch100k needs a real Redis (REDIS_URL or redis-server on
// PATH); without one it is skipped, or fails with REQUIRE_REAL_REDIS=1.
// Its Redis figures come from INFO memory, so run it on a server nobody
// else is writing to.
package reminders_test

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"treadwell/internal/chat"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/profile"
	"treadwell/internal/reminders"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

const benchProfiles = 100_000

// noopSender counts what it is asked to send and sends nothing.
type noopSender struct{ n atomic.Int64 }

func (s *noopSender) Send(context.Context, chat.Outgoing) error {
	s.n.Add(1)
	return nil
}

// BenchmarkDispatch100k: 100,000 set-up people due at the same instant,
// one dispatcher with the default options (workers, batch) and the real
// engine as composer and a no-op sender. Timed: ticking until all
// 100,000 are handed to the sender. Reported: the time to hand them all
// (s-to-hand-100k, target under 2 s on the 2-core machine of the
// README), claims/s; Redis bytes per scheduled person, everything stored
// (INFO memory used_memory before and after writing them) and the due
// queue alone (MEMORY USAGE of the shards' sorted sets); the Go heap
// before the dispatcher is created and after it has sent everything
// (target under 20 MB), and the largest heap seen while it sends
// (sampled every 10 ms); and the CPU time the Redis server used meanwhile
// (it has one thread: a pass cannot take less).
//
// Each iteration after the first reuses the data: everyone was queued
// for the next day by the previous pass, and the clock moves a day on.
func BenchmarkDispatch100k(b *testing.B) {
	e, prefix := newRealEnv(b)
	ctx := context.Background()
	memBefore := usedMemory(b, e)
	writeProfiles(b, e, benchProfiles, base)
	memAfter := usedMemory(b, e)
	var queueBytes, queued int64
	for n := range store.DueShards {
		key, _ := store.DueKeys(prefix, n)
		bytes, err := e.rdb.MemoryUsage(ctx, key, 0).Result()
		if err != nil {
			b.Fatal(err)
		}
		queueBytes += bytes
		card, err := e.rdb.ZCard(ctx, key).Result()
		if err != nil {
			b.Fatal(err)
		}
		queued += card
	}
	if queued != benchProfiles {
		b.Fatalf("%d queued, want %d", queued, benchProfiles)
	}

	heapBefore := heapAlloc()
	send := &noopSender{}
	d := reminders.New(e.store, e.engine, map[chat.Platform]chat.Sender{chat.Console: send}, reminders.Options{
		Owner: "bench", Now: e.clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	peak := sampleHeap()

	var timed time.Duration
	cpu0 := redisCPU(b, e)
	cmds0 := commandTimes(b, e)
	own0 := processCPU(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e.clock.Set(base.Add(time.Duration(i) * 24 * time.Hour))
		want := int64(i+1) * benchProfiles
		deadline := time.Now().Add(10 * time.Minute)
		start := time.Now()
		b.StartTimer()
		for send.n.Load() < want {
			d.Tick(ctx)
			if send.n.Load() >= want {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("sent %d of %d after 10 minutes; stats %+v", send.n.Load(), want, d.Stats())
			}
			time.Sleep(10 * time.Millisecond) // claims failed or are leased: try again
		}
		b.StopTimer()
		timed += time.Since(start)
	}
	if s := d.Stats(); s.Sent != b.N*benchProfiles || s.Failed != 0 || s.Skipped != 0 {
		b.Fatalf("stats %+v, want %d sent and nothing failed or skipped", s, b.N*benchProfiles)
	}
	redisSecs := (redisCPU(b, e) - cpu0) / float64(b.N)
	ownSecs := (processCPU(b) - own0) / float64(b.N)
	perReminder := commandTimes(b, e)
	for name, usec := range perReminder {
		perReminder[name] = (usec - cmds0[name]) / float64(b.N*benchProfiles)
	}
	heapPeak := peak()
	heapAfter := heapAlloc()
	runtime.KeepAlive(d)
	b.Logf("redis used_memory after sending (sent marks added): %.0f B/profile", float64(usedMemory(b, e)-memBefore)/benchProfiles)

	perPass := timed.Seconds() / float64(b.N)
	fmt.Printf("dispatch 100k: %d reminders handed to a no-op sender in %.2f s (target < 2 s), %.0f claims/s, Redis busy %.2f s of it and this process %.2f s (CPU, all threads); heap %.1f MB before, %.1f MB after, %.1f MB at most while sending (target < 20 MB); queue %.0f B/profile in Redis\n",
		benchProfiles, perPass, float64(b.N*benchProfiles)/timed.Seconds(), redisSecs, ownSecs,
		float64(heapBefore)/(1<<20), float64(heapAfter)/(1<<20), float64(heapPeak)/(1<<20), float64(queueBytes)/benchProfiles)
	fmt.Printf("dispatch 100k: Redis time per reminder by command (a script's includes the commands it calls): %s\n", topTimes(perReminder, 20))
	b.ReportMetric(perPass, "s-to-hand-100k")
	b.ReportMetric(redisSecs, "s-redis-cpu")
	b.ReportMetric(ownSecs, "s-process-cpu")
	b.ReportMetric(float64(heapPeak)/(1<<20), "heap-MB-peak")
	b.ReportMetric(float64(b.N*benchProfiles)/timed.Seconds(), "claims/s")
	b.ReportMetric(float64(memAfter-memBefore)/benchProfiles, "B/profile-redis")
	b.ReportMetric(float64(queueBytes)/benchProfiles, "B/profile-queue")
	b.ReportMetric(float64(heapBefore)/(1<<20), "heap-MB-before")
	b.ReportMetric(float64(heapAfter)/(1<<20), "heap-MB-after")
}

// BenchmarkNaiveCronPerPerson100k is the design the queue replaces: one
// robfig/cron entry per person, in memory, each with its own CRON_TZ.
// It cannot be shared by replicas (each would hold every entry and send
// every reminder), and it loses nothing only while the process lives: a
// restart must rebuild every entry, and a reminder due while it was down
// is simply missed.
//
// Untimed: adding 100,000 entries to a cron.Cron that is not started
// (heap measured before and after). Timed: computing each entry's next
// fire once, as robfig/cron does for every entry when it starts and for
// each entry it runs (in memory: the schedules are parsed already).
//
// Most of the heap per person is the zone: robfig/cron's parser calls
// time.LoadLocation for each CRON_TZ spec, and every call builds a new
// *time.Location (with all UTC specs it is about a tenth).
func BenchmarkNaiveCronPerPerson100k(b *testing.B) {
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"}
	var fired atomic.Int64
	var heapBefore, heapAfter uint64
	var timed time.Duration
	var sink time.Time
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		heapBefore = heapAlloc()
		c := cron.New()
		for p := 0; p < benchProfiles; p++ {
			id := profileID(p)
			spec := "CRON_TZ=" + zones[p%len(zones)] + " 30 7 * * *"
			if _, err := c.AddFunc(spec, func() {
				fired.Add(1)
				_ = id // a real job would send the reminder to id
			}); err != nil {
				b.Fatal(err)
			}
		}
		heapAfter = heapAlloc()
		entries := c.Entries() // copies; taken after the heap figure
		if len(entries) != benchProfiles {
			b.Fatalf("%d entries, want %d", len(entries), benchProfiles)
		}
		now := base.Add(-time.Minute)
		start := time.Now()
		b.StartTimer()
		for _, en := range entries {
			sink = en.Schedule.Next(now)
		}
		b.StopTimer()
		timed += time.Since(start)
		runtime.KeepAlive(c)
	}
	_ = sink
	b.ReportMetric(float64(b.N*benchProfiles)/timed.Seconds(), "nexts/s")
	b.ReportMetric(float64(heapAfter-heapBefore)/benchProfiles, "B/profile-heap")
	b.ReportMetric(float64(heapBefore)/(1<<20), "heap-MB-before")
	b.ReportMetric(float64(heapAfter)/(1<<20), "heap-MB-after")
}

// newRealEnv is newEnv on a real Redis (skipped or failed without one,
// as redistest.NewReal decides), with its key prefix. The benchmark
// sends through its own sender, not the env's recorders.
func newRealEnv(b *testing.B) (*env, string) {
	b.Helper()
	rdb := redistest.NewReal(b)
	prefix := redistest.Prefix(b)
	st := store.New(rdb, store.Options{Prefix: prefix})
	clk := newClock(base)
	eng := dialogtest.NewEngine(b, st, clk.Now)
	return &env{t: b, rdb: rdb, store: st, engine: eng, clock: clk}, prefix
}

// writeProfiles stores n set-up people, as addProfile does, all due at
// due: one Save each (one round trip: the snapshot of a new person is
// known without loading it), from 16 goroutines.
func writeProfiles(b *testing.B, e *env, n int, dueAt time.Time) {
	b.Helper()
	ctx := context.Background()
	const workers = 16
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				id := profileID(i)
				snap := profile.Snapshot{ProfileID: profile.DerivedID(chat.Console, id)}
				p := profile.Profile{
					ID: snap.ProfileID, Created: base.Add(-48 * time.Hour), Lang: "en", Onboarded: true,
					Identities: []profile.Identity{{Platform: chat.Console, UserID: id}},
					Channels:   []profile.Channel{{Platform: chat.Console, ChatID: id}},
					Settings:   profile.Settings{Zone: "UTC", Remind: localtime.Clock{Hour: 7, Minute: 30}, Days: localtime.Daily, Place: "outdoors"},
				}
				if err := e.store.Save(ctx, snap, profile.Change{Profile: p, Due: map[due.Kind]time.Time{due.Daily: dueAt}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// usedMemory is INFO memory's used_memory.
func usedMemory(b *testing.B, e *env) int64 {
	b.Helper()
	info, err := e.rdb.Info(context.Background(), "memory").Result()
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal("no used_memory in INFO memory")
	return 0
}

// sampleHeap samples the heap in use every 10 ms (without forcing a
// collection: what the process really holds, garbage included) until
// the returned function is called, which returns the largest sample.
func sampleHeap() func() uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return peak.Load()
	}
}

// heapAlloc is the live Go heap after a collection.
func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// commandTimes is INFO commandstats: the microseconds the Redis server
// spent in each command so far.
func commandTimes(b *testing.B, e *env) map[string]float64 {
	b.Helper()
	info, err := e.rdb.Info(context.Background(), "commandstats").Result()
	if err != nil {
		b.Fatal(err)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(info, "\n") {
		name, stats, ok := strings.Cut(strings.TrimSpace(line), ":")
		name, isCmd := strings.CutPrefix(name, "cmdstat_")
		if !ok || !isCmd {
			continue
		}
		for _, kv := range strings.Split(stats, ",") {
			if v, ok := strings.CutPrefix(kv, "usec="); ok {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					b.Fatal(err)
				}
				out[name] = f
			}
		}
	}
	return out
}

// topTimes lists the n largest of times, in microseconds.
func topTimes(times map[string]float64, n int) string {
	names := make([]string, 0, len(times))
	for name := range times {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(times[b], times[a]) })
	var parts []string
	for _, name := range names[:min(n, len(names))] {
		parts = append(parts, fmt.Sprintf("%s %.1f µs", name, times[name]))
	}
	return strings.Join(parts, ", ")
}

// redisCPU is the CPU time the Redis server has used, in seconds
// (redistest.ServerCPU): with the dispatcher's own, what a pass costs on
// the machine's cores.
func redisCPU(b *testing.B, e *env) float64 {
	b.Helper()
	secs, err := redistest.ServerCPU(context.Background(), e.rdb)
	if err != nil {
		b.Fatal(err)
	}
	return secs
}

// processCPU is this process's CPU time in seconds (redistest.ProcessCPU).
func processCPU(b *testing.B) float64 {
	b.Helper()
	secs, err := redistest.ProcessCPU()
	if err != nil {
		b.Fatal(err)
	}
	return secs
}
