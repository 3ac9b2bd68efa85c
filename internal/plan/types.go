// Package plan is the walking-plan rule table of docs/clinical-rules.md
// (the repository's copy of ../shared/docs/clinical-rules.md) as pure
// functions: no I/O, no clock, no text. Every Decision names the rule ID that produced it, so every
// suggestion the bot makes traces back to the rules file.
package plan

import "time"

// RuleID is the ID of a row of the rules file's decision table.
type RuleID string

// The rule IDs of the rules file (version 2), in table order.
const (
	RuleUrgent    RuleID = "RF-URGENT"
	RuleDoctor    RuleID = "RF-DOCTOR"
	RuleNeuroHold RuleID = "NEURO-HOLD"
	RuleStopFlare RuleID = "STOP-FLARE"
	RuleRest      RuleID = "REST"
	RuleReduce    RuleID = "REDUCE"
	RuleLapse     RuleID = "LAPSE"
	RuleLimbHold  RuleID = "LIMB-HOLD"
	RuleHold      RuleID = "HOLD"
	RuleWeekGuard RuleID = "WEEK-GUARD"
	RuleMaintain  RuleID = "MAINTAIN"
	RuleProgress  RuleID = "PROGRESS"
	RuleStart     RuleID = "START"
)

// Rules are every rule ID of the table, in table order.
var Rules = []RuleID{
	RuleUrgent, RuleDoctor, RuleNeuroHold, RuleStopFlare, RuleRest, RuleReduce,
	RuleLapse, RuleLimbHold, RuleHold, RuleWeekGuard, RuleMaintain, RuleProgress, RuleStart,
}

// Place is where the person walks.
type Place string

// The places a person can choose.
const (
	Treadmill Place = "treadmill"
	Outdoors  Place = "outdoors"
)

// Pace is the walking pace step; PROGRESS moves to a brisker pace only
// after minutes and sessions reach the target.
type Pace int

// The pace steps.
const (
	PaceEasy  Pace = iota // start the belt slowest, build to an easy conversational pace
	PaceBrisk             // a brisker pace, still able to talk
)

// Target is the weekly goal of the programme (WalkBack): 30 minutes, 5
// days a week.
var Target = Dose{Minutes: 30, SessionsPerWeek: 5}

// Dose is how much walking a session and a week hold.
type Dose struct {
	Minutes         int  `json:"minutes"`
	SessionsPerWeek int  `json:"sessions_per_week"`
	Pace            Pace `json:"pace"`
	InclinePct      int  `json:"incline_pct"` // treadmill only; 0 until PROGRESS allows more
	// ShortMinutes, when above 0, is the length of one session of the
	// week that is shorter than Minutes: the session PROGRESS added
	// when a full one would have broken the volume cap. It falls on the
	// last planned day of the week.
	ShortMinutes int `json:"short_minutes,omitempty"`
}

// IsZero reports whether no dose has been set yet.
func (d Dose) IsZero() bool { return d.Minutes == 0 }

// Volume is the planned weekly volume in minutes: minutes times sessions
// per week, with the short session at its own length.
func (d Dose) Volume() int {
	if d.ShortMinutes > 0 && d.SessionsPerWeek > 0 {
		return d.Minutes*(d.SessionsPerWeek-1) + d.ShortMinutes
	}
	return d.Minutes * d.SessionsPerWeek
}

// Exceeds reports whether d is more walking than b in any way: more
// minutes a session, more weekly volume, a brisker pace or more incline.
func (d Dose) Exceeds(b Dose) bool {
	return d.Minutes > b.Minutes || d.Volume() > b.Volume() || d.Pace > b.Pace || d.InclinePct > b.InclinePct
}

// AtTarget reports whether d holds the programme's target in full: 30
// minutes, 5 full sessions a week.
func (d Dose) AtTarget() bool {
	return d.Minutes >= Target.Minutes && d.SessionsPerWeek >= Target.SessionsPerWeek && d.ShortMinutes == 0
}

// Settled is the answer to "did your pain settle back by this morning?".
type Settled int

// The answers to the settled question.
const (
	SettledUnknown  Settled = iota // not asked, or no walk to ask about
	SettledYes                     // back to usual
	SettledNotQuite                // a little above usual
	SettledNo                      // clearly not settled
)

// NoPain marks a pain score that was not given (for example no walk yet).
const NoPain = -1

