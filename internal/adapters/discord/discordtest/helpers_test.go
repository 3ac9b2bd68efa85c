package discordtest

import (
	"errors"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

var (
	ana  = User{ID: "300000000000000001", Username: "ana", Locale: "pt-BR"}
	ben  = User{ID: "300000000000000002", Username: "ben"}
	park = Guild("400000000000000001", "400000000000000002")
)

// newSession is a real discordgo session wired to s, not yet opened.
func newSession(t *testing.T, s *Server) *discordgo.Session {
	t.Helper()
	dg, err := discordgo.New("Bot " + s.Token())
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = s.Client()
	dg.Dialer = s.Dialer()
	dg.Identify.Intents = discordgo.IntentsDirectMessages
	dg.LogLevel = -1 // quiet
	return dg
}

// open opens dg and closes it at cleanup, before the server closes.
// discordgo's Close sends a close frame and then sleeps 1s holding the
// session lock, so it runs in the background; reconnecting is turned off
// first, because a heartbeat due during that second makes discordgo's
// heartbeat goroutine fail, close again and reconnect.
func open(t *testing.T, dg *discordgo.Session) {
	t.Helper()
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		dg.Lock()
		dg.ShouldReconnectOnError = false
		dg.Unlock()
		go dg.Close()
	})
}

// events registers a handler that forwards events of type T.
func events[T any](dg *discordgo.Session) <-chan T {
	ch := make(chan T, 16)
	dg.AddHandler(func(_ *discordgo.Session, e T) { ch <- e })
	return ch
}

func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		var zero T
		t.Fatalf("timed out waiting for %T", zero)
		return zero
	}
}

// restCode returns the Discord error code of a *discordgo.RESTError.
func restCode(t *testing.T, err error) int {
	t.Helper()
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		t.Fatalf("want *discordgo.RESTError, got %T %v", err, err)
	}
	if re.Message == nil {
		t.Fatalf("RESTError without a message: %v", err)
	}
	return re.Message.Code
}

func ptr[T any](v T) *T { return &v }

// walkCommands are Treadwell-like commands for the tests.
func walkCommands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{
			Name:        "walk",
			Description: "Log today's walk",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "minutes", Description: "How long you walked", Required: true, MinValue: ptr(0.0), MaxValue: 600},
				{Type: discordgo.ApplicationCommandOptionString, Name: "pain", Description: "Leg pain", Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: "none", Value: "none"}, {Name: "mild", Value: "mild"}, {Name: "bad", Value: "bad"},
				}},
			},
		},
		{Name: "stats", Description: "Your week"},
	}
}

// register bulk-overwrites the global commands.
func register(t *testing.T, s *Server, dg *discordgo.Session) []*discordgo.ApplicationCommand {
	t.Helper()
	cmds, err := dg.ApplicationCommandBulkOverwrite(s.AppID(), "", walkCommands())
	if err != nil {
		t.Fatalf("ApplicationCommandBulkOverwrite: %v", err)
	}
	return cmds
}

// bot is an opened session with the commands registered and handlers for
// interactions and messages.
type bot struct {
	dg           *discordgo.Session
	interactions <-chan *discordgo.InteractionCreate
	messages     <-chan *discordgo.MessageCreate
}

func newBot(t *testing.T, s *Server) bot {
	t.Helper()
	dg := newSession(t, s)
	b := bot{dg: dg, interactions: events[*discordgo.InteractionCreate](dg), messages: events[*discordgo.MessageCreate](dg)}
	register(t, s, dg)
	open(t, dg)
	return b
}

func buttonsRow(ids ...string) discordgo.ActionsRow {
	row := discordgo.ActionsRow{}
	for _, id := range ids {
		row.Components = append(row.Components, discordgo.Button{Label: id, CustomID: id, Style: discordgo.PrimaryButton})
	}
	return row
}
