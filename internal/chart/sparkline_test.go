package chart

import "testing"

func TestSparkline(t *testing.T) {
	cases := []struct {
		name   string
		values []int
		max    int
		want   string
	}{
		{"empty", nil, 30, ""},
		{"ramp", []int{0, 1, 2, 3, 4, 5, 6, 7}, 7, "▁▂▃▄▅▆▇█"},
		{"missing day is a space", []int{8, -1, 15}, 30, "▃ ▅"},
		{"zero is the lowest block", []int{0, 0}, 30, "▁▁"},
		{"above max is full", []int{45, 30}, 30, "██"},
		{"rounds to nearest", []int{2, 3}, 30, "▁▂"},
		{"max from values when 0", []int{5, 10, 20}, 0, "▃▅█"},
		{"all missing", []int{-1, -1}, 0, "  "},
		{"all zero, no max", []int{0, 0}, 0, "▁▁"},
		{"minutes 8 to 15 on 30", []int{8, 9, 10, 11, 12, 13, 14, 15}, 30, "▃▃▃▄▄▄▄▅"},
	}
	for _, c := range cases {
		if got := Sparkline(c.values, c.max); got != c.want {
			t.Errorf("%s: Sparkline(%v, %d) = %q, want %q", c.name, c.values, c.max, got, c.want)
		}
	}
}
