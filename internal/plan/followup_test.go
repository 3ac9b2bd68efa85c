package plan

import (
	"slices"
	"testing"
)

// Follow-ups while paused for a flare (v2.1): on the 3rd, 7th, 14th, 21st
// and 28th local day after the day the pause began; never more. Same or
// worse on day 3 or later gives the advice to see a clinician.
func TestNextFollowUpDay(t *testing.T) {
	if !slices.Equal(FollowUpDays, []int{3, 7, 14, 21, 28}) {
		t.Errorf("FollowUpDays = %v, want [3 7 14 21 28]", FollowUpDays)
	}
	if AdviseClinicianFrom != 3 {
		t.Errorf("AdviseClinicianFrom = %d, want 3", AdviseClinicianFrom)
	}
	cases := []struct{ after, want int }{
		{0, 3}, {2, 3}, {3, 7}, {6, 7}, {7, 14}, {13, 14}, {14, 21}, {20, 21}, {21, 28}, {27, 28},
	}
	for _, c := range cases {
		if got, ok := NextFollowUpDay(c.after); !ok || got != c.want {
			t.Errorf("NextFollowUpDay(%d) = %d %v, want %d", c.after, got, ok, c.want)
		}
	}
	for _, after := range []int{28, 29, 60} {
		if got, ok := NextFollowUpDay(after); ok {
			t.Errorf("NextFollowUpDay(%d) = %d: after the 28th day, none", after, got)
		}
	}
	// Walking the chain from the day the pause began sends exactly five.
	var sent []int
	for d, ok := NextFollowUpDay(0); ok; d, ok = NextFollowUpDay(d) {
		sent = append(sent, d)
	}
	if !slices.Equal(sent, FollowUpDays) {
		t.Errorf("follow-ups sent on %v", sent)
	}
}
