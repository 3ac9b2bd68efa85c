package plan

import (
	"testing"
	"time"
)

// The volume cap (v2, v2.1): the planned weekly volume never exceeds 1.2 x
// the lowest planned weekly volume in force at any time during the
// preceding 7 x 24 hours, also when rebuilding after REDUCE, STOP-FLARE or
// LAPSE. Pause and rest days do not change the planned volume.
func TestVolumeCap_LowestOfThePreceding7x24Hours(t *testing.T) {
	from := now.Add(-7 * 24 * time.Hour) // Monday 24 March 07:00 CET
	if want := time.Date(2025, 3, 24, 7, 0, 0, 0, berlin); !from.Equal(want) {
		t.Fatalf("7 x 24 hours before now is %v, want %v", from, want)
	}
	cases := []struct {
		name  string
		doses []DoseChange
		want  int
	}{
		{"one dose, 12 x 3", []DoseChange{{At: on(-10, 8, 0), Dose: dose(12, 3)}}, 43},
		{"10 x 3 until 3 days ago", []DoseChange{{At: on(-10, 8, 0), Dose: dose(10, 3)}, {At: on(-3, 8, 0), Dose: dose(12, 3)}}, 36},
		{"changed exactly 7 x 24 hours ago: the old dose is out", []DoseChange{{At: on(-20, 8, 0), Dose: dose(10, 3)}, {At: from, Dose: dose(12, 3)}}, 43},
		{"changed a minute later: the old dose was in force", []DoseChange{{At: on(-20, 8, 0), Dose: dose(10, 3)}, {At: from.Add(time.Minute), Dose: dose(12, 3)}}, 36},
		// 07:30 CET on 24 March is inside the 7 x 24 hours (from 07:00),
		// though before 08:00, the clock time of now a week earlier.
		{"over the change to summer time: 07:30 a week ago is inside", []DoseChange{{At: on(-20, 8, 0), Dose: dose(10, 3)}, {At: on(-7, 7, 30), Dose: dose(12, 3)}}, 36},
		{"06:30 a week ago is outside", []DoseChange{{At: on(-20, 8, 0), Dose: dose(10, 3)}, {At: on(-7, 6, 30), Dose: dose(12, 3)}}, 43},
		{"a reduction 5 days ago and a step since", []DoseChange{
			{At: on(-30, 8, 0), Dose: dose(20, 5)}, {At: on(-5, 8, 0), Dose: dose(16, 5), Rule: RuleReduce}, {At: on(-2, 8, 0), Dose: dose(18, 5)}}, 96},
		{"a short session counts at its length", []DoseChange{{At: on(-10, 8, 0), Dose: Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 18}}}, 129},
		{"the current dose counts when it is the lowest", []DoseChange{{At: on(-10, 8, 0), Dose: dose(30, 5)}, {At: on(0, 7, 0), Dose: dose(9, 5), Rule: RuleLapse}}, 54},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			in.Doses = c.doses
			in.Dose = c.doses[len(c.doses)-1].Dose
			if got := VolumeCap(in); got != c.want {
				t.Errorf("VolumeCap = %d, want %d", got, c.want)
			}
		})
	}
	t.Run("a rest day does not change it", func(t *testing.T) {
		in := base()
		in.History[5].Rule, in.History[6].Rule = RuleReduce, RuleRest
		if got := VolumeCap(in); got != 43 {
			t.Errorf("VolumeCap = %d, want 43", got)
		}
	})
}

