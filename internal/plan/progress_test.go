package plan

import (
	"testing"
	"time"
)

func TestRule_PROGRESS(t *testing.T) {
	// at sets the current dose d, recorded 10 days ago (so the 20% cap is
	// from d itself), with two qualifying walks at it.
	at := func(d Dose) func(*Input) {
		return func(in *Input) {
			in.Dose, in.Walks = d, walks(d.Minutes, 2, 2)
			in.Doses = []DoseChange{{At: ago(10, 0), Dose: d, Rule: RuleProgress}}
		}
	}
	// full is 30 minutes, reached 20 days ago, with the sessions and pace
	// given; last PROGRESS step stepAgo days ago.
	full := func(sessions int, pace Pace, incline, stepAgo int) func(*Input) {
		return func(in *Input) {
			d := Dose{Minutes: 30, SessionsPerWeek: sessions, Pace: pace, InclinePct: incline}
			in.Dose, in.Walks = d, walks(30, 2, 2)
			in.Doses = []DoseChange{
				{At: ago(20, 0), Dose: dose(30, sessions-1), Rule: RuleProgress},
				{At: ago(stepAgo, 0), Dose: d, Rule: RuleProgress},
			}
		}
	}
	held := func(code string) want { return holding(RuleHold, code, dose(12, 3)) }
	runDecide(t, []decideCase{
		// Minutes: about 10% (rounded half up), at least 1, at most 30.
		{"12 -> 13", nil, progressTo(dose(13, 3), "minutes")},
		{"1-minute minimum: 4 -> 5 (below 5 only when set by hand)", func(in *Input) {
			at(dose(4, 3))(in)
			in.Doses = []DoseChange{{At: ago(10, 0), Dose: dose(5, 3), Rule: RuleStart}, {At: ago(2, 0), Dose: dose(4, 3), Rule: RuleReduce}}
		}, progressTo(dose(5, 3), "minutes")},
		{"5 -> 6", at(dose(5, 3)), progressTo(dose(6, 3), "minutes")},
		{"14 -> 15", at(dose(14, 3)), progressTo(dose(15, 3), "minutes")},
		{"15 -> 17 (1.5 rounds up)", at(dose(15, 3)), progressTo(dose(17, 3), "minutes")},
		{"25 -> 28", at(dose(25, 3)), progressTo(dose(28, 3), "minutes")},
		{"29 -> 30, not 32", at(dose(29, 3)), progressTo(dose(30, 3), "minutes")},
		{"pace and incline carried", at(Dose{Minutes: 20, SessionsPerWeek: 3, InclinePct: 1}),
			progressTo(Dose{Minutes: 22, SessionsPerWeek: 3, InclinePct: 1}, "minutes")},

		// 20% over 7 days.
		{"cap: 10 a week ago, 12 now: held", func(in *Input) {
			in.Doses = []DoseChange{{At: ago(10, 0), Dose: dose(10, 3), Rule: RuleStart}, {At: ago(3, 0), Dose: dose(12, 3), Rule: RuleProgress}}
		}, progressTo(dose(12, 3), "capped")},
		{"cap: 20 a week ago, 23 now: 24, not 25", func(in *Input) {
			at(dose(23, 3))(in)
			in.Doses = []DoseChange{{At: ago(8, 0), Dose: dose(20, 3), Rule: RuleStart}, {At: ago(3, 0), Dose: dose(23, 3), Rule: RuleProgress}}
		}, progressTo(dose(24, 3), "minutes")},
		{"cap: change exactly 7 days ago is the dose in force", func(in *Input) {
			in.Doses = []DoseChange{{At: ago(9, 0), Dose: dose(5, 3), Rule: RuleStart}, {At: ago(7, 0), Dose: dose(12, 3), Rule: RuleProgress}}
		}, progressTo(dose(13, 3), "minutes")},
		{"cap: all changes within 7 days, the oldest counts", func(in *Input) {
			in.Doses = []DoseChange{{At: ago(5, 0), Dose: dose(10, 3), Rule: RuleStart}, {At: ago(2, 0), Dose: dose(12, 3), Rule: RuleProgress}}
		}, progressTo(dose(12, 3), "capped")},
		{"cap: no dose record, from the current dose", func(in *Input) { in.Doses = nil }, progressTo(dose(13, 3), "minutes")},

		// Which walks qualify.
		{"skipped walk ignored", func(in *Input) {
			in.Walks = append(in.Walks, Walk{At: ago(0, -time.Hour), Planned: 12, Peak: NoPain, Skipped: true})
		}, progressTo(dose(13, 3), "minutes")},
		{"cut short: no PROGRESS", func(in *Input) { in.Walks[1].CutShort = true }, held("building")},
		{"one walk at an older dose", func(in *Input) { in.Walks[0].Planned = 11 }, held("building")},
		{"pain 3 on both walks", func(in *Input) { in.Walks[0].Peak, in.Walks[1].Peak, in.Today.WalkPeak = 3, 3, 3 }, progressTo(dose(13, 3), "minutes")},
		{"pain 4 settled", func(in *Input) { in.Walks[0].Peak = 4 }, progressTo(dose(13, 3), "minutes")},
		{"pain 4 on the older walk, settled not asked", func(in *Input) { in.Walks[0].Peak, in.Today.Settled = 4, SettledUnknown }, held("building")},
		{"pain 6 on the older walk", func(in *Input) { in.Walks[0].Peak = 6 }, held("building")},
		{"no pain score", func(in *Input) { in.Walks[0].Peak = NoPain }, held("building")},

		// After 30 minutes: sessions, then pace, then incline (treadmill).
		{"30 min x 3, last step 8 days ago: sessions", full(3, PaceEasy, 0, 8), progressTo(dose(30, 4), "sessions")},
		{"30 min x 3, last step 7 days ago: sessions", full(3, PaceEasy, 0, 7), progressTo(dose(30, 4), "sessions")},
		{"30 min reached 6 days ago: capped", func(in *Input) {
			in.Dose, in.Walks = dose(30, 3), walks(30, 2, 2)
			in.Doses = []DoseChange{{At: ago(12, 0), Dose: dose(28, 3), Rule: RuleProgress}, {At: ago(6, 0), Dose: dose(30, 3), Rule: RuleProgress}}
		}, progressTo(dose(30, 3), "capped")},
		{"sessions step 6 days ago: capped", full(4, PaceEasy, 0, 6), progressTo(dose(30, 4), "capped")},
		{"30 x 4 -> 5", full(4, PaceEasy, 0, 9), progressTo(dose(30, 5), "sessions")},
		{"30 x 5: brisker pace", full(5, PaceEasy, 0, 9), progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk}, "pace")},
		{"incline after 14 days at 30 with pain 0-3", full(5, PaceBrisk, 0, 9),
			progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 1}, "incline")},
		{"incline steps by 1%", full(5, PaceBrisk, 3, 9),
			progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 4}, "incline")},
		{"incline: at most one step a week", full(5, PaceBrisk, 3, 5),
			progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 3}, "capped")},
		{"incline: only 13 days at 30 minutes", func(in *Input) {
			full(5, PaceBrisk, 0, 9)(in)
			in.Doses[0].At = ago(13, 0)
		}, progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk}, "incline-wait")},
		{"incline: a walk at 4 in the last 14 days", func(in *Input) {
			full(5, PaceBrisk, 0, 9)(in)
			in.Walks = append([]Walk{{At: ago(12, 0), Minutes: 30, Planned: 30, Peak: 4}}, in.Walks...)
		}, progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk}, "incline-wait")},
		{"incline: a walk at 4 15 days ago does not count", func(in *Input) {
			full(5, PaceBrisk, 0, 9)(in)
			in.Walks = append([]Walk{{At: ago(15, 0), Minutes: 30, Planned: 30, Peak: 4}}, in.Walks...)
		}, progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 1}, "incline")},
		{"incline capped at 5%", full(5, PaceBrisk, 5, 30),
			progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 5}, "at-target")},
		{"outdoors: no incline, at target after pace", func(in *Input) {
			full(5, PaceBrisk, 0, 30)(in)
			in.Place = Outdoors
		}, progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk}, "at-target")},
	})

	t.Run("reason keeps the old minutes", func(t *testing.T) {
		got := Decide(base()).Reason
		want := Reason{Code: "minutes", Pain: 3, Baseline: 3, WalkPeak: 2, FromMinutes: 12}
		if got != want {
			t.Errorf("reason %+v, want %+v", got, want)
		}
	})
}

