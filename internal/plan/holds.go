package plan

// holdDays is how long NEURO-HOLD and LIMB-HOLD last: through the 6th
// local day after the last yes (v2.1 reading).
const holdDays = 6

// neuroHold reports whether NEURO-HOLD is in force: the check-in says
// the pain or numbness has spread or the leg is newly weaker, or an
// earlier one said so no more than 6 local days ago. days is how many
// local days ago the last yes was.
func neuroHold(in Input) (days int, ok bool) {
	if in.Today != nil && in.Today.Spread {
		return 0, true
	}
	return recentYes(in, func(c CheckIn) bool { return c.Spread })
}

// limbHold reports whether LIMB-HOLD is in force: the weekly lower-limb
// question answered yes today or no more than 6 local days ago.
func limbHold(in Input) (days int, ok bool) {
	if in.Today != nil && in.Today.LimbAsked && in.Today.Limb {
		return 0, true
	}
	return recentYes(in, func(c CheckIn) bool { return c.LimbAsked && c.Limb })
}

// recentYes finds the newest check-in in History for which yes holds,
// no more than holdDays local days before today.
func recentYes(in Input, yes func(CheckIn) bool) (days int, ok bool) {
	today := in.today()
	for i := len(in.History) - 1; i >= 0; i-- {
		c := in.History[i]
		d := today - in.dayOf(c.At)
		if d > holdDays {
			return 0, false
		}
		if d >= 0 && yes(c) {
			return d, true
		}
	}
	return 0, false
}

// weekWorse reports whether WEEK-GUARD matches: the average leg pain of
// the morning check-ins of the last 7 local days (today included) is at
// least 1 point above that of the 7 local days before. Both weeks need a
// morning check-in. v2: a smaller rise is noise.
func weekWorse(in Input) bool {
	today := in.today()
	var thisSum, thisN, lastSum, lastN int
	add := func(c CheckIn) {
		switch age := today - in.dayOf(c.At); {
		case age < 0:
		case age < 7:
			thisSum, thisN = thisSum+c.Leg, thisN+1
		case age < 14:
			lastSum, lastN = lastSum+c.Leg, lastN+1
		}
	}
	for _, c := range morningCheckIns(in) {
		add(c)
	}
	if isMorning(in) {
		add(*in.Today)
	}
	if thisN == 0 || lastN == 0 {
		return false
	}
	// thisSum/thisN >= lastSum/lastN + 1 without rounding.
	return thisSum*lastN >= (lastSum+lastN)*thisN
}
