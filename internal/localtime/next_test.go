package localtime_test

import (
	"testing"
	"time"
	_ "time/tzdata" // tests use the embedded zone data, not the machine's

	"treadwell/internal/localtime"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := localtime.LoadZone(name)
	if err != nil {
		t.Fatalf("LoadZone(%q): %v", name, err)
	}
	return loc
}

func rfc(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("bad literal %q: %v", s, err)
	}
	return v
}

func clk(h, m int) localtime.Clock { return localtime.Clock{Hour: h, Minute: m} }

type nextCase struct {
	name  string
	zone  string
	after string // RFC3339
	clock localtime.Clock
	days  localtime.Days
	want  string // RFC3339, with the zone's offset at that instant
}

func runNext(t *testing.T, tests []nextCase) {
	t.Helper()
	for _, tt := range tests {
		loc := mustLoad(t, tt.zone)
		got := localtime.Next(rfc(t, tt.after), tt.clock, tt.days, loc)
		if got.Format(time.RFC3339) != tt.want {
			t.Errorf("%s: Next(%s, %s, %s, %s) = %s, want %s",
				tt.name, tt.after, tt.clock, tt.days, tt.zone, got.Format(time.RFC3339), tt.want)
		}
	}
}

// The transitions the DST tables below rely on, checked against tzdata so
// that the tables are not guesses. Each row: the instant of the change and
// the local wall clock just before and at it.
func TestZoneDataTransitions2026(t *testing.T) {
	tests := []struct {
		zone         string
		at           string // the transition instant
		before, from string // wall clock 1s before it and at it
	}{
		{"Europe/Berlin", "2026-03-29T01:00:00Z", "2026-03-29T01:59:59+01:00", "2026-03-29T03:00:00+02:00"},
		{"Europe/Berlin", "2026-10-25T01:00:00Z", "2026-10-25T02:59:59+02:00", "2026-10-25T02:00:00+01:00"},
		{"America/New_York", "2026-03-08T07:00:00Z", "2026-03-08T01:59:59-05:00", "2026-03-08T03:00:00-04:00"},
		{"America/New_York", "2026-11-01T06:00:00Z", "2026-11-01T01:59:59-04:00", "2026-11-01T01:00:00-05:00"},
		{"Australia/Lord_Howe", "2026-04-04T15:00:00Z", "2026-04-05T01:59:59+11:00", "2026-04-05T01:30:00+10:30"},
		{"Australia/Lord_Howe", "2026-10-03T15:30:00Z", "2026-10-04T01:59:59+10:30", "2026-10-04T02:30:00+11:00"},
	}
	for _, tt := range tests {
		loc := mustLoad(t, tt.zone)
		// Find the transition from tzdata rather than trusting the literal.
		from := rfc(t, tt.at).Add(-15 * 24 * time.Hour).In(loc)
		_, end := from.ZoneBounds()
		if got := end.UTC().Format(time.RFC3339); got != tt.at {
			t.Errorf("%s: next transition after %s is %s, want %s", tt.zone, from.Format(time.RFC3339), got, tt.at)
			continue
		}
		if got := end.Add(-time.Second).In(loc).Format(time.RFC3339); got != tt.before {
			t.Errorf("%s: just before transition %s, want %s", tt.zone, got, tt.before)
		}
		if got := end.In(loc).Format(time.RFC3339); got != tt.from {
			t.Errorf("%s: at transition %s, want %s", tt.zone, got, tt.from)
		}
	}
	// Kolkata has no transitions at all in 2026.
	k := mustLoad(t, "Asia/Kolkata")
	if _, end := time.Date(2026, 1, 1, 0, 0, 0, 0, k).ZoneBounds(); !end.IsZero() && end.Year() <= 2026 {
		t.Errorf("Asia/Kolkata has a transition at %s", end)
	}
}

