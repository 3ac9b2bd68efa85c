package localtime

import "strings"

// countryNames are the country names people add after a place ("Valencia,
// Spain", "Córdoba, Argentina"), folded (see PlaceKey), in English and
// Spanish, with the ISO 3166 code the place list uses. A two-letter code
// ("Birmingham, US") needs no entry.
var countryNames = map[string]string{
	"spain": "ES", "espana": "ES", "mexico": "MX", "argentina": "AR", "colombia": "CO",
	"peru": "PE", "chile": "CL", "venezuela": "VE", "ecuador": "EC", "bolivia": "BO",
	"paraguay": "PY", "uruguay": "UY", "cuba": "CU", "guatemala": "GT", "honduras": "HN",
	"el salvador": "SV", "nicaragua": "NI", "costa rica": "CR", "panama": "PA",
	"puerto rico": "PR", "dominican republic": "DO", "republica dominicana": "DO",
	"uk": "GB", "united kingdom": "GB", "reino unido": "GB", "england": "GB", "inglaterra": "GB",
	"scotland": "GB", "escocia": "GB", "wales": "GB", "gales": "GB", "northern ireland": "GB",
	"ireland": "IE", "irlanda": "IE", "usa": "US", "united states": "US", "estados unidos": "US",
	"eeuu": "US", "canada": "CA", "australia": "AU", "new zealand": "NZ", "nueva zelanda": "NZ",
	"brazil": "BR", "brasil": "BR", "portugal": "PT", "france": "FR", "francia": "FR",
	"germany": "DE", "alemania": "DE", "italy": "IT", "italia": "IT", "philippines": "PH",
	"filipinas": "PH", "india": "IN", "south africa": "ZA", "sudafrica": "ZA",
}

// inCountry finds the places of the name before the comma of in that lie
// in the country named after it ("Valencia, Spain"); none when there is
// no comma, the rest names no country, or no such place is there.
func inCountry(in string) []Candidate {
	name, after, ok := strings.Cut(in, ",")
	if !ok {
		return nil
	}
	key := PlaceKey(after)
	code, named := countryNames[key]
	if !named && len(key) == 2 {
		code, named = strings.ToUpper(key), true
	}
	if !named {
		return nil
	}
	var out []Candidate
	for _, c := range findPlace(PlaceKey(name)) {
		if c.Country == code {
			out = append(out, c)
		}
	}
	return out
}
