// Package schedule turns a person's reminder settings (zone, time,
// days) into a cron spec parsed by robfig/cron and computes its fire
// times with explicit DST rules. It is pure: no clock, no I/O.
package schedule

import (
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"treadwell/internal/localtime"
)

// Schedule is one person's reminder schedule: a cron spec with CRON_TZ,
// parsed by robfig/cron, whose fire times follow Treadwell's DST rules:
// a time that does not exist on a spring-forward day fires at the first
// instant after the gap, and a time that happens twice on a fall-back day
// fires once, at its first occurrence. (robfig/cron's own Next skips the
// first and fires twice in the second; see the tests.)
type Schedule struct {
	clock localtime.Clock
	days  localtime.Days
	loc   *time.Location
}

// New builds the schedule from text, as an operator types it: a zone
// (as localtime.ParseZone gives it), a time ("07:30") and days ("daily",
// "mon,wed,fri").
func New(zone, at, days string) (*Schedule, error) {
	c, err := localtime.ParseClock(at)
	if err != nil {
		return nil, fmt.Errorf("schedule: time: %w", err)
	}
	d, err := localtime.ParseDays(days)
	if err != nil {
		return nil, fmt.Errorf("schedule: days: %w", err)
	}
	return For(localtime.Zone(zone), c, d)
}

// For builds the schedule of a zone, a time of day and days. Schedules
// are immutable, so the same settings share one (see built).
func For(zone localtime.Zone, c localtime.Clock, d localtime.Days) (*Schedule, error) {
	k := builtKey{zone, c, d}
	if s, ok := built.get(k); ok {
		return s, nil
	}
	s, err := build(zone, c, d)
	if err != nil {
		return nil, err
	}
	built.put(k, s)
	return s, nil
}

// built keeps the schedules For made, up to builtMax: the dispatcher
// composes every reminder from its person's settings, and building a
// schedule (a cron spec written and parsed) was most of the cost of
// composing one. People share settings (a zone, a time, the days), so
// the cache stays small; past builtMax it starts again, so that its
// size never follows the number of people.
var built = &scheduleCache{m: map[builtKey]*Schedule{}}

const builtMax = 4096

type builtKey struct {
	zone  localtime.Zone
	clock localtime.Clock
	days  localtime.Days
}

type scheduleCache struct {
	mu sync.RWMutex
	m  map[builtKey]*Schedule
}

func (c *scheduleCache) get(k builtKey) (*Schedule, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.m[k]
	return s, ok
}

func (c *scheduleCache) put(k builtKey, s *Schedule) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= builtMax {
		clear(c.m)
	}
	c.m[k] = s
}

func build(zone localtime.Zone, c localtime.Clock, d localtime.Days) (*Schedule, error) {
	loc, err := zone.Location()
	if err != nil {
		return nil, fmt.Errorf("schedule: zone: %w", err)
	}
	spec := cronSpec(string(zone), c, d)
	// Parsed without its CRON_TZ: robfig/cron would load the zone from
	// the file system on every parse (each reminder the dispatcher
	// composes builds a schedule), and the zone is set below from
	// localtime's cache anyway.
	_, fields, _ := strings.Cut(spec, " ")
	if !strings.HasPrefix(spec, "CRON_TZ=") {
		fields = spec
	}
	parsed, err := cron.ParseStandard(fields)
	if err != nil {
		return nil, fmt.Errorf("schedule: spec %q: %w", spec, err)
	}
	s, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return nil, fmt.Errorf("schedule: spec %q is not a daily schedule", spec)
	}
	// Fixed offsets ("UTC+05:30") are not zone names CRON_TZ knows, so
	// their spec has no CRON_TZ; the zone is set here either way.
	s.Location = loc
	return fromSpec(spec, s)
}

// cronSpec is the standard five-field spec, with CRON_TZ for IANA zones:
// "CRON_TZ=Europe/Berlin 30 7 * * 1-5".
func cronSpec(zone string, c localtime.Clock, d localtime.Days) string {
	var dow []string
	for w := time.Sunday; w <= time.Saturday; w++ {
		if d.Has(w) {
			dow = append(dow, fmt.Sprint(int(w)))
		}
	}
	spec := fmt.Sprintf("%d %d * * %s", c.Minute, c.Hour, strings.Join(dow, ","))
	if strings.HasPrefix(zone, "UTC") && len(zone) > 3 {
		return spec
	}
	return "CRON_TZ=" + zone + " " + spec
}

// fromSpec reads the parsed fields back: one minute, one hour, a set of
// weekdays, any day of month and month.
func fromSpec(spec string, s *cron.SpecSchedule) (*Schedule, error) {
	const star = 1 << 63 // robfig's marker for "*"
	minute, hour := s.Minute&^star, s.Hour&^star
	if bits.OnesCount64(minute) != 1 || bits.OnesCount64(hour) != 1 {
		return nil, fmt.Errorf("schedule: spec %q must fire once a day", spec)
	}
	var days localtime.Days
	for w := time.Sunday; w <= time.Saturday; w++ {
		if s.Dow&(1<<uint(w)) != 0 {
			days |= 1 << uint(w)
		}
	}
	return &Schedule{
		clock: localtime.Clock{Hour: bits.TrailingZeros64(hour), Minute: bits.TrailingZeros64(minute)},
		days:  days,
		loc:   s.Location,
	}, nil
}

// Location is the schedule's zone.
func (s *Schedule) Location() *time.Location { return s.loc }

// Next is the first fire time strictly after t.
func (s *Schedule) Next(t time.Time) time.Time {
	return localtime.Next(t, s.clock, s.days, s.loc)
}

// Fires reports whether t is one of the schedule's fire times.
func (s *Schedule) Fires(t time.Time) bool {
	return s.Next(t.Add(-time.Millisecond)).Equal(t)
}
