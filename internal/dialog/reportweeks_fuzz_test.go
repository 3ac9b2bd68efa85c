package dialog

import (
	"strconv"
	"strings"
	"testing"
)

// The weeks people type after /report, in English and Spanish, and near
// misses.
var reportWeeksSeeds = []string{
	"", "4", "12", "12w", "12 w", "12W", "12 weeks", "12 week", "1 week", "12wk", "12 wks", "12s", "12 s",
	"12 semanas", "12 Semanas", "doce semanas", "twelve weeks", "cuatro", "26w", "27w", "0", "0w", "-4", "+4",
	"012", "4.5", "4,5", "w", "weeks", "semanas", "12 days", "12d", "3 months", "12ww", "w12", "1e1",
	"\x00", "\xff\xfe", strings.Repeat("1", 400), strings.Repeat("semanas ", 50),
}

// fuzzWeekUnits are the catalog's week words as the engine keeps them.
var fuzzWeekUnits = longestFirst([]string{"weeks", "week", "wks", "wk", "w", "semanas", "semana", "sem", "s"})

// fuzzNumberWords are the number words the seeds use.
var fuzzNumberWords = map[string]string{"doce": "12", "twelve": "12", "cuatro": "4"}

func fuzzNumber(s string) string {
	if n, ok := fuzzNumberWords[s]; ok {
		return n
	}
	return s
}

// namesNumber reports whether s has n in digits or as a number word.
func namesNumber(s string, n int) bool {
	if strings.Contains(s, strconv.Itoa(n)) {
		return true
	}
	for word, digits := range fuzzNumberWords {
		if digits == strconv.Itoa(n) && strings.Contains(strings.ToLower(s), word) {
			return true
		}
	}
	return false
}

func FuzzParseReportWeeks(f *testing.F) {
	for _, s := range reportWeeksSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseReportWeeks(s, fuzzWeekUnits, fuzzNumber)
		if err != nil {
			if n != 0 {
				t.Fatalf("%q: error %v with %d weeks", s, err, n)
			}
			return
		}
		if n < 1 || n > reportWeeksMax {
			t.Fatalf("%q: %d weeks, want 1 to %d", s, n, reportWeeksMax)
		}
		// The weeks read are the default for nothing, else a number
		// the input names.
		if strings.TrimSpace(s) == "" {
			if n != reportWeeksDefault {
				t.Fatalf("%q: %d weeks, want the default %d", s, n, reportWeeksDefault)
			}
		} else if !namesNumber(s, n) {
			t.Fatalf("%q: %d weeks, not a number it names", s, n)
		}
	})
}

func TestParseReportWeeks(t *testing.T) {
	tests := map[string]int{
		"": 4, "4": 4, "12": 12, "12w": 12, "12 W": 12, "12 weeks": 12, "1 week": 1, "12wk": 12, "12s": 12,
		"12 semanas": 12, "doce semanas": 12, "twelve weeks": 12, "26w": 26,
		"0": 0, "27w": 0, "-4": 0, "+4": 0, "012": 0, "4.5": 0, "w": 0, "weeks": 0, "12 days": 0, "12ww": 0, "w12": 0,
	}
	for in, want := range tests {
		got, err := parseReportWeeks(in, fuzzWeekUnits, fuzzNumber)
		if want == 0 {
			if err == nil {
				t.Errorf("%q: %d weeks, want an error", in, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("%q: %d, %v; want %d", in, got, err, want)
		}
	}
}
