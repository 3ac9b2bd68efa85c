package plan

import (
	"testing"
	"time"
)

// flarePause is a person at 20 minutes, 5 sessions whose last walk, on day
// -days at 18:00, peaked at 8 and was cut short (STOP-FLARE: paused), with
// tolerated walks at 20 before it.
func flarePause(days int) Input {
	in := base()
	in.Dose = dose(20, 5)
	in.Doses = []DoseChange{{At: on(-40, 8, 0), Dose: dose(20, 5), Rule: RuleProgress}}
	in.Walks = []Walk{walkOn(-days-2, 20, 2), walkOn(-days-1, 20, 2),
		{At: on(-days, 18, 0), Minutes: 9, Planned: 20, Peak: 8, CutShort: true}}
	in.History = mornings(-days-7, -days, 3)
	in.Today = nil
	return in
}

// Restarts never compound: a /resume after a long flare pause is both
// STOP-FLARE and LAPSE; the single lowest restart applies, once.
func TestRule_STOP_FLARE_RestartsNeverCompound(t *testing.T) {
	for _, days := range []int{1, 6, 7, 10, 30} {
		in := flarePause(days)
		in.at(on(0, 7, 30))
		d := Restart(in, true)
		// 80% of 20 once (16); 80% of 80% would be 12.
		check(t, d, want{rule: RuleStopFlare, code: "resume", dose: dose(16, 5), session: true, sets: true})
	}
}

// After the restart the next morning check-in does not LAPSE (the 7 days
// run from the restart) nor REDUCE or REST again for the flare walk the
// restart already answered for, even when it reports on it.
func TestRule_STOP_FLARE_NoSecondRestartForTheSameWalk(t *testing.T) {
	for _, c := range []struct {
		name   string
		paused int // local days of the pause
		resume time.Time
	}{
		{"resumed the evening of the flare", 0, on(-1, 21, 0)},
		{"resumed after 10 days, then the check-in", 10, on(0, 7, 30)},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := flarePause(c.paused + 1)
			in.at(c.resume)
			r := Restart(in, true)
			in.Dose = r.Dose
			in.Doses = append(in.Doses, DoseChange{At: c.resume, Dose: r.Dose, Rule: r.Rule})
			flare := in.Walks[len(in.Walks)-1]
			in.Today = &CheckIn{Leg: 3, Back: 1, Settled: SettledYes, WalkPeak: flare.Peak, ReportsOn: flare.At}
			in.at(now)
			if w, ok := ReportedWalk(in, now); ok {
				t.Errorf("ReportedWalk = %v, want none after the restart", w.At)
			}
			got := Decide(in)
			if got.Rule == RuleLapse || got.Rule == RuleReduce || got.Rule == RuleRest || got.Dose != dose(16, 5) {
				t.Errorf("Decide after the restart = %s/%s %+v, want the restart's 16x5 kept", got.Rule, got.Reason.Code, got.Dose)
			}
		})
	}
}

// /resume after a pause that was not a flare (holiday, red flag): the same
// dose unless 7 local days passed without a walk, then one LAPSE restart.
func TestRule_LAPSE_ResumeAfterANonFlarePause(t *testing.T) {
	resumed := holding(RuleHold, "resumed", dose(12, 3))
	lapsed := func(days int) want {
		return want{rule: RuleLapse, code: "lapse", dose: dose(9, 3), session: true, sets: true}
	}
	lastWalkOn := func(d, hh, mm int) func(*Input) {
		return func(in *Input) {
			in.Today = nil
			in.Walks = []Walk{{At: on(d, hh, mm), Minutes: 12, Planned: 12, Peak: 2}}
		}
	}
	runWith(t, func(in Input) Decision { return Restart(in, false) }, []decideCase{
		{"a 3-day holiday: same dose", lastWalkOn(-3, 18, 0), resumed},
		{"6 local days: same dose", lastWalkOn(-6, 18, 0), resumed},
		{"7 local days: one LAPSE restart", lastWalkOn(-7, 18, 0), lapsed(7)},
		// Monday 24 March 23:30 CET to Monday 31 March 08:00 CEST: 151.5
		// hours, 7 local days.
		{"7 local days though under 7 x 24 hours", lastWalkOn(-7, 23, 30), lapsed(7)},
		{"a restart 2 days ago: its clock", func(in *Input) {
			lastWalkOn(-12, 18, 0)(in)
			in.Doses = append(in.Doses, DoseChange{At: on(-2, 9, 0), Dose: dose(12, 3), Rule: RuleLapse})
		}, resumed},
	})
	in := base()
	in.Today, in.Walks = nil, []Walk{walkOn(-9, 12, 2)}
	if d := Restart(in, false); d.Reason.Days != 9 {
		t.Errorf("Reason.Days = %d, want 9 local days since the walk", d.Reason.Days)
	}
}
