package plan

import (
	"testing"
	"time"
)

// Red-flag timing (version 2): at the first check-in on or after the 7th
// local day since the last screen, so a person who checks in daily is
// never more than 7 local days without one; and whenever morning pain has
// jumped 2 or more points above baseline.
func TestRedFlagsDue_ByLocalDays(t *testing.T) {
	cases := []struct {
		name string
		last time.Time
		now  time.Time
		pain int // today's leg pain (baseline 3); NoPain: no check-in
		want bool
	}{
		{"never screened", time.Time{}, now, 3, true},
		{"Monday 20:00, next Monday 07:00 (155 hours): due", on(-7, 20, 0), on(0, 7, 0), 3, true},
		{"Monday 20:00, Sunday 23:59: not yet", on(-7, 20, 0), on(-1, 23, 59), 3, false},
		{"Monday 00:30, Sunday 23:30 (6 days 22 hours): not yet", on(-7, 0, 30), on(-1, 23, 30), 3, false},
		{"Sunday 23:30, next Monday 00:30 (8 local days)", on(-8, 23, 30), on(0, 0, 30), 3, true},
		{"yesterday, pain at baseline", on(-1, 8, 0), now, 3, false},
		{"yesterday, pain baseline+1", on(-1, 8, 0), now, 4, false},
		{"yesterday, pain jumped to baseline+2", on(-1, 8, 0), now, 5, true},
		{"yesterday, no check-in", on(-1, 8, 0), now, NoPain, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			in.at(c.now)
			if c.pain == NoPain {
				in.Today = nil
			} else {
				in.Today.Leg = c.pain
			}
			if got := RedFlagsDue(in, c.last); got != c.want {
				t.Errorf("RedFlagsDue = %v, want %v", got, c.want)
			}
		})
	}
	// The zone decides: Monday 24 March 20:00 CET to Monday 31 March
	// 00:30 CEST is 7 local days in Berlin, but 19:00 UTC Monday to 22:30
	// UTC Sunday in UTC, 6.
	in := Input{Now: on(0, 0, 30), Loc: berlin}
	if !RedFlagsDue(in, on(-7, 20, 0)) {
		t.Errorf("Berlin: Monday 20:00 to Monday 00:30 is 7 local days: due")
	}
	in.Loc = time.UTC
	if RedFlagsDue(in, on(-7, 20, 0)) {
		t.Errorf("UTC: 19:00 Monday to 22:30 Sunday is 6 local days: not due")
	}
}

// Asked at /resume after a flare or after a pause of more than 7 days.
func TestResumeNeedsRedFlags(t *testing.T) {
	cases := []struct {
		name  string
		since time.Time
		now   time.Time
		flare bool
		want  bool
	}{
		{"after a flare, however short", on(0, 7, 0), on(0, 8, 0), true, true},
		{"a 3-day break", on(-3, 8, 0), now, false, false},
		{"7 local days: not more than 7", on(-7, 8, 0), now, false, false},
		{"7 local days from 00:30 to 23:30", on(-7, 0, 30), on(0, 23, 30), false, false},
		{"8 local days, though only 7 days and 1 hour", on(-8, 23, 30), on(0, 0, 30), false, true},
		{"30-day break", on(-30, 8, 0), now, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ResumeNeedsRedFlags(c.since, c.now, berlin, c.flare); got != c.want {
				t.Errorf("ResumeNeedsRedFlags = %v, want %v", got, c.want)
			}
		})
	}
}
