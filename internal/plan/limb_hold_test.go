package plan

import (
	"testing"
	"time"
)

// LIMB-HOLD (v2): the weekly lower-limb question answered yes: same dose,
// no progression; the advice (flat ground, good shoes, a slower belt, a
// clinician if it persists) on the day of the yes. Below LAPSE, above
// HOLD.
func TestRule_LIMB_HOLD_SameDoseNoProgression(t *testing.T) {
	yes := func(in *Input) { in.Today.LimbAsked, in.Today.Limb = true, true }
	limb := want{rule: RuleLimbHold, code: "limb", dose: dose(12, 3), session: true, advice: AdviceLimb}
	runDecide(t, []decideCase{
		{"yes, walks qualify: no progression", yes, limb},
		{"asked, no: progression", func(in *Input) { in.Today.LimbAsked = true }, progressed},
		{"a yes without the question asked is no answer", func(in *Input) { in.Today.Limb = true }, progressed},
		{"beats HOLD", func(in *Input) { yes(in); in.Today.Settled = SettledNotQuite }, limb},
		{"beats WEEK-GUARD", func(in *Input) { yes(in); in.History = append(mornings(-13, -7, 1), mornings(-6, -1, 3)...) }, limb},
		{"LAPSE comes first", func(in *Input) { yes(in); in.Walks = []Walk{walkOn(-8, 12, 2)}; in.Today.WalkPeak = NoPain },
			want{rule: RuleLapse, code: "lapse", dose: dose(9, 3), session: true, sets: true}},
		{"REDUCE comes first", func(in *Input) { yes(in); in.Today.Leg = 5 }, reduceTo("morning-pain", dose(9, 3))},
		{"NEURO-HOLD comes first", func(in *Input) { yes(in); in.Today.Spread = true },
			want{rule: RuleNeuroHold, code: "hold", dose: dose(12, 3), session: true, advice: AdviceWithinDays}},
	})
}

// v2.1: LIMB-HOLD lasts through the 6th local day after the last yes and
// ends on the 7th.
func TestRule_LIMB_HOLD_ThroughThe6thLocalDay(t *testing.T) {
	cases := []struct {
		name string
		yes  time.Time
		now  time.Time
		hold bool
	}{
		{"yes yesterday", on(-1, 8, 0), now, true},
		{"yes on day -6", on(-6, 8, 0), now, true},
		{"yes on day -6 at 00:30, now 23:30", on(-6, 0, 30), on(0, 23, 30), true},
		{"yes on day -7: ended", on(-7, 8, 0), now, false},
		{"yes on day -7 at 23:30, now 00:30 (144 hours): ended", on(-7, 23, 30), on(0, 0, 30), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			in.History = append(mornings(-13, -1, 3), CheckIn{At: c.yes, Leg: 3, Back: 1, LimbAsked: true, Limb: true, WalkPeak: NoPain, Rule: RuleLimbHold, Code: "limb"})
			sortByAt(in.History)
			in.at(c.now)
			d := Decide(in)
			if c.hold {
				check(t, d, holding(RuleLimbHold, "limb-days", dose(12, 3)))
			} else {
				check(t, d, progressed)
			}
		})
	}
}

// The lower-limb question is asked at the first check-in on or after the
// 7th local day since onboarding or since it was last asked.
func TestLimbDue_OnThe7thLocalDay(t *testing.T) {
	cases := []struct {
		name       string
		since, now time.Time
		want       bool
	}{
		{"never asked", time.Time{}, now, true},
		{"asked Monday 20:00, next Monday 07:00 (155 hours): due", on(-7, 20, 0), on(0, 7, 0), true},
		{"asked Monday 20:00, Sunday 23:59: not yet", on(-7, 20, 0), on(-1, 23, 59), false},
		{"asked Tuesday 00:30, Monday 23:30 (6 days 22 hours): not yet", on(-6, 0, 30), on(0, 23, 30), false},
		{"asked yesterday", on(-1, 8, 0), now, false},
		{"asked 9 days ago", on(-9, 8, 0), now, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := Input{Now: c.now, Loc: berlin}
			if got := LimbDue(in, c.since); got != c.want {
				t.Errorf("LimbDue = %v, want %v", got, c.want)
			}
		})
	}
}