// CheckIn is one check-in. Only the first check-in of a local day is a
// morning check-in (for the baseline, WEEK-GUARD and "settled"); which
// one that is follows from the times, so it is not stored.
type CheckIn struct {
	At   time.Time `json:"at"`
	Leg  int       `json:"leg"`  // 0-10
	Back int       `json:"back"` // 0-10
	// Settled answers "had the pain settled back to your usual by this
	// morning?" about the walk this morning reports on (ReportsOn), or,
	// when that walk was not logged, about the walk WalkPeak describes.
	Settled  Settled `json:"settled"`
	WalkPeak int     `json:"walk_peak"` // highest pain during the walk this morning reports on, NoPain when none
	// ReportsOn is the At of the logged walk this morning check-in
	// reports on (zero when none): its Settled belongs to that walk.
	ReportsOn time.Time `json:"reports_on,omitzero"`
	Spread    bool      `json:"spread"` // spread further down the leg, or the leg is newly weaker
	// LimbAsked says the weekly lower-limb question was asked; Limb is
	// its answer ("any new pain in a knee, hip, ankle, foot or shin").
	LimbAsked bool   `json:"limb_asked,omitempty"`
	Limb      bool   `json:"limb,omitempty"`
	Rule      RuleID `json:"rule"`           // the day's decision after this check-in (REST looks at it)
	Code      string `json:"code,omitempty"` // its reason code (HOLD's next-day hold looks at it)
}

// Pain is the higher of leg and back pain, the "pain" of the rules file.
func (c CheckIn) Pain() int { return max(c.Leg, c.Back) }

// Walk is one logged walking session.
type Walk struct {
	At       time.Time `json:"at"`
	Minutes  int       `json:"minutes"`   // minutes actually walked
	Planned  int       `json:"planned"`   // the dose's minutes when it was walked
	Peak     int       `json:"peak"`      // highest pain during the walk, NoPain when not given
	CutShort bool      `json:"cut_short"` // stopped early
	Skipped  bool      `json:"skipped"`   // not walked at all
	// Settled is the next morning's answer about this walk. It is kept
	// on the morning check-in (CheckIn.ReportsOn names the walk) and
	// joined onto the walk when the log is read, so it is not stored
	// twice.
	Settled Settled `json:"-"`
}

// DoseChange records when a rule set the dose (even to the same
// minutes): PROGRESS counts walks from the newest one, the volume cap
// looks at those of the last 7 days, MAINTAIN at how long the target
// has held, LAPSE at the newest restart.
type DoseChange struct {
	At   time.Time `json:"at"`
	Dose Dose      `json:"dose"`
	Rule RuleID    `json:"rule"`
}

// RedFlags are the latest answers to the red-flag questions.
type RedFlags struct {
	Urgent bool // any RF-URGENT item answered yes
	Doctor bool // any RF-DOCTOR item answered yes
}

// Input is everything Decide looks at. Slices are oldest first.
type Input struct {
	Now time.Time
	// Loc is the person's zone: the rules count local days. nil is UTC.
	Loc              *time.Location
	Place            Place
	OnboardingLeg    int // baseline answers from onboarding
	OnboardingBack   int
	ToleranceMinutes int // minutes the person can walk before leg pain rises by about 2 points
	// ReminderDays is the number of reminder days a week (START's
	// sessions per week).
	ReminderDays int
	Dose         Dose // current dose; zero before the first plan
	Doses        []DoseChange
	Today        *CheckIn  // the check-in being decided; nil when deciding without one
	History      []CheckIn // earlier check-ins, excluding Today
	Walks        []Walk    // with each walk's Settled joined from the check-in reporting on it
	RedFlags     RedFlags
}

// Advice says whether and how soon to suggest seeing a clinician.
type Advice int

// The kinds of clinician advice a decision can carry.
const (
	AdviceNone         Advice = iota
	AdviceEmergency           // RF-URGENT: emergency department or emergency number now
	AdviceToday               // RF-DOCTOR: contact a doctor today
	AdviceWithinDays          // NEURO-HOLD: see a clinician within a few days
	AdviceIfNotSettled        // REST on the third day: pain has not settled after 3 days
	AdviceLimb                // LIMB-HOLD: flat ground, good shoes, a slower belt; a clinician if it persists
)

// Reason is why a decision was taken: the rule, which of its conditions
// matched, and the figures the message names. Codes are stable strings the
// message catalog keys on ("reason.<Rule>.<Code>").
type Reason struct {
	Code        string `json:"code"`
	Pain        int    `json:"pain"`            // today's pain (max of leg and back)
	Baseline    int    `json:"baseline"`        // the baseline it was compared with
	WalkPeak    int    `json:"walk_peak"`       // the walk pain it was based on
	FromMinutes int    `json:"from_minutes"`    // minutes before the change
	Days        int    `json:"days"`            // days, e.g. since the last walk
	Short       int    `json:"short,omitempty"` // minutes of the short session, when there is one
}

// Decision is today's suggestion.
type Decision struct {
	Rule    RuleID
	Dose    Dose // the dose to walk; also the new current dose when Session is true
	Session bool // false: no walking session today (RF-URGENT, RF-DOCTOR, REST)
	Pause   bool // pause plan and reminders (RF-URGENT, RF-DOCTOR)
	Advice  Advice
	Reason  Reason
	// SetsDose says the rule set the dose (START, REDUCE, LAPSE,
	// STOP-FLARE's restart, a PROGRESS or MAINTAIN step, NEURO-HOLD's
	// reduction), even to the same minutes: it is recorded as a
	// DoseChange.
	SetsDose bool
}
