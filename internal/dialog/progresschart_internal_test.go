package dialog

import (
	"reflect"
	"testing"
	"time"

	"treadwell/internal/chart"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// TestPauseSpans: the paused spans read from the log and the pause in
// force.
func TestPauseSpans(t *testing.T) {
	h := func(n int) time.Time {
		return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
	}
	pause := func(at time.Time, until time.Time) profile.Entry {
		p := profile.NewPause(at, plan.RuleStopFlare, true, until)
		return profile.Entry{Kind: profile.KindPause, At: at, Pause: &p}
	}
	resume := func(at time.Time) profile.Entry { return profile.Entry{Kind: profile.KindResume, At: at} }
	checkIn := func(at time.Time) profile.Entry {
		return profile.Entry{Kind: profile.KindCheckIn, At: at, CheckIn: &plan.CheckIn{At: at}}
	}
	now := h(100)
	active := func(since, until time.Time) profile.Pause {
		return profile.NewPause(since, plan.RuleStopFlare, true, until)
	}
	cases := []struct {
		name    string
		log     []profile.Entry
		current profile.Pause
		want    []chart.Span
	}{
		{"none", []profile.Entry{checkIn(h(1))}, profile.Pause{}, nil},
		{"paused an hour", []profile.Entry{pause(h(14), time.Time{}), resume(h(15))}, profile.Pause{}, []chart.Span{{From: h(14), To: h(15)}}},
		{"a pause during a pause", []profile.Entry{pause(h(14), time.Time{}), pause(h(20), time.Time{}), resume(h(30))}, profile.Pause{},
			[]chart.Span{{From: h(14), To: h(30)}}},
		{"until a time, run out before the next entry", []profile.Entry{pause(h(10), h(34)), checkIn(h(50)), resume(h(50))}, profile.Pause{},
			[]chart.Span{{From: h(10), To: h(34)}}},
		{"until a time, resumed sooner", []profile.Entry{pause(h(10), h(34)), resume(h(20))}, profile.Pause{}, []chart.Span{{From: h(10), To: h(20)}}},
		{"until a time, run out with nothing after", []profile.Entry{pause(h(10), h(34))}, profile.Pause{}, []chart.Span{{From: h(10), To: h(34)}}},
		{"paused now", []profile.Entry{pause(h(90), time.Time{})}, active(h(90), time.Time{}),
			[]chart.Span{{From: h(90), To: now}, {From: h(90), To: now}}},
		{"paused now, its start older than the log", []profile.Entry{checkIn(h(95))}, active(h(2), time.Time{}),
			[]chart.Span{{From: h(2), To: now}}},
		{"paused now until later", []profile.Entry{pause(h(90), h(200))}, active(h(90), h(200)),
			[]chart.Span{{From: h(90), To: now}, {From: h(90), To: now}}},
		{"open in the log, no longer paused", []profile.Entry{pause(h(90), time.Time{})}, profile.Pause{},
			[]chart.Span{{From: h(90), To: h(90)}}},
	}
	for _, c := range cases {
		if got := pauseSpans(c.log, c.current, now); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: spans = %v, want %v", c.name, got, c.want)
		}
	}
}
