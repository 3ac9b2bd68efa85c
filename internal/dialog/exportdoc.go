package dialog

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// exportEntry is one log entry as the export shows it: words instead of
// the stored codes, null for what was not asked, units in the names and
// the person's local date and time beside the instant.
type exportEntry struct {
	Kind      string `json:"kind"`
	At        string `json:"at"`         // RFC 3339, UTC
	LocalDate string `json:"local_date"` // in the person's zone
	LocalTime string `json:"local_time"`

	LegPain      *int    `json:"leg_pain_0_to_10,omitempty"`
	BackPain     *int    `json:"back_pain_0_to_10,omitempty"`
	WalkPeakPain *int    `json:"pain_during_walk_0_to_10"` // null: not asked, or no walk
	Settled      *string `json:"pain_settled_by_morning"`  // "yes", "not quite", "no"; null: not asked
	Spread       *bool   `json:"pain_spread_down_leg,omitempty"`
	NewLimbPain  *bool   `json:"new_knee_hip_ankle_foot_pain"` // null: not asked that week
	DayRule      string  `json:"day_plan_rule,omitempty"`

	WalkDate       string `json:"walk_local_date,omitempty"`
	MinutesWalked  *int   `json:"minutes_walked,omitempty"`
	MinutesPlanned *int   `json:"minutes_planned,omitempty"`
	WalkOutcome    string `json:"walk_outcome,omitempty"` // "done", "cut short", "skipped"
	PauseUntil     string `json:"paused_until_local_date,omitempty"`
	PauseReason    string `json:"pause_rule,omitempty"`
	UrgentRedFlags *bool  `json:"urgent_red_flags,omitempty"`
	SeeDoctorFlags *bool  `json:"see_a_doctor_red_flags,omitempty"`
	RedFlagSign    string `json:"red_flag_sign,omitempty"` // the sign answered yes, in the person's language
}

var settledWords = map[plan.Settled]string{plan.SettledYes: "yes", plan.SettledNotQuite: "not quite", plan.SettledNo: "no"}

var kindWords = map[profile.EntryKind]string{
	profile.KindCheckIn: "check-in", profile.KindWalk: "walk", profile.KindPause: "pause",
	profile.KindResume: "resume", profile.KindRedFlags: "red-flag check",
}

func ptr[T any](v T) *T { return &v }

// exportEntries words the log for the export.
// sign words the red-flag sign a check answered yes ("" if none).
func exportEntries(log []profile.Entry, loc *time.Location, sign func(profile.RedFlagCheck) string) []exportEntry {
	out := make([]exportEntry, 0, len(log))
	for _, e := range log {
		x := exportEntry{Kind: kindWords[e.Kind], At: e.At.UTC().Format(time.RFC3339),
			LocalDate: e.At.In(loc).Format(time.DateOnly), LocalTime: e.At.In(loc).Format("15:04")}
		if x.Kind == "" {
			x.Kind = string(e.Kind)
		}
		if c := e.CheckIn; c != nil {
			x.LegPain, x.BackPain, x.Spread = ptr(c.Leg), ptr(c.Back), ptr(c.Spread)
			if c.WalkPeak != plan.NoPain {
				x.WalkPeakPain = ptr(c.WalkPeak)
			}
			if w, ok := settledWords[c.Settled]; ok {
				x.Settled = ptr(w)
			}
			if c.LimbAsked {
				x.NewLimbPain = ptr(c.Limb)
			}
			x.DayRule = string(c.Rule)
		}
		if w := e.Walk; w != nil {
			x.WalkDate = w.At.In(loc).Format(time.DateOnly)
			x.MinutesWalked, x.MinutesPlanned = ptr(w.Minutes), ptr(w.Planned)
			if w.Peak != plan.NoPain {
				x.WalkPeakPain = ptr(w.Peak)
			}
			switch {
			case w.Skipped:
				x.WalkOutcome = "skipped"
			case w.CutShort:
				x.WalkOutcome = "cut short"
			default:
				x.WalkOutcome = "done"
			}
		}
		if p := e.Pause; p != nil {
			x.PauseReason = string(p.Rule)
			if p.Why == profile.WhyBreak || p.Why == profile.WhyOther {
				// A holiday or busy spell, from /settings or /stop's
				// "something else": not a flare.
				x.PauseReason = "break"
			}
			if !p.Until.IsZero() {
				x.PauseUntil = p.Until.In(loc).Format(time.DateOnly)
			}
		}
		if r := e.RedFlags; r != nil {
			x.UrgentRedFlags, x.SeeDoctorFlags = ptr(r.Urgent), ptr(r.Doctor)
			x.RedFlagSign = sign(*r)
		}
		out = append(out, x)
	}
	return out
}

// exportCSV is the log as a spreadsheet: one row per entry, empty
// cells for what was not asked.
func exportCSV(entries []exportEntry) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	header := []string{"local_date", "local_time", "kind", "leg_pain", "back_pain", "pain_during_walk",
		"pain_settled_by_morning", "walk_local_date", "minutes_walked", "minutes_planned", "walk_outcome", "paused_until"}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	num := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	for _, x := range entries {
		settled := ""
		if x.Settled != nil {
			settled = *x.Settled
		}
		row := []string{x.LocalDate, x.LocalTime, x.Kind, num(x.LegPain), num(x.BackPain), num(x.WalkPeakPain),
			settled, x.WalkDate, num(x.MinutesWalked), num(x.MinutesPlanned), x.WalkOutcome, x.PauseUntil}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