// Rebuilding after a reduction: the old bug compared with the dose exactly
// 7 days ago (20 x 5, before the REDUCE) and allowed +40% in a week.
func TestVolumeCap_RebuildingAfterAReduction(t *testing.T) {
	for _, rule := range []RuleID{RuleReduce, RuleStopFlare, RuleLapse} {
		t.Run(string(rule), func(t *testing.T) {
			in := base()
			in.Dose = dose(18, 5)
			in.Doses = []DoseChange{
				{At: on(-30, 8, 0), Dose: dose(20, 5), Rule: RuleProgress},
				{At: on(-6, 8, 0), Dose: dose(16, 5), Rule: rule},
				{At: on(-3, 8, 0), Dose: dose(18, 5), Rule: RuleProgress},
			}
			in.Walks[0].Planned, in.Walks[1].Planned = 18, 18
			if got := VolumeCap(in); got != 96 {
				t.Errorf("VolumeCap = %d, want 96 (1.2 x 16 x 5)", got)
			}
			// 18 -> 20 would be 100 a week; 19 x 5 = 95 fits.
			check(t, Decide(in), progressTo(dose(19, 5), "minutes"))
		})
	}

	// Day by day after a REDUCE from 20 x 5 to 16 x 5, every walk going
	// well: no dose within 7 x 24 hours of the reduction is above 96.
	in := base()
	in.Dose = dose(16, 5)
	in.Doses = []DoseChange{{At: on(-30, 8, 0), Dose: dose(20, 5), Rule: RuleProgress}, {At: on(0, 8, 0), Dose: dose(16, 5), Rule: RuleReduce}}
	in.Walks = []Walk{{At: on(0, 18, 0), Minutes: 16, Planned: 16, Peak: 2}}
	in.History = append(in.History, CheckIn{At: on(0, 8, 0), Leg: 3, Back: 1, WalkPeak: NoPain, Rule: RuleReduce, Code: "morning-pain"})
	for d := 1; d <= 14; d++ {
		in.Now = on(d, 8, 0)
		last := in.Walks[len(in.Walks)-1]
		in.Today = &CheckIn{At: in.Now, Leg: 3, Back: 1, Settled: SettledYes, WalkPeak: last.Peak, ReportsOn: last.At}
		got := Decide(in)
		if got.SetsDose {
			in.Doses = append(in.Doses, DoseChange{At: in.Now, Dose: got.Dose, Rule: got.Rule})
			in.Dose = got.Dose
		}
		if in.Now.Sub(on(0, 8, 0)) <= 7*24*time.Hour && in.Dose.Volume() > 96 {
			t.Errorf("day %d: %+v is %d a week, more than 1.2 x 80", d, in.Dose, in.Dose.Volume())
		}
		in.Walks[len(in.Walks)-1].Settled = SettledYes
		today := *in.Today
		today.Rule, today.Code = got.Rule, got.Reason.Code
		in.History = append(in.History, today)
		in.Walks = append(in.Walks, Walk{At: on(d, 18, 0), Minutes: in.Dose.Minutes, Planned: in.Dose.Minutes, Peak: 2})
	}
	if in.Dose.Volume() <= 96 {
		t.Errorf("after 14 days the dose is %+v: it should have grown past 96 in the second week", in.Dose)
	}
}

// When adding a session would break the cap, the added session is
// shorter so that the cap holds (PROGRESS "sessions-short"); it grows
// (PROGRESS "short", "short-full" when it reaches full length) as the
// cap allows.
func TestRule_PROGRESS_ShortAddedSession(t *testing.T) {
	s := func(m, n, short int) Dose { return Dose{Minutes: m, SessionsPerWeek: n, ShortMinutes: short} }
	cases := []struct {
		name  string
		doses []DoseChange
		want  want
	}{
		{"30 x 3: a fourth session of 18 (cap 108)", []DoseChange{{At: on(-10, 8, 0), Dose: dose(30, 3)}}, progressTo(s(30, 4, 18), "sessions-short")},
		{"30 x 4: a fifth of 24 (cap 144)", []DoseChange{{At: on(-10, 8, 0), Dose: dose(30, 4)}}, progressTo(s(30, 5, 24), "sessions-short")},
		{"the short session 2 days old: 30 x 3 still in the window, capped",
			[]DoseChange{{At: on(-10, 8, 0), Dose: dose(30, 3)}, {At: on(-2, 8, 0), Dose: s(30, 4, 18)}}, capped(s(30, 4, 18))},
		{"8 days later: it grows to full length (cap 129)",
			[]DoseChange{{At: on(-20, 8, 0), Dose: dose(30, 3)}, {At: on(-8, 8, 0), Dose: s(30, 4, 18)}}, progressTo(dose(30, 4), "short-full")},
		{"from 6 it grows to 25 (cap 115)", []DoseChange{{At: on(-8, 8, 0), Dose: s(30, 4, 6)}}, progressTo(s(30, 4, 25), "short")},
		{"room for less than 5 minutes: capped", []DoseChange{{At: on(-10, 8, 0), Dose: dose(26, 3)}, {At: on(-3, 8, 0), Dose: dose(30, 3)}}, capped(dose(30, 3))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			in.Doses = c.doses
			in.Dose = c.doses[len(c.doses)-1].Dose
			in.Walks[0].Planned, in.Walks[1].Planned = 30, 30
			got := Decide(in)
			check(t, got, c.want)
			if got.Reason.Short != got.Dose.ShortMinutes {
				t.Errorf("Reason.Short = %d, want the short session's %d", got.Reason.Short, got.Dose.ShortMinutes)
			}
			if v := got.Dose.Volume(); v > VolumeCap(in) {
				t.Errorf("volume %d above the cap %d", v, VolumeCap(in))
			}
		})
	}
}

func TestDose_VolumeAndAtTarget(t *testing.T) {
	cases := []struct {
		d      Dose
		volume int
		target bool
	}{
		{dose(12, 3), 36, false},
		{Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 18}, 108, false},
		{Dose{Minutes: 30, SessionsPerWeek: 5, ShortMinutes: 24}, 144, false},
		{dose(30, 5), 150, true},
		{Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 2}, 150, true},
		{dose(29, 5), 145, false},
	}
	for _, c := range cases {
		if got := c.d.Volume(); got != c.volume {
			t.Errorf("%+v: Volume = %d, want %d", c.d, got, c.volume)
		}
		if got := c.d.AtTarget(); got != c.target {
			t.Errorf("%+v: AtTarget = %v, want %v", c.d, got, c.target)
		}
	}
}
