package dialog

import (
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// exportProfile is the profile as the export shows it: words and units
// in the names, local times, nothing an internal code stands for (the
// log's counterpart is exportEntry). It is what a person reads when they
// ask what is kept about them, so every field says what it is.
type exportProfile struct {
	Created    string             `json:"signed_up"`
	Language   string             `json:"language"`
	Accounts   []profile.Identity `json:"accounts"`
	Disclaimer string             `json:"disclaimer_accepted,omitempty"`
	SetUp      bool               `json:"set_up_finished"`

	ReminderTime string `json:"daily_reminder_local_time"`
	TimeZone     string `json:"time_zone"`
	ReminderDays string `json:"reminder_days"`
	Place        string `json:"walking_place"`
	EveningNudge string `json:"evening_nudge_local_time,omitempty"` // empty: off
	Weekly       string `json:"weekly_summary"`
	FollowUps    bool   `json:"follow_ups_after_a_flare"`

	UsualLegPain  int          `json:"usual_leg_pain_0_to_10"`
	UsualBackPain int          `json:"usual_back_pain_0_to_10"`
	ToleranceMins int          `json:"minutes_walkable_before_pain_rises"`
	Plan          exportDose   `json:"current_plan"`
	PlanChanges   []exportDose `json:"plan_changes,omitempty"`
	TodayRule     string       `json:"todays_plan_rule,omitempty"`

	Paused        bool   `json:"paused"`
	PausedSince   string `json:"paused_since,omitempty"`
	PausedUntil   string `json:"paused_until,omitempty"` // empty while paused: until /resume
	PauseRule     string `json:"pause_rule,omitempty"`
	PauseForPain  bool   `json:"pause_for_pain,omitempty"`
	RedFlagsAsked string `json:"red_flags_last_asked,omitempty"`
	UrgentFlags   bool   `json:"urgent_red_flags_at_last_check"`
	DoctorFlags   bool   `json:"see_a_doctor_red_flags_at_last_check"`
}

// exportDose is a walking dose in words; At and Rule only for a change.
type exportDose struct {
	At              string `json:"at,omitempty"`
	Rule            string `json:"rule,omitempty"`
	Minutes         int    `json:"minutes_per_walk"`
	SessionsPerWeek int    `json:"walks_per_week"`
	ShortMinutes    int    `json:"one_shorter_walk_minutes,omitempty"`
	Pace            string `json:"pace"`
	InclinePct      int    `json:"treadmill_incline_percent"`
}

var paceWords = map[plan.Pace]string{plan.PaceEasy: "easy", plan.PaceBrisk: "brisk"}

func exportDoseOf(d plan.Dose) exportDose {
	return exportDose{Minutes: d.Minutes, SessionsPerWeek: d.SessionsPerWeek, ShortMinutes: d.ShortMinutes,
		Pace: paceWords[d.Pace], InclinePct: d.InclinePct}
}

func exportProfileOf(p profile.Profile, lang string, loc *time.Location) exportProfile {
	local := func(at time.Time) string {
		if at.IsZero() {
			return ""
		}
		return at.In(loc).Format("2006-01-02 15:04")
	}
	s := p.Settings
	x := exportProfile{
		Created: local(p.Created), Language: lang, Accounts: p.Identities, Disclaimer: local(p.Disclaimer),
		SetUp: p.Onboarded, ReminderTime: s.Remind.String(), TimeZone: s.Zone.String(), ReminderDays: s.Days.String(),
		Place: string(s.Place), Weekly: s.Weekly.String(), FollowUps: !s.NoFollowUps,
		UsualLegPain: p.BaselineLeg, UsualBackPain: p.BaselineBack, ToleranceMins: p.ToleranceMinutes,
		Plan: exportDoseOf(p.Dose), TodayRule: string(p.Day.Rule),
		Paused: p.Pause.Active, RedFlagsAsked: local(p.RedFlags.At),
		UrgentFlags: p.RedFlags.Urgent, DoctorFlags: p.RedFlags.Doctor,
	}
	if s.Nudge {
		x.EveningNudge = s.NudgeTime().String()
	}
	for _, c := range p.Doses {
		d := exportDoseOf(c.Dose)
		d.At, d.Rule = local(c.At), string(c.Rule)
		x.PlanChanges = append(x.PlanChanges, d)
	}
	if pz := p.Pause; pz.Active {
		x.PausedSince, x.PausedUntil, x.PauseRule, x.PauseForPain = local(pz.Since), local(pz.Until), string(pz.Rule), pz.Flare
		if pz.Rule == "" {
			x.PauseRule = "break"
		}
	}
	return x
}
