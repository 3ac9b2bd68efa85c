package plan

import (
	"testing"
	"time"
)

// now is the fixed instant every test decides at.
var now = time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)

// ago is the instant n days (plus extra) before now.
func ago(days int, extra time.Duration) time.Time {
	return now.Add(-time.Duration(days)*day + extra)
}

func dose(minutes, sessions int) Dose { return Dose{Minutes: minutes, SessionsPerWeek: sessions} }

// checkins are morning check-ins at 08:00, the first fromDay days ago and
// one a day after it, with the given pains (as leg pain; back pain 1).
func checkins(fromDay int, pains ...int) []CheckIn {
	out := make([]CheckIn, len(pains))
	for i, p := range pains {
		out[i] = CheckIn{At: ago(fromDay-i, 0), Leg: p, Back: 1, WalkPeak: NoPain, Rule: RuleHold}
	}
	return out
}

// walks are evening walks (18:00) of the given planned and walked minutes,
// one a day, the last one yesterday evening, with the given peaks.
func walks(minutes int, peaks ...int) []Walk {
	out := make([]Walk, len(peaks))
	for i, p := range peaks {
		out[i] = Walk{At: ago(len(peaks)-i, 10*time.Hour), Minutes: minutes, Planned: minutes, Peak: p}
	}
	return out
}

// base is a steady week at 12 minutes, 3 sessions: baseline 3, today 3,
// two walks at 12 minutes with pain 2, settled. Decide gives PROGRESS to 13.
func base() Input {
	return Input{
		Now:              now,
		Place:            Treadmill,
		OnboardingLeg:    3,
		OnboardingBack:   2,
		ToleranceMinutes: 15,
		Dose:             dose(12, 3),
		Doses:            []DoseChange{{At: ago(10, 0), Dose: dose(12, 3), Rule: RuleStart}},
		Today:            &CheckIn{At: now, Leg: 3, Back: 1, Settled: SettledYes, WalkPeak: 2},
		History:          checkins(7, 3, 3, 3, 3, 3, 3, 3),
		Walks:            walks(12, 2, 2),
	}
}

// want is what a test asserts of a Decision.
type want struct {
	rule    RuleID
	code    string
	dose    Dose
	session bool
	pause   bool
	advice  Advice
}

// decideCase is one row of a Decide table test: base() changed by mod.
type decideCase struct {
	name string
	mod  func(in *Input)
	want want
}

func runDecide(t *testing.T, cases []decideCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			if c.mod != nil {
				c.mod(&in)
			}
			check(t, Decide(in), c.want)
		})
	}
}

func check(t *testing.T, got Decision, w want) {
	t.Helper()
	if got.Rule != w.rule || got.Reason.Code != w.code {
		t.Errorf("rule %s/%s, want %s/%s", got.Rule, got.Reason.Code, w.rule, w.code)
	}
	if got.Dose != w.dose {
		t.Errorf("dose %+v, want %+v", got.Dose, w.dose)
	}
	if got.Session != w.session || got.Pause != w.pause || got.Advice != w.advice {
		t.Errorf("session/pause/advice %v/%v/%v, want %v/%v/%v",
			got.Session, got.Pause, got.Advice, w.session, w.pause, w.advice)
	}
}

// Shorthands for common expectations.
func progressTo(d Dose, code string) want {
	return want{rule: RuleProgress, code: code, dose: d, session: true}
}
func holding(rule RuleID, code string, d Dose) want {
	return want{rule: rule, code: code, dose: d, session: true}
}
func reduceTo(code string, d Dose) want {
	return want{rule: RuleReduce, code: code, dose: d, session: true}
}