func TestNextEuropeBerlin(t *testing.T) {
	const z = "Europe/Berlin"
	d := localtime.Daily
	// Spring forward 2026-03-29: 02:00 CET → 03:00 CEST; 02:00–02:59 do not exist.
	sat := "2026-03-28T12:00:00+01:00"
	runNext(t, []nextCase{
		{"spring 01:59 exists", z, sat, clk(1, 59), d, "2026-03-29T01:59:00+01:00"},
		{"spring 02:00 in gap", z, sat, clk(2, 0), d, "2026-03-29T03:00:00+02:00"},
		{"spring 02:30 in gap", z, sat, clk(2, 30), d, "2026-03-29T03:00:00+02:00"},
		{"spring 02:59 in gap", z, sat, clk(2, 59), d, "2026-03-29T03:00:00+02:00"},
		{"spring 03:00 exists", z, sat, clk(3, 0), d, "2026-03-29T03:00:00+02:00"},
		{"spring 07:30", z, sat, clk(7, 30), d, "2026-03-29T07:30:00+02:00"},
		{"spring gap fired, next day normal", z, "2026-03-29T03:00:00+02:00", clk(2, 30), d, "2026-03-30T02:30:00+02:00"},
		{"spring just before gap end", z, "2026-03-29T01:59:59+01:00", clk(2, 30), d, "2026-03-29T03:00:00+02:00"},
	})
	// Fall back 2026-10-25: 03:00 CEST → 02:00 CET; 02:00–02:59 happen twice.
	runNext(t, []nextCase{
		{"fall 01:59", z, "2026-10-24T12:00:00+02:00", clk(1, 59), d, "2026-10-25T01:59:00+02:00"},
		{"fall 02:00 first occurrence", z, "2026-10-24T12:00:00+02:00", clk(2, 0), d, "2026-10-25T02:00:00+02:00"},
		{"fall 02:30 first occurrence", z, "2026-10-24T12:00:00+02:00", clk(2, 30), d, "2026-10-25T02:30:00+02:00"},
		{"fall 03:00 once, CET", z, "2026-10-24T12:00:00+02:00", clk(3, 0), d, "2026-10-25T03:00:00+01:00"},
		// Once fired at 02:30 CEST it does not fire again at 02:30 CET.
		{"fall 02:30 fired", z, "2026-10-25T02:30:00+02:00", clk(2, 30), d, "2026-10-26T02:30:00+01:00"},
		{"fall 02:00 fired", z, "2026-10-25T02:00:00+02:00", clk(2, 0), d, "2026-10-26T02:00:00+01:00"},
		{"fall during repeat", z, "2026-10-25T02:10:00+01:00", clk(2, 30), d, "2026-10-26T02:30:00+01:00"},
		{"fall between occurrences", z, "2026-10-25T02:45:00+02:00", clk(2, 30), d, "2026-10-26T02:30:00+01:00"},
		{"fall 02:30 not yet", z, "2026-10-25T02:29:00+02:00", clk(2, 30), d, "2026-10-25T02:30:00+02:00"},
	})
}

func TestNextAmericaNewYork(t *testing.T) {
	const z = "America/New_York"
	d := localtime.Daily
	runNext(t, []nextCase{
		// Spring forward 2026-03-08: 02:00 EST → 03:00 EDT.
		{"spring 01:59", z, "2026-03-07T12:00:00-05:00", clk(1, 59), d, "2026-03-08T01:59:00-05:00"},
		{"spring 02:00 in gap", z, "2026-03-07T12:00:00-05:00", clk(2, 0), d, "2026-03-08T03:00:00-04:00"},
		{"spring 02:30 in gap", z, "2026-03-07T12:00:00-05:00", clk(2, 30), d, "2026-03-08T03:00:00-04:00"},
		{"spring 03:00", z, "2026-03-07T12:00:00-05:00", clk(3, 0), d, "2026-03-08T03:00:00-04:00"},
		{"spring 07:00", z, "2026-03-07T12:00:00-05:00", clk(7, 0), d, "2026-03-08T07:00:00-04:00"},
		// Fall back 2026-11-01: 02:00 EDT → 01:00 EST; 01:00–01:59 twice.
		{"fall 01:30 first", z, "2026-10-31T12:00:00-04:00", clk(1, 30), d, "2026-11-01T01:30:00-04:00"},
		{"fall 01:30 first in UTC", z, "2026-11-01T00:00:00Z", clk(1, 30), d, "2026-11-01T01:30:00-04:00"},
		{"fall 01:30 fired", z, "2026-11-01T05:30:00Z", clk(1, 30), d, "2026-11-02T01:30:00-05:00"},
		{"fall 01:30 in repeat", z, "2026-11-01T01:15:00-05:00", clk(1, 30), d, "2026-11-02T01:30:00-05:00"},
		{"fall 02:00 once", z, "2026-10-31T12:00:00-04:00", clk(2, 0), d, "2026-11-01T02:00:00-05:00"},
		{"fall 00:59", z, "2026-10-31T12:00:00-04:00", clk(0, 59), d, "2026-11-01T00:59:00-04:00"},
	})
	// The 01:30 reminder over the fall-back weekend: once a day, first occurrence.
	got := fires(rfc(t, "2026-10-31T00:00:00-04:00"), clk(1, 30), d, mustLoad(t, z), 3)
	assertTimes(t, "Next chained, fall New York", got,
		"2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00")
}

