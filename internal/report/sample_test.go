package report

import (
	"fmt"
	"time"

	"treadwell/internal/chart"
)

// zone is the sample's time zone, a fixed offset: no zone database.
var zone = time.FixedZone("CET", 3600)

// day0 is the sample's first day, Monday 2 November 2026.
var day0 = time.Date(2026, time.November, 2, 0, 0, 0, 0, zone)

func on(d, hh, mm int) time.Time {
	return day0.AddDate(0, 0, d).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// sampleData is days of diary in Spanish (es) or English, with a
// check-in and a walk each day and every kind of section.
func sampleData(days int, es bool) Data {
	w := map[bool]map[string]string{
		false: {"title": "Walking and pain diary", "for": "For the clinician of: ____________", "note": "Self-reported diary from Treadwell, a walking coaching bot. Not a medical record.",
			"days": "Each day", "date": "Date", "leg": "Leg pain", "back": "Back pain", "walk": "Walked / planned (min)", "peak": "Peak pain on the walk", "rule": "Rule",
			"flags": "Red-flag screens", "flag": "no to all 10 signs"},
		true: {"title": "Diario de marcha y dolor", "for": "Para el médico de: ____________", "note": "Diario anotado por la persona en Treadwell, un bot de acompañamiento. No es un historial médico.",
			"days": "Cada día", "date": "Fecha", "leg": "Dolor de pierna", "back": "Dolor de espalda", "walk": "Caminado / previsto (min)", "peak": "Dolor máximo al caminar", "rule": "Regla",
			"flags": "Cribados de señales de alarma", "flag": "no a las 10 señales; ¿algo más? ñandú"},
	}[es]
	d := Data{Paper: A4, Made: on(days, 9, 30), Title: w["title"], Lines: []string{w["for"]}, Note: w["note"], Footer: "Treadwell"}
	d.Chart = chart.Data{Zone: zone, First: on(0, 12, 0), Last: on(days-1, 12, 0), SignUp: on(0, 8, 0), DoseMinutes: 12, Target: 30}
	tbl := Table{Header: []string{w["date"], w["leg"], w["back"], w["walk"], w["peak"], w["rule"]}, Side: 2}
	var flags []string
	for i := range days {
		leg, back, minutes := 2+i%5, 1+i%3, 8+i/4
		d.Chart.CheckIns = append(d.Chart.CheckIns, chart.CheckIn{At: on(i, 8, 0), Leg: leg, Back: back})
		d.Chart.Walks = append(d.Chart.Walks, chart.Walk{At: on(i, 17, 0), Minutes: minutes, Planned: minutes, Peak: leg + 1})
		tbl.Rows = append(tbl.Rows, []string{on(i, 0, 0).Format("Mon 2 Jan"), fmt.Sprint(leg), fmt.Sprint(back),
			fmt.Sprintf("%d / %d", minutes, minutes), fmt.Sprint(leg + 1), "PROGRESS"})
		if i%7 == 0 {
			flags = append(flags, on(i, 0, 0).Format("2 Jan")+": "+w["flag"])
		}
	}
	d.Sections = []Section{{Heading: w["days"], Table: tbl}, {Heading: w["flags"], Lines: flags}}
	return d
}
