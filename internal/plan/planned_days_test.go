package plan

import (
	"slices"
	"testing"
	"time"
)

// mask is a reminder-day set for PlannedDays.
func mask(days ...time.Weekday) uint8 {
	var m uint8
	for _, d := range days {
		m |= 1 << d
	}
	return m
}

const (
	mon = time.Monday
	tue = time.Tuesday
	wed = time.Wednesday
	thu = time.Thursday
	fri = time.Friday
	sat = time.Saturday
	sun = time.Sunday
)

var daily = mask(mon, tue, wed, thu, fri, sat, sun)

// The sessions of a week fall on the reminder days, spread evenly when
// there are more reminder days than sessions, with other days added when
// there are fewer; Monday first.
func TestPlannedDays(t *testing.T) {
	cases := []struct {
		name     string
		reminder uint8
		sessions int
		want     []time.Weekday
	}{
		{"daily, 3 sessions: Mon, Wed, Fri", daily, 3, []time.Weekday{mon, wed, fri}},
		{"daily, 5 sessions", daily, 5, []time.Weekday{mon, tue, wed, fri, sat}},
		{"mon, wed, fri with 3: those", mask(mon, wed, fri), 3, []time.Weekday{mon, wed, fri}},
		{"mon, wed, fri with 5: two other days added", mask(mon, wed, fri), 5, []time.Weekday{mon, tue, wed, fri, sat}},
		{"mon, wed, fri with 4: Saturday, the widest gap", mask(mon, wed, fri), 4, []time.Weekday{mon, wed, fri, sat}},
		{"weekdays, 5", mask(mon, tue, wed, thu, fri), 5, []time.Weekday{mon, tue, wed, thu, fri}},
		{"weekend only, 3: Wednesday added, the middle of the week", mask(sat, sun), 3, []time.Weekday{wed, sat, sun}},
		{"weekdays, 3: Mon, Wed, Fri", mask(mon, tue, wed, thu, fri), 3, []time.Weekday{mon, wed, fri}},
		{"weekdays, 4", mask(mon, tue, wed, thu, fri), 4, []time.Weekday{mon, tue, thu, fri}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := PlannedDays(c.reminder, c.sessions)
			if !slices.Equal(got, c.want) {
				t.Errorf("PlannedDays = %v, want %v", got, c.want)
			}
		})
	}
	// Whatever the days: as many as sessions, each reminder day first.
	for m := 1; m < 128; m++ {
		for s := 3; s <= 5; s++ {
			got := PlannedDays(uint8(m), s)
			if len(got) != s {
				t.Fatalf("PlannedDays(%07b, %d) = %v: %d days", m, s, got, len(got))
			}
			on := 0
			for _, w := range got {
				if uint8(m)&(1<<w) != 0 {
					on++
				}
			}
			if want := min(s, popcount(uint8(m))); on != want {
				t.Errorf("PlannedDays(%07b, %d) = %v: %d reminder days, want %d", m, s, got, on, want)
			}
		}
	}
}

func popcount(m uint8) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

// A shorter added session is stored with its minutes and shown with the
// day it falls on: the last planned day of the week.
func TestSessionMinutes_ShortSessionOnTheLastDay(t *testing.T) {
	d := Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 18}
	days := PlannedDays(mask(mon, wed, fri), d.SessionsPerWeek) // Mon, Wed, Fri, Sat
	want := map[time.Weekday]int{mon: 30, wed: 30, fri: 30, sat: 18}
	for _, w := range mondayFirst {
		m, ok := SessionMinutes(d, days, w)
		if wm, planned := want[w]; ok != planned || m != wm {
			t.Errorf("%v: %d %v, want %d %v", w, m, ok, wm, planned)
		}
	}
	// Without a short session every planned day has the full minutes.
	if m, _ := SessionMinutes(dose(30, 4), days, fri); m != 30 {
		t.Errorf("Friday without a short session: %d, want 30", m)
	}
	// The planned minutes of the week add up to the volume.
	sum := 0
	for _, w := range days {
		m, _ := SessionMinutes(d, days, w)
		sum += m
	}
	if sum != d.Volume() {
		t.Errorf("the week's sessions add up to %d, Volume is %d", sum, d.Volume())
	}
}
