package chart

import "time"

// Data is everything the chart shows: the days drawn and what happened on
// them, as times. The chart places each thing in its local calendar day
// (see prepare); the caller only converts its records.
type Data struct {
	// Zone is the reader's time zone: a column is one of its calendar
	// days (nil: UTC).
	Zone *time.Location
	// First and Last are the oldest and newest days drawn (any time of
	// day; only the date in Zone counts), usually 28 days. A zero Last
	// draws an empty week without dates.
	First, Last time.Time
	// SignUp is when the person started. Days before its date are drawn
	// blank and hatched ("before you joined"): no bars, no markers, no
	// dose line, so they never look like missed days. Zero: every day
	// counts.
	SignUp time.Time

	Walks    []Walk
	CheckIns []CheckIn
	// Pauses are the spans the plan was paused, each shaded for the
	// part of each day it covers (a pause from 14:00 to 15:00 shades a
	// twenty-fourth of that day). An open pause is closed by the caller
	// at the time of drawing.
	Pauses []Span
	// Flares are the times the plan paused for pain (a /stop, a walk
	// above 5); RedFlags the times a red-flag check found a sign. Each
	// puts a marker on its day.
	Flares, RedFlags []time.Time

	DoseMinutes int // current dose: a horizontal line from sign-up on (none when <= 0)
	Target      int // the target line, e.g. 30 minutes (none when <= 0)
	Labels      Labels
}

// Walk is one logged walk, or a walk logged as skipped.
type Walk struct {
	At       time.Time // when it was walked (its day is the column)
	Minutes  int       // minutes actually walked
	Planned  int       // the plan's minutes for it (0: not known)
	Peak     int       // highest pain 0-10 during it; negative when not given
	CutShort bool      // stopped early
	Skipped  bool      // not walked at all
}

// CheckIn is one check-in's pain scores, 0-10.
type CheckIn struct {
	At        time.Time
	Leg, Back int
}

// Span is a stretch of time, From up to To.
type Span struct{ From, To time.Time }

// Labels holds every word drawn on the chart, in the reader's language.
type Labels struct {
	Title   string // chart title
	Minutes string // minutes axis
	Walked  string // the bars' legend entry
	// CutShort and Skipped are the legend entries of a walk cut short
	// (a hatched bar) and one skipped (a cross where the bar would be).
	CutShort, Skipped string
	Planned           string // the plan's minutes: an outline over the bar
	Dose              string // current dose line legend entry
	Target            string // target line legend entry
	Paused            string // paused shading legend entry
	BeforeSignUp      string // hatching of the days before sign-up
	Pain              string // pain axis (0-10)
	Leg               string // leg pain legend entry
	Back              string // back pain legend entry
	Peak              string // a walk's peak pain marker
	Flare             string // flare marker
	RedFlag           string // red-flag marker
	// Months are short month names, January first, for the date labels
	// on the x axis ("3 Nov"); empty ones fall back to the month's
	// number.
	Months [12]string
}
