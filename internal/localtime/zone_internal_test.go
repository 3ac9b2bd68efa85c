package localtime

import (
	"archive/zip"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every city in the table is reachable (its key is already normalised) and
// names a zone LoadZone can load.
func TestCityTable(t *testing.T) {
	if len(cities) < 80 {
		t.Errorf("city table has %d entries, want at least 80", len(cities))
	}
	for key, zone := range cities {
		if PlaceKey(key) != key {
			t.Errorf("city key %q is not normalised (%q)", key, PlaceKey(key))
		}
		if got, err := ParseZone(key); err != nil || got != zone {
			t.Errorf("ParseZone(%q) = %q, %v; want %q", key, got, err, zone)
		}
		if _, err := LoadZone(zone); err != nil {
			t.Errorf("city %q: LoadZone(%q): %v", key, zone, err)
		}
	}
}

// The Spanish supplement and the abbreviations are reachable (keys
// folded), name zones that load, and are what FindZone answers.
func TestSupplementTables(t *testing.T) {
	for key, zone := range spanishNames {
		if PlaceKey(key) != key {
			t.Errorf("Spanish name %q is not folded (%q)", key, PlaceKey(key))
		}
		if _, dup := cities[key]; dup {
			t.Errorf("Spanish name %q is in the city table too", key)
		}
		if got, err := ParseZone(key); err != nil || got != zone {
			t.Errorf("ParseZone(%q) = %q, %v; want %q", key, got, err, zone)
		}
	}
	for key, zones := range abbreviations {
		if PlaceKey(key) != key || len(zones) == 0 {
			t.Errorf("abbreviation %q: not folded, or no zone", key)
		}
		cs, err := FindZone(strings.ToUpper(key))
		if err != nil || len(cs) != len(zones) {
			t.Errorf("FindZone(%q) = %v, %v; want %v", strings.ToUpper(key), cs, err, zones)
			continue
		}
		for i, z := range zones {
			if cs[i].Zone != z {
				t.Errorf("FindZone(%q)[%d] = %q, want %q", key, i, cs[i].Zone, z)
			}
			if got, err := ParseZone(z); err != nil || got != z {
				t.Errorf("abbreviation %q: zone %q is not canonical (%q, %v)", key, z, got, err)
			}
		}
	}
}

// The area rule holds whatever the host's zoneinfo holds: with a loader
// that loads every name (a host with right/, posix/ and stray files), only
// names under an IANA area get through.
func TestLookupIANAAreasOnAnyHost(t *testing.T) {
	defer func(l func(string) (*time.Location, error)) { loadLocation = l }(loadLocation)
	loadLocation = func(string) (*time.Location, error) { return time.UTC, nil }
	tests := []struct {
		in   string
		want string // "" for refused
	}{
		{"right/Europe/London", ""},
		{"posix/America/New_York", ""},
		{"Posix/Europe/Berlin", ""},
		{"SystemV/EST5EDT", ""},
		{"zone1970.tab/x", ""},
		{"./Europe/Berlin", ""},
		{"Europe/./Berlin", ""},
		{"Europe/Ber lin.", ""},
		{"Europe/-Berlin", ""},
		{"Europe/Berlin\x00", ""},
		{"Europe\\Berlin/x", ""},
		{"europe/berlin", "Europe/Berlin"},
		{"america/new york", "America/New_York"},
		{"etc/gmt+5", "Etc/Gmt+5"},   // this loader takes the first spelling
		{"us/eastern", "Us/Eastern"}, // the real loader refuses this spelling
	}
	for _, tt := range tests {
		got, ok := lookupIANA(tt.in)
		if tt.want == "" && ok {
			t.Errorf("lookupIANA(%q) = %q, want refused", tt.in, got)
		}
		if tt.want != "" && (!ok || got != tt.want) {
			t.Errorf("lookupIANA(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// Every zone name with "/" in Go's own database (the one embedded with
// time/tzdata) is accepted under its own spelling, so the area rule
// refuses no real zone.
func TestParseZoneAcceptsEveryGoZone(t *testing.T) {
	names := goZoneNames(t)
	if names == nil {
		t.Skip("Go's zone database (GOROOT/lib/time/zoneinfo.zip) not found")
	}
	for name := range names {
		if !strings.Contains(name, "/") {
			continue
		}
		if got, err := ParseZone(name); err != nil || got != name {
			t.Errorf("ParseZone(%q) = %q, %v; want itself", name, got, err)
		}
	}
}

var goZones struct {
	once  sync.Once
	names map[string]bool
	err   error
}

// goZoneNames is the set of names in GOROOT's lib/time/zoneinfo.zip, the
// source of time/tzdata, read once; nil where it is missing (tests then
// skip what needs it).
func goZoneNames(tb testing.TB) map[string]bool {
	tb.Helper()
	goZones.once.Do(func() {
		root, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			goZones.err = fmt.Errorf("go env GOROOT: %w", err)
			return
		}
		z, err := zip.OpenReader(filepath.Join(strings.TrimSpace(string(root)), "lib", "time", "zoneinfo.zip"))
		if err != nil {
			goZones.err = fmt.Errorf("open zone database: %w", err)
			return
		}
		defer z.Close()
		goZones.names = make(map[string]bool, len(z.File))
		for _, f := range z.File {
			goZones.names[f.Name] = true
		}
	})
	if goZones.err != nil {
		tb.Logf("no zone database: %v", goZones.err)
		return nil
	}
	if len(goZones.names) < 400 {
		tb.Fatalf("zoneinfo.zip has %d names, want hundreds", len(goZones.names))
	}
	return goZones.names
}

func TestQuoteInput(t *testing.T) {
	long := strings.Repeat("a", 63) + "é" + strings.Repeat("b", 100) // é straddles byte 64
	tests := []struct{ in, want string }{
		{"", `""`},
		{"Berlin", `"Berlin"`},
		{"tab\there", `"tab\there"`},
		{strings.Repeat("x", 64), strconv.Quote(strings.Repeat("x", 64))},
		{strings.Repeat("x", 65), strconv.Quote(strings.Repeat("x", 64)) + "…(65 bytes)"},
		{long, strconv.Quote(strings.Repeat("a", 63)) + "…(165 bytes)"},
		{strings.Repeat("\xff", 1000), strconv.Quote(strings.Repeat("\xff", 64)) + "…(1000 bytes)"},
	}
	for _, tt := range tests {
		if got := quoteInput(tt.in); got != tt.want {
			t.Errorf("quoteInput(%.20q…) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// The place list is sorted by key (findPlace searches it), every key is
// folded as PlaceKey folds, and every zone in it is one Go ships.
func TestPlaceList(t *testing.T) {
	if err := loadPlaces(); err != nil {
		t.Fatal(err)
	}
	if n := len(places.lines); n < 100000 {
		t.Fatalf("place list has %d names, want the whole data package", n)
	}
	names := goZoneNames(t)
	zones := map[string]bool{}
	prev := ""
	for i := range places.lines {
		end := len(places.data)
		if i+1 < len(places.lines) {
			end = int(places.lines[i+1]) - 1
		}
		key, rest, ok := strings.Cut(string(places.data[places.lines[i]:end]), "\t")
		if !ok || key <= prev || PlaceKey(key) != key {
			t.Fatalf("line %d: key %q after %q (folded %q)", i, key, prev, PlaceKey(key))
		}
		prev = key
		for _, part := range strings.Split(rest, ";") {
			zones[strings.Split(part, "|")[0]] = true
		}
	}
	for z := range zones {
		if _, err := LoadZone(z); err != nil {
			t.Errorf("zone %q: %v", z, err)
		}
		if names != nil && !names[z] {
			t.Errorf("zone %q is not in Go's zone database", z)
		}
	}
}
