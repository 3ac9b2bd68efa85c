package dialog

import (
	"strconv"
	"testing"

	"treadwell/internal/plan"
	"treadwell/messages"
)

// Keys named in code are checked by the compiler (messages/keys.go);
// the ones built at run time are checked here, family by family. (The
// reasons of the rules are checked by driving the rule table, in
// catalog_test.go; "unreachable.<platform>" is optional, looked up with
// Has.)
func TestCatalogHasEveryDynamicKey(t *testing.T) {
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, name := range commandNames {
		keys = append(keys, "command."+name)
		for _, o := range commandOptions[name] {
			keys = append(keys, "option."+name+"."+o.Name)
		}
	}
	for _, d := range weeklyDays {
		keys = append(keys, "day."+d)
	}
	for _, place := range []plan.Place{plan.Treadmill, plan.Outdoors} {
		keys = append(keys, "place."+string(place), "posture."+string(place))
		for pace := range 2 {
			keys = append(keys, "pace."+string(place)+"."+strconv.Itoa(pace))
		}
	}
	for _, k := range keys {
		for _, lang := range msgs.Languages() {
			if got := msgs.Text(lang, messages.Dynamic(k)); got == messages.Missing(k) {
				t.Errorf("%s: no message %q", lang, k)
			}
		}
	}
}
