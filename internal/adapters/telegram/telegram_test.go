package telegram_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"treadwell/internal/adapters/telegram"
	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat"
)

// The whole conversation through the real telebot client: onboarding, a
// check-in with buttons, /done, /stop and /resume.
func TestConversation(t *testing.T) {
	e := start(t, setup{})
	p := e.person(1001, "en-GB")
	p.onboard()

	// Answered questions lose their keyboard and show the choice.
	first := e.srv.Sent(p.chat.ID)[0]
	if first.Keyboard != nil || !strings.HasSuffix(first.Text, "✓ I understand") || !first.Edited {
		t.Fatalf("answered disclaimer = %+v", first)
	}
	// Every press was answered (no endless spinner).
	e.eventually("every press answered", func() bool { return len(e.srv.CallbackAnswers()) == 9 })

	p.say("/checkin", "leg pain right now")
	p.press("3", "back pain")
	p.press("2", "highest pain during your last walk")
	p.press("No walk yet", "spread further")
	p.press("No", "(rule HOLD)")

	p.say("/done 8", "highest pain during the walk")
	p.press("2", "Logged: 8 minutes")

	msg := p.say("stop", "Paused")
	if !strings.HasPrefix(msg.Text, "Paused") {
		t.Fatalf("/stop reply does not start with Paused: %q", msg.Text)
	}
	p.waitFor("sciatica in both legs?")
	p.press("None of these", "fever")
	p.press("None of these", "/resume")

	p.say("/resume", "safety check")
	p.waitFor("sciatica in both legs?")
	p.press("None of these", "fever")
	p.press("None of these", "(rule STOP-FLARE)")

	// The person's language code reached the engine.
	for _, in := range e.engine.Incoming() {
		if in.Lang != "en-GB" || in.From.Platform != chat.Telegram || in.From.UserID != "1001" || in.From.Group {
			t.Fatalf("incoming = %+v", in)
		}
	}
	// The command menu was set, with descriptions.
	cmds := e.srv.Commands()
	if len(cmds) < 10 || cmds[0].Description == "" {
		t.Fatalf("commands = %+v", cmds)
	}
}

func TestStaleButton(t *testing.T) {
	e := start(t, setup{})
	p := e.person(1002, "en")
	p.say("/start", "not medical advice")
	disclaimer, data := p.button("I understand")
	p.press("I understand", "sciatica in both legs?")
	// The same button again, from the old question.
	e.srv.Press(p.user, disclaimer, data)
	p.waitFor("earlier question")
	p.waitFor("sciatica in both legs?")
	e.eventually("both presses answered", func() bool { return len(e.srv.CallbackAnswers()) == 2 })
}

func TestGroupGetsNoHealthData(t *testing.T) {
	e := start(t, setup{})
	p := e.person(1003, "en")
	p.chat = telegramtest.Chat{ID: -5005, Type: "supergroup", Title: "Walking club"}
	msg := p.say("/checkin", "privately")
	for _, w := range []string{"pain", "minutes", "leg"} {
		if strings.Contains(strings.ToLower(msg.Text), w) {
			t.Fatalf("group reply mentions %q: %q", w, msg.Text)
		}
	}
	if len(msg.Keyboard) != 1 || msg.Keyboard[0][0].URL != "https://t.me/treadwell_test_bot" {
		t.Fatalf("group reply keyboard = %+v", msg.Keyboard)
	}
	if in := e.engine.Incoming(); len(in) != 1 || !in[0].From.Group {
		t.Fatalf("incoming = %+v", in)
	}
}

func TestDeepLinkPayloadReachesEngine(t *testing.T) {
	e := start(t, setup{})
	p := e.person(1004, "en")
	p.say("/start LINKCODE42", "not medical advice")
	if in := e.engine.Incoming(); len(in) != 1 || in[0].Text != "/start LINKCODE42" {
		t.Fatalf("incoming = %+v", in)
	}
}

