package console

import (
	"context"
	"os"
	"strings"
	"testing"

	"treadwell/internal/chat"
)

func TestPick(t *testing.T) {
	yesNo := []chat.Button{{Label: "Yes", Data: "4:yes"}, {Label: "No", Data: "4:no"}, {Label: "None of these", Data: "4:none"}}
	scale := []chat.Button{{Label: "0", Data: "5:0"}, {Label: "1", Data: "5:1"}, {Label: "10", Data: "5:10"}}
	mixed := append(append([]chat.Button{}, scale...), chat.Button{Label: "No walk yet", Data: "6:no_walk"})
	cases := []struct {
		name       string
		buttons    []chat.Button
		line       string
		text, data string
	}{
		{"number picks a choice", yesNo, "2", "", "4:no"},
		{"label picks a choice", yesNo, "none of these", "", "4:none"},
		{"number out of range is text", yesNo, "4", "4", ""},
		{"zero is text", yesNo, "0", "0", ""},
		{"free text stays text", yesNo, "maybe", "maybe", ""},
		{"command stays a command", yesNo, "/stop", "/stop", ""},
		{"on a scale the number is the score", scale, "1", "", "5:1"},
		{"on a scale an unlisted number is text", scale, "7", "7", ""},
		{"on a mixed scale a number is the score", mixed, "10", "", "5:10"},
		{"on a mixed scale a word label picks", mixed, "No walk yet", "", "6:no_walk"},
		{"no buttons", nil, "3", "3", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text, data := pick(c.buttons, c.line)
			if text != c.text || data != c.data {
				t.Fatalf("pick(%q) = (%q, %q), want (%q, %q)", c.line, text, data, c.text, c.data)
			}
		})
	}
}

func TestRender(t *testing.T) {
	cases := []struct {
		name string
		out  chat.Outgoing
		want string
	}{
		{"plain", chat.Outgoing{Text: "Hello"}, "Hello\n\n"},
		{"numbered choices", chat.Outgoing{Text: "Q?", Buttons: [][]chat.Button{{{Label: "Yes"}, {Label: "No"}}, {{Label: "None"}}}},
			"Q?\n  [1] Yes  [2] No\n  [3] None\n\n"},
		{"scale", chat.Outgoing{Text: "Pain?", Buttons: [][]chat.Button{{{Label: "0"}, {Label: "1"}}}}, "Pain?\n  [0]  [1]\n\n"},
		{"urgent", chat.Outgoing{Text: "GO NOW", Urgent: true}, urgentBar + "\nGO NOW\n" + urgentBar + "\n\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := render(c.out); got != c.want {
				t.Fatalf("render = %q, want %q", got, c.want)
			}
		})
	}
	if strings.Count(render(chat.Outgoing{Text: "x", Urgent: true}), "!!!!") < 2 {
		t.Fatal("urgent text not framed")
	}
}

func TestSendSavesImages(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	a := New(strings.NewReader(""), &out, Options{ImageDir: dir})
	png := []byte("\x89PNG\r\n\x1a\nfake")
	if err := a.Send(context.Background(), chat.Outgoing{Text: "Your chart", Image: png}); err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(out.String(), "\n")
	path := strings.TrimSpace(strings.TrimPrefix(line, "🖼"))
	got, err := os.ReadFile(path)
	if err != nil || string(got) != string(png) || !strings.HasPrefix(path, dir) {
		t.Fatalf("saved %q (%v): %q", path, err, got)
	}
	if !strings.Contains(out.String(), "Your chart") {
		t.Fatal("text not printed")
	}
}
