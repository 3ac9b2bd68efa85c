package localtime

import (
	"fmt"
	"time"
)

// Zone is a time zone as ParseZone gives it: an IANA name
// ("Europe/Berlin") or a fixed offset ("UTC+05:30"). It is stored as
// that name.
type Zone string

// Location loads the zone (cached).
func (z Zone) Location() (*time.Location, error) { return LoadZone(string(z)) }

// String is the zone's name.
func (z Zone) String() string { return string(z) }

// MarshalText stores a clock as "HH:MM".
func (c Clock) MarshalText() ([]byte, error) {
	if !c.valid() {
		return nil, fmt.Errorf("marshal clock %d:%d: %w", c.Hour, c.Minute, ErrClock)
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads a stored clock. An empty value (a profile not set
// up yet) is the zero clock.
func (c *Clock) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = Clock{}
		return nil
	}
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// MarshalText stores days in their canonical form ("daily",
// "mon,wed,fri"; "" for none).
func (d Days) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads stored days. An empty value (a profile not set up
// yet) is no day.
func (d *Days) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseDays(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
