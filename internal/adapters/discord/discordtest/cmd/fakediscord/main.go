// Command fakediscord runs discordtest's fake Discord on a fixed address,
// for a person to try Treadwell on "Discord" without an account, a token
// or the network:
//
//	go run ./internal/adapters/discord/discordtest/cmd/fakediscord -addr 127.0.0.1:8088
//
// It prints the command that starts the bot against it (DISCORD_API_URL),
// then plays one person in a DM with the bot: each line typed is a slash
// command (when the bot registered it), a button press (its label, or
// #N), or else a direct message; what the bot sends is printed with its
// buttons numbered. End with Ctrl-D.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/adapters/discord/discordtest"
)

// fakeToken has the shape of a bot token (three base64url parts), so
// that the bot's configuration takes it; it is no secret.
const fakeToken = "MTAwMDAwMDAwMDAwMDAwMDAx.GfakeD.discordtest-fake-token-not-a-secret-000000"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fakediscord", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8088", "host:port to serve on (port 0: any free one)")
	token := fs.String("token", fakeToken, "the only bot token accepted")
	appID := fs.String("app-id", "1", "application id (DISCORD_APP_ID)")
	userID := fs.String("user", "700000000000000001", "the id of the person you play")
	locale := fs.String("locale", "en-GB", "the person's Discord locale")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	srv, err := discordtest.Start(*addr, discordtest.Options{Token: *token, AppID: *appID})
	if err != nil {
		fmt.Fprintln(stderr, "fakediscord:", err)
		return 1
	}
	defer srv.Close()
	fmt.Fprintf(stdout, `fake Discord on %[1]s (REST under /api/v9, the gateway at /)
Start the bot against it in another terminal:

  DISCORD_TOKEN=%[2]s DISCORD_APP_ID=%[3]s DISCORD_API_URL=%[1]s go run ./cmd/bot

Then type here as user %[4]s, in a DM with the bot:
  /start, /done 12, ...   a slash command, once the bot has registered it
  a button's label, or #N press a button of the bot's latest message
  anything else           a direct message
Ctrl-D ends.
`, srv.URL(), *token, *appID, *userID)
	r := &repl{srv: srv, user: discordtest.User{ID: *userID, Locale: *locale}, out: stdout, errs: stderr}
	if err := r.run(ctx, stdin); err != nil {
		fmt.Fprintln(stderr, "fakediscord:", err)
		return 1
	}
	return 0
}

// repl plays one person against srv.
type repl struct {
	srv       *discordtest.Server
	user      discordtest.User
	out, errs io.Writer

	mu     sync.Mutex
	inters []string          // interactions started, whose responses are shown
	shown  map[string]string // message id: what was printed
	latest discordtest.Message
}

// run reads lines until in ends or ctx does, printing the bot's messages
// as they come.
func (r *repl) run(ctx context.Context, in io.Reader) error {
	r.shown = map[string]string{}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			r.show()
			select {
			case <-ctx.Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			lines <- sc.Text()
		}
		readErr <- sc.Err()
	}()
	var err error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case line := <-lines:
			r.act(strings.TrimSpace(line))
		case err = <-readErr:
			time.Sleep(300 * time.Millisecond) // the last replies
			break loop
		}
	}
	cancel()
	<-watched
	r.show()
	return err
}

// act does what one line says.
func (r *repl) act(line string) {
	if line == "" {
		return
	}
	var in discordtest.Interaction
	var err error
	if msg, id, ok := r.button(line); ok {
		in, err = r.srv.TryPress(r.user, msg, id)
	} else if name, opts, ok := r.command(line); ok {
		in, err = r.srv.TrySlash(r.user, discordtest.DM(r.user), name, opts)
	} else {
		_, err = r.srv.TryDM(r.user, line)
	}
	if err != nil {
		fmt.Fprintln(r.errs, "fakediscord:", err)
		return
	}
	if in.ID != "" {
		r.mu.Lock()
		r.inters = append(r.inters, in.ID)
		r.mu.Unlock()
	}
}

// button finds the button line names on the latest message with buttons:
// #N, or its label.
func (r *repl) button(line string) (discordtest.Message, string, bool) {
	r.mu.Lock()
	msg := r.latest
	r.mu.Unlock()
	n := 0
	for _, row := range msg.Buttons {
		for _, b := range row {
			n++
			if b.CustomID != "" && (line == "#"+strconv.Itoa(n) || strings.EqualFold(line, b.Label)) {
				return msg, b.CustomID, true
			}
		}
	}
	return msg, "", false
}

// command turns "/done 12" into a registered slash command and its
// options, given in their declared order.
func (r *repl) command(line string) (string, map[string]any, bool) {
	if !strings.HasPrefix(line, "/") {
		return "", nil, false
	}
	fields := strings.Fields(line[1:])
	if len(fields) == 0 {
		return "", nil, false
	}
	for _, c := range r.srv.Commands("") {
		if c.Name != fields[0] {
			continue
		}
		opts := map[string]any{}
		args := fields[1:]
		for i, o := range c.Options {
			if i >= len(args) {
				break
			}
			value := strings.Join(args[i:i+1], " ")
			if i == len(c.Options)-1 {
				value = strings.Join(args[i:], " ") // the last takes the rest
			}
			if o.Type == discordgo.ApplicationCommandOptionInteger {
				n, err := strconv.Atoi(value)
				if err != nil {
					return "", nil, false // not for this command: a DM then
				}
				opts[o.Name] = n
				continue
			}
			opts[o.Name] = value
		}
		return c.Name, opts, true
	}
	return "", nil, false
}

// show prints the bot's messages that are new or changed since last time.
func (r *repl) show() {
	r.mu.Lock()
	defer r.mu.Unlock()
	msgs := r.srv.Messages(r.srv.DMChannel(r.user.ID))
	for _, id := range r.inters {
		msgs = append(msgs, r.srv.Responses(id)...)
	}
	for _, m := range msgs {
		text := render(m)
		before, seen := r.shown[m.ID]
		if text == before || (text == "" && !seen) {
			continue
		}
		r.shown[m.ID] = text
		prefix := "bot: "
		if seen {
			prefix = "bot (edited): "
		}
		fmt.Fprintln(r.out, prefix+text)
		if len(m.Buttons) > 0 {
			r.latest = m
		}
	}
}

// render is a message as text, its buttons numbered.
func render(m discordtest.Message) string {
	var b strings.Builder
	b.WriteString(strings.ReplaceAll(m.Content, "\n", "\n     "))
	if m.Files > 0 {
		fmt.Fprintf(&b, "\n     (%d attachment(s))", m.Files)
	}
	n := 0
	for _, row := range m.Buttons {
		b.WriteString("\n    ")
		for _, btn := range row {
			n++
			fmt.Fprintf(&b, " [#%d %s]", n, btn.Label)
		}
	}
	return strings.TrimSpace(b.String())
}