func TestBlockedChatIsMarkedUnreachable(t *testing.T) {
	e := start(t, setup{})
	p := e.person(1005, "en")
	p.onboard()
	ctx := context.Background()
	reachable := func() bool {
		snap, err := e.store.Load(ctx, chat.Telegram, "1005")
		if err != nil {
			t.Fatal(err)
		}
		return !snap.Profile.Channels[0].Unreachable
	}
	e.srv.Block(p.chat.ID)
	err := e.adapter.Send(ctx, chat.Outgoing{To: chat.Address{Platform: chat.Telegram, ChatID: "1005", UserID: "1005"}, Text: "reminder"})
	if !errors.Is(err, telegram.ErrUnreachable) {
		t.Fatalf("Send to a blocked chat: %v", err)
	}
	if reachable() {
		t.Fatal("blocked chat still reachable")
	}
	if n := e.srv.Calls("sendMessage"); n == 0 {
		t.Fatal("nothing was tried")
	}
	// Unblocking (my_chat_member) marks it reachable again.
	e.srv.SetMember(p.user, "member")
	e.eventually("the chat to be reachable again", reachable)
	// Blocking through my_chat_member marks it unreachable.
	e.srv.SetMember(p.user, "kicked")
	e.eventually("the chat to be unreachable", func() bool { return !reachable() })
}

