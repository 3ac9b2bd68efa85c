package plan

// FollowUpDays are the local days after the day a flare pause began on
// which, without a /resume, a short "How is it now?" is sent (v2.1
// reading "Follow-ups"): the 3rd, 7th, 14th, 21st and 28th. Never more.
var FollowUpDays = []int{3, 7, 14, 21, 28}

// NextFollowUpDay is the first follow-up day after day after (0 for the
// day the pause began); ok is false when none is left.
func NextFollowUpDay(after int) (int, bool) {
	for _, d := range FollowUpDays {
		if d > after {
			return d, true
		}
	}
	return 0, false
}

// AdviseClinicianFrom is the first follow-up day on which "Same" or
// "Worse" gets the advice to see a clinician.
const AdviseClinicianFrom = 3