func TestRule_START(t *testing.T) {
	first := func(minutes int) want {
		return want{rule: RuleStart, code: "first", dose: Dose{Minutes: minutes, SessionsPerWeek: 3, Pace: PaceEasy}, session: true}
	}
	noDose := func(tolerance int) func(*Input) {
		return func(in *Input) { in.Dose, in.Doses, in.Walks, in.ToleranceMinutes = Dose{}, nil, nil, tolerance }
	}
	runDecide(t, []decideCase{
		{"80% of 15", noDose(15), first(12)},
		{"80% rounds down: 24 -> 19", noDose(24), first(19)},
		{"at least 5: tolerance 6", noDose(6), first(5)},
		{"at least 5: tolerance 0", noDose(0), first(5)},
		{"at most 20: tolerance 25", noDose(25), first(20)},
		{"at most 20: tolerance 40", noDose(40), first(20)},
		{"no incline outdoors either", func(in *Input) { noDose(15)(in); in.Place = Outdoors }, first(12)},
		{"without a check-in", func(in *Input) { noDose(15)(in); in.Today = nil }, first(12)},
		{"a dose exists: no START", nil, progressTo(dose(13, 3), "minutes")},
	})
}

func TestTableOrder(t *testing.T) {
	everything := func(in *Input) {
		in.RedFlags = RedFlags{Urgent: true, Doctor: true}
		in.Today.Spread, in.Today.Leg, in.Today.WalkPeak = true, 9, 9
		in.History[6].Rule = RuleReduce
		in.Walks = walks(12, 2)[:0]
	}
	weekWorse := func(in *Input) { in.History = checkins(13, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3) }
	runDecide(t, []decideCase{
		{"RF-URGENT beats everything", everything,
			want{rule: RuleUrgent, code: "red-flag", dose: dose(12, 3), pause: true, advice: AdviceEmergency}},
		{"RF-DOCTOR beats NEURO-HOLD", func(in *Input) { everything(in); in.RedFlags.Urgent = false },
			want{rule: RuleDoctor, code: "red-flag", dose: dose(12, 3), pause: true, advice: AdviceToday}},
		{"NEURO-HOLD beats REST", func(in *Input) { everything(in); in.RedFlags = RedFlags{} },
			want{rule: RuleNeuroHold, code: "reduce", dose: dose(9, 3), session: true, advice: AdviceWithinDays}},
		{"REDUCE on the 1st day", func(in *Input) { in.Today.Leg = 6 }, reduceTo("morning-pain", dose(9, 3))},
		{"REST beats REDUCE on the 2nd day", func(in *Input) { in.Today.Leg = 6; in.History[6].Rule = RuleReduce },
			want{rule: RuleRest, code: "rest", dose: dose(12, 3)}},
		{"REDUCE beats HOLD", func(in *Input) { in.Today.Leg, in.Today.Settled = 5, SettledNotQuite }, reduceTo("morning-pain", dose(9, 3))},
		{"HOLD beats WEEK-GUARD", func(in *Input) { weekWorse(in); in.Today.Settled = SettledNo }, holding(RuleHold, "not-settled", dose(12, 3))},
		{"WEEK-GUARD blocks PROGRESS", weekWorse, holding(RuleWeekGuard, "week-worse", dose(12, 3))},
		{"LAPSE beats WEEK-GUARD (a cap, not a floor)", func(in *Input) {
			weekWorse(in)
			in.Walks = []Walk{{At: ago(8, 0), Minutes: 12, Planned: 12, Peak: 2}, {At: ago(7, 0), Minutes: 12, Planned: 12, Peak: 2}}
		}, want{rule: RuleLapse, code: "lapse", dose: dose(9, 3), session: true}},
		{"LAPSE beats HOLD", func(in *Input) {
			in.Today.Settled = SettledNotQuite
			in.Walks = []Walk{{At: ago(8, 0), Minutes: 12, Planned: 12, Peak: 2}, {At: ago(7, 0), Minutes: 12, Planned: 12, Peak: 2}}
		}, want{rule: RuleLapse, code: "lapse", dose: dose(9, 3), session: true}},
		{"LAPSE beats PROGRESS", func(in *Input) {
			in.Walks = []Walk{{At: ago(8, 0), Minutes: 12, Planned: 12, Peak: 2}, {At: ago(7, 0), Minutes: 12, Planned: 12, Peak: 2}}
		}, want{rule: RuleLapse, code: "lapse", dose: dose(9, 3), session: true}},
	})
}

