package discordtest

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestCloseDMs(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	ch, err := dg.UserChannelCreate(ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dg.ChannelMessageSend(ch.ID, "morning!"); err != nil {
		t.Fatalf("before CloseDMs: %v", err)
	}
	s.CloseDMs(ana.ID)
	_, err = dg.ChannelMessageSend(ch.ID, "still there?")
	if code := restCode(t, err); code != discordgo.ErrCodeCannotSendMessagesToThisUser {
		t.Errorf("code %d, want 50007", code)
	}
	if got := s.Messages(ch.ID); len(got) != 1 {
		t.Errorf("Messages = %+v", got)
	}
}

func TestRateLimitRetriedByDiscordgo(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	ch := s.DMChannel(ana.ID)
	s.FailNext("POST", "/channels/{id}/messages", 1, http.StatusTooManyRequests, 0, "", 0.2)
	start := time.Now()
	if _, err := dg.ChannelMessageSend(ch, "hi"); err != nil {
		t.Fatalf("ChannelMessageSend: %v", err)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("retried after %v, want >= retry_after 200ms", d)
	}
	if n := s.Calls("POST", "/channels/{channel}/messages"); n != 2 {
		t.Errorf("Calls = %d, want 2", n)
	}
	if got := s.Messages(ch); len(got) != 1 {
		t.Errorf("Messages = %+v", got)
	}

	// With retries off, discordgo returns a RateLimitError.
	s.FailNext("POST", "/channels/{id}/messages", 1, http.StatusTooManyRequests, 0, "", 0.05)
	_, err := dg.ChannelMessageSend(ch, "hi", discordgo.WithRetryOnRatelimit(false))
	var rl *discordgo.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 50*time.Millisecond {
		t.Errorf("err = %T %v, want RateLimitError retry 50ms", err, err)
	}
}

// discordgo (master, as vendored) re-sends 500, 502, 503 and 504 up to
// MaxRestRetries times, and then gives up with a plain error, without
// the status: the adapter turns these retries off and decides itself.
func TestServerErrors(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	ch := s.DMChannel(ana.ID)
	calls := 0
	for _, status := range []int{500, 502, 503, 504} {
		s.FailNext("POST", "/channels/{id}/messages", 2, status, 0, "", 0)
		if _, err := dg.ChannelMessageSend(ch, "hi"); err != nil {
			t.Fatalf("after two %ds: %v", status, err)
		}
		calls += 3
		if n := s.Calls("POST", "/channels/{id}/messages"); n != calls {
			t.Errorf("%d: Calls = %d, want %d", status, n, calls)
		}
	}
	dg.MaxRestRetries = 1
	s.FailNext("POST", "/channels/{id}/messages", 2, http.StatusBadGateway, 0, "", 0)
	if _, err := dg.ChannelMessageSend(ch, "hi"); err == nil || !strings.Contains(err.Error(), "Exceeded Max retries") {
		t.Errorf("after 2 502s with MaxRestRetries 1: %v", err)
	}
	calls += 2

	// Retries off: one request, and an error without a RESTError.
	dg.MaxRestRetries = 0
	s.FailNext("POST", "/channels/{id}/messages", 1, http.StatusInternalServerError, 0, "", 0)
	_, err := dg.ChannelMessageSend(ch, "hi")
	var re *discordgo.RESTError
	if err == nil || errors.As(err, &re) {
		t.Fatalf("500 with retries off: %T %v", err, err)
	}
	if n := s.Calls("POST", "/channels/{id}/messages"); n != calls+1 {
		t.Errorf("500 with retries off: %d calls, want 1", n-calls)
	}
	if got := s.Messages(ch); len(got) != 4 {
		t.Errorf("Messages = %+v, want the four that got through", got)
	}
	s.FailNext("POST", "/users/@me/channels", 1, http.StatusForbidden, 50001, "Missing Access", 0)
	_, err = dg.UserChannelCreate(ben.ID)
	if code := restCode(t, err); code != 50001 {
		t.Errorf("code %d, want 50001", code)
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	cmds := register(t, s, dg)
	if len(cmds) != 2 || cmds[0].ID == "" || cmds[0].ApplicationID != s.AppID() || cmds[0].Type != discordgo.ChatApplicationCommand {
		t.Fatalf("overwrite returned %+v", cmds)
	}
	got := s.Commands("")
	if len(got) != 2 || got[0].Name != "walk" || len(got[0].Options) != 2 || got[0].ID != cmds[0].ID {
		t.Errorf("Commands(\"\") = %+v", got)
	}
	if again := register(t, s, dg); again[0].ID != cmds[0].ID {
		t.Errorf("overwrite changed the id of /walk: %s -> %s", cmds[0].ID, again[0].ID)
	}
	listed, err := dg.ApplicationCommands(s.AppID(), "")
	if err != nil || len(listed) != 2 {
		t.Errorf("ApplicationCommands = %+v, %v", listed, err)
	}
	if _, err := dg.ApplicationCommandBulkOverwrite(s.AppID(), "400000000000000001", []*discordgo.ApplicationCommand{{Name: "park", Description: "Guild only"}}); err != nil {
		t.Fatal(err)
	}
	if g := s.Commands("400000000000000001"); len(g) != 1 || g[0].GuildID != "400000000000000001" {
		t.Errorf("guild commands = %+v", g)
	}

	tooMany := make([]*discordgo.ApplicationCommandOption, 26)
	for i := range tooMany {
		tooMany[i] = &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "o" + string(rune('a'+i)), Description: "x"}
	}
	for name, bad := range map[string]*discordgo.ApplicationCommand{
		"capitals":       {Name: "Walk", Description: "x"},
		"space":          {Name: "log walk", Description: "x"},
		"too long":       {Name: strings.Repeat("w", 33), Description: "x"},
		"no description": {Name: "walk"},
		"description":    {Name: "walk", Description: strings.Repeat("x", 101)},
		"option name":    {Name: "walk", Description: "x", Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString, Name: "Pain", Description: "x"}}},
		"26 options":     {Name: "walk", Description: "x", Options: tooMany},
		"required after optional": {Name: "walk", Description: "x", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "a", Description: "x"},
			{Type: discordgo.ApplicationCommandOptionString, Name: "b", Description: "x", Required: true},
		}},
	} {
		_, err := dg.ApplicationCommandBulkOverwrite(s.AppID(), "", []*discordgo.ApplicationCommand{bad})
		if code := restCode(t, err); code != discordgo.ErrCodeInvalidFormBody {
			t.Errorf("%s: code %d, want 50035", name, code)
		}
	}
	if len(s.Commands("")) != 2 {
		t.Error("a rejected overwrite changed the commands")
	}
	_, err = dg.ApplicationCommandBulkOverwrite("123", "", walkCommands())
	if code := restCode(t, err); code != 50001 {
		t.Errorf("wrong application id: code %d", code)
	}
}

