package localtime

import (
	"errors"
	"fmt"
	"strings"
)

// ErrAmbiguous reports an answer that names several zones ("IST": India,
// Ireland or Israel). Errors wrapping it also wrap ErrZone.
var ErrAmbiguous = errors.New("ambiguous time zone")

// Candidate is one zone an answer may mean.
type Candidate struct {
	Zone string // canonical, as LoadZone takes it
	// Country is the ISO 3166 code of the place the zone was found by
	// ("GB" for Birmingham in Europe/London), "" when the answer was not
	// a place.
	Country string
	// FromAbbreviation: the answer was an abbreviation ("EST", "CET",
	// "IST") and Zone is a place that uses it. It gives the time there,
	// not the person's country: EET is Athens and Cairo alike.
	FromAbbreviation bool
	places           int // places of that name in Zone, for ordering
}

// FindZone reads a zone as people type it and returns every zone it may
// mean, most likely first; more than one means the person should be
// asked which. In order:
//
//   - "UTC", "GMT", "Z" (any case) and zero offsets give "UTC";
//   - a UTC offset, "+2", "+02:00", "-0500", "UTC+2", "GMT-3", "utc -4:30",
//     gives "UTC+02:00" / "UTC-04:30" (range -12:00..+14:00, minutes
//     00/15/30/45);
//   - a common abbreviation ("EST", "CET", "IST"): its zone, or the zones
//     it is used for (abbrev.go);
//   - "Name, Country" ("Valencia, Spain", "Birmingham, US"): the zones of
//     the places of that name in that country (countries.go);
//   - a well-known city, in English or Spanish ("London", "Londres",
//     "CDMX"), from the small table of cities.go, which wins over the
//     place list on a clash (London, not London in Ontario);
//   - an IANA name containing "/", matched case-insensitively and with
//     spaces for underscores ("america/new york"), gives its canonical
//     spelling ("America/New_York"). Only names under the areas of Go's
//     zone database count (see ianaAreas): right/ and posix/ copies on the
//     host are refused like any unknown zone;
//   - any town or city of the offline place list (places.go): every zone
//     that places of that name lie in; "Name, Anything" is looked up by
//     the name.
//
// Input longer than 64 bytes (after trimming) is refused. Single-word
// IANA names ("EST", "Japan") are never returned: several are fixed
// offsets that do not follow the DST people expect, so an abbreviation
// gives the zone of a place that uses it.
func FindZone(s string) ([]Candidate, error) {
	in := strings.TrimSpace(s)
	if in == "" || len(in) > maxZoneLen {
		return nil, fmt.Errorf("parse zone %s: %w", quoteInput(s), ErrZone)
	}
	if name, ok, err := parseOffset(in); ok || err != nil {
		if err != nil {
			return nil, fmt.Errorf("parse zone %s: %w: %w", quoteInput(s), ErrZone, err)
		}
		return []Candidate{{Zone: name}}, nil
	}
	key := PlaceKey(in)
	if zs, ok := abbreviations[key]; ok {
		out := make([]Candidate, len(zs))
		for i, z := range zs {
			out[i] = Candidate{Zone: z, FromAbbreviation: true}
		}
		return out, nil
	}
	if cs := inCountry(in); len(cs) > 0 {
		return cs, nil
	}
	if c, ok := lookupCity(in); ok {
		return []Candidate{c}, nil
	}
	if strings.Contains(in, "/") {
		if name, ok := lookupIANA(in); ok {
			return []Candidate{{Zone: name}}, nil
		}
	}
	if cs := findPlace(key); len(cs) > 0 {
		return cs, nil
	}
	if i := strings.IndexByte(in, ','); i > 0 {
		if cs := findPlace(PlaceKey(in[:i])); len(cs) > 0 {
			return cs, nil
		}
	}
	return nil, fmt.Errorf("parse zone %s: %w", quoteInput(s), ErrZone)
}
