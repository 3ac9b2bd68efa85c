package plan

// PathToTarget is the projected steps from d to Target (30 minutes, 5
// sessions a week), one PROGRESS step per week with PROGRESS's own step
// (minutes first, then sessions). Pace and incline are carried over
// unchanged. It ends at Target and is empty when d is already there or no
// dose is set. A week apart, the 10% steps stay within the 20% cap.
func PathToTarget(d Dose) []Dose {
	if d.IsZero() {
		return nil
	}
	var path []Dose
	for {
		next, _, ok := stepToTarget(d)
		if !ok {
			return path
		}
		path = append(path, next)
		d = next
	}
}