func TestNextLordHowe(t *testing.T) {
	// Lord Howe shifts by 30 minutes (see TestZoneDataTransitions2026):
	// 2026-04-05 02:00 +11:00 → 01:30 +10:30 (01:30–01:59 twice) and
	// 2026-10-04 02:00 +10:30 → 02:30 +11:00 (02:00–02:29 do not exist).
	const z = "Australia/Lord_Howe"
	d := localtime.Daily
	runNext(t, []nextCase{
		{"fall 01:29", z, "2026-04-04T12:00:00+11:00", clk(1, 29), d, "2026-04-05T01:29:00+11:00"},
		{"fall 01:30 first", z, "2026-04-04T12:00:00+11:00", clk(1, 30), d, "2026-04-05T01:30:00+11:00"},
		{"fall 01:45 first", z, "2026-04-04T12:00:00+11:00", clk(1, 45), d, "2026-04-05T01:45:00+11:00"},
		{"fall 01:45 fired", z, "2026-04-05T01:45:00+11:00", clk(1, 45), d, "2026-04-06T01:45:00+10:30"},
		{"fall 01:45 in repeat", z, "2026-04-05T01:35:00+10:30", clk(1, 45), d, "2026-04-06T01:45:00+10:30"},
		{"fall 02:00", z, "2026-04-04T12:00:00+11:00", clk(2, 0), d, "2026-04-05T02:00:00+10:30"},
		{"spring 01:59", z, "2026-10-03T12:00:00+10:30", clk(1, 59), d, "2026-10-04T01:59:00+10:30"},
		{"spring 02:00 in gap", z, "2026-10-03T12:00:00+10:30", clk(2, 0), d, "2026-10-04T02:30:00+11:00"},
		{"spring 02:15 in gap", z, "2026-10-03T12:00:00+10:30", clk(2, 15), d, "2026-10-04T02:30:00+11:00"},
		{"spring 02:29 in gap", z, "2026-10-03T12:00:00+10:30", clk(2, 29), d, "2026-10-04T02:30:00+11:00"},
		{"spring 02:30", z, "2026-10-03T12:00:00+10:30", clk(2, 30), d, "2026-10-04T02:30:00+11:00"},
		{"spring next day", z, "2026-10-04T02:30:00+11:00", clk(2, 15), d, "2026-10-05T02:15:00+11:00"},
	})
}

func TestNextKolkata(t *testing.T) {
	const z = "Asia/Kolkata"
	runNext(t, []nextCase{
		{"daily later today", z, "2026-03-29T00:00:00Z", clk(7, 30), localtime.Daily, "2026-03-29T07:30:00+05:30"},
		{"daily already passed", z, "2026-03-29T03:00:00Z", clk(7, 30), localtime.Daily, "2026-03-30T07:30:00+05:30"},
		{"local date differs from UTC", z, "2026-03-28T20:00:00Z", clk(7, 30), localtime.Daily, "2026-03-29T07:30:00+05:30"},
		{"midnight", z, "2026-03-29T10:00:00+05:30", clk(0, 0), localtime.Daily, "2026-03-30T00:00:00+05:30"},
		{"23:59", z, "2026-03-29T23:58:59+05:30", clk(23, 59), localtime.Daily, "2026-03-29T23:59:00+05:30"},
		// 2026-03-27 is a Friday.
		{"weekdays after Friday's reminder", z, "2026-03-27T07:30:00+05:30", clk(7, 30), localtime.Weekdays, "2026-03-30T07:30:00+05:30"},
		{"weekdays from Saturday", z, "2026-03-28T06:00:00+05:30", clk(7, 30), localtime.Weekdays, "2026-03-30T07:30:00+05:30"},
		{"weekends from Monday", z, "2026-03-30T06:00:00+05:30", clk(9, 0), localtime.Weekends, "2026-04-04T09:00:00+05:30"},
		{"weekly, after the only day", z, "2026-03-30T09:00:00+05:30", clk(9, 0), days(mon), "2026-04-06T09:00:00+05:30"},
		{"weekly, just before", z, "2026-03-30T08:59:59+05:30", clk(9, 0), days(mon), "2026-03-30T09:00:00+05:30"},
	})
}

