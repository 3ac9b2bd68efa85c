package plan

import "testing"

// Baseline (v2.1): the lower middle value of the last 7 morning check-ins
// (the first check-in of each local day), pain being the higher of leg
// and back; the onboarding answer until there are 3.
func TestBaseline_LowerMiddleOfTheLast7Mornings(t *testing.T) {
	later := func(d, hh, mm, leg int) CheckIn { return CheckIn{At: on(d, hh, mm), Leg: leg, Back: 0} }
	cases := []struct {
		name    string
		history []CheckIn
		want    int
	}{
		{"seven mornings 1..7: the median 4", mornings(-7, -1, 1, 2, 3, 4, 5, 6, 7), 4},
		{"only the last 7: an eighth, older morning at 9 is out", append(mornings(-8, -8, 9), mornings(-7, -1, 1, 1, 1, 2, 2, 2, 2)...), 2},
		{"four mornings 2,5,3,6: the lower middle 3", mornings(-4, -1, 2, 5, 3, 6), 3},
		{"six mornings: the lower middle of 1,1,1,5,5,5 is 1", mornings(-6, -1, 1, 5, 1, 5, 1, 5), 1},
		{"two mornings: the onboarding answer (max of 4 and 2)", mornings(-2, -1, 1), 4},
		{"three mornings replace it", mornings(-3, -1, 1), 1},
		{"back pain counts: the higher of leg and back", func() []CheckIn {
			h := mornings(-3, -1, 1)
			for i := range h {
				h[i].Back = 6
			}
			return h
		}(), 6},
		{"later check-ins of a day are not mornings", func() []CheckIn {
			var h []CheckIn
			for d := -5; d <= -1; d++ {
				h = append(h, morning(d, 2), later(d, 21, 0, 8))
			}
			return h
		}(), 2},
		{"23:30 is a later check-in, 00:30 the next morning", []CheckIn{
			morning(-3, 2), later(-3, 23, 30, 9),
			later(-2, 0, 30, 2), later(-2, 23, 30, 9),
			later(-1, 0, 30, 2), later(-1, 23, 30, 9),
		}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := Input{Now: now, Loc: berlin, OnboardingLeg: 4, OnboardingBack: 2, History: c.history}
			if got := Baseline(in); got != c.want {
				t.Errorf("Baseline = %d, want %d", got, c.want)
			}
		})
	}
}

// The same check-ins read in UTC: 00:30 Berlin is 22:30 UTC the evening
// before, after 21:30 UTC (23:30 Berlin), so the high 23:30 check-ins are
// the mornings there. The zone decides which check-in is the morning one.
func TestBaseline_CountsTheZonesLocalDays(t *testing.T) {
	var h []CheckIn
	for d := -4; d <= -1; d++ {
		h = append(h, CheckIn{At: on(d, 23, 30), Leg: 9}, CheckIn{At: on(d+1, 0, 30), Leg: 2})
	}
	in := Input{Now: on(0, 8, 0), Loc: berlin, History: h}
	if got := Baseline(in); got != 2 {
		t.Errorf("Berlin: Baseline = %d, want 2 (the 00:30 check-ins)", got)
	}
	in.Loc = nil
	if got := Baseline(in); got != 9 {
		t.Errorf("UTC: Baseline = %d, want 9 (the 23:30 check-ins)", got)
	}
}
