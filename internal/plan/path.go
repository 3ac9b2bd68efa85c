package plan

// PathToTarget is the projected steps from d to Target (30 minutes, 5
// sessions a week), one PROGRESS step per week (minutes first, then
// sessions). Pace and incline are carried over unchanged. It ends at
// Target and is empty when d is already there or no dose is set. It is
// a projection for the person to see, not a promise: every real step
// waits for walks that went well, within the volume cap.
func PathToTarget(d Dose) []Dose {
	if d.IsZero() {
		return nil
	}
	var path []Dose
	for {
		next, ok := stepToTarget(d)
		if !ok {
			return path
		}
		path = append(path, next)
		d = next
	}
}
