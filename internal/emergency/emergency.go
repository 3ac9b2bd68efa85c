// Package emergency names the local emergency telephone number for the
// urgent red-flag message, when a person's time zone alone determines the
// country (clinical rules, version 2). Otherwise the message says "your
// local emergency number": a wrong number is worse than none, so only
// well-known numbers are listed, and only for zone names that leave no
// doubt about the country.
package emergency

import "sync"

// Number is the well-known emergency number of the country the IANA time
// zone name zone belongs to, when the zone name alone determines that
// country; ok is false otherwise (fixed offsets like "UTC+05:30", "UTC",
// "Etc/GMT+5", unknown names, zones shared by several countries with
// different numbers).
//
// Names match exactly, case included: zones are stored in the canonical
// spelling that localtime.ParseZone returns ("europe/london" is stored as
// "Europe/London"), so a differently cased name never comes from there and
// is not guessed at here.
func Number(zone string) (number string, ok bool) {
	number, ok = table()[zone]
	return number, ok
}

// table is zones built into one map, once.
var table = sync.OnceValue(func() map[string]string {
	m := make(map[string]string)
	for _, g := range zones {
		for _, name := range g.names {
			m[name] = g.number
		}
	}
	return m
})

// group is the zone names of one country (or territory) and its number.
type group struct {
	country string // ISO 3166 code, for tests and readers
	number  string
	names   []string
}

