package localtime

// Fuzz targets for every parser people type into: ParseClock, ParseZone
// and ParseDays, plus LoadZone, which reads the names ParseZone stored.
// Each checks properties, not only the absence of a panic. CI runs each
// briefly:
//
//	go test -run '^$' -fuzz '^FuzzParseClock$' -fuzztime 10s ./internal/localtime/
//
// Inputs that once failed live in testdata/fuzz/<target>/ and run with the
// ordinary tests. Speed is not checked here: on a loaded machine a worker
// can wait seconds for a CPU, so a wall-clock bound per input fails for
// nothing (it did). A hang still ends the run at the test timeout, and
// TestParsersLongInput checks that a megabyte is parsed quickly.

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// nastySeeds go to every target: empty and blank input, control
// characters, numbers far out of range (the /stop 15251w of issue 10),
// non-ASCII digits and letters, invalid UTF-8, path tricks and long input.
var nastySeeds = []string{
	"", " ", "\t", "\n", "\r\n", "\x00", "\t7:30\t", " \t\n\v\f\r",
	"15251", "15251w", "-15251", "99999999999999999999", "9223372036854775807",
	"-9223372036854775808", "18446744073709551616", "1e309", "NaN", "0x7fffffff",
	"25:61", "24:00", "23:60", "99:99", "-1:00", "7:-30", "::", ":", ".", "h",
	"٧:٣٠", "０７:３０", "７", "7：30", "seven", "ＵＴＣ+2", "UTC\u22122", "İstanbul",
	"\xff", "\xc3", "7:30\xff", "\u200b7:30", "7\u00a0am", "mon\u2013fri",
	"right/Europe/London", "posix/America/New_York", "Right/Europe/London",
	"./Europe/Berlin", "Europe/./Berlin", "../../etc/passwd", "/etc/passwd",
	"Europe/Berlin/", "Europe//Berlin", "Local", "localtime", "posixrules",
	"Factory", "zone1970.tab", "leap-seconds.list", "Etc/GMT+5", "etc/gmt-14",
	"a/b/c/d", "%s%d%n", "'; DROP TABLE zones; --", "/stop 3d",
	strings.Repeat("9", 100), strings.Repeat("a", 1000),
	strings.Repeat(" ", 10000) + "7:30", strings.Repeat("mon,", 5000),
	strings.Repeat("europe/", 100) + "berlin", strings.Repeat("\xff", 300),
}

func addSeeds(f *testing.F, ordinary []string) {
	for _, s := range ordinary {
		f.Add(s)
	}
	for _, s := range nastySeeds {
		f.Add(s)
	}
}

func FuzzParseClock(f *testing.F) {
	addSeeds(f, []string{
		"07:30", "7:30", "7.30", "0730", "730", "7", "19", "7h30", "7h", "19H05",
		"7am", "7 am", "7:30 pm", "7 p.m.", "7a.m.", "12am", "12pm", "11:59pm",
		"noon", "Midnight", "midday", "00:00", "23:59", "0", "13pm", "0am",
		"19:00pm", "7:3", "7:300", "07:30:00", "12345", "7am pm", "am", "pm",
	})
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ParseClock(in)
		if err != nil {
			if !errors.Is(err, ErrClock) {
				t.Fatalf("ParseClock(%q) error %v does not wrap ErrClock", in, err)
			}
			shortError(t, err)
			if c != (Clock{}) {
				t.Fatalf("ParseClock(%q) = %v with error %v, want the zero Clock", in, c, err)
			}
			return
		}
		if !c.valid() {
			t.Fatalf("ParseClock(%q) = %+v, outside 00:00-23:59", in, c)
		}
		// The canonical form reads back as itself.
		s := c.String()
		if len(s) != 5 || s[2] != ':' {
			t.Fatalf("Clock%+v.String() = %q, want HH:MM", c, s)
		}
		if back, err := ParseClock(s); err != nil || back != c {
			t.Fatalf("ParseClock(%q) = %v, %v; want %v (from %q)", s, back, err, c, in)
		}
		// Input is trimmed and case-insensitive (ASCII: the words are).
		if got, err := ParseClock(" \t" + in + "\n "); err != nil || got != c {
			t.Fatalf("ParseClock of %q padded = %v, %v; want %v", in, got, err, c)
		}
		if isASCII(in) {
			if got, err := ParseClock(strings.ToUpper(in)); err != nil || got != c {
				t.Fatalf("ParseClock(%q) = %v, %v; want %v as for %q", strings.ToUpper(in), got, err, c, in)
			}
		}
		// Nothing long is a time of day: the longest form is "12:30 p.m."
		// (spaces aside: "7   pm" is fine).
		if n := len(strings.Join(strings.Fields(in), "")); n > len("12:30p.m.") {
			t.Fatalf("ParseClock accepted %q (%d bytes besides spaces) as %v", in, n, c)
		}
		if n := len(strings.TrimSpace(in)); n > maxClockLen {
			t.Fatalf("ParseClock accepted %d bytes", n)
		}
	})
}