func TestRetries(t *testing.T) {
	cases := []struct {
		name    string
		failure telegramtest.Failure
		times   int
	}{
		{"429 waits retry_after", telegramtest.Failure{Code: 429, Description: "Too Many Requests: retry after 1", RetryAfter: 1}, 1},
		{"500 backs off", telegramtest.Failure{Code: 500, Description: "Internal Server Error"}, 2},
		{"502 backs off", telegramtest.Failure{Code: 502, Description: "Bad Gateway"}, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := start(t, setup{})
			p := e.person(1006, "en")
			e.srv.FailNext("sendMessage", c.times, c.failure)
			p.say("/help", "What I can do")
			if got := e.srv.Calls("sendMessage"); got != c.times+1 {
				t.Fatalf("sendMessage called %d times, want %d", got, c.times+1)
			}
		})
	}
	t.Run("gives up after the retries", func(t *testing.T) {
		e := start(t, setup{})
		e.srv.FailNext("sendMessage", 10, telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
		err := e.adapter.Send(context.Background(), chat.Outgoing{To: chat.Address{Platform: chat.Telegram, ChatID: "7", UserID: "7"}, Text: "x"})
		if err == nil || !strings.Contains(err.Error(), "giving up") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestRefusedCommandMenuKeepsRunning(t *testing.T) {
	e := start(t, setup{prepare: func(s *telegramtest.Server) {
		s.FailNext("setMyCommands", 1, telegramtest.Failure{Code: 404, Description: "Not Found: method not found"})
	}})
	p := e.person(1007, "en")
	p.say("/help", "What I can do")
	if len(e.srv.Commands()) != 0 {
		t.Fatal("commands set although refused")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestWebhook(t *testing.T) {
	addr := freeAddr(t)
	const secret = "webhook_Secret-123"
	e := start(t, setup{cfg: func(c *telegram.Config) {
		c.WebhookURL = "http://" + addr + "/telegram"
		c.WebhookSecret = secret
		c.Listen = addr
	}})
	if url, got := e.srv.Webhook(); url != "http://"+addr+"/telegram" || got != secret {
		t.Fatalf("webhook registered as %q with %q", url, got)
	}
	// Telegram delivers with the secret: the conversation works.
	p := e.person(1008, "en")
	p.say("/start", "not medical advice")
	p.press("I understand", "sciatica in both legs?")

	// Without the right secret: 401, and nothing reaches the engine.
	before := len(e.engine.Incoming())
	body := `{"update_id":99,"message":{"message_id":50,"date":1,"chat":{"id":1008,"type":"private"},"from":{"id":1008,"first_name":"X"},"text":"/stop"}}`
	for _, header := range []string{"", "wrong", secret + "x"} {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/telegram", strings.NewReader(body))
		if header != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("secret %q: status %d, want 401", header, resp.StatusCode)
		}
	}
	time.Sleep(100 * time.Millisecond)
	if after := len(e.engine.Incoming()); after != before {
		t.Fatalf("%d updates without the secret reached the engine", after-before)
	}
}

// An image goes as a photo before the text; long text is split within
// Telegram's 4,096 characters, buttons under the last part.
func TestSendPhotoAndLongText(t *testing.T) {
	e := start(t, setup{})
	png := []byte("\x89PNG\r\n\x1a\n fake image bytes")
	long := strings.Repeat("line of an export\n", 400) // 7,200 characters
	to := chat.Address{Platform: chat.Telegram, ChatID: "77", UserID: "77"}
	err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: long, Image: png,
		Buttons: [][]chat.Button{{{Label: "OK", Data: "1:ok"}}}})
	if err != nil {
		t.Fatal(err)
	}
	sent := e.srv.Sent(77)
	if len(sent) != 3 || !sent[0].Photo {
		t.Fatalf("sent %d messages, first photo=%v", len(sent), len(sent) > 0 && sent[0].Photo)
	}
	if sent[1].Keyboard != nil || len(sent[2].Keyboard) != 1 {
		t.Fatal("buttons not under the last part only")
	}
	if got := sent[1].Text + "\n" + sent[2].Text; strings.TrimSpace(got) != strings.TrimSpace(long) {
		t.Fatalf("text changed in splitting: %d vs %d characters", len(got), len(long))
	}
}

// /progress sends the chart as a photo, then the text.
func TestProgressChartAsPhoto(t *testing.T) {
	e := start(t, setup{})
	p := e.person(1009, "en")
	p.onboard()
	before := len(e.srv.Sent(p.chat.ID))
	p.say("/progress", "This week:")
	sent := e.srv.Sent(p.chat.ID)[before:]
	if len(sent) < 2 || !sent[0].Photo {
		t.Fatalf("progress sent %+v, want a photo first", sent)
	}
}

// Every failed send is reported by kind (for the metrics).
func TestSendErrorsReported(t *testing.T) {
	var kinds []string
	e := start(t, setup{cfg: func(c *telegram.Config) {
		c.Retries = -1
		c.OnSendError = func(kind string) { kinds = append(kinds, kind) }
	}})
	to := chat.Address{Platform: chat.Telegram, ChatID: "55", UserID: "55"}
	e.srv.Block(55)
	_ = e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "x"})
	e.srv.Unblock(55)
	e.srv.FailNext("sendMessage", 1, telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	_ = e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "x"})
	if strings.Join(kinds, ",") != "unreachable,other" {
		t.Fatalf("reported %v", kinds)
	}
}

// A photo retried after a server error is sent whole, not as the empty
// remains of a reader the first try used up.
func TestPhotoRetrySendsTheWholeImage(t *testing.T) {
	e := start(t, setup{})
	e.srv.FailNext("sendPhoto", 1, telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	to := chat.Address{Platform: chat.Telegram, ChatID: "78", UserID: "78"}
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "chart", Image: []byte("\x89PNG\r\n\x1a\nbytes")}); err != nil {
		t.Fatal(err)
	}
	if sent := e.srv.Sent(78); len(sent) != 2 || !sent[0].Photo {
		t.Fatalf("sent %+v", sent)
	}
	reqs := e.srv.Requests("sendPhoto")
	photo, _ := reqs[len(reqs)-1]["photo"].(map[string]any)
	if size, _ := photo["size"].(int); size != len("\x89PNG\r\n\x1a\nbytes") {
		t.Fatalf("the retried photo carried %v bytes", photo["size"])
	}
}
