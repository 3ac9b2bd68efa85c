package emergency

import (
	"testing"
	"time"
	_ "time/tzdata" // every name must load from Go's own zone data too
)

// One case per country and number: a representative zone name, and the
// aliases and tzdata links the rules call out by name.
func TestNumber(t *testing.T) {
	tests := []struct{ zone, want string }{
		// European Union: 112.
		{"Europe/Vienna", "112"},      // Austria
		{"Europe/Brussels", "112"},    // Belgium
		{"Europe/Sofia", "112"},       // Bulgaria
		{"Asia/Nicosia", "112"},       // Cyprus
		{"Europe/Nicosia", "112"},     // Cyprus, alias
		{"Europe/Prague", "112"},      // Czechia
		{"Europe/Berlin", "112"},      // Germany
		{"Europe/Busingen", "112"},    // Germany, linked to Europe/Zurich
		{"Europe/Copenhagen", "112"},  // Denmark
		{"Europe/Tallinn", "112"},     // Estonia
		{"Europe/Madrid", "112"},      // Spain
		{"Atlantic/Canary", "112"},    // Spain
		{"Africa/Ceuta", "112"},       // Spain
		{"Europe/Helsinki", "112"},    // Finland
		{"Europe/Mariehamn", "112"},   // Åland, Finland
		{"Europe/Paris", "112"},       // France
		{"Europe/Athens", "112"},      // Greece
		{"Europe/Zagreb", "112"},      // Croatia, linked to Europe/Belgrade
		{"Europe/Budapest", "112"},    // Hungary
		{"Europe/Dublin", "112"},      // Ireland
		{"Eire", "112"},               // Ireland, alias
		{"Europe/Rome", "112"},        // Italy
		{"Europe/Vilnius", "112"},     // Lithuania
		{"Europe/Luxembourg", "112"},  // Luxembourg
		{"Europe/Riga", "112"},        // Latvia
		{"Europe/Malta", "112"},       // Malta
		{"Europe/Amsterdam", "112"},   // Netherlands
		{"Europe/Warsaw", "112"},      // Poland
		{"Europe/Lisbon", "112"},      // Portugal
		{"Atlantic/Madeira", "112"},   // Portugal
		{"Atlantic/Azores", "112"},    // Portugal
		{"Europe/Bucharest", "112"},   // Romania
		{"Europe/Stockholm", "112"},   // Sweden
		{"Europe/Ljubljana", "112"},   // Slovenia, linked to Europe/Belgrade
		{"Europe/Bratislava", "112"},  // Slovakia, linked to Europe/Prague
		{"Atlantic/Reykjavik", "112"}, // Iceland
		{"Iceland", "112"},            // Iceland, alias linked to Africa/Abidjan
		{"Europe/Vaduz", "112"},       // Liechtenstein
		{"Europe/Oslo", "112"},        // Norway, linked to Europe/Berlin
		{"Europe/Zurich", "112"},      // Switzerland

		// United Kingdom and Crown Dependencies: 999.
		{"Europe/London", "999"},
		{"GB", "999"},
		{"Europe/Belfast", "999"},
		{"Europe/Jersey", "999"},
		{"Europe/Guernsey", "999"},
		{"Europe/Isle_of_Man", "999"},

		// United States: 911.
		{"America/New_York", "911"},
		{"America/Indiana/Indianapolis", "911"},
		{"America/Kentucky/Louisville", "911"},
		{"America/North_Dakota/Center", "911"},
		{"Pacific/Honolulu", "911"},
		{"US/Eastern", "911"},

		// Canada: 911.
		{"America/Toronto", "911"},
		{"America/St_Johns", "911"},
		{"America/Iqaluit", "911"},
		{"America/Montreal", "911"},
		{"America/Atikokan", "911"}, // linked to America/Panama, which is not listed
		{"Canada/Pacific", "911"},

		// Mexico: 911.
		{"America/Mexico_City", "911"},
		{"America/Tijuana", "911"},
		{"Mexico/General", "911"},

		// Australia: 000.
		{"Australia/Sydney", "000"},
		{"Australia/Perth", "000"},
		{"Australia/Lord_Howe", "000"},
		{"Australia/NSW", "000"},

		// New Zealand: 111.
		{"Pacific/Auckland", "111"},
		{"Pacific/Chatham", "111"},
		{"NZ", "111"},
		{"NZ-CHAT", "111"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			got, ok := Number(tt.zone)
			if !ok || got != tt.want {
				t.Errorf("Number(%q) = %q, %v; want %q, true", tt.zone, got, ok, tt.want)
			}
		})
	}
}

// Every entry is a zone Go knows, has one of the well-known numbers and
// is listed once.
func TestTableEntries(t *testing.T) {
	known := map[string]bool{"112": true, "999": true, "911": true, "000": true, "111": true}
	seen := map[string]string{} // name → country
	countries := map[string]bool{}
	for _, g := range zones {
		if !known[g.number] {
			t.Errorf("%s: number %q not in {112, 999, 911, 000, 111}", g.country, g.number)
		}
		if countries[g.country] {
			t.Errorf("%s: listed in two groups", g.country)
		}
		countries[g.country] = true
		if len(g.names) == 0 {
			t.Errorf("%s: no zone names", g.country)
		}
		for _, name := range g.names {
			if c, dup := seen[name]; dup {
				t.Errorf("%s: listed for %s and %s", name, c, g.country)
			}
			seen[name] = g.country
			if _, err := time.LoadLocation(name); err != nil {
				t.Errorf("%s (%s): %v", name, g.country, err)
			}
			if got, ok := Number(name); !ok || got != g.number {
				t.Errorf("Number(%q) = %q, %v; want %q, true", name, got, ok, g.number)
			}
		}
	}
	if len(table()) != len(seen) {
		t.Errorf("table has %d names, groups list %d", len(table()), len(seen))
	}
}

// Zones that do not determine a country with a listed number give no
// number, so the message falls back to "your local emergency number".
func TestNumberFallback(t *testing.T) {
	for _, zone := range []string{
		"",
		"UTC",
		"Etc/UTC",
		"UTC+05:30", // localtime's fixed offsets
		"Etc/GMT+5",
		"EST",                 // fixed -05:00, no country
		"America/Panama",      // Panama, the Cayman Islands and Atikokan
		"America/Puerto_Rico", // some twenty Caribbean countries and territories
		"Africa/Abidjan",      // Iceland and West Africa
		"Asia/Kolkata",        // a real country, not in the table
		"Asia/Famagusta",      // northern Cyprus
		"GB-Eire",
		"Nowhere/City",
		// Exact match only: localtime.ParseZone stores the canonical
		// spelling, so other casings and spacings are not guessed at.
		"europe/london",
		"EUROPE/LONDON",
		" Europe/London",
		"Europe/London ",
	} {
		if got, ok := Number(zone); ok || got != "" {
			t.Errorf("Number(%q) = %q, %v; want \"\", false", zone, got, ok)
		}
	}
}
