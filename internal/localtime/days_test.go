package localtime_test

import (
	"errors"
	"testing"
	"time"

	"treadwell/internal/localtime"
)

func days(ws ...time.Weekday) localtime.Days {
	var d localtime.Days
	for _, w := range ws {
		d |= 1 << w
	}
	return d
}

const (
	sun = time.Sunday
	mon = time.Monday
	tue = time.Tuesday
	wed = time.Wednesday
	thu = time.Thursday
	fri = time.Friday
	sat = time.Saturday
)

func TestParseDaysAccepted(t *testing.T) {
	tests := []struct {
		in   string
		want localtime.Days
	}{
		{"daily", localtime.Daily},
		{"Daily", localtime.Daily},
		{"every day", localtime.Daily},
		{"Every  Day", localtime.Daily},
		{"everyday", localtime.Daily},
		{"all", localtime.Daily},
		{"all days", localtime.Daily},
		{"weekdays", localtime.Weekdays},
		{"mon-fri", localtime.Weekdays},
		{"Mon - Fri", localtime.Weekdays},
		{"monday to friday", localtime.Weekdays},
		{"mon–fri", localtime.Weekdays}, // en dash
		{"weekends", localtime.Weekends},
		{"weekend", localtime.Weekends},
		{"sat-sun", localtime.Weekends},
		{"sun-sat", localtime.Daily},
		{"mon-sun", localtime.Daily},
		{"mon,wed,fri", days(mon, wed, fri)},
		{"mon wed fri", days(mon, wed, fri)},
		{"mon, wed, fri", days(mon, wed, fri)},
		{"Monday, Wednesday", days(mon, wed)},
		{"MONDAY and THURSDAY", days(mon, thu)},
		{"mondays & thursdays", days(mon, thu)},
		{"tue/thu", days(tue, thu)},
		{"tues thurs", days(tue, thu)},
		{"fri-mon", days(fri, sat, sun, mon)},
		{"sat-tue", days(sat, sun, mon, tue)},
		{"thu-thu", days(thu)},
		{"sunday", days(sun)},
		{"weekdays, sat", days(mon, tue, wed, thu, fri, sat)},
		{"mon-wed, fri-sat", days(mon, tue, wed, fri, sat)},
		{"every monday", days(mon)},
		{"  wed  ", days(wed)},
	}
	for _, tt := range tests {
		got, err := localtime.ParseDays(tt.in)
		if err != nil {
			t.Errorf("ParseDays(%q) error %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDays(%q) = %s (%07b), want %s (%07b)", tt.in, got, got, tt.want, tt.want)
		}
	}
}

func TestParseDaysRejected(t *testing.T) {
	for _, in := range []string{
		"", "  ", ",", "and", "every", "every other day", "mon-", "-fri", "mon--fri",
		"mon-weekend", "funday", "monday-funday", "days", "weekly", "1,2,3", "mon to",
	} {
		got, err := localtime.ParseDays(in)
		if err == nil {
			t.Errorf("ParseDays(%q) = %s, want error", in, got)
			continue
		}
		if !errors.Is(err, localtime.ErrDays) {
			t.Errorf("ParseDays(%q) error %v does not wrap ErrDays", in, err)
		}
	}
}

func TestDaysString(t *testing.T) {
	tests := []struct {
		d    localtime.Days
		want string
	}{
		{localtime.Daily, "daily"},
		{localtime.Weekdays, "weekdays"},
		{localtime.Weekends, "weekends"},
		{days(mon, wed, fri), "mon,wed,fri"},
		{days(sun, mon), "mon,sun"},
		{days(sat), "sat"},
		{days(mon, tue, wed, thu, fri, sat), "mon,tue,wed,thu,fri,sat"},
		{0, ""},
		{localtime.Daily | 0x80, "daily"}, // stray high bit ignored
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("Days(%07b).String() = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// Every non-empty set survives String then ParseDays.
func TestDaysRoundTrip(t *testing.T) {
	for d := localtime.Days(1); d <= localtime.Daily; d++ {
		got, err := localtime.ParseDays(d.String())
		if err != nil || got != d {
			t.Errorf("ParseDays(%q) = %07b, %v; want %07b", d.String(), got, err, d)
		}
	}
}

func TestDaysHas(t *testing.T) {
	d := days(mon, wed, fri)
	for w := sun; w <= sat; w++ {
		want := w == mon || w == wed || w == fri
		if d.Has(w) != want {
			t.Errorf("Has(%v) = %v, want %v", w, d.Has(w), want)
		}
	}
	if d.Has(time.Weekday(7)) || d.Has(time.Weekday(-1)) {
		t.Error("Has out-of-range weekday = true")
	}
	// How many days each set holds, and that bits above Saturday are
	// ignored: by String and by Has.
	for _, tt := range []struct {
		d    localtime.Days
		want int
		str  string
	}{{0, 0, ""}, {d, 3, "mon,wed,fri"}, {localtime.Daily, 7, "daily"}, {localtime.Weekdays, 5, "weekdays"}, {localtime.Weekends, 2, "weekends"}, {0xFF, 7, "daily"}} {
		got := 0
		for w := sun; w <= sat; w++ {
			if tt.d.Has(w) {
				got++
			}
		}
		if got != tt.want {
			t.Errorf("Days(%08b) has %d days, want %d", tt.d, got, tt.want)
		}
		if s := tt.d.String(); s != tt.str {
			t.Errorf("Days(%08b).String() = %q, want %q", tt.d, s, tt.str)
		}
	}
}
