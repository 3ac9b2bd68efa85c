package localtime_test

import (
	"errors"
	"testing"

	"treadwell/internal/localtime"
)

func TestParseClockAccepted(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"07:30", "07:30"},
		{"7:30", "07:30"},
		{"19:00", "19:00"},
		{"00:00", "00:00"},
		{"23:59", "23:59"},
		{"7.30", "07:30"},
		{"0730", "07:30"},
		{"730", "07:30"},
		{"1930", "19:30"},
		{"0000", "00:00"},
		{"7", "07:00"},
		{"07", "07:00"},
		{"19", "19:00"},
		{"0", "00:00"},
		{"7am", "07:00"},
		{"7 am", "07:00"},
		{"7AM", "07:00"},
		{"7:30am", "07:30"},
		{"7:30 pm", "19:30"},
		{"7:30PM", "19:30"},
		{"7.30pm", "19:30"},
		{"7 p.m.", "19:00"},
		{"7a.m.", "07:00"},
		{"12am", "00:00"},
		{"12:15am", "00:15"},
		{"12pm", "12:00"},
		{"12:45 pm", "12:45"},
		{"11:59pm", "23:59"},
		{"1am", "01:00"},
		{"7h30", "07:30"},
		{"19h", "19:00"},
		{"19H05", "19:05"},
		{"noon", "12:00"},
		{"Midnight", "00:00"},
		{"  07:30  ", "07:30"},
		{"\t8:05\n", "08:05"},
	}
	for _, tt := range tests {
		got, err := localtime.ParseClock(tt.in)
		if err != nil {
			t.Errorf("ParseClock(%q) error %v", tt.in, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("ParseClock(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseClockRejected(t *testing.T) {
	for _, in := range []string{
		"", "   ", "25:00", "24:00", "7:60", "13pm", "0am", "00:30am", "19:00pm",
		"seven", "7:3", "7:300", "07:30:00", "12345", "-7", "+7", "7:-3", "7::30",
		"7 30", "7am pm", "am", "pm", "h30", ":30", "7:", "7.", "1e3", "0x10",
		"7:30 xm", "٧:٣٠",
	} {
		got, err := localtime.ParseClock(in)
		if err == nil {
			t.Errorf("ParseClock(%q) = %s, want error", in, got)
			continue
		}
		if !errors.Is(err, localtime.ErrClock) {
			t.Errorf("ParseClock(%q) error %v does not wrap ErrClock", in, err)
		}
	}
}

func TestClockStringRoundTrip(t *testing.T) {
	for h := 0; h < 24; h++ {
		for m := 0; m < 60; m++ {
			c := localtime.Clock{Hour: h, Minute: m}
			got, err := localtime.ParseClock(c.String())
			if err != nil || got != c {
				t.Fatalf("ParseClock(%q) = %v, %v; want %v", c.String(), got, err, c)
			}
		}
	}
}
