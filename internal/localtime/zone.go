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
// that LoadZone understands; it is FindZone for an answer that names one
// zone. An answer that names several ("IST", "Birmingham") is refused
// with an error wrapping ErrAmbiguous (and ErrZone): ask the person with
// FindZone's candidates instead.
func ParseZone(s string) (string, error) {
	cs, err := FindZone(s)
	if err != nil {
		return "", err
	}
	if len(cs) > 1 {
		return "", fmt.Errorf("parse zone %s: %w: %w", quoteInput(s), ErrZone, ErrAmbiguous)
	}
	return cs[0].Zone, nil
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
