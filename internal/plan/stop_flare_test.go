package plan

import "testing"

// STOP-FLARE: pain during the walk above 5 (or /stop because of pain).
// The engine handles it with Flare; Decide never answers it.
func TestRule_STOP_FLARE_AboveFive(t *testing.T) {
	for peak, want := range map[int]bool{NoPain: false, 0: false, 3: false, 5: false, 6: true, 10: true} {
		if got := Flare(peak); got != want {
			t.Errorf("Flare(%d) = %v, want %v", peak, got, want)
		}
	}
}

// STOP-FLARE on /resume: 80% of the last tolerated dose, at least 5
// minutes. The tolerated dose is the planned minutes of the most recent
// walk at the current dose that peaked at 0-3 (or 4-5 and settled); if
// there is none, the current dose. Cut-short walks never count; minutes
// walked beyond the plan never raise it.
func TestRule_STOP_FLARE_ResumeAt80PercentOfTheToleratedDose(t *testing.T) {
	resume := func(d Dose) want {
		return want{rule: RuleStopFlare, code: "resume", dose: d, session: true, sets: true}
	}
	flareWalk := Walk{At: on(0, 7, 0), Minutes: 7, Planned: 12, Peak: 8, CutShort: true}
	// short sets a dose of 20 minutes with a short session of 10, with a
	// short walk (10, peak 2) before the walk w at 20.
	short := func(w Walk) func(*Input) {
		return func(in *Input) {
			d := Dose{Minutes: 20, SessionsPerWeek: 4, ShortMinutes: 10}
			in.Dose, in.Doses = d, []DoseChange{{At: on(-5, 8, 0), Dose: d, Rule: RuleProgress}}
			w.At = on(-1, 18, 0)
			in.Walks = []Walk{walkOn(-2, 10, 2), w}
		}
	}
	// /resume comes without a check-in.
	runWith(t, func(in Input) Decision { in.Today = nil; return Restart(in, true) }, []decideCase{
		{"80% of the tolerated 12 minutes, rounded down", nil, resume(dose(9, 3))},
		{"the flare walk is not tolerated", func(in *Input) { in.Walks = append(in.Walks, flareWalk) }, resume(dose(9, 3))},
		{"walked 20 of 12 planned: still 80% of 12", func(in *Input) { in.Walks[1].Minutes = 20 }, resume(dose(9, 3))},
		{"walks at an earlier, higher dose do not count", func(in *Input) {
			in.Doses = append(in.Doses, DoseChange{At: on(-1, 20, 0), Dose: dose(12, 3), Rule: RuleReduce})
			in.Walks[0].Planned, in.Walks[1].Planned = 15, 15
		}, resume(dose(9, 3))},
		{"no tolerated walk at the dose: 80% of the current dose", func(in *Input) {
			in.Dose, in.Walks = dose(20, 4), []Walk{flareWalk}
		}, resume(dose(16, 4))},
		{"no walk, no dose: START", func(in *Input) { in.Walks, in.Dose, in.Doses = nil, Dose{}, nil },
			want{rule: RuleStart, code: "first", dose: dose(12, 3), session: true, sets: true}},
		{"5-minute floor", func(in *Input) {
			in.Dose, in.Doses = dose(6, 3), []DoseChange{{At: on(-5, 8, 0), Dose: dose(6, 3), Rule: RuleReduce}}
			in.Walks[0].Planned, in.Walks[1].Planned = 6, 6
		}, resume(dose(5, 3))},
		{"keeps sessions, pace and incline", func(in *Input) {
			in.Dose = Dose{Minutes: 20, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 2}
			in.Walks = nil
		}, resume(Dose{Minutes: 16, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 2})},
		{"never above the current dose", func(in *Input) { in.Dose = dose(10, 3) }, resume(dose(8, 3))},
		// The short session is a part session: a walk at its length does
		// not set the tolerated minutes per session (lead's reading).
		{"the short walk does not set the session's tolerated minutes", short(Walk{Minutes: 8, Planned: 20, Peak: 2, CutShort: true}),
			resume(Dose{Minutes: 16, SessionsPerWeek: 4, ShortMinutes: 10})},
		{"a 4-5 walk that settled is tolerated", short(Walk{Minutes: 20, Planned: 20, Peak: 5, Settled: SettledYes}),
			resume(Dose{Minutes: 16, SessionsPerWeek: 4, ShortMinutes: 10})},
		{"a 4-5 walk that did not settle is not: the current dose", short(Walk{Minutes: 20, Planned: 20, Peak: 5, Settled: SettledNotQuite}),
			resume(Dose{Minutes: 16, SessionsPerWeek: 4, ShortMinutes: 10})},
		{"a 4-5 walk without an answer is not: the current dose", short(Walk{Minutes: 20, Planned: 20, Peak: 4}),
			resume(Dose{Minutes: 16, SessionsPerWeek: 4, ShortMinutes: 10})},
		{"an earlier full walk that was tolerated counts", func(in *Input) {
			short(Walk{Minutes: 20, Planned: 20, Peak: 4})(in)
			in.Walks = append([]Walk{{At: on(-3, 18, 0), Minutes: 15, Planned: 15, Peak: 2}}, in.Walks...)
			in.Doses[0].At = on(-4, 8, 0)
		}, resume(Dose{Minutes: 12, SessionsPerWeek: 4, ShortMinutes: 10})},
	})
}
