// Package profile holds what Treadwell keeps about one person: settings,
// the walking plan, pause state and the log of check-ins and walks. It is
// plain data; the store persists it and the dialog engine changes it.
package profile

import (
	"fmt"
	"slices"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/localtime"
	"treadwell/internal/plan"
)

// Identity is one platform account that points at a profile.
type Identity struct {
	Platform chat.Platform `json:"platform"`
	UserID   string        `json:"user_id"`
}

// Channel is a private chat where the person can be reached (reminders go
// there).
type Channel struct {
	Platform    chat.Platform `json:"platform"`
	ChatID      string        `json:"chat_id"`
	Unreachable bool          `json:"unreachable,omitempty"` // the platform refused delivery (blocked, DMs closed)
}

// Settings are the person's choices, typed once when they are read (the
// stored forms are the ones people see: "Europe/Berlin", "07:30",
// "mon,wed,fri", "sun").
type Settings struct {
	Zone localtime.Zone `json:"zone"` // an IANA name or a fixed offset like "UTC+05:30"
	// ZoneFromAbbreviation: Zone was given by an abbreviation ("EET"),
	// so it stands for every country on that time, not for its own: the
	// urgent message names no emergency number from it.
	ZoneFromAbbreviation bool            `json:"zone_from_abbreviation,omitempty"`
	Remind               localtime.Clock `json:"remind"` // local reminder time
	Days                 localtime.Days  `json:"days"`   // reminder days
	Place                plan.Place      `json:"place"`
	// Nudge opts in to an evening nudge on reminder days without a
	// check-in.
	Nudge bool `json:"nudge,omitempty"`
	// NudgeAt is the nudge's local time; zero is DefaultNudgeAt, so
	// profiles saved before the time could be chosen keep 20:00 (see
	// NudgeTime).
	NudgeAt localtime.Clock `json:"nudge_at,omitzero"`
	// Weekly is the day of the weekly summary, or off.
	Weekly WeeklySummary `json:"weekly"`
	// NoFollowUps opts out of the follow-ups while paused ("How is it
	// now?"), which are on by default.
	NoFollowUps bool `json:"no_followups,omitempty"`
}

// DefaultNudgeAt is the evening nudge's time when none was chosen.
var DefaultNudgeAt = localtime.Clock{Hour: 20}

// NudgeTime is the local time of the evening nudge: the chosen one, or
// DefaultNudgeAt. Midnight is never a nudge time (the nudge comes after
// the day's reminder), so the zero clock can stand for "not chosen".
func (s Settings) NudgeTime() localtime.Clock {
	if s.NudgeAt == (localtime.Clock{}) {
		return DefaultNudgeAt
	}
	return s.NudgeAt
}

// WeeklySummary is when the weekly summary comes: a day of the week, or
// never (Off). The zero value is Sunday, the default.
type WeeklySummary struct {
	Off bool
	Day time.Weekday
}

var weekdayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// String is the stored form: "off", or the day's three letters.
func (w WeeklySummary) String() string {
	if w.Off {
		return "off"
	}
	if w.Day < time.Sunday || w.Day > time.Saturday {
		return weekdayNames[time.Sunday]
	}
	return weekdayNames[w.Day]
}

