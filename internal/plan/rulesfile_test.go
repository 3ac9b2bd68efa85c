package plan

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"regexp"
	"testing"
)

// The repository carries the rule table it implements
// (docs/clinical-rules.md), so the README's link works in any clone.
// Where the team's copy is beside it, the two must be the same text;
// and every rule ID of plan.Rules is in the repository's copy.
func TestRulesFileIsTheTeamsAndNamesEveryRule(t *testing.T) {
	ours, err := os.ReadFile("../../docs/clinical-rules.md")
	if err != nil {
		t.Fatalf("the repository's rule table: %v", err)
	}
	if !bytes.Contains(ours, []byte("ersion 2")) {
		t.Fatal("docs/clinical-rules.md is not version 2")
	}
	teams, err := os.ReadFile("../../../shared/docs/clinical-rules.md")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		t.Log("no ../shared/docs/clinical-rules.md beside the repository; only the copy is checked")
	case err != nil:
		t.Fatal(err)
	case !bytes.Equal(ours, teams):
		t.Fatal("docs/clinical-rules.md differs from ../shared/docs/clinical-rules.md: copy the team's table (cp ../shared/docs/clinical-rules.md docs/)")
	}
	for _, r := range Rules {
		if !regexp.MustCompile(`\b` + regexp.QuoteMeta(string(r)) + `\b`).Match(ours) {
			t.Errorf("rule %s is not in docs/clinical-rules.md", r)
		}
	}
}