func TestBaseline(t *testing.T) {
	cases := []struct {
		name    string
		history []CheckIn
		today   int
		want    int
	}{
		{"no check-ins: onboarding max(leg 3, back 6)", nil, 9, 6},
		{"2 check-ins: still onboarding", checkins(2, 1, 1), 1, 6},
		{"3 check-ins: their median", checkins(3, 5, 1, 3), 3, 3},
		{"even count: lower middle", checkins(4, 1, 5, 2, 4), 3, 2},
		{"6 check-ins: lower middle", checkins(6, 9, 1, 8, 1, 2, 9), 3, 2},
		{"only the last 7", checkins(10, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7), 3, 4},
		{"today is not part of it", checkins(3, 2, 2, 2), 9, 2},
		{"max of leg and back", []CheckIn{{Leg: 0, Back: 7}, {Leg: 7, Back: 0}, {Leg: 1, Back: 1}}, 3, 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := Input{Now: now, OnboardingLeg: 3, OnboardingBack: 6, History: c.history, Today: &CheckIn{Leg: c.today}}
			if got := Baseline(in); got != c.want {
				t.Errorf("Baseline = %d, want %d", got, c.want)
			}
		})
	}
}

func TestReasonFigures(t *testing.T) {
	t.Run("without a check-in: pain unknown, walk peak from the log", func(t *testing.T) {
		in := base()
		in.Today = nil
		want := Reason{Code: "no-checkin", Pain: NoPain, Baseline: 3, WalkPeak: 2, FromMinutes: 12}
		if got := Decide(in).Reason; got != want {
			t.Errorf("reason %+v, want %+v", got, want)
		}
	})
	t.Run("no walk: walk peak NoPain", func(t *testing.T) {
		in := base()
		in.Today.WalkPeak, in.Walks, in.Doses[0].At = NoPain, nil, ago(3, 0)
		want := Reason{Code: "building", Pain: 3, Baseline: 3, WalkPeak: NoPain, FromMinutes: 12}
		if got := Decide(in).Reason; got != want {
			t.Errorf("reason %+v, want %+v", got, want)
		}
	})
}

