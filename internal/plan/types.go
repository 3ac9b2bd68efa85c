// Package plan is the walking-plan rule table of
// ../shared/docs/clinical-rules.md as pure functions: no I/O, no clock, no
// text. Every Decision names the rule ID that produced it, so every
// suggestion the bot makes traces back to the rules file.
package plan

import "time"

// RuleID is the ID of a row of the rules file's decision table.
type RuleID string

// The rule IDs of the rules file, in table order.
const (
	RuleUrgent    RuleID = "RF-URGENT"
	RuleDoctor    RuleID = "RF-DOCTOR"
	RuleNeuroHold RuleID = "NEURO-HOLD"
	RuleStopFlare RuleID = "STOP-FLARE"
	RuleReduce    RuleID = "REDUCE"
	RuleRest      RuleID = "REST"
	RuleHold      RuleID = "HOLD"
	RuleWeekGuard RuleID = "WEEK-GUARD"
	RuleLapse     RuleID = "LAPSE"
	RuleProgress  RuleID = "PROGRESS"
	RuleStart     RuleID = "START"
)

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
}

// IsZero reports whether no dose has been set yet.
func (d Dose) IsZero() bool { return d.Minutes == 0 }

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

// CheckIn is one daily check-in.
type CheckIn struct {
	At       time.Time `json:"at"`
	Leg      int       `json:"leg"`       // 0-10
	Back     int       `json:"back"`      // 0-10
	Settled  Settled   `json:"settled"`   // did pain settle back after the last walk
	WalkPeak int       `json:"walk_peak"` // highest pain during the last walk, NoPain when none
	Spread   bool      `json:"spread"`    // spread further down the leg, or the leg is newly weaker
	Rule     RuleID    `json:"rule"`      // the decision this check-in got (REST looks at it)
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
}

// DoseChange records when the dose became what it is, so PROGRESS can keep
// increases within 20% over 7 days.
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
	Now              time.Time
	Place            Place
	OnboardingLeg    int // baseline answers from onboarding
	OnboardingBack   int
	ToleranceMinutes int  // minutes the person can walk before leg pain rises by about 2 points
	Dose             Dose // current dose; zero before the first plan
	Doses            []DoseChange
	Today            *CheckIn  // today's check-in; nil when deciding without one (/plan)
	History          []CheckIn // earlier check-ins, excluding Today
	Walks            []Walk
	RedFlags         RedFlags
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
)

// Reason is why a decision was taken: the rule, which of its conditions
// matched, and the figures the message names. Codes are stable strings the
// message catalog keys on ("reason.<Rule>.<Code>").
type Reason struct {
	Code        string `json:"code"`
	Pain        int    `json:"pain"`         // today's pain (max of leg and back)
	Baseline    int    `json:"baseline"`     // the baseline it was compared with
	WalkPeak    int    `json:"walk_peak"`    // the walk pain it was based on
	FromMinutes int    `json:"from_minutes"` // minutes before the change
	Days        int    `json:"days"`         // days, e.g. since the last walk
}

// Decision is today's suggestion.
type Decision struct {
	Rule    RuleID
	Dose    Dose // the dose to walk; also the new current dose when Session is true
	Session bool // false: no walking session today (RF-URGENT, RF-DOCTOR, REST)
	Pause   bool // pause plan and reminders (RF-URGENT, RF-DOCTOR)
	Advice  Advice
	Reason  Reason
}
