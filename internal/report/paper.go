package report

import "strings"

// Paper is a page size.
type Paper int

// The page sizes: A4 everywhere but the Americas countries that use
// Letter.
const (
	A4 Paper = iota
	Letter
)

// size is the page's width and height in points.
func (p Paper) size() (w, h float64) {
	if p == Letter {
		return 612, 792 // 8.5 x 11 in
	}
	return 595.28, 841.89 // 210 x 297 mm
}

// letterCountries use US Letter paper: the United States, Canada,
// Mexico, the Philippines and most of Central and South America's
// north-west.
var letterCountries = map[string]bool{
	"US": true, "CA": true, "MX": true, "PH": true, "CL": true, "CO": true, "VE": true,
	"GT": true, "CR": true, "PA": true, "DO": true, "PR": true, "SV": true, "NI": true,
}

// letterZones are the IANA zones of those countries (and the old US/,
// Canada/ and Mexico/ links), by name.
var letterZones = map[string]bool{
	"America/Mexico_City": true, "America/Cancun": true, "America/Merida": true, "America/Monterrey": true,
	"America/Matamoros": true, "America/Chihuahua": true, "America/Ciudad_Juarez": true, "America/Ojinaga": true,
	"America/Mazatlan": true, "America/Bahia_Banderas": true, "America/Hermosillo": true, "America/Tijuana": true,
	"America/Santiago": true, "America/Punta_Arenas": true, "Pacific/Easter": true, "America/Bogota": true,
	"America/Caracas": true, "Asia/Manila": true, "America/Guatemala": true, "America/Costa_Rica": true,
	"America/Panama": true, "America/Santo_Domingo": true, "America/Puerto_Rico": true,
	"America/El_Salvador": true, "America/Managua": true,
	// The United States.
	"America/New_York": true, "America/Chicago": true, "America/Denver": true, "America/Los_Angeles": true,
	"America/Phoenix": true, "America/Anchorage": true, "America/Adak": true, "America/Boise": true,
	"America/Detroit": true, "America/Juneau": true, "America/Menominee": true, "America/Metlakatla": true,
	"America/Nome": true, "America/Sitka": true, "America/Yakutat": true, "Pacific/Honolulu": true,
	"America/Indianapolis": true, "America/Louisville": true,
	// Canada.
	"America/Toronto": true, "America/Vancouver": true, "America/Edmonton": true, "America/Winnipeg": true,
	"America/Halifax": true, "America/St_Johns": true, "America/Regina": true, "America/Moncton": true,
	"America/Glace_Bay": true, "America/Goose_Bay": true, "America/Whitehorse": true, "America/Dawson": true,
	"America/Dawson_Creek": true, "America/Creston": true, "America/Fort_Nelson": true, "America/Iqaluit": true,
	"America/Rankin_Inlet": true, "America/Resolute": true, "America/Cambridge_Bay": true,
	"America/Inuvik": true, "America/Swift_Current": true, "America/Atikokan": true, "America/Blanc-Sablon": true,
	"America/Montreal": true,
}

// PaperFor is the paper of the person's locale: the region of their
// language tag ("en-US", "es_MX") when it has one, else the country of
// their time zone ("America/Chicago"); A4 when neither says Letter.
func PaperFor(zone, lang string) Paper {
	if _, region, ok := strings.Cut(strings.ReplaceAll(lang, "_", "-"), "-"); ok {
		region, _, _ = strings.Cut(region, "-")
		if len(region) == 2 {
			if letterCountries[strings.ToUpper(region)] {
				return Letter
			}
			return A4
		}
	}
	for _, prefix := range []string{"US/", "Canada/", "Mexico/", "America/Indiana/", "America/Kentucky/", "America/North_Dakota/"} {
		if strings.HasPrefix(zone, prefix) {
			return Letter
		}
	}
	if letterZones[zone] {
		return Letter
	}
	return A4
}