func TestMessageLimits(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	ch := s.DMChannel(ana.ID)
	rows := func(n, perRow int) []discordgo.MessageComponent {
		var out []discordgo.MessageComponent
		for r := range n {
			var ids []string
			for b := range perRow {
				ids = append(ids, string(rune('a'+r))+string(rune('a'+b)))
			}
			out = append(out, buttonsRow(ids...))
		}
		return out
	}
	long := discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "x", CustomID: strings.Repeat("i", 101)}}}
	for name, tc := range map[string]struct {
		send *discordgo.MessageSend
		code int
	}{
		"2001 chars":    {&discordgo.MessageSend{Content: strings.Repeat("a", 2001)}, 50035},
		"empty":         {&discordgo.MessageSend{}, 50006},
		"6 rows":        {&discordgo.MessageSend{Content: "x", Components: rows(6, 1)}, 50035},
		"6 in a row":    {&discordgo.MessageSend{Content: "x", Components: rows(1, 6)}, 50035},
		"custom_id 101": {&discordgo.MessageSend{Content: "x", Components: []discordgo.MessageComponent{long}}, 50035},
		"duplicate ids": {&discordgo.MessageSend{Content: "x", Components: []discordgo.MessageComponent{buttonsRow("a", "a")}}, 50035},
	} {
		_, err := dg.ChannelMessageSendComplex(ch, tc.send)
		if code := restCode(t, err); code != tc.code {
			t.Errorf("%s: code %d, want %d", name, code, tc.code)
		}
	}
	if _, err := dg.ChannelMessageSendComplex(ch, &discordgo.MessageSend{Content: strings.Repeat("é", 2000), Components: rows(5, 5)}); err != nil {
		t.Errorf("at the limits: %v", err)
	}
	// A user id is not a channel id.
	_, err := dg.ChannelMessageSend(ana.ID, "hi")
	if code := restCode(t, err); code != discordgo.ErrCodeUnknownChannel {
		t.Errorf("user id as channel: code %d, want 10003", code)
	}

	m, err := dg.ChannelMessageSend(ch, "v1")
	if err != nil {
		t.Fatal(err)
	}
	e, err := dg.ChannelMessageEditComplex(&discordgo.MessageEdit{Channel: ch, ID: m.ID, Content: ptr("v2"), Components: &[]discordgo.MessageComponent{buttonsRow("ok")}})
	if err != nil || e.Content != "v2" || e.EditedTimestamp == nil {
		t.Fatalf("edit = %+v, %v", e, err)
	}
	if got := s.Messages(ch); got[len(got)-1].Content != "v2" || len(got[len(got)-1].Buttons) != 1 {
		t.Errorf("after edit: %+v", got[len(got)-1])
	}
}

