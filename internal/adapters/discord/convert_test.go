package discord

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/chat"
)

func scale(q int) []chat.Button {
	var row []chat.Button
	for i := 0; i <= 5; i++ {
		row = append(row, chat.Button{Label: strconv.Itoa(i), Data: fmt.Sprintf("%d:%d", q, i)})
	}
	return row
}

func rowLabels(comps []discordgo.MessageComponent) [][]string {
	var out [][]string
	for _, c := range comps {
		var labels []string
		for _, b := range c.(discordgo.ActionsRow).Components {
			labels = append(labels, b.(discordgo.Button).Label)
		}
		out = append(out, labels)
	}
	return out
}

func TestComponents(t *testing.T) {
	cases := []struct {
		name string
		rows [][]chat.Button
		want string
	}{
		{"none", nil, "[]"},
		{"yes/no", [][]chat.Button{{{Label: "Yes", Data: "1:yes"}, {Label: "No", Data: "1:no"}}}, "[[Yes No]]"},
		{"six split evenly", [][]chat.Button{scale(2)}, "[[0 1 2] [3 4 5]]"},
		{"private link dropped", [][]chat.Button{{{Label: "DM me", Private: true}}}, "[]"},
		{"oversized custom_id dropped", [][]chat.Button{{{Label: "x", Data: strings.Repeat("d", 101)}, {Label: "ok", Data: "1:ok"}}}, "[[ok]]"},
		{"at most five rows", [][]chat.Button{scale(1), scale(2), scale(3)}, "[[0 1 2] [3 4 5] [0 1 2] [3 4 5] [0 1 2]]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := fmt.Sprint(rowLabels(components(c.rows))); got != c.want {
				t.Fatalf("rows = %s, want %s", got, c.want)
			}
		})
	}
}

func TestEvenChunks(t *testing.T) {
	for n, want := range map[int]string{0: "[]", 1: "[[0]]", 5: "[[0 1 2 3 4]]", 6: "[[0 1 2] [3 4 5]]", 11: "[[0 1 2 3] [4 5 6 7] [8 9 10]]"} {
		items := make([]int, n)
		for i := range items {
			items[i] = i
		}
		if got := fmt.Sprint(evenChunks(items, 5)); got != want && !(n == 0 && got == "[]") {
			t.Errorf("evenChunks(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestAnsweredContent(t *testing.T) {
	decoded := []discordgo.MessageComponent{&discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		&discordgo.Button{Label: "Yes", CustomID: "4:yes"}, &discordgo.Button{Label: "No", CustomID: "4:no"},
	}}}
	built := components([][]chat.Button{{{Label: "Yes", Data: "4:yes"}, {Label: "No", Data: "4:no"}}})
	for name, comps := range map[string][]discordgo.MessageComponent{"decoded": decoded, "built": built} {
		if got := answeredContent("Q?", comps, "4:no"); got != "Q?\n\n✓ No" {
			t.Errorf("%s: %q", name, got)
		}
		if got := answeredContent("Q?", comps, "9:x"); got != "Q?" {
			t.Errorf("%s unknown: %q", name, got)
		}
	}
}

func TestCommandText(t *testing.T) {
	cases := []struct {
		data discordgo.ApplicationCommandInteractionData
		want string
	}{
		{discordgo.ApplicationCommandInteractionData{Name: "checkin"}, "/checkin"},
		{discordgo.ApplicationCommandInteractionData{Name: "done", Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "minutes", Type: discordgo.ApplicationCommandOptionInteger, Value: float64(12)}}}, "/done 12"},
		{discordgo.ApplicationCommandInteractionData{Name: "stop", Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "duration", Type: discordgo.ApplicationCommandOptionString, Value: " until 2026-12-01 "}}}, "/stop until 2026-12-01"},
	}
	for _, c := range cases {
		if got := commandText(c.data); got != c.want {
			t.Errorf("commandText = %q, want %q", got, c.want)
		}
	}
}

func TestSlashCommands(t *testing.T) {
	in := []chat.Command{
		{Name: "checkin", Description: "Check in"},
		{Name: "done", Description: "Log", Options: []chat.CommandOption{{Name: "minutes", Description: "Minutes", Integer: true, Min: 1, Max: 300}}},
		{Name: "stop", Description: "Pause", Options: []chat.CommandOption{{Name: "duration", Description: "How long"}}},
	}
	cmds := slashCommands(in, true)
	if len(cmds) != 3 || cmds[0].Name != "checkin" || fmt.Sprint(*cmds[0].Contexts) != "[0 1]" || fmt.Sprint(*cmds[0].IntegrationTypes) != "[0]" {
		t.Fatalf("cmds = %+v", cmds)
	}
	if guild := slashCommands(in, false); guild[0].Contexts != nil || guild[0].IntegrationTypes != nil {
		t.Fatalf("guild command = %+v", guild[0])
	}
	done := cmds[1].Options[0]
	if done.Type != discordgo.ApplicationCommandOptionInteger || *done.MinValue != 1 || done.MaxValue != 300 || done.Required {
		t.Fatalf("/done option = %+v", done)
	}
	if stop := cmds[2].Options[0]; stop.Type != discordgo.ApplicationCommandOptionString || stop.Required {
		t.Fatalf("/stop option = %+v", stop)
	}
}

func TestErrorKinds(t *testing.T) {
	rest := func(status, code int) error {
		return &discordgo.RESTError{Response: &http.Response{StatusCode: status}, Message: &discordgo.APIErrorMessage{Code: code}}
	}
	netErr := &url.Error{Op: "Post", URL: "https://discord.com/api", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	cases := []struct {
		name           string
		err            error
		temp, dmClosed bool
	}{
		{"500", rest(500, 0), true, false},
		{"503", rest(503, 0), true, false},
		{"network", netErr, true, false},
		{"50007", rest(403, discordgo.ErrCodeCannotSendMessagesToThisUser), false, true},
		{"400", rest(400, 50035), false, false},
		{"unauthorized", discordgo.ErrUnauthorized, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if temporary(c.err) != c.temp || isDMsClosed(c.err) != c.dmClosed {
				t.Fatalf("temporary=%v dmsClosed=%v", temporary(c.err), isDMsClosed(c.err))
			}
		})
	}
}

func TestNewValidatesConfig(t *testing.T) {
	cases := []struct {
		cfg  Config
		want string
	}{
		{Config{}, "DISCORD_TOKEN"},
		{Config{Token: "t"}, "DISCORD_APP_ID"},
		{Config{Token: "t", AppID: "1", ShardID: 2, ShardCount: 2}, "shard"},
		{Config{Token: "t", AppID: "1", ShardID: -1}, "shard"},
	}
	for _, c := range cases {
		if _, err := New(c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%+v) err = %v, want %q", c.cfg, err, c.want)
		}
	}
	if _, err := New(Config{Token: "t", AppID: "1", ShardID: 1, ShardCount: 2}); err != nil {
		t.Fatal(err)
	}
}
