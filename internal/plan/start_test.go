package plan

import (
	"testing"
	"time"
)

// START: 80% of the time the user can walk now before leg pain rises by 2
// points, at least 5 and at most 20 minutes; v2: sessions per week = the
// number of reminder days a week, at least 3 and at most 5; easy pace, 0%
// incline.
func TestRule_START_FirstPlan(t *testing.T) {
	cases := []struct {
		tolerance, reminderDays int
		want                    Dose
	}{
		{15, 3, dose(12, 3)},
		{4, 3, dose(5, 3)},
		{6, 3, dose(5, 3)},
		{7, 3, dose(5, 3)},
		{10, 3, dose(8, 3)},
		{25, 3, dose(20, 3)},
		{40, 3, dose(20, 3)},
		{15, 0, dose(12, 3)},
		{15, 1, dose(12, 3)},
		{15, 2, dose(12, 3)},
		{15, 4, dose(12, 4)},
		{15, 5, dose(12, 5)},
		{15, 6, dose(12, 5)},
		{15, 7, dose(12, 5)},
	}
	for _, c := range cases {
		in := Input{Now: now, Loc: berlin, Place: Treadmill, ToleranceMinutes: c.tolerance, ReminderDays: c.reminderDays}
		d := Decide(in)
		check(t, d, want{rule: RuleStart, code: "first", dose: c.want, session: true, sets: true})
		if d.Dose.Pace != PaceEasy || d.Dose.InclinePct != 0 {
			t.Errorf("START dose %+v: want an easy pace and 0%% incline", d.Dose)
		}
	}
}

func TestRule_START_NoUsableHistory(t *testing.T) {
	runDecide(t, []decideCase{
		{"a check-in but no dose yet: START", func(in *Input) { in.Dose, in.Doses, in.Walks = Dose{}, nil, nil },
			want{rule: RuleStart, code: "first", dose: dose(12, 3), session: true, sets: true}},
		{"fewer than 2 qualifying walks: keep the dose as HOLD building", func(in *Input) { in.Walks = in.Walks[1:] },
			holding(RuleHold, "building", dose(12, 3))},
		{"no walks at all since START 3 days ago: HOLD building", func(in *Input) {
			in.Walks, in.Today.WalkPeak, in.Today.ReportsOn = nil, NoPain, time.Time{}
			in.Doses[0].At = on(-3, 8, 0)
		},
			holding(RuleHold, "building", dose(12, 3))},
	})
}
