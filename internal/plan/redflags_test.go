package plan

import (
	"testing"
	"time"
)

func TestRule_RF_URGENT(t *testing.T) {
	urgent := want{rule: RuleUrgent, code: "red-flag", dose: dose(12, 3), pause: true, advice: AdviceEmergency}
	runDecide(t, []decideCase{
		{"urgent flag", func(in *Input) { in.RedFlags.Urgent = true }, urgent},
		{"urgent beats doctor", func(in *Input) { in.RedFlags = RedFlags{Urgent: true, Doctor: true} }, urgent},
		{"urgent without a check-in", func(in *Input) { in.RedFlags.Urgent = true; in.Today = nil }, urgent},
		{"dose kept as is, even none", func(in *Input) { in.RedFlags.Urgent = true; in.Dose = Dose{} },
			want{rule: RuleUrgent, code: "red-flag", pause: true, advice: AdviceEmergency}},
		{"no flag: not urgent", nil, progressTo(dose(13, 3), "minutes")},
	})
}

func TestRule_RF_DOCTOR(t *testing.T) {
	doctor := want{rule: RuleDoctor, code: "red-flag", dose: dose(12, 3), pause: true, advice: AdviceToday}
	runDecide(t, []decideCase{
		{"doctor flag", func(in *Input) { in.RedFlags.Doctor = true }, doctor},
		{"doctor without a check-in", func(in *Input) { in.RedFlags.Doctor = true; in.Today = nil }, doctor},
		{"doctor beats NEURO-HOLD and REDUCE", func(in *Input) {
			in.RedFlags.Doctor = true
			in.Today.Spread, in.Today.Leg = true, 9
		}, doctor},
		{"doctor beats LAPSE", func(in *Input) {
			in.RedFlags.Doctor = true
			in.Walks = []Walk{{At: ago(9, 0), Minutes: 12, Planned: 12, Peak: 2}}
		}, doctor},
	})
}

func TestRedFlagsDue(t *testing.T) {
	cases := []struct {
		name      string
		lastAsked time.Time
		pain      int // today's leg pain; baseline is 3; -1: no check-in
		want      bool
	}{
		{"never asked", time.Time{}, 3, true},
		{"asked 7 days ago", ago(7, 0), 3, true},
		{"asked 6 days 23 hours ago", ago(7, time.Hour), 3, false},
		{"asked yesterday, pain at baseline", ago(1, 0), 3, false},
		{"asked yesterday, pain baseline+1", ago(1, 0), 4, false},
		{"asked yesterday, pain jumped baseline+2", ago(1, 0), 5, true},
		{"asked yesterday, no check-in", ago(1, 0), -1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			if c.pain < 0 {
				in.Today = nil
			} else {
				in.Today.Leg = c.pain
			}
			if got := RedFlagsDue(in, c.lastAsked); got != c.want {
				t.Errorf("RedFlagsDue = %v, want %v", got, c.want)
			}
		})
	}
}

func TestResumeNeedsRedFlags(t *testing.T) {
	cases := []struct {
		name  string
		since time.Time
		flare bool
		want  bool
	}{
		{"after a flare, however short", ago(0, -time.Hour), true, true},
		{"3-day break", ago(3, 0), false, false},
		{"exactly 7 days: not more than 7", ago(7, 0), false, false},
		{"7 days and a minute", ago(7, -time.Minute), false, true},
		{"30-day break", ago(30, 0), false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ResumeNeedsRedFlags(c.since, now, c.flare); got != c.want {
				t.Errorf("ResumeNeedsRedFlags = %v, want %v", got, c.want)
			}
		})
	}
}
