package localtime

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // people's zones must load on machines without zoneinfo
)

// ErrZone reports a zone that could not be understood or loaded.
var ErrZone = errors.New("unknown time zone")

// ErrOffset reports a UTC offset outside -12:00..+14:00 or not on a quarter
// hour. Errors wrapping ErrOffset also wrap ErrZone.
var ErrOffset = errors.New("utc offset out of range")

const (
	minOffset = -12 * 60 // minutes
	maxOffset = 14 * 60
	// maxZoneLen bounds zone names: the longest IANA name is 32 bytes.
	maxZoneLen = 64
)

// ParseZone reads a zone as people type it and returns a canonical name
// that LoadZone understands:
//
//   - "UTC", "GMT", "Z" (any case) and zero offsets give "UTC";
//   - a UTC offset, "+2", "+02:00", "-0500", "UTC+2", "GMT-3", "utc -4:30",
//     gives "UTC+02:00" / "UTC-04:30" (range -12:00..+14:00, minutes
//     00/15/30/45);
//   - a well-known city ("Berlin", "New York", "NYC", "Sao Paulo") gives its
//     IANA zone;
//   - an IANA name containing "/", matched case-insensitively and with
//     spaces for underscores ("america/new york"), gives its canonical
//     spelling ("America/New_York"). Only names under the areas of Go's
//     zone database count (see ianaAreas): right/ and posix/ copies on the
//     host are refused like any unknown zone.
//
// Input longer than 64 bytes (after trimming) is refused.
//
// Single-word IANA names and abbreviations ("EST", "CET", "Japan") are not
// accepted unless listed as a city: several of them are fixed offsets that
// do not follow the DST people expect.
func ParseZone(s string) (string, error) {
	in := strings.TrimSpace(s)
	if in == "" || len(in) > maxZoneLen {
		return "", fmt.Errorf("parse zone %s: %w", quoteInput(s), ErrZone)
	}
	if name, ok, err := parseOffset(in); ok || err != nil {
		if err != nil {
			return "", fmt.Errorf("parse zone %s: %w: %w", quoteInput(s), ErrZone, err)
		}
		return name, nil
	}
	if name, ok := lookupCity(in); ok {
		return name, nil
	}
	if strings.Contains(in, "/") {
		if name, ok := lookupIANA(in); ok {
			return name, nil
		}
	}
	return "", fmt.Errorf("parse zone %s: %w", quoteInput(s), ErrZone)
}

// LoadZone loads a canonical zone name as returned by ParseZone: "UTC", a
// fixed offset "UTC±HH:MM" (a time.FixedZone with that name) or an IANA
// name (exact spelling). Loaded zones are cached; the result is shared and
// must not be modified (a *time.Location cannot be).
func LoadZone(name string) (*time.Location, error) {
	if name == "UTC" {
		return time.UTC, nil
	}
	if len(name) > maxZoneLen { // no stored name is longer; spare the file system
		return nil, fmt.Errorf("load zone %s: %w", quoteInput(name), ErrZone)
	}
	if v, ok := zoneCache.Load(name); ok {
		return v.(*time.Location), nil
	}
	var loc *time.Location
	switch {
	case strings.HasPrefix(name, "UTC+") || strings.HasPrefix(name, "UTC-"):
		mins, ok := canonicalOffset(name)
		if !ok {
			return nil, fmt.Errorf("load zone %s: %w", quoteInput(name), ErrZone)
		}
		loc = time.FixedZone(name, mins*60)
	case name == "" || name == "Local":
		return nil, fmt.Errorf("load zone %s: %w", quoteInput(name), ErrZone)
	default:
		l, err := time.LoadLocation(name)
		if err != nil {
			return nil, fmt.Errorf("load zone %s: %w: %w", quoteInput(name), ErrZone, err)
		}
		loc = l
	}
	v, _ := zoneCache.LoadOrStore(name, loc)
	return v.(*time.Location), nil
}

var zoneCache sync.Map // canonical name → *time.Location

// formatOffset gives the canonical name for an offset in minutes.
func formatOffset(mins int) string {
	if mins == 0 {
		return "UTC"
	}
	sign := byte('+')
	if mins < 0 {
		sign, mins = '-', -mins
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, mins/60, mins%60)
}

func offsetOK(mins int) bool {
	return mins >= minOffset && mins <= maxOffset && mins%15 == 0
}