// MarshalText stores the summary day as String gives it.
func (w WeeklySummary) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText reads "off", a day ("sun"), or "" (Sunday: stored so
// before the day could be chosen).
func (w *WeeklySummary) UnmarshalText(b []byte) error {
	v, err := ParseWeeklySummary(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// ParseWeeklySummary reads "off", a day's three letters, or "" (Sunday).
func ParseWeeklySummary(s string) (WeeklySummary, error) {
	switch s {
	case "":
		return WeeklySummary{}, nil
	case "off":
		return WeeklySummary{Off: true}, nil
	}
	for d, name := range weekdayNames {
		if s == name {
			return WeeklySummary{Day: time.Weekday(d)}, nil
		}
	}
	return WeeklySummary{}, fmt.Errorf("weekly summary day %q: not off or sun..sat", s)
}

// Pause is the pause state: while active, no plan and no reminders
// (only the follow-ups of a flare or red-flag pause).
type Pause struct {
	Active bool        `json:"active"`
	Since  time.Time   `json:"since,omitzero"`
	Until  time.Time   `json:"until,omitzero"` // zero: until /resume
	Rule   plan.RuleID `json:"rule"`           // STOP-FLARE, RF-URGENT, RF-DOCTOR, or "" for a break (WhyBreak)
	// Flare says pain flared (not only a break). A /stop counts as pain
	// until the person says it is something else.
	Flare bool `json:"flare"`
	// Why is the answer to /stop's "because of pain?" ("" when not
	// asked: a flare walk, the reminder's "I'm flaring", a red flag).
	Why PauseWhy `json:"why,omitempty"`
	// FollowUpsEnded: the person answered "Better" to a follow-up.
	FollowUpsEnded bool `json:"followups_ended,omitempty"`
}

// PauseWhy is the answer to "is this because of pain?" after /stop.
type PauseWhy string

// The answers.
const (
	WhyAsking PauseWhy = "asking" // asked, no answer yet: counts as pain
	WhyPain   PauseWhy = "pain"
	WhyOther  PauseWhy = "other" // a holiday, busy: no flare advice, no red flags
	// WhyBreak is a pause for a holiday or a break chosen in /settings,
	// until a day: never a flare, it has no rule of the table (Rule is
	// empty), so /resume treats it as a break.
	WhyBreak PauseWhy = "break"
)

// NewPause is a pause from since, until a time or (zero) until /resume.
func NewPause(since time.Time, rule plan.RuleID, flare bool, until time.Time) Pause {
	return Pause{Active: true, Since: since, Until: until, Rule: rule, Flare: flare}
}

// DayPlan is the day's decision (rules file v2, "one decision per
// local day"): made at the first check-in of the person's local day,
// shown by /plan, reminders and the weekly summary, and replaced later
// that day only by a decision that does not raise it.
type DayPlan struct {
	Day     string      `json:"day"` // the local date, "2006-01-02"
	At      time.Time   `json:"at"`
	Rule    plan.RuleID `json:"rule"`
	Dose    plan.Dose   `json:"dose"`
	Session bool        `json:"session"`
	Advice  plan.Advice `json:"advice,omitempty"`
	Reason  plan.Reason `json:"reason"` // the inputs it used
	Pause   bool        `json:"pause,omitempty"`
}

// NewDayPlan records d as the decision of local day day.
func NewDayPlan(day string, at time.Time, d plan.Decision) DayPlan {
	return DayPlan{Day: day, At: at, Rule: d.Rule, Dose: d.Dose, Session: d.Session, Advice: d.Advice, Reason: d.Reason, Pause: d.Pause}
}

// Decision is the stored decision as the rules gave it.
func (p DayPlan) Decision() plan.Decision {
	return plan.Decision{Rule: p.Rule, Dose: p.Dose, Session: p.Session, Advice: p.Advice, Reason: p.Reason, Pause: p.Pause}
}

// PausedAt reports whether the pause is in force at now.
func (p Pause) PausedAt(now time.Time) bool {
	return p.Active && (p.Until.IsZero() || now.Before(p.Until))
}

// RedFlagCheck is the latest red-flag check.
type RedFlagCheck struct {
	At     time.Time `json:"at,omitzero"`
	Urgent bool      `json:"urgent"`
	Doctor bool      `json:"doctor"`
	// Item is the sign answered yes, numbered from 1 within its list
	// (rf.urgent.N or rf.doctor.N in messages/); 0 when none was, or in
	// a check logged before the sign was kept.
	Item int `json:"item,omitempty"`
}

// Profile is everything kept about one person, apart from the log.
type Profile struct {
	ID         string     `json:"id"`
	Created    time.Time  `json:"created"`
	Identities []Identity `json:"identities"`
	Channels   []Channel  `json:"channels"`
	Lang       string     `json:"lang,omitempty"`
	LangChosen bool       `json:"lang_chosen,omitempty"` // set with /language: the platform's language no longer decides

	Disclaimer time.Time `json:"disclaimer_accepted,omitzero"` // when "I understand" was pressed
	Onboarded  bool      `json:"onboarded"`
	Settings   Settings  `json:"settings"`

	BaselineLeg      int               `json:"baseline_leg"`
	BaselineBack     int               `json:"baseline_back"`
	ToleranceMinutes int               `json:"tolerance_minutes"`
	Dose             plan.Dose         `json:"dose"`
	Doses            []plan.DoseChange `json:"doses,omitempty"` // recent dose changes, newest last
	LastRule         plan.RuleID       `json:"last_rule,omitempty"`
	// Day is the day's decision, made once per local day.
	Day DayPlan `json:"day,omitzero"`
	// LimbAsked is when the weekly lower-limb question was last asked.
	LimbAsked time.Time `json:"limb_asked,omitzero"`

	Pause    Pause        `json:"pause"`
	RedFlags RedFlagCheck `json:"red_flags"`

	// Snooze is a one-off reminder asked for with "Snooze 30 min".
	Snooze time.Time `json:"snooze,omitzero"`
	// RemindVia is the platform reminders go to first ("" : the one
	// used last).
	RemindVia chat.Platform `json:"remind_via,omitempty"`
	// LinkCode is the latest /link code given out (it expires on its
	// own; kept so /delete can remove it at once).
	LinkCode string `json:"link_code,omitempty"`
}

// Clone is a copy of p that shares no memory with it: changing either
// leaves the other as it was.
func (p Profile) Clone() Profile {
	p.Identities = slices.Clone(p.Identities)
	p.Channels = slices.Clone(p.Channels)
	p.Doses = slices.Clone(p.Doses)
	return p
}

// AddChannel records a private chat, keeping one channel per platform.
func (p *Profile) AddChannel(c Channel) {
	for i := range p.Channels {
		if p.Channels[i].Platform == c.Platform {
			p.Channels[i] = c
			return
		}
	}
	p.Channels = append(p.Channels, c)
}

// EntryKind says what a log entry records.
type EntryKind string

// The kinds of log entry.
const (
	KindCheckIn  EntryKind = "checkin"
	KindWalk     EntryKind = "walk"
	KindPause    EntryKind = "pause"
	KindResume   EntryKind = "resume"
	KindRedFlags EntryKind = "red_flags"
)

// Entry is one line of the person's log.
type Entry struct {
	Kind     EntryKind     `json:"kind"`
	At       time.Time     `json:"at"`
	CheckIn  *plan.CheckIn `json:"checkin,omitempty"`
	Walk     *plan.Walk    `json:"walk,omitempty"`
	Pause    *Pause        `json:"pause,omitempty"`
	RedFlags *RedFlagCheck `json:"red_flags,omitempty"`
}
