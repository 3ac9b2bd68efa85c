package plan

import "testing"

// PathToTarget is a projection of PROGRESS steps (minutes first, then
// sessions) that ends at the target.
func TestPathToTarget(t *testing.T) {
	path := PathToTarget(dose(12, 3))
	want := []Dose{dose(13, 3), dose(14, 3), dose(15, 3), dose(17, 3), dose(19, 3), dose(21, 3), dose(23, 3), dose(25, 3), dose(28, 3), dose(30, 3), dose(30, 4), dose(30, 5)}
	if len(path) != len(want) {
		t.Fatalf("PathToTarget = %v, want %v", path, want)
	}
	for i := range want {
		if path[i] != want[i] {
			t.Errorf("step %d = %+v, want %+v", i, path[i], want[i])
		}
	}
	if p := PathToTarget(Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 18}); len(p) != 2 || p[0] != dose(30, 4) || p[1] != Target {
		t.Errorf("from a short session: %v", p)
	}
	if p := PathToTarget(Target); len(p) != 0 {
		t.Errorf("at the target: %v", p)
	}
	if p := PathToTarget(Dose{}); p != nil {
		t.Errorf("no dose: %v", p)
	}
}
