package telegram_test

import (
	"slices"
	"testing"

	"treadwell/internal/adapters/telegram/telegramtest"
)

// Through the real engine: private chats get the whole menu, in English
// for every language without one and in Spanish for "es"; groups (and the
// default scope) only /start and /help, so no health command shows where
// others read.
func TestLocalizedScopedMenus(t *testing.T) {
	e := startEngine(t, setup{})
	e.person(1001, "es").say("/help", "/checkin") // the adapter runs and has set its menus
	names := func(cmds []telegramtest.Command) []string {
		var out []string
		for _, c := range cmds {
			out = append(out, c.Command)
		}
		return out
	}
	for _, lang := range []string{"", "es"} {
		engLang := lang
		if lang == "" {
			engLang = "en"
		}
		want := e.engine.Commands(engLang)
		private := e.srv.Menu("all_private_chats", lang)
		if len(private) != len(want) {
			t.Fatalf("private menu %q has %d commands, the engine %d", lang, len(private), len(want))
		}
		for i, c := range want {
			if private[i].Command != c.Name || private[i].Description != c.Description {
				t.Errorf("private menu %q [%d] = %+v, want %s %q", lang, i, private[i], c.Name, c.Description)
			}
		}
		for _, scope := range []string{"all_group_chats", "default"} {
			if got := names(e.srv.Menu(scope, lang)); !slices.Equal(got, []string{"start", "help"}) {
				t.Errorf("%s menu %q = %v, want start and help", scope, lang, got)
			}
		}
		for _, c := range []string{"undo", "next", "report"} { // report: private only, never a group menu
			if !slices.Contains(names(private), c) {
				t.Errorf("private menu %q lacks /%s", lang, c)
			}
		}
	}
	if en, es := e.srv.Menu("all_private_chats", ""), e.srv.Menu("all_private_chats", "es"); en[0].Description == es[0].Description {
		t.Fatalf("the Spanish menu is in English: %q", es[0].Description)
	}
}