func FuzzParseZone(f *testing.F) {
	addSeeds(f, []string{
		"Europe/Berlin", "europe/berlin", "EUROPE/BERLIN", "America/New_York",
		"america/new york", "america/argentina/buenos_aires", "africa/dar es salaam",
		"us/eastern", "etc/utc", "Antarctica/DumontDUrville", "Berlin", "New York",
		"NYC", "São Paulo", "St. John's", "Washington, D.C.", "Berlin, Germany",
		"UTC", "GMT", "Z", "+0", "+2", "+02:00", "-0500", "UTC+05:30", "utc -4:30",
		"+05:45", "-12", "+14", "+15", "-13", "+14:30", "+5:20", "+5:75", "EST",
		"CET", "LA", "Narnia", "Europe/Narnia", "utc+", "+2:3", "+123456",
		// Issue 15: answers that were refused.
		"Nueva York", "Londres", "Sevilla", "CDMX", "Medellín", "Quito",
		"Washington", "EST", "PST", "BST", "IST", "CST", "Ciudad de México",
		"Manchester", "Birmingham", "Glasgow", "Valencia", "Córdoba, Argentina",
		"ciudad de mexico", "MEDELLIN", "est ", "Granada", "A Coruña",
	})
	names := goZoneNames(f) // nil: the membership check is skipped
	f.Fuzz(func(t *testing.T, in string) {
		// Every candidate FindZone offers is canonical and loads (it is
		// stored when the person picks it); ParseZone takes one alone and
		// refuses several as ambiguous.
		cs, findErr := FindZone(in)
		for _, c := range cs {
			if back, err := ParseZone(c.Zone); err != nil || back != c.Zone {
				t.Fatalf("FindZone(%q) offers %q, which ParseZone reads as %q, %v", in, c.Zone, back, err)
			}
		}
		if (findErr == nil) != (len(cs) > 0) {
			t.Fatalf("FindZone(%q) = %v, %v", in, cs, findErr)
		}
		name, err := ParseZone(in)
		if len(cs) > 1 && !errors.Is(err, ErrAmbiguous) {
			t.Fatalf("FindZone(%q) = %v but ParseZone = %q, %v; want ErrAmbiguous", in, cs, name, err)
		}
		if err != nil {
			if !errors.Is(err, ErrZone) {
				t.Fatalf("ParseZone(%q) error %v does not wrap ErrZone", in, err)
			}
			shortError(t, err)
			if name != "" {
				t.Fatalf("ParseZone(%q) = %q with error %v, want \"\"", in, name, err)
			}
			return
		}
		// Canonical: it reads back as itself, loads, and the location
		// carries the same name (it is what people are shown).
		if back, err := ParseZone(name); err != nil || back != name {
			t.Fatalf("ParseZone(%q) = %q, %v; want itself (from %q)", name, back, err, in)
		}
		loc, err := LoadZone(name)
		if err != nil {
			t.Fatalf("LoadZone(%q) (from %q): %v", name, in, err)
		}
		if loc.String() != name {
			t.Fatalf("LoadZone(%q).String() = %q", name, loc.String())
		}
		if got, err := ParseZone(" \t" + in + "\n "); err != nil || got != name {
			t.Fatalf("ParseZone of %q padded = %q, %v; want %q", in, got, err, name)
		}
		switch {
		case name == "UTC":
		case strings.HasPrefix(name, "UTC+"), strings.HasPrefix(name, "UTC-"):
			mins, ok := canonicalOffset(name)
			if !ok || mins < minOffset || mins > maxOffset || mins%15 != 0 {
				t.Fatalf("ParseZone(%q) = %q, not an offset in -12:00..+14:00 on a quarter hour", in, name)
			}
			if _, off := time.Now().In(loc).Zone(); off != mins*60 {
				t.Fatalf("LoadZone(%q) has offset %ds, want %ds", name, off, mins*60)
			}
		default:
			// An IANA zone: one Go ships, so it loads in the distroless
			// image too; never a right/ or posix/ copy from the host.
			lower := strings.ToLower(name)
			if strings.HasPrefix(lower, "right/") || strings.HasPrefix(lower, "posix/") {
				t.Fatalf("ParseZone(%q) = %q, a zone under right/ or posix/", in, name)
			}
			if names != nil && !names[name] {
				t.Fatalf("ParseZone(%q) = %q, not in Go's zone database", in, name)
			}
		}
		if n := len(strings.TrimSpace(in)); n > 64 {
			t.Fatalf("ParseZone accepted %d bytes", n)
		}
	})
}

