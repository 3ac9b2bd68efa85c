package plan

import (
	"testing"
	"time"
)

// Rules file, v2.1 "Days": days are the person's local days; only the
// first check-in of a local day is a morning check-in.
func TestLocalDays(t *testing.T) {
	cases := []struct {
		name     string
		from, to time.Time
		loc      *time.Location
		want     int
	}{
		{"23:30 to 00:30 is the next day", on(-1, 23, 30), on(0, 0, 30), berlin, 1},
		{"the same instants in UTC are one day", on(-1, 23, 30), on(0, 0, 30), time.UTC, 0},
		{"nil zone is UTC", on(-1, 23, 30), on(0, 0, 30), nil, 0},
		{"00:30 to 23:30 the same day", on(0, 0, 30), on(0, 23, 30), berlin, 0},
		{"Saturday 08:00 CET to Monday 08:00 CEST: 47 hours, 2 days", on(-2, 8, 0), on(0, 8, 0), berlin, 2},
		{"over the short night of 30 March: 23 hours, 1 day", on(-1, 0, 30), on(0, 0, 30), berlin, 1},
		{"a week back: 7", on(-7, 20, 0), on(0, 7, 0), berlin, 7},
		{"backwards is negative", on(0, 8, 0), on(-3, 8, 0), berlin, -3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := LocalDays(c.from, c.to, c.loc); got != c.want {
				t.Errorf("LocalDays(%v, %v) = %d, want %d", c.from, c.to, got, c.want)
			}
		})
	}
}

func TestIsMorning_FirstCheckInOfTheLocalDay(t *testing.T) {
	cases := []struct {
		name    string
		history []time.Time
		now     time.Time
		loc     *time.Location
		want    bool
	}{
		{"no check-in yet today", []time.Time{on(-1, 8, 0)}, on(0, 8, 0), berlin, true},
		{"00:30 after a check-in at 23:30 the evening before", []time.Time{on(-1, 23, 30)}, on(0, 0, 30), berlin, true},
		{"the same in UTC: both on Sunday", []time.Time{on(-1, 23, 30)}, on(0, 0, 30), time.UTC, false},
		{"a second check-in the same day", []time.Time{on(-1, 8, 0), on(0, 0, 30)}, on(0, 23, 30), berlin, false},
		{"no history at all", nil, on(0, 8, 0), berlin, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := Input{Now: c.now, Loc: c.loc}
			for _, at := range c.history {
				in.History = append(in.History, CheckIn{At: at})
			}
			if got := IsMorning(in); got != c.want {
				t.Errorf("IsMorning = %v, want %v", got, c.want)
			}
		})
	}
}

// "The walk this morning reports on" is the most recent walk before the
// first check-in of a later local day, no more than 36 hours earlier.
func TestReportedWalk_36HoursBeforeTheMorningCheckIn(t *testing.T) {
	utc := func(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, time.UTC) }
	cases := []struct {
		name    string
		walks   []Walk
		history []time.Time // earlier check-ins
		at      time.Time   // the check-in
		want    time.Time   // the walk's At; zero: none
	}{
		{"yesterday evening", []Walk{walkOn(-1, 12, 2)}, nil, on(0, 8, 0), on(-1, 18, 0)},
		{"the most recent of two", []Walk{walkOn(-2, 12, 2), walkOn(-1, 12, 2)}, nil, on(0, 8, 0), on(-1, 18, 0)},
		// Saturday 20:00 CET is 19:00 UTC; Monday 08:30 CEST is 06:30 UTC:
		// 35h30 real, 36h30 on the wall clock.
		{"35h30 over the change to summer time", []Walk{{At: on(-2, 20, 0), Minutes: 12, Planned: 12, Peak: 2}}, nil, on(0, 8, 30), on(-2, 20, 0)},
		{"exactly 36 hours", []Walk{{At: utc(2025, 3, 29, 18, 30), Minutes: 12, Planned: 12, Peak: 2}}, nil, utc(2025, 3, 31, 6, 30), utc(2025, 3, 29, 18, 30)},
		{"36 hours and a minute", []Walk{{At: utc(2025, 3, 29, 18, 29), Minutes: 12, Planned: 12, Peak: 2}}, nil, utc(2025, 3, 31, 6, 30), time.Time{}},
		{"a walk at 23:00 and a check-in at 00:30: a later local day", []Walk{{At: on(-1, 23, 0), Minutes: 12, Planned: 12, Peak: 2}}, nil, on(0, 0, 30), on(-1, 23, 0)},
		{"a walk at 22:00 and a check-in at 23:30 the same day: none", []Walk{{At: on(-1, 22, 0), Minutes: 12, Planned: 12, Peak: 2}}, nil, on(-1, 23, 30), time.Time{}},
		{"a walk earlier this morning: reported on tomorrow, not now", []Walk{walkOn(-1, 12, 2), {At: on(0, 6, 0), Minutes: 12, Planned: 12, Peak: 2}}, nil, on(0, 8, 0), time.Time{}},
		{"not the first check-in of the day: none", []Walk{walkOn(-1, 12, 2)}, []time.Time{on(0, 7, 0)}, on(0, 8, 0), time.Time{}},
		{"a first check-in at 00:30 after one at 23:30 is a morning", []Walk{{At: on(-1, 21, 0), Minutes: 12, Planned: 12, Peak: 2}}, []time.Time{on(-1, 23, 30)}, on(0, 0, 30), on(-1, 21, 0)},
		{"skipped walks are not walks", []Walk{walkOn(-1, 12, 2), {At: on(-1, 20, 0), Planned: 12, Peak: NoPain, Skipped: true}}, nil, on(0, 8, 0), on(-1, 18, 0)},
		{"a walk after the check-in is not reported on", []Walk{walkOn(-1, 12, 2), walkOn(0, 12, 2)}, nil, on(0, 8, 0), on(-1, 18, 0)},
		{"no walk", nil, nil, on(0, 8, 0), time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := Input{Now: c.at, Loc: berlin, Walks: c.walks, Dose: dose(12, 3)}
			for _, h := range c.history {
				in.History = append(in.History, CheckIn{At: h})
			}
			w, ok := ReportedWalk(in, c.at)
			if ok != !c.want.IsZero() || (ok && !w.At.Equal(c.want)) {
				t.Errorf("ReportedWalk = %v %v, want %v", w.At, ok, c.want)
			}
		})
	}
}

// Restarts never compound: a walk a restart already answered for (the
// flare walk before /resume) is not the walk the next morning reports on.
func TestReportedWalk_NotAWalkBeforeTheNewestRestart(t *testing.T) {
	in := Input{Now: now, Loc: berlin, Dose: dose(9, 3),
		Walks: []Walk{{At: on(-1, 18, 0), Minutes: 6, Planned: 12, Peak: 8, CutShort: true}},
		Doses: []DoseChange{{At: on(-20, 8, 0), Dose: dose(12, 3), Rule: RuleStart}, {At: on(-1, 19, 0), Dose: dose(9, 3), Rule: RuleStopFlare}},
	}
	if w, ok := ReportedWalk(in, now); ok {
		t.Errorf("ReportedWalk = %+v after the STOP-FLARE restart at 19:00, want none", w)
	}
	in.Doses[1].Rule = RuleProgress // not a restart: the walk is reported on
	if _, ok := ReportedWalk(in, now); !ok {
		t.Errorf("ReportedWalk: none after a PROGRESS step, want the walk at 18:00")
	}
}