func TestAuthAndUnknownRoutes(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Token: "right"})
	dg, _ := discordgo.New("Bot wrong")
	dg.Client = s.Client()
	_, err := dg.UserChannelCreate(ana.ID)
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token: %T %v", err, err)
	}
	dg, _ = discordgo.New("right") // no "Bot " prefix
	dg.Client = s.Client()
	if _, err = dg.UserChannelCreate(ana.ID); !errors.As(err, &re) || re.Response.StatusCode != http.StatusUnauthorized {
		t.Errorf("no Bot prefix: %T %v", err, err)
	}

	resp, err := s.Client().Get("https://discord.com/api/v9/nope")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), `"404: Not Found"`) {
		t.Errorf("unknown route: %d %s", resp.StatusCode, body)
	}
	dg, _ = discordgo.New("Bot right")
	dg.Client = s.Client()
	gw, err := dg.GatewayBot()
	if err != nil || !strings.HasPrefix(gw.URL, "ws://127.0.0.1:") || gw.Shards != 1 {
		t.Errorf("GatewayBot = %+v, %v", gw, err)
	}
}

func TestUploadLimit(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	ch := s.DMChannel(ana.ID)
	file := func() *discordgo.File {
		return &discordgo.File{Name: "chart.png", ContentType: "image/png", Reader: strings.NewReader("0123456789")}
	}
	s.SetUploadLimit(9)
	_, err := dg.ChannelMessageSendComplex(ch, &discordgo.MessageSend{Content: "with a file", Files: []*discordgo.File{file()}})
	if code := restCode(t, err); code != 40005 {
		t.Fatalf("code %d, want 40005", code)
	}
	var rest *discordgo.RESTError
	if errors.As(err, &rest); rest.Response.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", rest.Response.StatusCode)
	}
	if got := s.Messages(ch); len(got) != 0 {
		t.Fatalf("a refused request posted %+v", got)
	}
	// Text alone still goes, and files within the limit too.
	if _, err := dg.ChannelMessageSend(ch, "text alone"); err != nil {
		t.Fatal(err)
	}
	s.SetUploadLimit(10)
	if _, err := dg.ChannelMessageSendComplex(ch, &discordgo.MessageSend{Content: "small file", Files: []*discordgo.File{file()}}); err != nil {
		t.Fatal(err)
	}
	if got := s.Messages(ch); len(got) != 2 || got[1].Files != 1 {
		t.Fatalf("Messages = %+v", got)
	}
}