func FuzzParseDays(f *testing.F) {
	addSeeds(f, []string{
		"daily", "every day", "Every  Day", "everyday", "all", "all days", "all week",
		"weekdays", "weekday", "workdays", "weekends", "mon-fri", "Mon - Fri",
		"monday to friday", "mon–fri", "mon—fri", "sat-sun", "sun-sat", "fri-mon",
		"thu-thu", "mon,wed,fri", "mon wed fri", "Monday, Wednesday",
		"MONDAY and THURSDAY", "mondays & thursdays", "tue/thu", "tues thurs",
		"weekdays, sat", "mon-wed, fri-sat", "every monday", "on mondays",
		"mon+wed", "mon;wed", "mon.wed", "mon through fri", "mon thru fri",
		"mon till fri", "mon until fri", "every", "every other day", "mon-",
		"-fri", "mon--fri", "mon-weekend", "funday", "days", "weekly", "1,2,3",
		"mon to", "and", ",", "every every day", "all all",
	})
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseDays(in)
		if err != nil {
			if !errors.Is(err, ErrDays) {
				t.Fatalf("ParseDays(%q) error %v does not wrap ErrDays", in, err)
			}
			shortError(t, err)
			if d != 0 {
				t.Fatalf("ParseDays(%q) = %07b with error %v, want 0", in, d, err)
			}
			return
		}
		if d == 0 || d&^Daily != 0 {
			t.Fatalf("ParseDays(%q) = %08b, want a non-empty set of weekdays only", in, d)
		}
		// The canonical form reads back as the same set, and is stable.
		s := d.String()
		back, err := ParseDays(s)
		if err != nil || back != d {
			t.Fatalf("ParseDays(%q) = %07b, %v; want %07b (from %q)", s, back, err, d, in)
		}
		if back.String() != s {
			t.Fatalf("Days(%07b).String() = %q, then %q", d, s, back.String())
		}
		if got, err := ParseDays(" \t" + in + "\n "); err != nil || got != d {
			t.Fatalf("ParseDays of %q padded = %07b, %v; want %07b", in, got, err, d)
		}
		if isASCII(in) {
			if got, err := ParseDays(strings.ToUpper(in)); err != nil || got != d {
				t.Fatalf("ParseDays(%q) = %07b, %v; want %07b as for %q", strings.ToUpper(in), got, err, d, in)
			}
		}
		if n := len(strings.TrimSpace(in)); n > maxDaysLen {
			t.Fatalf("ParseDays accepted %d bytes", n)
		}
	})
}

// LoadZone is not typed into, but it reads whatever was stored: it must
// refuse junk with ErrZone and never hand back a location under another
// name.
func FuzzLoadZone(f *testing.F) {
	addSeeds(f, []string{
		"UTC", "UTC+02:00", "UTC-04:30", "UTC+05:45", "UTC+14:00", "UTC-12:00",
		"Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "UTC+2",
		"UTC+00:00", "UTC-00:00", "UTC+15:00", "UTC+05:20", "UTC+5:30",
		"utc+02:00", "europe/berlin", "UTC+99:99", "UTC+0a:00", "UTC+-1:00",
	})
	f.Fuzz(func(t *testing.T, name string) {
		loc, err := LoadZone(name)
		if err != nil {
			if !errors.Is(err, ErrZone) {
				t.Fatalf("LoadZone(%q) error %v does not wrap ErrZone", name, err)
			}
			shortError(t, err)
			return
		}
		if loc == nil || loc.String() != name {
			t.Fatalf("LoadZone(%q) = %v", name, loc)
		}
		if name == "Local" || name == "" {
			t.Fatalf("LoadZone(%q) loaded the machine's own zone", name)
		}
		// A fixed offset loads only in the form ParseZone writes.
		if strings.HasPrefix(name, "UTC+") || strings.HasPrefix(name, "UTC-") {
			if got, err := ParseZone(name); err != nil || got != name {
				t.Fatalf("LoadZone accepted %q, which ParseZone reads as %q, %v", name, got, err)
			}
		}
	})
}

// shortError fails when an error copies much of its input: a refusal
// quotes at most 64 bytes of what was typed (escaped, so up to four times
// that), and the rest of the message is a few words.
func shortError(t *testing.T, err error) {
	t.Helper()
	if n := len(err.Error()); n > 4*64+200 {
		t.Fatalf("error of %d bytes: %.120s…", n, err)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
