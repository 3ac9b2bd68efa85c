package plan

import (
	"os"
	"strings"
	"testing"
)

// TestEveryRuleHasATest fails when a rule of the table has no test named
// after it (TestRule_<ID> with hyphens as underscores, for example
// TestRule_NEURO_HOLD_...), so a new rule without a test fails CI.
func TestEveryRuleHasATest(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
		src.WriteByte('\n')
	}
	seen := map[RuleID]bool{}
	for _, id := range Rules {
		if seen[id] {
			t.Errorf("rule %s is listed twice in Rules", id)
		}
		seen[id] = true
		name := "TestRule_" + strings.ReplaceAll(string(id), "-", "_")
		if !strings.Contains(src.String(), "\nfunc "+name+"_") && !strings.Contains(src.String(), "\nfunc "+name+"(") {
			t.Errorf("rule %s has no test: add func %s_...(t *testing.T)", id, name)
		}
	}
	if len(Rules) != 13 {
		t.Errorf("Rules has %d rules, the rules file's table (version 2) 13", len(Rules))
	}
}
