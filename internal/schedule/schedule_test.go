package schedule

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/robfig/cron/v3"

	"treadwell/internal/localtime"
)

func rfc(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Exact instants across the clock changes of 2026.
func TestScheduleDST(t *testing.T) {
	cases := []struct {
		name, zone, at, days, from string
		want                       []string
	}{
		{"Berlin spring gap fires at 03:00", "Europe/Berlin", "02:30", "daily", "2026-03-27T12:00:00Z",
			[]string{"2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"}},
		{"Berlin spring 02:00 fires at 03:00", "Europe/Berlin", "02:00", "daily", "2026-03-28T12:00:00Z",
			[]string{"2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00"}},
		{"Berlin spring 03:00 unaffected", "Europe/Berlin", "03:00", "daily", "2026-03-28T12:00:00Z",
			[]string{"2026-03-29T03:00:00+02:00", "2026-03-30T03:00:00+02:00"}},
		{"Berlin spring 01:59 before the gap", "Europe/Berlin", "01:59", "daily", "2026-03-28T12:00:00Z",
			[]string{"2026-03-29T01:59:00+01:00", "2026-03-30T01:59:00+02:00"}},
		{"Berlin fall 02:30 fires once, first", "Europe/Berlin", "02:30", "daily", "2026-10-24T12:00:00Z",
			[]string{"2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"}},
		{"Berlin fall 07:30", "Europe/Berlin", "07:30", "daily", "2026-10-24T12:00:00Z",
			[]string{"2026-10-25T07:30:00+01:00", "2026-10-26T07:30:00+01:00"}},
		{"New York spring 02:30", "America/New_York", "02:30", "daily", "2026-03-07T12:00:00Z",
			[]string{"2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"}},
		{"New York fall 01:30 once", "America/New_York", "01:30", "daily", "2026-10-31T12:00:00Z",
			[]string{"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"}},
		{"New York weekdays over a weekend", "America/New_York", "07:00", "mon-fri", "2026-11-06T13:00:00Z",
			[]string{"2026-11-09T07:00:00-05:00", "2026-11-10T07:00:00-05:00"}},
		{"Lord Howe spring: 30-minute gap", "Australia/Lord_Howe", "02:15", "daily", "2026-10-03T00:00:00Z",
			[]string{"2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"}},
		{"Lord Howe fall: repeated half hour once", "Australia/Lord_Howe", "01:45", "daily", "2026-04-04T00:00:00Z",
			[]string{"2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"}},
		{"Kolkata has no DST", "Asia/Kolkata", "07:30", "mon,wed,fri", "2026-03-28T00:00:00Z",
			[]string{"2026-03-30T07:30:00+05:30", "2026-04-01T07:30:00+05:30", "2026-04-03T07:30:00+05:30"}},
		{"fixed offset", "UTC+05:30", "06:00", "daily", "2026-01-01T00:00:00Z",
			[]string{"2026-01-01T06:00:00+05:30", "2026-01-02T06:00:00+05:30"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := New(c.zone, c.at, c.days)
			if err != nil {
				t.Fatal(err)
			}
			at := rfc(t, c.from)
			for i, w := range c.want {
				at = s.Next(at)
				if want := rfc(t, w); !at.Equal(want) {
					t.Fatalf("fire %d = %s, want %s (spec %q)", i, at.Format(time.RFC3339), w, specOf(t, c.zone, c.at, c.days))
				}
				if got := at.Format(time.RFC3339); got != w {
					t.Fatalf("fire %d formats as %s, want %s", i, got, w)
				}
				if !s.Fires(at) {
					t.Fatalf("Fires(%s) = false", w)
				}
			}
		})
	}
}

// robfig/cron on its own gets both DST cases wrong; the wrapper exists
// because of this. If a robfig release fixes it, this test says so.
func TestRobfigAloneGetsDSTWrong(t *testing.T) {
	sched, err := cron.ParseStandard("CRON_TZ=Europe/Berlin 30 2 * * *")
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	format := func(t time.Time) string { return t.In(berlin).Format(time.RFC3339) }
	// Spring: 02:30 does not exist on 2026-03-29; robfig skips the day.
	next := sched.Next(rfc(t, "2026-03-28T12:00:00Z"))
	if format(next) != "2026-03-30T02:30:00+02:00" {
		t.Fatalf("robfig spring: %s", format(next))
	}
	// Fall: 02:30 happens twice on 2026-10-25; robfig fires at both.
	first := sched.Next(rfc(t, "2026-10-24T12:00:00Z"))
	second := sched.Next(first)
	if format(first) != "2026-10-25T02:30:00+02:00" || format(second) != "2026-10-25T02:30:00+01:00" {
		t.Fatalf("robfig fall: %s then %s", format(first), format(second))
	}
}

// specOf is the cron spec New parses for a zone, a time and days.
func specOf(t *testing.T, zone, at, days string) string {
	t.Helper()
	c, err := localtime.ParseClock(at)
	if err != nil {
		t.Fatal(err)
	}
	d, err := localtime.ParseDays(days)
	if err != nil {
		t.Fatal(err)
	}
	return cronSpec(zone, c, d)
}

func TestScheduleSpec(t *testing.T) {
	cases := map[[3]string]string{
		{"Europe/Berlin", "07:30", "weekdays"}: "CRON_TZ=Europe/Berlin 30 7 * * 1,2,3,4,5",
		{"UTC", "19:05", "daily"}:              "CRON_TZ=UTC 5 19 * * 0,1,2,3,4,5,6",
		{"UTC-04:30", "06:00", "sat,sun"}:      "0 6 * * 0,6",
	}
	for in, want := range cases {
		if _, err := New(in[0], in[1], in[2]); err != nil {
			t.Fatal(err)
		}
		if got := specOf(t, in[0], in[1], in[2]); got != want {
			t.Errorf("spec = %q, want %q", got, want)
		}
	}
	for _, bad := range [][3]string{{"Mars/Olympus", "07:30", "daily"}, {"UTC", "25:00", "daily"}, {"UTC", "07:30", "someday"}} {
		if _, err := New(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("NewSchedule%v accepted", bad)
		}
	}
}
