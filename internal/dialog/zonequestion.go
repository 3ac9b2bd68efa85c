package dialog

import (
	"slices"

	"treadwell/internal/chat"
	"treadwell/internal/localtime"
	"treadwell/messages"
)

// The zone question, asked in onboarding and from /settings. It offers
// the likely zones for the person's language and, where the platform can
// ask for one, a location button; typed answers go through
// localtime.FindZone. An answer that names several zones ("IST",
// "Valencia") asks which one, with a button each, as the same step; once
// a zone is taken, the reply says the time there now, so a wrong zone is
// noticed at once.

// likelyZone is one zone button.
type likelyZone struct{ label, zone string }

// likelyZones are the zone buttons by language: the cities most people
// writing that language live nearest to, in time if not in distance.
var likelyZones = map[string][]likelyZone{
	"en": {
		{"London", "Europe/London"}, {"New York", "America/New_York"},
		{"Chicago", "America/Chicago"}, {"Los Angeles", "America/Los_Angeles"},
	},
	"es": {
		{"Madrid", "Europe/Madrid"}, {"Ciudad de México", "America/Mexico_City"},
		{"Bogotá", "America/Bogota"}, {"Buenos Aires", "America/Argentina/Buenos_Aires"},
	},
}

// zoneCountries order the places a name may mean, by language (see
// localtime.PreferCountries): "Córdoba" shows Spain and Argentina first
// to a Spanish speaker, before Colombia's smaller Córdobas.
var zoneCountries = map[string][]string{
	"en": {"GB", "US", "IE", "CA", "AU", "NZ", "ZA", "IN"},
	"es": {"ES", "MX", "AR", "CO", "PE", "VE", "CL", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA", "UY", "PR", "US"},
}

// maxZoneChoices bounds the zones offered for one answer: past four, a
// list of buttons helps nobody; the person can write the zone itself.
const maxZoneChoices = 4

var zoneQuestion = &question{
	prompt: func(t *turn) string {
		if len(t.st.ZoneChoices) > 0 {
			return t.text(messages.ZoneWhich, "answer", t.st.ZoneAnswer)
		}
		return t.text(messages.OnboardZone)
	},
	choices:  zoneChoices,
	free:     true,
	typed:    true,
	answer:   takeZoneAnswer,
	location: takeZoneAt,
}

// zoneChoices are the buttons: the candidates of an ambiguous answer,
// each with the time there now; else the likely zones for the language,
// two a row, and a row with the location button.
func zoneChoices(t *turn) [][]choice {
	if len(t.st.ZoneChoices) > 0 {
		var rows [][]choice
		for _, z := range t.st.ZoneChoices {
			label := z
			if loc, err := localtime.LoadZone(z); err == nil {
				label += " · " + t.now.In(loc).Format("15:04")
			}
			rows = append(rows, []choice{{Value: z, Label: label}})
		}
		return rows
	}
	likely, ok := likelyZones[t.lang]
	if !ok {
		likely = likelyZones["en"]
	}
	var rows [][]choice
	for i, l := range likely {
		if i%2 == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], choice{Value: l.zone, Label: l.label})
	}
	return append(rows, []choice{{Location: true, Label: t.text(messages.ButtonShareLocation)}})
}

func takeZoneAnswer(t *turn, v string) outcome {
	if slices.Contains(t.st.ZoneChoices, v) {
		return t.setZone(v, t.st.ZoneFromAbbreviation)
	}
	cs, err := localtime.FindZone(v)
	if err != nil {
		return refuse(messages.InputZone)
	}
	if len(cs) == 1 {
		return t.setZone(cs[0].Zone, cs[0].FromAbbreviation)
	}
	cs = localtime.PreferCountries(cs, zoneCountries[t.lang])
	var zones []string
	for _, c := range cs {
		if !slices.Contains(zones, c.Zone) {
			zones = append(zones, c.Zone)
		}
		if len(zones) == maxZoneChoices {
			break
		}
	}
	t.st.ZoneChoices, t.st.ZoneAnswer, t.st.ZoneFromAbbreviation = zones, v, cs[0].FromAbbreviation
	return askAgain()
}

func takeZoneAt(t *turn, at chat.Location) outcome {
	z, err := localtime.ZoneAt(at.Lat, at.Lng)
	if err != nil {
		return refuse(messages.InputZoneLocation)
	}
	return t.setZone(z, false)
}

// setZone records the zone, and whether it stands in for an
// abbreviation, and says the time there now (the location button, if
// one was offered, goes with this turn: dropLocationIfLeft).
func (t *turn) setZone(z string, fromAbbreviation bool) outcome {
	loc, err := localtime.LoadZone(z)
	if err != nil {
		return refuse(messages.InputZone)
	}
	t.p.Settings.Zone = localtime.Zone(z)
	t.p.Settings.ZoneFromAbbreviation = fromAbbreviation
	t.st.ZoneChoices, t.st.ZoneAnswer, t.st.ZoneFromAbbreviation = nil, "", false
	t.say(t.text(messages.ZoneSet, "zone", z, "time", t.now.In(loc).Format("15:04")))
	return next()
}

// locationQuestion is the step the conversation is at when its
// question asks for a location on the person's platform (a reply
// keyboard on Telegram, which stays on screen until a message removes
// it, also while the question asks which of several zones an answer
// meant); "" otherwise.
func (t *turn) locationQuestion() stepID {
	_, s, ok := t.current()
	if !ok || s.ask == nil || s.ask.location == nil || !chat.CanRequestLocation(t.in.From) {
		return ""
	}
	return s.id
}

// dropLocationIfLeft takes the location button away when the turn left
// the step asking (answered, or left by /cancel, /stop, another
// command); a turn still at that step (an answer naming several zones,
// a refused one) keeps it. The first reply to the person without
// buttons of its own carries the drop (the zone set, "OK, I've left
// that question"). When every reply has buttons (a message carries one
// keyboard on Telegram), a short line saying the zone is unchanged comes
// first and carries it.
func (t *turn) dropLocationIfLeft(asking stepID) {
	if asking == "" || t.st.Step == asking {
		return
	}
	for i, out := range t.out {
		if out.To == t.in.From && len(out.Buttons) == 0 && out.File == nil && len(out.Image) == 0 && !out.Urgent {
			t.out[i].DropLocationRequest = true
			return
		}
	}
	left := chat.Outgoing{To: t.in.From, Text: t.text(messages.ZoneLeft), DropLocationRequest: true}
	t.out = append([]chat.Outgoing{left}, t.out...)
}
