package plan

import "testing"

// RF-URGENT: any urgent red flag answered yes: the emergency message, plan
// and reminders paused, no walking suggestion. It is the first row.
func TestRule_RF_URGENT_PausesWithNoWalk(t *testing.T) {
	urgent := want{rule: RuleUrgent, code: "red-flag", dose: dose(12, 3), pause: true, advice: AdviceEmergency}
	runDecide(t, []decideCase{
		{"urgent flag", func(in *Input) { in.RedFlags.Urgent = true }, urgent},
		{"urgent beats doctor", func(in *Input) { in.RedFlags = RedFlags{Urgent: true, Doctor: true} }, urgent},
		{"urgent without a check-in", func(in *Input) { in.RedFlags.Urgent = true; in.Today = nil }, urgent},
		{"urgent beats NEURO-HOLD, REDUCE and LAPSE", func(in *Input) {
			in.RedFlags.Urgent = true
			in.Today.Spread, in.Today.Leg = true, 9
			in.Walks = []Walk{walkOn(-9, 12, 2)}
		}, urgent},
		{"before any plan: no dose", func(in *Input) { in.RedFlags.Urgent = true; in.Dose, in.Doses = Dose{}, nil },
			want{rule: RuleUrgent, code: "red-flag", pause: true, advice: AdviceEmergency}},
		{"no flag: not urgent", nil, progressed},
	})
}

// RF-DOCTOR: contact a doctor today; plan and reminders paused until the
// user resumes.
func TestRule_RF_DOCTOR_PausesUntilResume(t *testing.T) {
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
			in.Walks = []Walk{walkOn(-9, 12, 2)}
		}, doctor},
	})
}
