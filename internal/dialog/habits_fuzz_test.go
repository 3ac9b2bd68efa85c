package dialog

import (
	"strings"
	"testing"
	"time"
)

// The typed snooze and /done arguments of the issue, and near misses.
var habitSeeds = []string{
	"", "20m", "1h", "evening", "tomorrow", "20", "20 min", "2 hours", "90m", "1 hora", "esta tarde",
	"mañana", "manana", "tonight", "this evening", "0", "-5", "4m", "13h", "99999999999999999999h",
	"yesterday 15", "ayer 15", "15 yesterday", "yesterday", "ayer", "yesterday skip", "ayer ayer",
	"\x00", "\xff\xfe", strings.Repeat("9", 400), strings.Repeat("ayer ", 100),
}

var (
	fuzzEvening   = []string{"evening", "this evening", "tonight", "tarde", "esta tarde", "noche", "esta noche"}
	fuzzTomorrow  = []string{"tomorrow", "mañana", "manana"}
	fuzzYesterday = []string{"yesterday", "ayer"}
)

func FuzzParseSnooze(f *testing.F) {
	for _, s := range habitSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		choice, d, ok := parseSnooze(s, fuzzEvening, fuzzTomorrow)
		switch {
		case !ok && (choice != "" || d != 0):
			t.Fatalf("refused %q but choice %q, %v", s, choice, d)
		case ok && choice == "" && (d < 5*time.Minute || d > 12*time.Hour):
			t.Fatalf("%q: snooze of %v outside 5 min to 12 h", s, d)
		case ok && choice != "" && d != 0:
			t.Fatalf("%q: choice %q with a duration %v", s, choice, d)
		}
	})
}

func FuzzParseDoneDay(f *testing.F) {
	for _, s := range habitSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		yesterday, rest := parseDoneDay(s, fuzzYesterday)
		if len(rest) > len(s) {
			t.Fatalf("%q: rest %q longer than the input", s, rest)
		}
		if !yesterday && rest != strings.Join(strings.Fields(s), " ") {
			t.Fatalf("%q: not yesterday but rest %q", s, rest)
		}
	})
}

func TestParseSnoozeAndDoneDay(t *testing.T) {
	snoozes := []struct {
		in     string
		choice snoozeChoice
		d      time.Duration
		ok     bool
	}{
		{"20m", "", 20 * time.Minute, true}, {"1h", "", time.Hour, true}, {"2 hours", "", 2 * time.Hour, true},
		{"1 hora", "", time.Hour, true}, {"Esta tarde", snoozeEvening, 0, true}, {"mañana", snoozeTomorrow, 0, true},
		{"tonight", snoozeEvening, 0, true}, {"4m", "", 0, false}, {"13h", "", 0, false}, {"soon", "", 0, false},
	}
	for _, tt := range snoozes {
		c, d, ok := parseSnooze(tt.in, fuzzEvening, fuzzTomorrow)
		if c != tt.choice || d != tt.d || ok != tt.ok {
			t.Errorf("parseSnooze(%q) = %q, %v, %v; want %q, %v, %v", tt.in, c, d, ok, tt.choice, tt.d, tt.ok)
		}
	}
	days := []struct {
		in        string
		yesterday bool
		rest      string
	}{
		{"yesterday 15", true, "15"}, {"ayer 15", true, "15"}, {"15 Yesterday", true, "15"},
		{"15", false, "15"}, {"ayer", true, ""}, {"", false, ""},
	}
	for _, tt := range days {
		y, rest := parseDoneDay(tt.in, fuzzYesterday)
		if y != tt.yesterday || rest != tt.rest {
			t.Errorf("parseDoneDay(%q) = %v, %q; want %v, %q", tt.in, y, rest, tt.yesterday, tt.rest)
		}
	}
}
