package localtime_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"treadwell/internal/localtime"
)

func TestParseZoneAccepted(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		// IANA names, exact and case-insensitive.
		{"Europe/Berlin", "Europe/Berlin"},
		{"europe/berlin", "Europe/Berlin"},
		{"EUROPE/BERLIN", "Europe/Berlin"},
		{" Asia/Kolkata ", "Asia/Kolkata"},
		{"America/New_York", "America/New_York"},
		{"america/new york", "America/New_York"},
		{"america/new_york", "America/New_York"},
		{"australia/lord howe", "Australia/Lord_Howe"},
		{"america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"},
		{"america/port-au-prince", "America/Port-au-Prince"},
		{"america/port of spain", "America/Port_of_Spain"},
		{"africa/dar es salaam", "Africa/Dar_es_Salaam"},
		{"asia/ust-nera", "Asia/Ust-Nera"},
		{"us/eastern", "US/Eastern"},
		{"etc/utc", "Etc/UTC"},
		{"Antarctica/DumontDUrville", "Antarctica/DumontDUrville"}, // only as given
		// Cities.
		{"Berlin", "Europe/Berlin"},
		{"london", "Europe/London"},
		{"New York", "America/New_York"},
		{"new_york", "America/New_York"},
		{"NYC", "America/New_York"},
		{"Los Angeles", "America/Los_Angeles"},
		{"Sydney", "Australia/Sydney"},
		{"Mumbai", "Asia/Kolkata"},
		{"Delhi", "Asia/Kolkata"},
		{"Kolkata", "Asia/Kolkata"},
		{"São Paulo", "America/Sao_Paulo"},
		{"SAO PAULO", "America/Sao_Paulo"},
		{"sao-paulo", "America/Sao_Paulo"},
		{"Tokyo", "Asia/Tokyo"},
		{"Madrid", "Europe/Madrid"},
		{"Mexico City", "America/Mexico_City"},
		{"Buenos Aires", "America/Argentina/Buenos_Aires"},
		{"Lord Howe", "Australia/Lord_Howe"},
		{"Kathmandu", "Asia/Kathmandu"},
		{"Toronto", "America/Toronto"},
		{"Zürich", "Europe/Zurich"},
		{"St. John's", "America/St_Johns"},
		{"Washington, D.C.", "America/New_York"},
		{"Berlin, Germany", "Europe/Berlin"},
		{"İstanbul", "Europe/Istanbul"},
		// UTC and offsets.
		{"UTC", "UTC"},
		{"utc", "UTC"},
		{"GMT", "UTC"},
		{"Z", "UTC"},
		{"+0", "UTC"},
		{"UTC+0", "UTC"},
		{"GMT-00:00", "UTC"},
		{"+2", "UTC+02:00"},
		{"+02:00", "UTC+02:00"},
		{"-0500", "UTC-05:00"},
		{"-500", "UTC-05:00"},
		{"UTC+2", "UTC+02:00"},
		{"UTC+05:30", "UTC+05:30"},
		{"utc+5:30", "UTC+05:30"},
		{"GMT-3", "UTC-03:00"},
		{"utc -4:30", "UTC-04:30"},
		{"UTC \u2212 3", "UTC-03:00"}, // minus sign
		{"+05:45", "UTC+05:45"},
		{"-12", "UTC-12:00"},
		{"+14", "UTC+14:00"},
		{"+12:45", "UTC+12:45"},
	}
	for _, tt := range tests {
		got, err := localtime.ParseZone(tt.in)
		if err != nil {
			t.Errorf("ParseZone(%q) error %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseZone(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if _, err := localtime.LoadZone(got); err != nil {
			t.Errorf("LoadZone(%q) error %v", got, err)
		}
	}
}

func TestParseZoneRejected(t *testing.T) {
	tests := []struct {
		in     string
		offset bool // error also wraps ErrOffset
	}{
		{"", false},
		{"   ", false},
		{"Local", false},
		{"local", false},
		{"Narnia", false},
		{"Europe/Narnia", false},
		{"europe/", false},
		{"/etc/passwd", false},
		{"../../etc/passwd", false},
		{"Europe/../Berlin", false},
		{"a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", false},
		{"LA", false},
		{"2", false},
		{"utc+", false},
		{"+2:3", false},
		{"+123456", false},
		{"UTC+2x", false},
		{"+15", true},
		{"-13", true},
		{"+14:30", true},
		{"-12:30", true},
		{"+5:20", true},
		{"+5:75", true},
		{"not a zone at all, really", false},
	}
	for _, tt := range tests {
		got, err := localtime.ParseZone(tt.in)
		if err == nil {
			t.Errorf("ParseZone(%q) = %q, want error", tt.in, got)
			continue
		}
		if !errors.Is(err, localtime.ErrZone) {
			t.Errorf("ParseZone(%q) error %v does not wrap ErrZone", tt.in, err)
		}
		if errors.Is(err, localtime.ErrOffset) != tt.offset {
			t.Errorf("ParseZone(%q) error %v: wraps ErrOffset = %v, want %v", tt.in, err, !tt.offset, tt.offset)
		}
	}
}

