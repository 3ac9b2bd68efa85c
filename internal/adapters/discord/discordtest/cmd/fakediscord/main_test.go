package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat/chattest"
)

// It prints how to start the bot against it, and ends with its input.
func TestRunPrintsTheBotCommand(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"-addr", "127.0.0.1:0"}, strings.NewReader(""), &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	for _, want := range []string{"DISCORD_TOKEN=" + fakeToken, "DISCORD_APP_ID=1", "DISCORD_API_URL=http://127.0.0.1:", "go run ./cmd/bot"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// A line is a slash command with its options, a button press, or a DM,
// and what the bot sends is printed with its buttons numbered.
func TestREPL(t *testing.T) {
	srv := discordtest.NewServer(t, discordtest.Options{})
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	dg.Client, dg.Dialer = srv.Client(), srv.Dialer()
	dg.Identify.Intents = discordgo.IntentsDirectMessages
	dg.ShouldReconnectOnError = false
	dg.LogLevel = -1
	lo := 1.0
	if _, err := dg.ApplicationCommandBulkOverwrite(srv.AppID(), "", []*discordgo.ApplicationCommand{{
		Name: "walk", Description: "Log a walk",
		Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionInteger, Name: "minutes", Description: "Minutes", MinValue: &lo, MaxValue: 300}},
	}}); err != nil {
		t.Fatal(err)
	}
	dg.AddHandler(func(s *discordgo.Session, ev *discordgo.InteractionCreate) {
		var text string
		if ev.Type == discordgo.InteractionApplicationCommand {
			text = fmt.Sprintf("walked %d minutes", ev.ApplicationCommandData().Options[0].IntValue())
		} else {
			text = "pressed " + ev.MessageComponentData().CustomID
		}
		s.InteractionRespond(ev.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: text, Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "Again", CustomID: "again", Style: discordgo.SecondaryButton},
			}}}},
		})
	})
	dg.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
		if !m.Author.Bot {
			s.ChannelMessageSend(m.ChannelID, "you said: "+m.Content)
		}
	})
	if err := dg.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { go dg.Close() })

	in, input := io.Pipe()
	var out, errs chattest.SyncBuffer
	r := &repl{srv: srv, user: discordtest.User{ID: "700000000000000001"}, out: &out, errs: &errs}
	done := make(chan error, 1)
	go func() { done <- r.run(context.Background(), in) }()
	say := func(line, want string) {
		t.Helper()
		io.WriteString(input, line+"\n")
		srv.WaitFor(t, want, func() bool { return strings.Contains(out.String(), want) })
	}
	say("/walk 12", "bot: walked 12 minutes")
	say("#1", "bot: pressed again")
	say("again", "bot: pressed again\n") // by its label, case aside
	say("a plain line", "bot: you said: a plain line")
	if !strings.Contains(out.String(), "[#1 Again]") {
		t.Errorf("buttons not numbered:\n%s", out.String())
	}
	input.Close()
	if err := <-done; err != nil || errs.String() != "" {
		t.Fatalf("run = %v, errors: %s", err, errs.String())
	}
}
