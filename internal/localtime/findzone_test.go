package localtime_test

import (
	"errors"
	"slices"
	"testing"

	"treadwell/internal/localtime"
)

// The answers of issue 15 that were refused, and their neighbours: each
// names one zone now.
func TestFindZoneOne(t *testing.T) {
	tests := []struct{ in, want string }{
		// Spanish names (exonyms, short forms, local names).
		{"Nueva York", "America/New_York"},
		{"nueva york", "America/New_York"},
		{"Londres", "Europe/London"}, // not Londres in Catamarca, Argentina
		{"Sevilla", "Europe/Madrid"}, // not Sevilla in Colombia
		{"sevilla", "Europe/Madrid"},
		{"CDMX", "America/Mexico_City"},
		{"Ciudad de México", "America/Mexico_City"},
		{"ciudad de mexico", "America/Mexico_City"},
		{"Medellín", "America/Bogota"}, // not Medellín in Badajoz
		{"MEDELLIN", "America/Bogota"},
		{"Quito", "America/Guayaquil"},
		{"Bogotá", "America/Bogota"},
		{"Lisboa", "Europe/Lisbon"},
		{"Múnich", "Europe/Berlin"},
		{"La Habana", "America/Havana"},
		// From the place list alone.
		{"Cusco", "America/Lima"},
		{"Arequipa", "America/Lima"},
		{"Barranquilla", "America/Bogota"},
		{"A Coruña", "Europe/Madrid"},
		{"Tijuana", "America/Tijuana"},
		// "Name, Country" picks among the places of that name.
		{"Valencia, Spain", "Europe/Madrid"},
		{"Valencia, España", "Europe/Madrid"},
		{"Valencia, Venezuela", "America/Caracas"},
		{"Córdoba, Argentina", "America/Argentina/Cordoba"},
		{"Granada, ES", "Europe/Madrid"},
		// UK cities whose names smaller places share elsewhere.
		{"Manchester", "Europe/London"},
		{"Birmingham", "Europe/London"},
		{"Glasgow", "Europe/London"},
		{"Liverpool", "Europe/London"},
		{"Leeds", "Europe/London"},
		{"Bristol", "Europe/London"},
		{"Cardiff", "Europe/London"},
		{"Belfast", "Europe/London"},
		{"Edinburgh", "Europe/London"},
		{"Washington", "America/New_York"},
		{"Washington DC", "America/New_York"},
		{"Seville", "Europe/Madrid"},
		// Abbreviations that name one zone: a place's zone, with its DST.
		{"EST", "America/New_York"},
		{"est", "America/New_York"},
		{"EDT", "America/New_York"},
		{"PST", "America/Los_Angeles"},
		{"PDT", "America/Los_Angeles"},
		{"CET", "Europe/Paris"},
		{"CEST", "Europe/Paris"},
		{"BST", "Europe/London"},
		{"JST", "Asia/Tokyo"},
		{"AEST", "Australia/Sydney"},
		{"GMT", "UTC"}, // as before: GMT is UTC, never London's summer time
	}
	for _, tt := range tests {
		cs, err := localtime.FindZone(tt.in)
		if err != nil || len(cs) != 1 || cs[0].Zone != tt.want {
			t.Errorf("FindZone(%q) = %v, %v; want only %s", tt.in, cs, err, tt.want)
			continue
		}
		if got, err := localtime.ParseZone(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseZone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// Answers that name several zones ask which one: FindZone gives them
// all, ParseZone refuses with ErrAmbiguous.
func TestFindZoneSeveral(t *testing.T) {
	tests := []struct {
		in   string
		want []string // all of these among the candidates
	}{
		{"IST", []string{"Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"}},
		{"ist", []string{"Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"}},
		{"CST", []string{"America/Chicago", "Asia/Shanghai", "America/Havana"}},
		{"MST", []string{"America/Denver", "America/Phoenix"}},
		{"AST", []string{"America/Halifax", "Asia/Riyadh"}},
		{"Valencia", []string{"Europe/Madrid", "America/Caracas"}},
		{"Córdoba", []string{"Europe/Madrid", "America/Argentina/Cordoba"}},
		{"Granada", []string{"Europe/Madrid", "America/Managua"}},
		{"Portland", []string{"America/Los_Angeles", "America/New_York"}},
		{"Portland, Maine", []string{"America/Los_Angeles", "America/New_York"}},
		{"Birmingham, US", []string{"America/Chicago", "America/Detroit"}},
	}
	for _, tt := range tests {
		cs, err := localtime.FindZone(tt.in)
		if err != nil || len(cs) < 2 {
			t.Errorf("FindZone(%q) = %v, %v; want several", tt.in, cs, err)
			continue
		}
		var zones []string
		for _, c := range cs {
			zones = append(zones, c.Zone)
			if _, err := localtime.LoadZone(c.Zone); err != nil {
				t.Errorf("FindZone(%q): candidate %q does not load: %v", tt.in, c.Zone, err)
			}
		}
		for _, w := range tt.want {
			if !slices.Contains(zones, w) {
				t.Errorf("FindZone(%q) = %v, want %s among them", tt.in, zones, w)
			}
		}
		got, err := localtime.ParseZone(tt.in)
		if !errors.Is(err, localtime.ErrAmbiguous) || !errors.Is(err, localtime.ErrZone) {
			t.Errorf("ParseZone(%q) = %q, %v; want ErrAmbiguous and ErrZone", tt.in, got, err)
		}
	}
}

func TestPreferCountries(t *testing.T) {
	cs, err := localtime.FindZone("Granada")
	if err != nil {
		t.Fatal(err)
	}
	got := localtime.PreferCountries(cs, []string{"ES", "NI"})
	if len(got) != len(cs) || got[0].Country != "ES" || got[0].Zone != "Europe/Madrid" || got[1].Country != "NI" {
		t.Errorf("PreferCountries(%v) = %v; want Spain, then Nicaragua, then the rest", cs, got)
	}
	if cs[0].Country == "ES" {
		t.Errorf("FindZone(Granada) = %v: Spain first already, the test shows nothing", cs)
	}
}

// An abbreviation's zones are marked as standing in for it: the zone
// gives the time, not the person's country (EET is Athens and Cairo).
// Every other answer's are not.
func TestFindZoneFromAbbreviation(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"EET", true}, {"est", true}, {"IST", true}, {"Eastern Time", true},
		{"Athens", false}, {"Europe/Athens", false}, {"Valencia", false},
		{"Birmingham, US", false}, {"UTC+2", false}, {"GMT", false},
	}
	for _, tt := range tests {
		cs, err := localtime.FindZone(tt.in)
		if err != nil || len(cs) == 0 {
			t.Fatalf("FindZone(%q) = %v, %v", tt.in, cs, err)
		}
		for _, c := range cs {
			if c.FromAbbreviation != tt.want {
				t.Errorf("FindZone(%q): %s FromAbbreviation = %v, want %v", tt.in, c.Zone, c.FromAbbreviation, tt.want)
			}
		}
	}
}
