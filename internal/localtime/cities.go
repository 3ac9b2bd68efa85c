package localtime

import "strings"

// lookupCity finds a well-known city (or a "City, Country" form) in the
// English table or the Spanish supplement.
func lookupCity(in string) (Candidate, bool) {
	for _, key := range []string{PlaceKey(in), commaHead(in)} {
		if key == "" {
			continue
		}
		if z, ok := cities[key]; ok {
			return Candidate{Zone: z}, true
		}
		if z, ok := spanishNames[key]; ok {
			return Candidate{Zone: z}, true
		}
	}
	return Candidate{}, false
}

// commaHead is the folded part before a comma ("Berlin" of "Berlin,
// Germany"), "" without one.
func commaHead(in string) string {
	if i := strings.IndexByte(in, ','); i > 0 {
		return PlaceKey(in[:i])
	}
	return ""
}

// cities maps folded city names (see PlaceKey) to IANA zones: well-known
// cities whose name other, smaller places share in other zones (London,
// Ontario; Lima, Ohio), so the place list alone would ask. The place
// list has no population; this table is the rule for the names where
// the most populous place is clear. Names shared by places of similar
// size (Portland, Hyderabad, San Jose, Valencia, Córdoba) are left out on
// purpose: the place list asks which one.
var cities = map[string]string{
	// Europe
	"london": "Europe/London", "dublin": "Europe/Dublin", "lisbon": "Europe/Lisbon",
	"edinburgh": "Europe/London", "manchester": "Europe/London",
	"birmingham": "Europe/London", "glasgow": "Europe/London", "liverpool": "Europe/London",
	"leeds": "Europe/London", "bristol": "Europe/London", "cardiff": "Europe/London",
	"belfast": "Europe/London", "sheffield": "Europe/London", "newcastle": "Europe/London",
	"newcastle upon tyne": "Europe/London", "nottingham": "Europe/London",
	"leicester": "Europe/London", "aberdeen": "Europe/London", "york": "Europe/London",
	"brighton": "Europe/London", "oxford": "Europe/London", "cambridge": "Europe/London",
	"southampton": "Europe/London", "portsmouth": "Europe/London", "plymouth": "Europe/London",
	"coventry": "Europe/London", "bradford": "Europe/London", "swansea": "Europe/London",
	"exeter": "Europe/London", "bath": "Europe/London", "norwich": "Europe/London",
	"seville": "Europe/Madrid",
	"madrid":  "Europe/Madrid", "barcelona": "Europe/Madrid", "paris": "Europe/Paris",
	"brussels": "Europe/Brussels", "amsterdam": "Europe/Amsterdam", "berlin": "Europe/Berlin",
	"munich": "Europe/Berlin", "munchen": "Europe/Berlin", "hamburg": "Europe/Berlin",
	"frankfurt": "Europe/Berlin", "cologne": "Europe/Berlin", "koln": "Europe/Berlin",
	"zurich": "Europe/Zurich", "geneva": "Europe/Zurich", "vienna": "Europe/Vienna",
	"wien": "Europe/Vienna", "rome": "Europe/Rome", "milan": "Europe/Rome",
	"copenhagen": "Europe/Copenhagen", "oslo": "Europe/Oslo", "stockholm": "Europe/Stockholm",
	"helsinki": "Europe/Helsinki", "warsaw": "Europe/Warsaw", "prague": "Europe/Prague",
	"budapest": "Europe/Budapest", "athens": "Europe/Athens", "bucharest": "Europe/Bucharest",
	"sofia": "Europe/Sofia", "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv",
	"istanbul": "Europe/Istanbul", "moscow": "Europe/Moscow", "reykjavik": "Atlantic/Reykjavik",
	// Africa and the Middle East
	"cairo": "Africa/Cairo", "lagos": "Africa/Lagos", "nairobi": "Africa/Nairobi",
	"johannesburg": "Africa/Johannesburg", "cape town": "Africa/Johannesburg",
	"casablanca": "Africa/Casablanca", "accra": "Africa/Accra", "addis ababa": "Africa/Addis_Ababa",
	"tel aviv": "Asia/Jerusalem", "jerusalem": "Asia/Jerusalem", "riyadh": "Asia/Riyadh",
	"dubai": "Asia/Dubai", "abu dhabi": "Asia/Dubai", "doha": "Asia/Qatar", "tehran": "Asia/Tehran",
	// Asia
	"karachi": "Asia/Karachi", "lahore": "Asia/Karachi", "mumbai": "Asia/Kolkata",
	"bombay": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
	"kolkata": "Asia/Kolkata", "calcutta": "Asia/Kolkata", "bangalore": "Asia/Kolkata",
	"bengaluru": "Asia/Kolkata", "chennai": "Asia/Kolkata", "kathmandu": "Asia/Kathmandu",
	"dhaka": "Asia/Dhaka", "colombo": "Asia/Colombo", "bangkok": "Asia/Bangkok",
	"jakarta": "Asia/Jakarta", "ho chi minh city": "Asia/Ho_Chi_Minh", "saigon": "Asia/Ho_Chi_Minh",
	"hanoi": "Asia/Ho_Chi_Minh", "kuala lumpur": "Asia/Kuala_Lumpur", "singapore": "Asia/Singapore",
	"manila": "Asia/Manila", "hong kong": "Asia/Hong_Kong", "shanghai": "Asia/Shanghai",
	"beijing": "Asia/Shanghai", "shenzhen": "Asia/Shanghai", "taipei": "Asia/Taipei",
	"seoul": "Asia/Seoul", "tokyo": "Asia/Tokyo", "osaka": "Asia/Tokyo",
	// Oceania
	"perth": "Australia/Perth", "adelaide": "Australia/Adelaide", "darwin": "Australia/Darwin",
	"brisbane": "Australia/Brisbane", "sydney": "Australia/Sydney", "canberra": "Australia/Sydney",
	"melbourne": "Australia/Melbourne", "hobart": "Australia/Hobart", "lord howe": "Australia/Lord_Howe",
	"lord howe island": "Australia/Lord_Howe", "auckland": "Pacific/Auckland",
	"wellington": "Pacific/Auckland", "honolulu": "Pacific/Honolulu",
	// Americas
	"anchorage": "America/Anchorage", "vancouver": "America/Vancouver", "seattle": "America/Los_Angeles",
	"san francisco": "America/Los_Angeles", "los angeles": "America/Los_Angeles",
	"las vegas": "America/Los_Angeles", "san diego": "America/Los_Angeles",
	"phoenix": "America/Phoenix", "denver": "America/Denver", "calgary": "America/Edmonton",
	"edmonton": "America/Edmonton", "chicago": "America/Chicago", "houston": "America/Chicago",
	"dallas": "America/Chicago", "austin": "America/Chicago", "winnipeg": "America/Winnipeg",
	"mexico city": "America/Mexico_City", "ciudad de mexico": "America/Mexico_City",
	"toronto": "America/Toronto", "montreal": "America/Toronto", "ottawa": "America/Toronto",
	"new york": "America/New_York", "new york city": "America/New_York", "nyc": "America/New_York",
	"boston": "America/New_York", "washington dc": "America/New_York", "washington": "America/New_York", "miami": "America/New_York",
	"atlanta": "America/New_York", "philadelphia": "America/New_York", "detroit": "America/Detroit",
	"halifax": "America/Halifax", "st johns": "America/St_Johns", "havana": "America/Havana",
	"bogota": "America/Bogota", "lima": "America/Lima", "caracas": "America/Caracas",
	"santiago": "America/Santiago", "buenos aires": "America/Argentina/Buenos_Aires",
	"sao paulo": "America/Sao_Paulo", "rio de janeiro": "America/Sao_Paulo", "rio": "America/Sao_Paulo",
}
