package localtime_test

import (
	"errors"
	"math"
	"testing"

	"treadwell/internal/localtime"
)

func TestZoneAt(t *testing.T) {
	tests := []struct {
		lat, lng float64
		want     string
	}{
		{40.4168, -3.7038, "Europe/Madrid"},
		{51.5074, -0.1278, "Europe/London"},
		{40.7128, -74.0060, "America/New_York"},
		{19.4326, -99.1332, "America/Mexico_City"},
		{4.7110, -74.0721, "America/Bogota"},
		{-34.6037, -58.3816, "America/Argentina/Buenos_Aires"},
		{-33.8688, 151.2093, "Australia/Sydney"},
		{28.4636, -16.2518, "Atlantic/Canary"}, // Tenerife: not Madrid's hour
		{0, -150, "UTC-10:00"},                 // the Pacific: an offset, not Etc/GMT+10
	}
	for _, tt := range tests {
		got, err := localtime.ZoneAt(tt.lat, tt.lng)
		if err != nil || got != tt.want {
			t.Errorf("ZoneAt(%v, %v) = %q, %v; want %q", tt.lat, tt.lng, got, err, tt.want)
			continue
		}
		if _, err := localtime.LoadZone(got); err != nil {
			t.Errorf("LoadZone(%q): %v", got, err)
		}
	}
	for _, c := range [][2]float64{{91, 0}, {-91, 0}, {0, 181}, {0, -180.5}, {math.NaN(), 0}, {0, math.Inf(1)}} {
		if got, err := localtime.ZoneAt(c[0], c[1]); !errors.Is(err, localtime.ErrLocation) || !errors.Is(err, localtime.ErrZone) {
			t.Errorf("ZoneAt(%v, %v) = %q, %v; want ErrLocation", c[0], c[1], got, err)
		}
	}
}
