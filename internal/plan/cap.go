package plan

import "time"

// The volume cap (v2 reading): the planned weekly volume never exceeds
// 1.2 x the lowest planned weekly volume in force at any time during the
// preceding 7 x 24 hours, rebuilding after REDUCE, STOP-FLARE or LAPSE
// included. Pause and rest days do not change the planned volume.

// doseAt is the dose in force at t according to in.Doses: the newest
// change at or before t. Before the oldest recorded change it is none
// (zero, ok false): the plan had not started, or the record was pruned
// (the engine keeps every change of the last 35 days).
func doseAt(in Input, t time.Time) (Dose, bool) {
	for i := len(in.Doses) - 1; i >= 0; i-- {
		if !in.Doses[i].At.After(t) {
			return in.Doses[i].Dose, true
		}
	}
	return Dose{}, false
}

// lowestVolume is the lowest planned weekly volume in force at any time
// during the 7 x 24 hours before in.Now, the current dose included.
func lowestVolume(in Input) int {
	from := in.Now.Add(-week)
	low := in.Dose.Volume()
	if d, ok := doseAt(in, from); ok {
		low = min(low, d.Volume())
	}
	for _, c := range in.Doses {
		if c.At.After(from) && !c.At.After(in.Now) {
			low = min(low, c.Dose.Volume())
		}
	}
	return low
}

// VolumeCap is the highest weekly volume the cap allows now: 1.2 x the
// lowest volume of the last 7 days, rounded down.
func VolumeCap(in Input) int { return lowestVolume(in) * 12 / 10 }