// zones lists, per country, the zone names that determine it, and the
// country's emergency number. Where the numbers come from:
//
//   - 112: the single European emergency number, introduced by Council
//     Decision 91/396/EEC and now required by the European Electronic
//     Communications Code (Directive (EU) 2018/1972, Article 109) in every
//     EU member state, and through the EEA Agreement in Norway, Iceland and
//     Liechtenstein. Switzerland keeps 112 beside its national numbers
//     (117, 118, 144; OFCOM). In Norway 112 is the police line (113 is
//     medical) and in Switzerland 144 is the ambulance; 112 is answered in
//     both and the call is passed on, so 112 is right everywhere here.
//     Iceland has 112 as its only number.
//   - 999: the United Kingdom's number since 1937 (112 is also answered;
//     Ofcom's General Conditions require both). Jersey, Guernsey and the
//     Isle of Man, which share Europe/London in zone1970.tab, use 999 too.
//   - Ireland: 112 and 999 both reach the same Emergency Call Answering
//     Service (ComReg), so either is right. 112 is listed because it is
//     the number EU law guarantees and the one the rest of the EU group
//     gives, so a single number covers every EU zone.
//   - 911: the United States' universal emergency number (Wireless
//     Communications and Public Safety Act of 1999); Canada's 9-1-1
//     (CRTC), now in every province and territory (the Northwest
//     Territories since 2019, Nunavut since 2021); Mexico's national
//     number since January 2017, replacing 066 and the local numbers (IFT).
//   - 000: Australia's number since 1961 (ACMA; 112 also works on mobiles).
//   - 111: New Zealand's number since 1958.
//
// Names are keyed as the person chose them, not by the zone tzdata links
// them to: "Europe/Oslo" is Norway although tzdata makes it a link to
// Europe/Berlin, "Europe/Ljubljana" is Slovenia though it links to
// Europe/Belgrade, "America/Atikokan" is Canada though it links to
// America/Panama. zone1970.tab, which lists one zone per region of
// identical clocks, files some neighbours under a listed name: Denmark,
// Norway, Sweden and Svalbard under Europe/Berlin; Germany and
// Liechtenstein under Europe/Zurich; Luxembourg and the Netherlands under
// Europe/Brussels; Slovakia under Europe/Prague; Åland under
// Europe/Helsinki; the Crown Dependencies under Europe/London; Canada under
// America/Phoenix. All of these have the same number, so a person who
// picked the shared name still gets the right one. Three listed names are
// also filed for a small neighbour outside the table: Europe/Paris
// (Monaco), Europe/Rome (San Marino, the Vatican) and America/Toronto (the
// Bahamas). They are kept because the name is the capital or largest city
// of the listed country and those neighbours have names of their own
// (Europe/Monaco, Europe/San_Marino, Europe/Vatican, America/Nassau), which
// are not listed. Left out:
//
//   - zones shared by several countries not all known to have the same
//     number, such as America/Panama (Panama, the Cayman Islands, Canada's
//     Atikokan), America/Puerto_Rico (the zone of about twenty Caribbean
//     countries and territories), Africa/Abidjan (Iceland and eleven West
//     African countries) and Europe/Belgrade (Serbia, Bosnia, Montenegro,
//     North Macedonia, Croatia, Slovenia);
//   - fixed offsets and abbreviations ("UTC", "Etc/GMT+5", "EST", "CET",
//     "EST5EDT"), which belong to no country;
//   - names whose country or number is not certain enough: Asia/Famagusta
//     (northern Cyprus, with its own numbers), GB-Eire (two countries in
//     one name), Navajo and America/Shiprock (the Navajo Nation,
//     where 911's reach could not be confirmed), US/Samoa, Pacific/Pago_Pago and the
//     other US territories, Pacific/Johnston, the Antarctic names
//     (Antarctica/McMurdo, Antarctica/Macquarie), Arctic/Longyearbyen and
//     Atlantic/Jan_Mayen, Europe/Gibraltar, Europe/San_Marino,
//     Europe/Vatican, Europe/Monaco, Europe/Andorra, Atlantic/Faroe, the
//     Greenland zones, and the French and Dutch overseas zones
//     (Indian/Reunion, America/Martinique, America/Cayenne, ...).
//
// Single-word aliases ("GB", "NZ", "Eire", "Poland") are listed for
// completeness; localtime.ParseZone refuses them, so they only match
// zones stored by other means.
var zones = []group{
	// European Union: 112.
	{"AT", "112", []string{"Europe/Vienna"}},
	{"BE", "112", []string{"Europe/Brussels"}},
	{"BG", "112", []string{"Europe/Sofia"}},
	{"CY", "112", []string{"Asia/Nicosia", "Europe/Nicosia"}},
	{"CZ", "112", []string{"Europe/Prague"}},
	{"DE", "112", []string{"Europe/Berlin", "Europe/Busingen"}},
	{"DK", "112", []string{"Europe/Copenhagen"}},
	{"EE", "112", []string{"Europe/Tallinn"}},
	{"ES", "112", []string{"Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary"}},
	{"FI", "112", []string{"Europe/Helsinki"}},
	{"AX", "112", []string{"Europe/Mariehamn"}}, // Åland, part of Finland
	{"FR", "112", []string{"Europe/Paris"}},
	{"GR", "112", []string{"Europe/Athens"}},
	{"HR", "112", []string{"Europe/Zagreb"}},
	{"HU", "112", []string{"Europe/Budapest"}},
	{"IE", "112", []string{"Europe/Dublin", "Eire"}}, // 999 works too, see above
	{"IT", "112", []string{"Europe/Rome"}},
	{"LT", "112", []string{"Europe/Vilnius"}},
	{"LU", "112", []string{"Europe/Luxembourg"}},
	{"LV", "112", []string{"Europe/Riga"}},
	{"MT", "112", []string{"Europe/Malta"}},
	{"NL", "112", []string{"Europe/Amsterdam"}},
	{"PL", "112", []string{"Europe/Warsaw", "Poland"}},
	{"PT", "112", []string{"Europe/Lisbon", "Atlantic/Madeira", "Atlantic/Azores", "Portugal"}},
	{"RO", "112", []string{"Europe/Bucharest"}},
	{"SE", "112", []string{"Europe/Stockholm"}},
	{"SI", "112", []string{"Europe/Ljubljana"}},
	{"SK", "112", []string{"Europe/Bratislava"}},

	// EEA and Switzerland: 112.
	{"IS", "112", []string{"Atlantic/Reykjavik", "Iceland"}},
	{"LI", "112", []string{"Europe/Vaduz"}},
	{"NO", "112", []string{"Europe/Oslo"}},
	{"CH", "112", []string{"Europe/Zurich"}},

	// United Kingdom and the Crown Dependencies: 999.
	{"GB", "999", []string{"Europe/London", "GB", "Europe/Belfast"}},
	{"GG", "999", []string{"Europe/Guernsey"}},
	{"IM", "999", []string{"Europe/Isle_of_Man"}},
	{"JE", "999", []string{"Europe/Jersey"}},

	// United States: 911.
	{"US", "911", []string{
		"America/New_York", "America/Chicago", "America/Denver",
		"America/Los_Angeles", "America/Phoenix", "America/Anchorage",
		"America/Adak", "America/Boise", "America/Detroit", "America/Juneau",
		"America/Sitka", "America/Yakutat", "America/Nome",
		"America/Metlakatla", "America/Menominee", "Pacific/Honolulu",
		"America/Indiana/Indianapolis", "America/Indiana/Knox",
		"America/Indiana/Marengo", "America/Indiana/Petersburg",
		"America/Indiana/Tell_City", "America/Indiana/Vevay",
		"America/Indiana/Vincennes", "America/Indiana/Winamac",
		"America/Kentucky/Louisville", "America/Kentucky/Monticello",
		"America/North_Dakota/Beulah", "America/North_Dakota/Center",
		"America/North_Dakota/New_Salem",
		// Backward-compatible names.
		"America/Indianapolis", "America/Fort_Wayne", "America/Knox_IN",
		"America/Louisville", "America/Atka",
		"US/Eastern", "US/Central", "US/Mountain", "US/Pacific", "US/Arizona",
		"US/Alaska", "US/Aleutian", "US/Hawaii", "US/East-Indiana",
		"US/Indiana-Starke", "US/Michigan",
	}},

	// Canada: 911.
	{"CA", "911", []string{
		"America/Toronto", "America/Vancouver", "America/Edmonton",
		"America/Winnipeg", "America/Halifax", "America/St_Johns",
		"America/Regina", "America/Moncton", "America/Glace_Bay",
		"America/Goose_Bay", "America/Whitehorse", "America/Dawson",
		"America/Dawson_Creek", "America/Fort_Nelson", "America/Iqaluit",
		"America/Rankin_Inlet", "America/Resolute", "America/Cambridge_Bay",
		"America/Inuvik", "America/Swift_Current",
		// In zone.tab for Canada, though tzdata links them elsewhere.
		"America/Atikokan", "America/Blanc-Sablon", "America/Creston",
		// Backward-compatible names.
		"America/Montreal", "America/Nipigon", "America/Thunder_Bay",
		"America/Rainy_River", "America/Pangnirtung", "America/Yellowknife",
		"America/Coral_Harbour",
		"Canada/Atlantic", "Canada/Central", "Canada/Eastern",
		"Canada/Mountain", "Canada/Newfoundland", "Canada/Pacific",
		"Canada/Saskatchewan", "Canada/Yukon",
	}},

	// Mexico: 911.
	{"MX", "911", []string{
		"America/Mexico_City", "America/Cancun", "America/Merida",
		"America/Monterrey", "America/Matamoros", "America/Chihuahua",
		"America/Ojinaga", "America/Mazatlan", "America/Bahia_Banderas",
		"America/Hermosillo", "America/Tijuana", "America/Ciudad_Juarez",
		// Backward-compatible names.
		"America/Ensenada", "America/Santa_Isabel",
		"Mexico/BajaNorte", "Mexico/BajaSur", "Mexico/General",
	}},

	// Australia: 000.
	{"AU", "000", []string{
		"Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane",
		"Australia/Perth", "Australia/Adelaide", "Australia/Hobart",
		"Australia/Darwin", "Australia/Lindeman", "Australia/Broken_Hill",
		"Australia/Eucla", "Australia/Lord_Howe",
		// Backward-compatible names.
		"Australia/ACT", "Australia/Canberra", "Australia/NSW",
		"Australia/Victoria", "Australia/Queensland", "Australia/West",
		"Australia/South", "Australia/Tasmania", "Australia/North",
		"Australia/LHI", "Australia/Yancowinna", "Australia/Currie",
	}},

	// New Zealand: 111.
	{"NZ", "111", []string{"Pacific/Auckland", "Pacific/Chatham", "NZ", "NZ-CHAT"}},
}
