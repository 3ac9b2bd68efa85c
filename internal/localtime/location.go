package localtime

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/ringsaturn/tzf"
)

// ErrLocation reports coordinates that are not a place on Earth or that
// the offline finder has no zone for. Errors wrapping it also wrap
// ErrZone.
var ErrLocation = errors.New("no time zone at that location")

// finder is the offline zone finder (github.com/ringsaturn/tzf with its
// lite polygons), built once on the first shared location: building it
// takes about a second and some 200 MB for a moment (about 30 MB stay),
// which nothing that never reads a location should pay.
var finder struct {
	once sync.Once
	f    tzf.F
	err  error
}

// ZoneAt gives the zone of a place by its coordinates (a location the
// person shared), canonical as ParseZone gives it. At sea, where the
// finder answers with an Etc/GMT zone, it is the UTC offset instead
// ("Etc/GMT+5" is UTC-05:00: the Etc signs are inverted, which nobody
// should be shown).
func ZoneAt(lat, lng float64) (string, error) {
	if math.IsNaN(lat) || math.IsNaN(lng) || lat < -90 || lat > 90 || lng < -180 || lng > 180 {
		return "", fmt.Errorf("zone at %.4f,%.4f: %w: %w", lat, lng, ErrZone, ErrLocation)
	}
	finder.once.Do(func() {
		f, err := tzf.NewDefaultFinder()
		if err != nil {
			finder.err = fmt.Errorf("zone finder: %w", err)
			return
		}
		finder.f = f
	})
	if finder.err != nil {
		return "", fmt.Errorf("zone at %.4f,%.4f: %w: %w", lat, lng, ErrZone, finder.err)
	}
	name := finder.f.GetTimezoneName(lng, lat)
	if rest, ok := strings.CutPrefix(name, "Etc/GMT"); ok {
		h := 0
		if rest != "" {
			n, err := strconv.Atoi(rest)
			if err != nil {
				return "", fmt.Errorf("zone at %.4f,%.4f: %w: %w", lat, lng, ErrZone, ErrLocation)
			}
			h = -n
		}
		if !offsetOK(h * 60) {
			return "", fmt.Errorf("zone at %.4f,%.4f: %w: %w", lat, lng, ErrZone, ErrLocation)
		}
		return formatOffset(h * 60), nil
	}
	// Only names this package accepts: the zone is stored, then loaded.
	z, err := ParseZone(name)
	if err != nil || z != name {
		return "", fmt.Errorf("zone at %.4f,%.4f: %w: %w", lat, lng, ErrZone, ErrLocation)
	}
	return z, nil
}