func TestNextExactlyAtFireTime(t *testing.T) {
	runNext(t, []nextCase{
		{"Berlin equal", "Europe/Berlin", "2026-06-10T07:30:00+02:00", clk(7, 30), localtime.Daily, "2026-06-11T07:30:00+02:00"},
		{"Berlin 1ns before", "Europe/Berlin", "2026-06-10T05:29:59.999999999Z", clk(7, 30), localtime.Daily, "2026-06-10T07:30:00+02:00"},
		{"Berlin equal, written in UTC", "Europe/Berlin", "2026-06-10T05:30:00Z", clk(7, 30), localtime.Daily, "2026-06-11T07:30:00+02:00"},
		{"UTC equal", "UTC", "2026-06-10T07:30:00Z", clk(7, 30), localtime.Daily, "2026-06-11T07:30:00Z"},
	})
}

func TestNextFixedOffset(t *testing.T) {
	// 2026-05-01T00:00:00Z is 2026-04-30 19:30 at UTC-04:30.
	runNext(t, []nextCase{
		{"UTC-04:30 local evening", "UTC-04:30", "2026-05-01T00:00:00Z", clk(7, 0), localtime.Daily, "2026-05-01T07:00:00-04:30"},
		{"UTC-04:30 later same day", "UTC-04:30", "2026-05-01T00:00:00Z", clk(21, 0), localtime.Daily, "2026-04-30T21:00:00-04:30"},
		{"UTC+14:00 weekdays", "UTC+14:00", "2026-05-01T12:00:00Z", clk(8, 0), localtime.Weekdays, "2026-05-04T08:00:00+14:00"},
		{"UTC+05:45 mon,wed,fri", "UTC+05:45", "2026-05-01T00:00:00Z", clk(6, 15), days(mon, wed, fri), "2026-05-01T06:15:00+05:45"},
	})
	loc := mustLoad(t, "UTC-04:30")
	got := localtime.Next(rfc(t, "2026-05-01T00:00:00Z"), clk(7, 0), localtime.Daily, loc)
	if got.Location().String() != "UTC-04:30" {
		t.Errorf("result location %q, want UTC-04:30", got.Location())
	}
}

// Next chained from its own results, as reminders follow one another.
func TestNextChained(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	for _, tt := range []struct {
		name  string
		after string
		clock localtime.Clock
		days  localtime.Days
		want  []string
	}{
		// Friday, then Monday (CEST).
		{"weekdays over spring change", "2026-03-26T08:00:00+01:00", clk(7, 30), localtime.Weekdays,
			[]string{"2026-03-27T07:30:00+01:00", "2026-03-30T07:30:00+02:00", "2026-03-31T07:30:00+02:00", "2026-04-01T07:30:00+02:00"}},
		// The gap day fires at 03:00 CEST.
		{"daily 02:30 over spring gap", "2026-03-27T12:00:00+01:00", clk(2, 30), localtime.Daily,
			[]string{"2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"}},
		// Once, at the first occurrence.
		{"daily 02:30 over fall repeat", "2026-10-24T12:00:00+02:00", clk(2, 30), localtime.Daily,
			[]string{"2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00", "2026-10-27T02:30:00+01:00"}},
		// Wrapping a week.
		{"weekends", "2026-03-29T10:00:00+02:00", clk(9, 0), localtime.Weekends,
			[]string{"2026-04-04T09:00:00+02:00", "2026-04-05T09:00:00+02:00", "2026-04-11T09:00:00+02:00"}},
	} {
		assertTimes(t, tt.name, fires(rfc(t, tt.after), tt.clock, tt.days, berlin, len(tt.want)), tt.want...)
	}
}

// fires is the next n reminder instants after after: Next, each time
// from the one before, as the schedule command lists them.
func fires(after time.Time, c localtime.Clock, d localtime.Days, loc *time.Location, n int) []time.Time {
	out := make([]time.Time, 0, n)
	for range n {
		after = localtime.Next(after, c, d, loc)
		out = append(out, after)
	}
	return out
}