// canonicalOffset parses exactly "UTC±HH:MM" as formatOffset writes it.
func canonicalOffset(name string) (int, bool) {
	if len(name) != len("UTC+00:00") || name[6] != ':' {
		return 0, false
	}
	h, ok1 := atoi(name[4:6])
	m, ok2 := atoi(name[7:9])
	if !ok1 || !ok2 || m > 59 {
		return 0, false
	}
	mins := h*60 + m
	if name[3] == '-' {
		mins = -mins
	}
	if mins == 0 || !offsetOK(mins) || formatOffset(mins) != name {
		return 0, false
	}
	return mins, true
}

// parseOffset recognises UTC aliases and UTC offsets. ok reports that in
// is one (name is then canonical); err is set when in is clearly an offset
// but out of range.
func parseOffset(in string) (name string, ok bool, err error) {
	s := strings.ToLower(strings.Join(strings.Fields(in), ""))
	s = strings.ReplaceAll(s, "\u2212", "-") // minus sign
	for _, p := range []string{"utc", "gmt", "z"} {
		if s == p {
			return "UTC", true, nil
		}
	}
	for _, p := range []string{"utc", "gmt"} {
		if strings.HasPrefix(s, p) {
			s = s[len(p):]
			break
		}
	}
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return "", false, nil
	}
	neg := s[0] == '-'
	s = s[1:]
	var hs, ms string
	if i := strings.IndexByte(s, ':'); i >= 0 {
		hs, ms = s[:i], s[i+1:]
		if len(ms) != 2 {
			return "", false, nil
		}
	} else if len(s) <= 2 {
		hs = s
	} else if len(s) <= 4 {
		hs, ms = s[:len(s)-2], s[len(s)-2:]
	} else {
		return "", false, nil
	}
	if len(hs) < 1 || len(hs) > 2 {
		return "", false, nil
	}
	h, ok1 := atoi(hs)
	m, ok2 := 0, true
	if ms != "" {
		m, ok2 = atoi(ms)
	}
	if !ok1 || !ok2 {
		return "", false, nil
	}
	if m > 59 {
		return "", false, ErrOffset
	}
	mins := h*60 + m
	if neg {
		mins = -mins
	}
	if !offsetOK(mins) {
		return "", false, ErrOffset
	}
	return formatOffset(mins), true, nil
}

// ianaAreas are the first parts of every IANA name with a "/" in Go's
// embedded zone database (time/tzdata), lower-cased. time.LoadLocation
// also reads the host's zoneinfo, which holds trees that are not zones
// people live in: right/ (clocks that count leap seconds, about half a
// minute off), posix/ (copies under another name) and whatever else the
// host ships. Such a name would load here and fail in the distroless
// image, so only these areas are looked up at all.
var ianaAreas = map[string]bool{
	"africa": true, "america": true, "antarctica": true, "arctic": true,
	"asia": true, "atlantic": true, "australia": true, "europe": true,
	"indian": true, "pacific": true, "etc": true,
	// Backward-compatible links, still in the database ("US/Eastern").
	"brazil": true, "canada": true, "chile": true, "mexico": true, "us": true,
}

// ianaSegment reports whether seg can be one part of an IANA name: ASCII
// letters, digits, '_', '-' and '+' ("Etc/GMT+5"), not starting with '-'.
// This refuses "." and ".." (paths that leave the zone tree), empty parts
// and anything else no zone name contains.
func ianaSegment(seg string) bool {
	if seg == "" || seg[0] == '-' {
		return false
	}
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '+') {
			return false
		}
	}
	return true
}

// loadLocation is time.LoadLocation; tests replace it to stand for a host
// whose zoneinfo holds more than Go's database.
var loadLocation = time.LoadLocation

