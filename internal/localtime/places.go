package localtime

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

//go:generate go run ./gencities -o places.tsv.gz

// placesGz is the offline place list: every town and city of the
// geonames-derived cities.json data package (github.com/ringsaturn/
// go-cities.json, CC-BY-4.0), each with the IANA zone the offline
// finder gives its coordinates, written by gencities. It has no
// population, so a name several places share in different zones is
// answered with all of them (see findPlace).
//
//go:embed places.tsv.gz
var placesGz []byte

// places is the list read once, on first use, so a process that never
// reads a place name (the scheduler, most tests) pays nothing.
var places struct {
	once  sync.Once
	data  []byte   // the lines, sorted by key
	lines []uint32 // offset of each line in data
	err   error
}

func loadPlaces() error {
	places.once.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(placesGz))
		if err != nil {
			places.err = fmt.Errorf("read place list: %w", err)
			return
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			places.err = fmt.Errorf("read place list: %w", err)
			return
		}
		lines := make([]uint32, 0, bytes.Count(data, []byte{'\n'}))
		for off := 0; off < len(data); {
			lines = append(lines, uint32(off))
			i := bytes.IndexByte(data[off:], '\n')
			if i < 0 {
				break
			}
			off += i + 1
		}
		places.data, places.lines = data, lines
	})
	return places.err
}

// findPlace looks a folded name up in the place list and returns every
// zone places of that name lie in, ordered by how many do (the data has
// no population; see PreferCountries for the order shown to a person).
func findPlace(key string) []Candidate {
	if key == "" || loadPlaces() != nil {
		return nil
	}
	data, lines := places.data, places.lines
	line := func(i int) []byte {
		end := len(data)
		if i+1 < len(lines) {
			end = int(lines[i+1]) - 1
		}
		return data[lines[i]:end]
	}
	keyOf := func(l []byte) string {
		k, _, _ := bytes.Cut(l, []byte{'\t'})
		return string(k)
	}
	i := sort.Search(len(lines), func(i int) bool { return keyOf(line(i)) >= key })
	if i == len(lines) || keyOf(line(i)) != key {
		return nil
	}
	_, rest, _ := bytes.Cut(line(i), []byte{'\t'})
	var out []Candidate
	for _, part := range strings.Split(string(rest), ";") {
		f := strings.Split(part, "|")
		if len(f) != 3 {
			continue
		}
		n, _ := strconv.Atoi(f[2])
		out = append(out, Candidate{Zone: f[0], Country: f[1], places: n})
	}
	return out
}

// specialFold are letters that do not decompose into a base letter and a
// mark.
var specialFold = strings.NewReplacer(
	"ß", "ss", "ł", "l", "ø", "o", "ı", "i", "đ", "d", "æ", "ae", "œ", "oe", "þ", "th",
	".", "", "'", "", "’", "", ",", " ", "_", " ", "-", " ",
)

// PlaceKey folds a place name as people type it: lower case, accents
// dropped (any combining mark), dots and apostrophes dropped, '_' and
// '-' as spaces, spaces collapsed. "São Paulo", "sao-paulo" and
// "SAO PAULO" share a key. It is exported for gencities, which keys the
// place list with it.
func PlaceKey(s string) string {
	s = norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(specialFold.Replace(b.String())), " ")
}

// PreferCountries orders candidates for a person: those in the given
// countries first, in the order of that list, then the rest as they
// were. A Spanish speaker asked about "Granada" sees Spain and Latin
// America before the Philippines.
func PreferCountries(cs []Candidate, countries []string) []Candidate {
	rank := func(c Candidate) int {
		for i, cc := range countries {
			if c.Country == cc {
				return i
			}
		}
		return len(countries)
	}
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b Candidate) int { return rank(a) - rank(b) })
	return out
}
