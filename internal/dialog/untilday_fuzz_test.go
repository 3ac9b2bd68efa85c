package dialog

import (
	"strings"
	"testing"
	"time"

	"treadwell/internal/localtime"
)

// The days a pause may run until, as people type them in English and
// Spanish, and near misses.
var untilSeeds = []string{
	"", "tomorrow", "mañana", "manana", "friday", "Friday", "fri", "viernes", "el viernes", "el Viernes",
	"until friday", "until tomorrow", "till monday", "til sun", "hasta el lunes", "hasta mañana",
	"hasta el miércoles", "hasta el miercoles", "2026-12-01", "until 2026-12-24", "hasta 2026-12-24",
	"2026-11-26", "1734-01-01", "99999-01-01", "thursday", "jueves", "weekdays", "mon-fri", "mon,fri",
	"lunes y martes", "until", "hasta", "until until friday", "the friday", "yesterday", "today",
	"\x00", "\xff\xfe", strings.Repeat("el ", 100), strings.Repeat("9", 400),
}

// fuzzUntilWords are the catalog's words as the engine reads them.
var fuzzUntilWords = untilWords{
	until:    []string{"until", "till", "til", "hasta"},
	tomorrow: []string{"tomorrow", "mañana", "manana"},
	days: localtime.NewDayWords(map[string]string{
		"lunes": "mon", "martes": "tue", "miércoles": "wed", "jueves": "thu", "viernes": "fri",
		"sábado": "sat", "domingo": "sun", "el": "skip", "y": "and",
	}),
}

func FuzzParseUntilDay(f *testing.F) {
	for _, s := range untilSeeds {
		f.Add(s)
	}
	now := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
	loc, _ := time.LoadLocation("Europe/Berlin")
	f.Fuzz(func(t *testing.T, s string) {
		day, err := parseUntilDay(s, now, loc, fuzzUntilWords)
		if err != nil {
			if !day.IsZero() {
				t.Fatalf("%q: error %v with a day %v", s, err, day)
			}
			return
		}
		if !day.After(now) || day.Sub(now) > maxStop {
			t.Fatalf("%q: pause ends %v, want within (now, now+%v]", s, day, maxStop)
		}
		if l := day.In(loc); l.Hour() != 0 || l.Minute() != 0 || l.Second() != 0 || l.Nanosecond() != 0 {
			t.Fatalf("%q: pause ends %v, not at the start of a day in %v", s, l, loc)
		}
		// An until word in front changes nothing.
		if again, err := parseUntilDay("until "+s, now, loc, fuzzUntilWords); err == nil && !again.Equal(day) && len(s) <= maxUntilLen-6 {
			t.Fatalf("%q: %v, with until %v", s, day, again)
		}
	})
}

// The readings of the issue: Thursday 26 November 2026 in Berlin.
func TestParseUntilDay(t *testing.T) {
	now := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
	loc, _ := time.LoadLocation("Europe/Berlin")
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, loc) }
	tests := []struct {
		in   string
		want time.Time // zero: refused
	}{
		{"tomorrow", day(27)},
		{"mañana", day(27)},
		{"Hasta mañana", day(27)},
		{"friday", day(27)},
		{"until Monday", day(30)},
		{"hasta el lunes", day(30)},
		{"el miércoles", time.Date(2026, 12, 2, 0, 0, 0, 0, loc)},
		{"miercoles", time.Date(2026, 12, 2, 0, 0, 0, 0, loc)},
		{"thursday", time.Date(2026, 12, 3, 0, 0, 0, 0, loc)}, // today is Thursday: next week's
		{"jueves", time.Date(2026, 12, 3, 0, 0, 0, 0, loc)},
		{"2026-12-24", time.Date(2026, 12, 24, 0, 0, 0, 0, loc)},
		{"until 2026-12-24", time.Date(2026, 12, 24, 0, 0, 0, 0, loc)},
		{"2026-11-26", time.Time{}}, // today began before now
		{"2028-01-01", time.Time{}}, // more than a year
		{"mon-fri", time.Time{}},
		{"lunes y martes", time.Time{}},
		{"until", time.Time{}},
		{"someday", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, err := parseUntilDay(tt.in, now, loc, fuzzUntilWords)
		if tt.want.IsZero() {
			if err == nil {
				t.Errorf("%q read as %v, want refused", tt.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%q = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}
