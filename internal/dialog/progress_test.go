package dialog_test

import (
	"strings"
	"testing"
)

func TestProgress(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	// Week one: leg pain 5 each morning; week two: 3. Walks every day of
	// the last three days, none before.
	for d := 0; d < 14; d++ {
		h.clock.Advance(day)
		leg := "5"
		if d >= 7 {
			leg = "3"
		}
		p.say("/checkin")
		p.press(leg)
		out := p.press("2")
		if containsAll(out, "highest pain during your last walk") {
			if d >= 12 {
				p.press("2")
				p.press("Yes, back to usual")
			} else {
				p.press("No walk yet")
			}
		} else {
			p.press("Yes, back to usual")
		}
		p.afterSpread(p.press("No"))
		if d >= 11 {
			p.say("/done 8")
			p.press("2")
		}
	}
	out := p.say("/progress")
	mustContain(t, out, "Your last 14 days:", "Leg pain trend: down, from 5.0 to 3.0",
		"3 of 5 planned walks this week") // walks against the plan, not days in a row
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) >= 3 {
			lines[strings.Join(f[:3], " ")] = strings.Join(f[3:], " ")
		}
	}
	for date, want := range map[string]string{
		"Fri 27 Nov": "– leg 5", "Thu 3 Dec": "– leg 5", "Fri 4 Dec": "– leg 3",
		"Tue 8 Dec": "8 min leg 3", "Thu 10 Dec": "8 min leg 3",
	} {
		if got := lines[date]; got != want {
			t.Errorf("line for %s = %q, want %q", date, got, want)
		}
	}
	if got := strings.Count(out, "\n"); got < 14 {
		t.Fatalf("progress has %d lines, want one per day:\n%s", got, out)
	}
}

func TestProgress_noShameOnMissedDays(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	out := p.say("/progress")
	mustContain(t, out, "not enough check-ins yet", "Thu 26 Nov")
	mustNotContain(t, out, "Streak", "missed", "failed", "Wed 25 Nov") // nothing from before /start
	p.say("/done 8")
	p.press("2")
	// Thursday is not one of the planned days (daily reminders, 5 walks
	// a week: Mon, Tue, Wed, Fri, Sat): a walk on it is a bonus.
	mustContain(t, p.say("/progress"), "1 walk this week (0 planned)")
}

func TestPlanCommand(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	out := p.say("/plan")
	mustContain(t, out, "Today's walk: 8 minutes", "(rule HOLD)", "/checkin first",
		"to 30 minutes, 5 days a week", "Minutes: 9 → 10", "→ 30", "weeks",
		// START (v2): sessions from the reminder days (every day: 5).
		"(5 walks a week)", "This week's walks: Mon, Tue, Wed, Fri, Sat.")
}
