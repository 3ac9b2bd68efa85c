package dialog_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"treadwell/internal/due"
)

// nextSaid reads the instant a reply names as the next reminder
// ("Next reminder: Fri 27 Nov at 07:30 (Europe/Berlin)"), in the
// person's zone, the year taken from now (or the next when the date is
// earlier in the year than now).
var nextSaid = regexp.MustCompile(`[Nn]ext reminder: \w{3} (\d{1,2} \w{3}) at (\d\d:\d\d) \(([^)]+)\)`)

func parseNextSaid(t *testing.T, reply string, now time.Time) (time.Time, bool) {
	t.Helper()
	m := nextSaid.FindStringSubmatch(reply)
	if m == nil {
		return time.Time{}, false
	}
	loc, err := time.LoadLocation(m[3])
	if err != nil {
		t.Fatalf("zone in %q: %v", reply, err)
	}
	year := now.In(loc).Year()
	at, err := time.ParseInLocation("2 Jan 2006 15:04", fmt.Sprintf("%s %d %s", m[1], year, m[2]), loc)
	if err != nil {
		t.Fatalf("date in %q: %v", reply, err)
	}
	if at.Before(now.Add(-24 * time.Hour)) {
		at = at.AddDate(1, 0, 0)
	}
	return at, true
}

// firstSent follows the daily reminder queue as the dispatcher would,
// with nothing else happening: the queued instant, and while the engine
// sends nothing there, the next it queues (an instant already past
// counts as dispatched: the test runs no dispatcher). It returns the first instant
// at which a reminder is actually sent.
func firstSent(t *testing.T, h *harness, id string) time.Time {
	t.Helper()
	snap, err := h.store.Load(context.Background(), "console", id)
	if err != nil {
		t.Fatal(err)
	}
	at := queued(t, h, id, due.Daily)
	for range 30 {
		if at.IsZero() {
			return at
		}
		if now := h.clock.Now(); at.Before(now) {
			// Due while the test ran no dispatcher: it has gone (or
			// been skipped) already; the queue moves on from now.
			at = h.engine.Reminder(snap, due.Daily, at, now, 0).Next
			continue
		}
		r := h.engine.Reminder(snap, due.Daily, at, at, 2*time.Hour)
		if len(r.Send) > 0 {
			return at
		}
		at = r.Next
	}
	t.Fatalf("no reminder sent in 30 queued instants from %v", queued(t, h, id, due.Daily))
	return time.Time{}
}

// Whatever a person has done, the "Next reminder" a reply names (after
// /next, a settings change, a resume) is the reminder the dispatcher
// will actually send first: never one the engine would skip (a day
// already checked in, a snoozed one, a day not scheduled, a paused day).
// Over 120 seeded people taking random steps for a few simulated weeks.
func TestNextNamesTheReminderThatIsSent(t *testing.T) {
	h := newHarness(t)
	steps := []struct {
		name string
		do   func(p *person, r *rand.Rand) string
	}{
		{"check in", func(p *person, r *rand.Rand) string {
			out := p.say("/checkin")
			if !slices.Contains(p.labels(), "3") {
				return out // paused, or the day's check-in is done
			}
			p.press("3")
			out = p.press("2")
			for _, l := range []string{"No walk yet", "No"} {
				if slices.Contains(p.labels(), l) {
					out = p.afterSpread(p.press(l))
				}
			}
			return out
		}},
		{"/skip", func(p *person, r *rand.Rand) string { return p.say("/skip") }},
		{"/snooze", func(p *person, r *rand.Rand) string {
			return p.say([]string{"/snooze 20 min", "/snooze 1h", "/snooze evening", "/snooze tomorrow"}[r.IntN(4)])
		}},
		{"reminder time", func(p *person, r *rand.Rand) string {
			p.say("/settings")
			if !slices.Contains(p.labels(), "Reminder time") {
				return "" // a pause ended and its safety check comes first
			}
			p.press("Reminder time")
			return p.say([]string{"06:15", "07:30", "12:00", "18:00", "21:45", "23:50"}[r.IntN(6)])
		}},
		{"days", func(p *person, r *rand.Rand) string {
			p.say("/settings")
			if !slices.Contains(p.labels(), "Days") {
				return "" // a pause ended and its safety check comes first
			}
			p.press("Days")
			return p.say([]string{"weekdays", "sat,sun", "daily", "mon,wed,fri", "tue"}[r.IntN(5)])
		}},
		{"time zone", func(p *person, r *rand.Rand) string {
			p.say("/settings")
			if !slices.Contains(p.labels(), "Time zone") {
				return ""
			}
			p.press("Time zone")
			out := p.say([]string{"New York", "Europe/Berlin", "Tokyo", "Kolkata"}[r.IntN(4)])
			if slices.Contains(p.labels(), "Yes") {
				out = p.press("Yes")
			}
			return out
		}},
		{"/stop until friday", func(p *person, r *rand.Rand) string { return p.say("/stop until friday") }},
		{"/stop 2d", func(p *person, r *rand.Rand) string { return p.say("/stop 2d") }},
		{"/resume", func(p *person, r *rand.Rand) string { return p.say("/resume") }},
		{"/next", func(p *person, r *rand.Rand) string { return p.say("/next") }},
	}
	checked := 0
	for seed := range 120 {
		r := rand.New(rand.NewPCG(uint64(seed), 14))
		id := fmt.Sprintf("n%d", seed)
		p := h.person(id)
		p.onboard()
		var trail []string
		for range 12 {
			h.clock.Advance(time.Duration(r.IntN(30*60)) * time.Minute)
			s := steps[r.IntN(len(steps))]
			p.say("/cancel") // out of any question the last step left open
			reply := s.do(p, r)
			trail = append(trail, h.clock.Now().Format("Mon 15:04")+" "+s.name)
			said, ok := parseNextSaid(t, reply, h.clock.Now())
			if !ok {
				continue
			}
			checked++
			if sent := firstSent(t, h, id); !sent.Equal(said) {
				t.Fatalf("seed %d: after %s the reply names %v as the next reminder; the first sent is %v\nreply: %s",
					seed, strings.Join(trail, ", "), said, sent, reply)
			}
		}
	}
	if checked < 200 {
		t.Fatalf("only %d replies named a next reminder: the steps no longer reach it", checked)
	}
	t.Logf("%d replies naming the next reminder checked", checked)
}