func TestNextDegenerate(t *testing.T) {
	after := rfc(t, "2026-03-29T10:00:00Z")
	if got := localtime.Next(after, clk(9, 0), 0, time.UTC); !got.IsZero() {
		t.Errorf("Next with no days = %s, want zero", got)
	}
	for _, c := range []localtime.Clock{{24, 0}, {-1, 0}, {7, 60}, {7, -1}} {
		if got := localtime.Next(after, c, localtime.Daily, time.UTC); !got.IsZero() {
			t.Errorf("Next with clock %v = %s, want zero", c, got)
		}
	}
	if got, want := localtime.Next(after, clk(9, 0), localtime.Daily, nil), "2026-03-30T09:00:00Z"; got.Format(time.RFC3339) != want {
		t.Errorf("Next with nil loc = %s, want %s", got.Format(time.RFC3339), want)
	}
}

func assertTimes(t *testing.T, name string, got []time.Time, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d times %v, want %d", name, len(got), got, len(want))
		return
	}
	for i := range want {
		if got[i].Format(time.RFC3339) != want[i] {
			t.Errorf("%s: [%d] = %s, want %s", name, i, got[i].Format(time.RFC3339), want[i])
		}
	}
}

// TestNextMatchesMinuteScan checks Next against a slow reference around
// every 2026 transition of zones with odd rules: the reference walks the
// local wall clock minute by minute and fires on each date the first time
// the wall clock reaches the reminder time (which is both "first instant
// after a gap" and "first of two occurrences").
func TestNextMatchesMinuteScan(t *testing.T) {
	zones := []string{
		"Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
		"America/Santiago", // changes at midnight, falls back into the previous day
		"America/Havana",   // springs forward at midnight
		"Asia/Kolkata",
	}
	for _, z := range zones {
		loc := mustLoad(t, z)
		var transitions []time.Time
		for at := time.Date(2026, 1, 1, 0, 0, 0, 0, loc); ; {
			_, end := at.ZoneBounds()
			if end.IsZero() || end.Year() > 2026 {
				break
			}
			transitions = append(transitions, end)
			at = end
		}
		if z != "Asia/Kolkata" && len(transitions) != 2 {
			t.Fatalf("%s: %d transitions in 2026, want 2", z, len(transitions))
		}
		if len(transitions) == 0 {
			transitions = []time.Time{time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
		}
		for _, tr := range transitions {
			checkAgainstScan(t, z, loc, tr)
		}
	}
}

func checkAgainstScan(t *testing.T, z string, loc *time.Location, tr time.Time) {
	t.Helper()
	start := tr.Add(-72 * time.Hour).Truncate(time.Minute)
	const minutes = 6 * 24 * 60
	type wall struct {
		date time.Time // local date at 00:00 UTC, for comparison
		tod  int       // minutes since local midnight
	}
	walls := make([]wall, minutes)
	for i := range walls {
		lt := start.Add(time.Duration(i) * time.Minute).In(loc)
		y, m, d := lt.Date()
		walls[i] = wall{time.Date(y, m, d, 0, 0, 0, 0, time.UTC), lt.Hour()*60 + lt.Minute()}
	}
	afters := []time.Duration{-30 * time.Hour, -3 * time.Hour, -time.Hour, -30 * time.Minute, -time.Second, 0,
		time.Second, 15 * time.Minute, 30 * time.Minute, time.Hour, 90 * time.Minute, 3 * time.Hour}
	daySets := []localtime.Days{localtime.Daily, localtime.Weekdays, localtime.Weekends, days(tr.In(loc).Weekday())}
	for tod := 0; tod < 24*60; tod += 15 {
		c := clk(tod/60, tod%60)
		// fires[i]: minute i is the first time the wall clock reaches c on its date.
		fired := map[time.Time]bool{}
		var fires []int
		for i := 1; i < minutes; i++ {
			w, p := walls[i], walls[i-1]
			reached := w.tod >= tod && (!p.date.Equal(w.date) || p.tod < tod)
			if reached && !fired[w.date] {
				fired[w.date] = true
				fires = append(fires, i)
			}
		}
		for _, ds := range daySets {
			for _, off := range afters {
				after := tr.Add(off)
				var want time.Time
				for _, i := range fires {
					at := start.Add(time.Duration(i) * time.Minute)
					if at.After(after) && ds.Has(walls[i].date.Weekday()) {
						want = at
						break
					}
				}
				if want.IsZero() {
					continue // beyond the scanned window
				}
				got := localtime.Next(after, c, ds, loc)
				if !got.Equal(want) {
					t.Errorf("%s: Next(%s, %s, %s) = %s, scan says %s", z,
						after.In(loc).Format(time.RFC3339), c, ds,
						got.Format(time.RFC3339), want.In(loc).Format(time.RFC3339))
				}
			}
		}
	}
}