func TestLoadZone(t *testing.T) {
	at := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		wantOff int // seconds east of UTC at 2026-07-01T12:00:00Z
	}{
		{"UTC", 0},
		{"UTC+02:00", 2 * 3600},
		{"UTC-04:30", -(4*3600 + 30*60)},
		{"UTC+05:45", 5*3600 + 45*60},
		{"UTC+14:00", 14 * 3600},
		{"UTC-12:00", -12 * 3600},
		{"Europe/Berlin", 2 * 3600},
		{"Asia/Kolkata", 5*3600 + 30*60},
		{"Australia/Lord_Howe", 10*3600 + 30*60},
	}
	for _, tt := range tests {
		loc, err := localtime.LoadZone(tt.name)
		if err != nil {
			t.Errorf("LoadZone(%q) error %v", tt.name, err)
			continue
		}
		if loc.String() != tt.name {
			t.Errorf("LoadZone(%q).String() = %q", tt.name, loc.String())
		}
		if _, off := at.In(loc).Zone(); off != tt.wantOff {
			t.Errorf("LoadZone(%q) offset %d, want %d", tt.name, off, tt.wantOff)
		}
	}
	for _, name := range []string{"", "Local", "UTC+2", "UTC+00:00", "UTC-00:00", "UTC+15:00", "UTC+05:20", "UTC+5:30", "utc+02:00", "europe/berlin", "Narnia"} {
		if loc, err := localtime.LoadZone(name); err == nil {
			t.Errorf("LoadZone(%q) = %v, want error", name, loc)
		} else if !errors.Is(err, localtime.ErrZone) {
			t.Errorf("LoadZone(%q) error %v does not wrap ErrZone", name, err)
		}
	}
}

// Every offset ParseZone can produce is loadable and means what it says.
func TestOffsetsRoundTrip(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for mins := -12 * 60; mins <= 14*60; mins += 15 {
		sign, a := "+", mins
		if mins < 0 {
			sign, a = "-", -mins
		}
		in := "utc" + sign + itoa2(a/60) + ":" + itoa2(a%60)
		name, err := localtime.ParseZone(in)
		if err != nil {
			t.Fatalf("ParseZone(%q) error %v", in, err)
		}
		loc, err := localtime.LoadZone(name)
		if err != nil {
			t.Fatalf("LoadZone(%q) error %v", name, err)
		}
		if _, off := at.In(loc).Zone(); off != mins*60 {
			t.Errorf("%q → %q has offset %ds, want %ds", in, name, off, mins*60)
		}
	}
}

func itoa2(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// The host's zoneinfo also holds trees that are not zones people live in:
// right/ (clocks counting leap seconds, off by about half a minute) and
// posix/ (copies under another name), plus files that are not zones at
// all. They load on a machine with system zoneinfo and not in the
// distroless image, so accepting one would store a zone that later fails
// to load. They get the same refusal as any unknown zone.
func TestParseZoneRefusesNonZoneTrees(t *testing.T) {
	_, unknown := localtime.ParseZone("Europe/Narnia")
	if unknown == nil {
		t.Fatal("ParseZone(Europe/Narnia) accepted")
	}
	for _, in := range []string{
		"right/Europe/London",
		"right/europe/london",
		"Right/Europe/London",
		"RIGHT/EUROPE/LONDON",
		"right/UTC",
		"right/Etc/UTC",
		"posix/America/New_York",
		"posix/america/new york",
		"Posix/America/New_York",
		"posix/Europe/Berlin",
		"posix/Etc/UTC",
		"posix/US/Eastern",
		"./Europe/Berlin",
		"Europe/./Berlin",
		"Europe//Berlin",
		"Europe/Berlin/",
		"SystemV/EST5EDT",
		"Europe/Berlin.",
		"Etc/../Europe/Berlin",
	} {
		got, err := localtime.ParseZone(in)
		if err == nil {
			t.Errorf("ParseZone(%q) = %q, want error", in, got)
			continue
		}
		if !errors.Is(err, localtime.ErrZone) || errors.Is(err, localtime.ErrOffset) {
			t.Errorf("ParseZone(%q) error %v: want ErrZone alone", in, err)
		}
		// Same short refusal as any unknown zone: only the quoted input differs.
		if want := strings.Replace(unknown.Error(), `"Europe/Narnia"`, strconv.Quote(in), 1); err.Error() != want {
			t.Errorf("ParseZone(%q) error %q, want %q", in, err, want)
		}
	}
}
