package dialog

import (
	"strings"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/localtime"
	"treadwell/messages"
)

// snoozeChoice is one of the snooze buttons, named by its payload's
// argument ("/snooze 20m").
type snoozeChoice string

// The snooze choices, in button order.
const (
	snoozeShort    snoozeChoice = "20m"
	snoozeHour     snoozeChoice = "1h"
	snoozeEvening  snoozeChoice = "evening"
	snoozeTomorrow snoozeChoice = "tomorrow"
)

// eveningAt is the local time "this evening" means.
var eveningAt = localtime.Clock{Hour: 19}

// eveningLead is how long before eveningAt "this evening" is still
// offered: later, the short snoozes say the same.
const eveningLead = 20 * time.Minute

// wordsOf reads a catalog message listing comma-separated words, in
// every language: people type what they say, whatever /language is set.
func wordsOf(msgs *messages.Catalog, key messages.Key) []string {
	var out []string
	for _, lang := range msgs.Languages() {
		for _, w := range strings.Split(msgs.Text(lang, key), ",") {
			if w = normalize(w); w != "" {
				out = append(out, w)
			}
		}
	}
	return out
}

// parseSnooze reads a typed snooze: the button's codes, a duration of
// minutes or hours ("20", "20 min", "1h", "2 hours", "90m"), or a word
// for the evening or tomorrow of the person's languages (evening and
// tomorrow). The duration is zero for the evening and tomorrow.
func parseSnooze(s string, evening, tomorrow []string) (snoozeChoice, time.Duration, bool) {
	s = normalize(s)
	switch {
	case s == string(snoozeEvening) || isStopWord(s, evening):
		return snoozeEvening, 0, true
	case s == string(snoozeTomorrow) || isStopWord(s, tomorrow):
		return snoozeTomorrow, 0, true
	}
	unit := time.Minute
	for _, u := range []struct {
		suffix string
		d      time.Duration
	}{{"hours", time.Hour}, {"hour", time.Hour}, {"horas", time.Hour}, {"hora", time.Hour}, {"h", time.Hour},
		{"minutes", time.Minute}, {"minute", time.Minute}, {"minutos", time.Minute}, {"minuto", time.Minute},
		{"mins", time.Minute}, {"min", time.Minute}, {"m", time.Minute}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, unit = strings.TrimSpace(rest), u.d
			break
		}
	}
	n, err := parseInt(s)
	if err != nil || n <= 0 {
		return "", 0, false
	}
	d := time.Duration(n) * unit
	if d < 5*time.Minute || d > 12*time.Hour {
		return "", 0, false
	}
	return "", d, true
}

// snooze is /snooze: without an argument (the reminder's "Snooze"
// button) it offers the choices; with one it sets the one-off reminder.
// A snooze holds back the daily reminder and the evening nudge until it
// fires (nextWith), so "tomorrow" means nothing more today.
func (t *turn) snooze(args string) {
	if !t.needOnboarded() || !t.needActive() {
		return
	}
	if strings.TrimSpace(args) == "" {
		t.sayButtons(t.snoozeButtons(), t.text(messages.SnoozeChoose))
		return
	}
	choice, d, ok := parseSnooze(args, t.e.eveningWords, t.e.tomorrowWords)
	if !ok {
		t.sayButtons(t.snoozeButtons(), t.text(messages.SnoozeUnknown))
		return
	}
	at, ok := t.snoozeAt(choice, d)
	if !ok {
		t.sayButtons(t.snoozeButtons(), t.text(messages.SnoozeEveningPast))
		return
	}
	t.p.Snooze = at
	loc := t.location()
	if localDate(at, loc) == localDate(t.now, loc) {
		t.say(t.text(messages.SnoozeDone, "time", at.In(loc).Format("15:04")))
	} else {
		t.say(t.text(messages.SnoozeDoneDay, "when", t.reminderWhen(at)))
	}
	t.reask()
}

// snoozeAt is when a snooze choice (or, without one, d from now)
// reminds: false for "this evening" when the evening is (almost) here.
func (t *turn) snoozeAt(choice snoozeChoice, d time.Duration) (time.Time, bool) {
	loc := t.location()
	switch choice {
	case snoozeEvening:
		at := localtime.Next(startOfDay(t.now, loc).Add(-time.Nanosecond), eveningAt, localtime.Daily, loc)
		return at, at.Sub(t.now) >= eveningLead
	case snoozeTomorrow:
		y, m, d := t.now.In(loc).Date()
		tomorrow := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
		return localtime.Next(tomorrow.Add(-time.Nanosecond), t.p.Settings.Remind, localtime.Daily, loc), true
	}
	return t.now.Add(d), true
}

// snoozeButtons are the snooze choices; "this evening" only while the
// evening is still ahead.
func (t *turn) snoozeButtons() [][]chat.Button {
	row := []chat.Button{
		{Label: t.text(messages.ButtonSnooze20m), Data: "/snooze " + string(snoozeShort)},
		{Label: t.text(messages.ButtonSnooze1h), Data: "/snooze " + string(snoozeHour)},
	}
	next := []chat.Button{{Label: t.text(messages.ButtonSnoozeTomorrow), Data: "/snooze " + string(snoozeTomorrow)}}
	if _, ok := t.snoozeAt(snoozeEvening, 0); ok {
		next = append([]chat.Button{{Label: t.text(messages.ButtonSnoozeEvening), Data: "/snooze " + string(snoozeEvening)}}, next...)
	}
	return [][]chat.Button{row, next}
}

// localDate is tm's local date, "2006-01-02".
func localDate(tm time.Time, loc *time.Location) string { return tm.In(loc).Format(time.DateOnly) }

func startOfDay(at time.Time, loc *time.Location) time.Time {
	y, m, d := at.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