// lookupIANA finds the IANA zone for a name with "/", case-insensitively.
// Capitalised spellings are tried before the input as given, so that a
// case-insensitive file system cannot make "europe/berlin" canonical.
func lookupIANA(in string) (string, bool) {
	segs := strings.Split(in, "/")
	if len(segs) > 3 { // IANA names have at most three parts; bounds the tries to 27
		return "", false
	}
	options := make([][]string, len(segs))
	for i, seg := range segs {
		seg = strings.Join(strings.Fields(seg), "_")
		if !ianaSegment(seg) {
			return "", false
		}
		segs[i] = seg
		options[i] = segmentSpellings(seg)
	}
	if !ianaAreas[strings.ToLower(segs[0])] {
		return "", false
	}
	tried := map[string]bool{}
	try := func(name string) bool {
		if tried[name] {
			return false
		}
		tried[name] = true
		_, err := loadLocation(name)
		return err == nil
	}
	// Walk the product of the spellings, first choices first.
	idx := make([]int, len(segs))
	for {
		parts := make([]string, len(segs))
		for i := range segs {
			parts[i] = options[i][idx[i]]
		}
		if name := strings.Join(parts, "/"); try(name) {
			return name, true
		}
		i := len(idx) - 1
		for ; i >= 0; i-- {
			idx[i]++
			if idx[i] < len(options[i]) {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			break
		}
	}
	// The parts as typed (spaces as '_'), for names whose case no rule
	// above produces ("Antarctica/DumontDUrville").
	if name := strings.Join(segs, "/"); try(name) {
		return name, true
	}
	return "", false
}

// smallWords stay lower case inside IANA names (Port_of_Spain,
// Dar_es_Salaam, Port-au-Prince).
var smallWords = map[string]bool{"of": true, "es": true, "au": true}

// segmentSpellings returns likely IANA spellings of one path segment:
// Title_Case, Title_Case with small words lower, UPPER.
func segmentSpellings(seg string) []string {
	lower := strings.ToLower(seg)
	var title, small strings.Builder
	word := 0
	start := true
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		if c == '_' || c == '-' {
			title.WriteByte(c)
			small.WriteByte(c)
			start = true
			continue
		}
		if start {
			start = false
			end := i
			for end < len(lower) && lower[end] != '_' && lower[end] != '-' {
				end++
			}
			w := lower[i:end]
			up := strings.ToUpper(w[:1]) + w[1:]
			title.WriteString(up)
			if word > 0 && smallWords[w] {
				small.WriteString(w)
			} else {
				small.WriteString(up)
			}
			word++
			i = end - 1
		}
	}
	out := []string{title.String()}
	for _, v := range []string{small.String(), strings.ToUpper(lower)} {
		dup := false
		for _, o := range out {
			dup = dup || o == v
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

// lookupCity finds a well-known city (or a "City, Country" form).
func lookupCity(in string) (string, bool) {
	key := cityKey(in)
	if z, ok := cities[key]; ok {
		return z, true
	}
	if i := strings.IndexByte(in, ','); i > 0 {
		if z, ok := cities[cityKey(in[:i])]; ok {
			return z, true
		}
	}
	return "", false
}

var foldReplacer = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a", "ā", "a",
	"ç", "c", "ć", "c", "č", "c",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ě", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ı", "i",
	"ñ", "n", "ń", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u",
	"ý", "y", "ÿ", "y", "ß", "ss", "ł", "l", "ś", "s", "ş", "s", "š", "s",
	"ź", "z", "ż", "z", "ž", "z", "ğ", "g", "ř", "r",
	"\u0307", "", ".", "", "'", "", "’", "", ",", " ", "_", " ", "-", " ",
)

// cityKey normalises a city name: lower case, diacritics folded, dots and
// apostrophes dropped, '_' and '-' as spaces, spaces collapsed.
func cityKey(s string) string {
	return strings.Join(strings.Fields(foldReplacer.Replace(strings.ToLower(s))), " ")
}

// cities maps normalised city names (see cityKey) to IANA zones. Ambiguous
// names and abbreviations (LA, SF, Portland, Birmingham, Hyderabad,
// San Jose) are left out on purpose.
var cities = map[string]string{
	// Europe
	"london": "Europe/London", "dublin": "Europe/Dublin", "lisbon": "Europe/Lisbon",
	"edinburgh": "Europe/London", "manchester": "Europe/London",
	"madrid": "Europe/Madrid", "barcelona": "Europe/Madrid", "paris": "Europe/Paris",
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
	"boston": "America/New_York", "washington dc": "America/New_York", "miami": "America/New_York",
	"atlanta": "America/New_York", "philadelphia": "America/New_York", "detroit": "America/Detroit",
	"halifax": "America/Halifax", "st johns": "America/St_Johns", "havana": "America/Havana",
	"bogota": "America/Bogota", "lima": "America/Lima", "caracas": "America/Caracas",
	"santiago": "America/Santiago", "buenos aires": "America/Argentina/Buenos_Aires",
	"sao paulo": "America/Sao_Paulo", "rio de janeiro": "America/Sao_Paulo", "rio": "America/Sao_Paulo",
}