func TestPathToTarget(t *testing.T) {
	d := func(m, s int) Dose { return dose(m, s) }
	cases := []struct {
		name string
		from Dose
		want []Dose
	}{
		{"from 12 x 3", d(12, 3), []Dose{
			d(13, 3), d(14, 3), d(15, 3), d(17, 3), d(19, 3), d(21, 3), d(23, 3), d(25, 3), d(28, 3), d(30, 3), d(30, 4), d(30, 5)}},
		{"from 29 x 5", d(29, 5), []Dose{d(30, 5)}},
		{"from 30 x 3", d(30, 3), []Dose{d(30, 4), d(30, 5)}},
		{"at target", Target, nil},
		{"past target", d(30, 6), nil},
		{"no dose", Dose{}, nil},
		{"pace and incline carried", Dose{Minutes: 28, SessionsPerWeek: 4, Pace: PaceBrisk, InclinePct: 2}, []Dose{
			{Minutes: 30, SessionsPerWeek: 4, Pace: PaceBrisk, InclinePct: 2}, {Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := PathToTarget(c.from)
			if len(got) != len(c.want) {
				t.Fatalf("path %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("step %d: %+v, want %+v", i, got[i], c.want[i])
				}
			}
		})
	}

	t.Run("every step within 20% and ending at the target", func(t *testing.T) {
		for m := 5; m <= 30; m++ {
			prev := d(m, 3)
			path := PathToTarget(prev)
			for _, s := range path {
				if s.Minutes*10 > prev.Minutes*12 || s.SessionsPerWeek-prev.SessionsPerWeek > 1 {
					t.Errorf("from %d: step %+v after %+v", m, s, prev)
				}
				prev = s
			}
			if prev.Minutes != Target.Minutes || prev.SessionsPerWeek != Target.SessionsPerWeek {
				t.Errorf("from %d: ends at %+v", m, prev)
			}
		}
	})
}
