package plan

import (
	"testing"
	"time"
)

// LAPSE: 7 or more local days since the later of the last walk and the
// last restart: restart at 80% of the last dose, at least 5. v2: checked
// before HOLD and WEEK-GUARD.
func TestRule_LAPSE_SevenLocalDaysWithoutAWalk(t *testing.T) {
	lapsed := func(d Dose) want { return want{rule: RuleLapse, code: "lapse", dose: d, session: true, sets: true} }
	lastWalk := func(w Walk) func(*Input) {
		return func(in *Input) { in.Walks = []Walk{w}; in.Today.ReportsOn, in.Today.WalkPeak = w.At, NoPain }
	}
	runDecide(t, []decideCase{
		{"last walk 7 local days ago", lastWalk(walkOn(-7, 12, 2)), lapsed(dose(9, 3))},
		{"6 local days ago: no LAPSE (one walk since START: building)", lastWalk(walkOn(-6, 12, 2)), holding(RuleHold, "building", dose(12, 3))},
		// Tuesday 25 March 00:30 CET to Monday 31 March 08:00 CEST: 6
		// local days, 150.5 hours.
		{"6 local days from 00:30", lastWalk(Walk{At: on(-6, 0, 30), Minutes: 12, Planned: 12, Peak: 2}), holding(RuleHold, "building", dose(12, 3))},
		// Monday 24 March 23:30 CET: 7 local days, 150.5 hours too.
		{"7 local days from 23:30", lastWalk(Walk{At: on(-7, 23, 30), Minutes: 12, Planned: 12, Peak: 2}), lapsed(dose(9, 3))},
		{"a skipped walk is no walk", func(in *Input) {
			lastWalk(walkOn(-8, 12, 2))(in)
			in.Walks = append(in.Walks, Walk{At: on(-2, 18, 0), Planned: 12, Peak: NoPain, Skipped: true})
		}, lapsed(dose(9, 3))},
		{"a restart 3 days ago restarts the clock", func(in *Input) {
			lastWalk(walkOn(-12, 12, 2))(in)
			in.Doses = append(in.Doses, DoseChange{At: on(-3, 8, 0), Dose: dose(12, 3), Rule: RuleStopFlare})
		}, holding(RuleHold, "building", dose(12, 3))},
		{"a restart 7 local days ago and no walk since", func(in *Input) {
			lastWalk(walkOn(-12, 12, 2))(in)
			in.Doses = append(in.Doses, DoseChange{At: on(-7, 8, 0), Dose: dose(12, 3), Rule: RuleLapse})
		}, lapsed(dose(9, 3))},
		{"START 8 days ago and never walked", func(in *Input) {
			in.Walks, in.Today.ReportsOn, in.Today.WalkPeak = nil, time.Time{}, NoPain
			in.Doses[0].At = on(-8, 8, 0)
		}, lapsed(dose(9, 3))},
		{"at least 5 minutes", func(in *Input) { lastWalk(walkOn(-9, 6, 2))(in); in.Dose = dose(6, 3) }, lapsed(dose(5, 3))},
		{"keeps sessions, pace and incline", func(in *Input) {
			lastWalk(walkOn(-9, 20, 2))(in)
			in.Dose = Dose{Minutes: 20, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 1}
		}, lapsed(Dose{Minutes: 16, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 1})},
		{"before HOLD", func(in *Input) { lastWalk(walkOn(-8, 12, 2))(in); in.Today.Settled = SettledNo }, lapsed(dose(9, 3))},
		{"before WEEK-GUARD", func(in *Input) {
			lastWalk(walkOn(-8, 12, 2))(in)
			in.History = append(mornings(-13, -7, 1), mornings(-6, -1, 3)...)
		}, lapsed(dose(9, 3))},
		{"REDUCE comes first", func(in *Input) { lastWalk(walkOn(-8, 12, 2))(in); in.Today.Leg = 5 }, reduceTo("morning-pain", dose(9, 3))},
	})
}
