package localtime

import "testing"

// Every city in the table is reachable (its key is already normalised) and
// names a zone LoadZone can load.
func TestCityTable(t *testing.T) {
	if len(cities) < 80 {
		t.Errorf("city table has %d entries, want at least 80", len(cities))
	}
	for key, zone := range cities {
		if cityKey(key) != key {
			t.Errorf("city key %q is not normalised (%q)", key, cityKey(key))
		}
		if got, err := ParseZone(key); err != nil || got != zone {
			t.Errorf("ParseZone(%q) = %q, %v; want %q", key, got, err, zone)
		}
		if _, err := LoadZone(zone); err != nil {
			t.Errorf("city %q: LoadZone(%q): %v", key, zone, err)
		}
	}
}
