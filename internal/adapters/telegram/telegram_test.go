package telegram_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"treadwell/internal/adapters/telegram"
	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
)

// A message becomes one chat.Incoming: the platform, the chat and the
// person, the text as typed (a command with its arguments, plain text),
// the person's language code and the message's date. The reply goes back
// to the chat.
func TestMessageReachesHandler(t *testing.T) {
	e := start(t, setup{})
	p := e.person(1001, "en-GB")
	texts := []string{"/done 8", "stop", "Berlin"}
	for i, text := range texts {
		before := time.Now()
		if msg := p.say(text, "got "+text); msg.Text != "got "+text || msg.Keyboard != nil {
			t.Fatalf("reply = %+v", msg)
		}
		in := e.h.WaitIncoming(t, i+1)[i]
		sentAt(t, in, before)
		if want := (chat.Incoming{From: p.addr(), Text: text, Lang: "en-GB", At: in.At}); in != want {
			t.Fatalf("incoming = %+v, want %+v", in, want)
		}
	}
	if n := len(e.h.Incoming()); n != len(texts) {
		t.Fatalf("%d messages reached the handler, want %d", n, len(texts))
	}
}

// A question's buttons become an inline keyboard, row by row. A press
// is answered at once (no endless spinner), the question is edited to
// show the choice instead of the keyboard before the reply goes out, and
// the handler gets the button's data from the same chat and person.
func TestButtonPress(t *testing.T) {
	h := chattest.New(chattest.Script{
		"/ask": {{Text: "Walk today?", Buttons: [][]chat.Button{
			{{Label: "Yes", Data: "q:yes"}, {Label: "No", Data: "q:no"}},
			{{Label: "Later", Data: "q:later"}},
		}}},
		"q:no": {{Text: "Noted: no"}},
	}.Reply)
	e := start(t, setup{stub: h})
	p := e.person(1002, "de")
	question := p.say("/ask", "Walk today?")
	keyboard := [][]telegramtest.Button{
		{{Text: "Yes", CallbackData: "q:yes"}, {Text: "No", CallbackData: "q:no"}},
		{{Text: "Later", CallbackData: "q:later"}},
	}
	if question.Text != "Walk today?" || !reflect.DeepEqual(question.Keyboard, keyboard) {
		t.Fatalf("question = %+v, want the keyboard %+v", question, keyboard)
	}

	query := e.srv.Press(p.user, question, "q:no")
	p.waitFor("Noted: no")
	if got := e.srv.CallbackAnswers(); len(got) != 1 || got[0] != query {
		t.Fatalf("answered queries %v, want [%s] before the reply", got, query)
	}
	sent := e.srv.Sent(p.chat.ID)
	if q := sent[0]; q.Text != "Walk today?\n\n✓ No" || q.Keyboard != nil || !q.Edited {
		t.Fatalf("answered question = %+v, want it edited before the reply", q)
	}
	if len(sent) != 2 || sent[1].Text != "Noted: no" {
		t.Fatalf("sent %+v", sent)
	}
	// A callback_query carries no date: At is left to the handler's clock.
	ins := h.WaitIncoming(t, 2)
	if want := (chat.Incoming{From: p.addr(), Data: "q:no", Lang: "de"}); len(ins) != 2 || ins[1] != want {
		t.Fatalf("incoming = %+v, want the press %+v", ins, want)
	}
}

// A button pressed again on a question already answered is answered and
// handed on like any other press (the handler tells it is stale); the
// edit that would show the choice changes nothing, and is neither
// retried nor logged as a failure.
func TestStaleButton(t *testing.T) {
	var logs chattest.SyncBuffer
	h := chattest.New(chattest.Script{
		"/start": {{Text: "Not medical advice.", Buttons: [][]chat.Button{{{Label: "I understand", Data: "1:ok"}}}}},
		"1:ok":   {{Text: "Thanks"}},
	}.Reply)
	e := start(t, setup{stub: h, cfg: func(c *telegram.Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	}})
	p := e.person(1002, "en")
	p.say("/start", "Not medical advice.")
	disclaimer, data := p.button("I understand")
	p.press("I understand", "Thanks")
	// The same button again, from the old question.
	e.srv.Press(p.user, disclaimer, data)
	p.waitFor("Thanks")
	if n := len(e.srv.CallbackAnswers()); n != 2 {
		t.Fatalf("%d presses answered, want both", n)
	}
	press := chat.Incoming{From: p.addr(), Data: "1:ok", Lang: "en"}
	if ins := h.WaitIncoming(t, 3); len(ins) != 3 || ins[1] != press || ins[2] != press {
		t.Fatalf("incoming = %+v, want /start and the press twice", ins)
	}
	sent := e.srv.Sent(p.chat.ID)
	if len(sent) != 3 || sent[0].Text != "Not medical advice.\n\n✓ I understand" || !sent[0].Edited {
		t.Fatalf("sent %+v", sent)
	}
	if n := e.srv.Calls("editMessageText"); n != 2 {
		t.Fatalf("editMessageText called %d times, want once per press", n)
	}
	if out := logs.String(); strings.Contains(out, "editing an answered question failed") {
		t.Fatalf("the edit that changed nothing was logged as a failure:\n%s", out)
	}
}

// In a group (or supergroup) the address says so, for messages and
// presses alike (the handler keeps health data out of it); a Private
// button becomes a link that opens a private chat with the bot.
func TestGroupChat(t *testing.T) {
	h := chattest.New(chattest.Script{
		"/checkin": {{Text: "Let us talk privately", Buttons: [][]chat.Button{
			{{Label: "Message me privately", Private: true}, {Label: "Later", Data: "g:later"}},
		}}},
		"g:later": {{Text: "OK, later"}},
	}.Reply)
	e := start(t, setup{stub: h})
	groups := []telegramtest.Chat{
		{ID: -5005, Type: "supergroup", Title: "Walking club"},
		{ID: -6006, Type: "group", Title: "Neighbours"},
	}
	for i, g := range groups {
		p := e.person(1003, "en")
		p.chat = g
		before := time.Now()
		msg := p.say("/checkin", "privately")
		keyboard := [][]telegramtest.Button{{{Text: "Message me privately", URL: "https://t.me/treadwell_test_bot"}, {Text: "Later", CallbackData: "g:later"}}}
		if !reflect.DeepEqual(msg.Keyboard, keyboard) {
			t.Fatalf("%s: group reply keyboard = %+v", g.Type, msg.Keyboard)
		}
		p.press("Later", "OK, later")
		ins := h.WaitIncoming(t, 2*(i+1))[2*i:]
		sentAt(t, ins[0], before)
		want := []chat.Incoming{
			{From: p.addr(), Text: "/checkin", Lang: "en", At: ins[0].At},
			{From: p.addr(), Data: "g:later", Lang: "en"},
		}
		if !p.addr().Group || !reflect.DeepEqual(ins, want) {
			t.Fatalf("%s: incoming = %+v, want %+v", g.Type, ins, want)
		}
	}
}

// The payload of a t.me deep link arrives as the text of /start.
func TestDeepLinkPayloadReachesHandler(t *testing.T) {
	e := start(t, setup{})
	p := e.person(1004, "en")
	before := time.Now()
	p.say("/start LINKCODE42", "got /start LINKCODE42")
	in := e.h.Incoming()
	if len(in) != 1 {
		t.Fatalf("incoming = %+v", in)
	}
	sentAt(t, in[0], before)
	if want := (chat.Incoming{From: p.addr(), Text: "/start LINKCODE42", Lang: "en", At: in[0].At}); in[0] != want {
		t.Fatalf("incoming = %+v, want %+v", in[0], want)
	}
}

// A chat that refuses messages (403) is reported to the handler as
// unreachable; my_chat_member updates report it reachable again and
// unreachable again. None of it is a message for the handler.
func TestBlockedChatIsMarkedUnreachable(t *testing.T) {
	ctx := context.Background()
	t.Run("private chat", func(t *testing.T) {
		e := start(t, setup{})
		p := e.person(1005, "en")
		e.srv.Block(p.chat.ID)
		err := e.adapter.Send(ctx, chat.Outgoing{To: p.addr(), Text: "reminder"})
		if !errors.Is(err, telegram.ErrUnreachable) {
			t.Fatalf("Send to a blocked chat: %v", err)
		}
		if n := e.srv.Calls("sendMessage"); n == 0 {
			t.Fatal("nothing was tried")
		}
		want := []chattest.Reach{{Addr: p.addr(), Reachable: false}}
		if got := e.h.Reaches(); !reflect.DeepEqual(got, want) {
			t.Fatalf("reachability %+v, want %+v", got, want)
		}
		// Unblocking (my_chat_member) marks it reachable again.
		e.srv.SetMember(p.user, "member")
		want = append(want, chattest.Reach{Addr: p.addr(), Reachable: true})
		if got := e.h.WaitReaches(t, 2); !reflect.DeepEqual(got, want) {
			t.Fatalf("reachability %+v, want %+v", got, want)
		}
		// Blocking through my_chat_member marks it unreachable.
		e.srv.SetMember(p.user, "kicked")
		want = append(want, chattest.Reach{Addr: p.addr(), Reachable: false})
		if got := e.h.WaitReaches(t, 3); !reflect.DeepEqual(got, want) {
			t.Fatalf("reachability %+v, want %+v", got, want)
		}
		if in := e.h.Incoming(); len(in) != 0 {
			t.Fatalf("incoming = %+v", in)
		}
	})
	t.Run("group", func(t *testing.T) {
		e := start(t, setup{})
		e.srv.Block(-7007)
		to := chat.Address{Platform: chat.Telegram, ChatID: "-7007", UserID: "1005", Group: true}
		if err := e.adapter.Send(ctx, chat.Outgoing{To: to, Text: "x"}); !errors.Is(err, telegram.ErrUnreachable) {
			t.Fatalf("Send to a group that refuses: %v", err)
		}
		if got := e.h.Reaches(); len(got) != 0 {
			t.Fatalf("a group was reported: %+v", got)
		}
	})
	t.Run("a handler without reachability", func(t *testing.T) {
		e := start(t, setup{plain: true})
		p := e.person(1005, "en")
		e.srv.Block(p.chat.ID)
		if err := e.adapter.Send(ctx, chat.Outgoing{To: p.addr(), Text: "x"}); !errors.Is(err, telegram.ErrUnreachable) {
			t.Fatalf("Send to a blocked chat: %v", err)
		}
		if got := e.h.Reaches(); len(got) != 0 {
			t.Fatalf("reported through a handler without the ability: %+v", got)
		}
	})
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
			p.say("/help", "got /help")
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

// The handler's command menu, asked for in English, becomes the bot's
// command menu: names and descriptions, in order (Telegram's menu has no
// place for options). A handler without a menu leaves it alone.
func TestCommandMenu(t *testing.T) {
	t.Run("set", func(t *testing.T) {
		h := chattest.New(chattest.Echo)
		h.SetCommands([]chat.Command{
			{Name: "checkin", Description: "Check in now"},
			{Name: "done", Description: "Log a walk", Options: []chat.CommandOption{{Name: "minutes", Description: "How long", Integer: true, Min: 1, Max: 300}}},
			{Name: "help", Description: "What I can do"},
		})
		e := start(t, setup{stub: h})
		e.person(1007, "en").say("/help", "got /help") // the menus are set before updates are taken
		want := []telegramtest.Command{{"checkin", "Check in now"}, {"done", "Log a walk"}, {"help", "What I can do"}}
		if got := e.srv.Menu("all_private_chats", ""); !reflect.DeepEqual(got, want) {
			t.Fatalf("private menu = %+v, want %+v", got, want)
		}
		if got := e.srv.Menu("all_group_chats", ""); !reflect.DeepEqual(got, want[2:]) {
			t.Fatalf("group menu = %+v, want %+v", got, want[2:])
		}
		if got := h.CommandLangs(); !reflect.DeepEqual(got, []string{"en"}) {
			t.Fatalf("menu asked for in %v, want [en]", got)
		}
	})
	t.Run("a handler without a menu", func(t *testing.T) {
		e := start(t, setup{plain: true})
		e.person(1007, "en").say("/help", "got /help")
		if n := e.srv.Calls("setMyCommands"); n != 0 {
			t.Fatalf("setMyCommands called %d times", n)
		}
	})
}

func TestRefusedCommandMenuKeepsRunning(t *testing.T) {
	h := chattest.New(chattest.Echo)
	h.SetCommands([]chat.Command{{Name: "help", Description: "What I can do"}})
	e := start(t, setup{stub: h, prepare: func(s *telegramtest.Server) {
		s.FailNext("setMyCommands", 1, telegramtest.Failure{Code: 404, Description: "Not Found: method not found"})
	}})
	p := e.person(1007, "en")
	p.say("/help", "got /help")
	if n := e.srv.Calls("setMyCommands"); n != 1 {
		t.Fatalf("setMyCommands called %d times, want once", n)
	}
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
	h := chattest.New(chattest.Script{
		"/start": {{Text: "Not medical advice.", Buttons: [][]chat.Button{{{Label: "I understand", Data: "1:ok"}}}}},
		"1:ok":   {{Text: "Thanks"}},
	}.Reply)
	e := start(t, setup{stub: h, cfg: func(c *telegram.Config) {
		c.WebhookURL = "http://" + addr + "/telegram"
		c.WebhookSecret = secret
		c.Listen = addr
	}})
	if url, got := e.srv.Webhook(); url != "http://"+addr+"/telegram" || got != secret {
		t.Fatalf("webhook registered as %q with %q", url, got)
	}
	// Telegram delivers with the secret: the conversation works.
	p := e.person(1008, "en")
	sentBefore := time.Now()
	p.say("/start", "Not medical advice.")
	p.press("I understand", "Thanks")
	ins := h.WaitIncoming(t, 2)
	sentAt(t, ins[0], sentBefore)
	want := []chat.Incoming{
		{From: p.addr(), Text: "/start", Lang: "en", At: ins[0].At},
		{From: p.addr(), Data: "1:ok", Lang: "en"},
	}
	if !reflect.DeepEqual(ins, want) {
		t.Fatalf("incoming = %+v, want %+v", ins, want)
	}
	if n := len(e.srv.CallbackAnswers()); n != 1 {
		t.Fatalf("%d presses answered, want 1", n)
	}
	if q := e.srv.Sent(p.chat.ID)[0]; !q.Edited || q.Keyboard != nil {
		t.Fatalf("answered question = %+v", q)
	}

	// Without the right secret: 401, and nothing reaches the handler.
	before := len(h.Incoming())
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
	if after := len(h.Incoming()); after != before {
		t.Fatalf("%d updates without the secret reached the handler", after-before)
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

// A reply with an image (the /progress chart) goes as a photo, the
// whole image, then its text with the buttons.
func TestReplyWithImage(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n chart bytes")
	h := chattest.New(chattest.Script{
		"/progress": {{Text: "This week: 3 walks", Image: png, Buttons: [][]chat.Button{{{Label: "OK", Data: "1:ok"}}}}},
	}.Reply)
	e := start(t, setup{stub: h})
	p := e.person(1009, "en")
	p.say("/progress", "This week:")
	sent := e.srv.Sent(p.chat.ID)
	if len(sent) != 2 || !sent[0].Photo || sent[0].Keyboard != nil {
		t.Fatalf("sent %+v, want a photo first", sent)
	}
	if sent[1].Photo || sent[1].Text != "This week: 3 walks" || len(sent[1].Keyboard) != 1 {
		t.Fatalf("sent %+v, want the text with its buttons after the photo", sent)
	}
	photo, _ := e.srv.Requests("sendPhoto")[0]["photo"].(map[string]any)
	if size, _ := photo["size"].(int); size != len(png) {
		t.Fatalf("the photo carried %v bytes, want %d", photo["size"], len(png))
	}
}

// Every failed send is reported by kind (for the metrics).
func TestSendErrorsReported(t *testing.T) {
	var kinds []string
	e := start(t, setup{cfg: func(c *telegram.Config) {
		c.Retries = -1
		c.OnSendError = func(kind chat.SendErrorKind) { kinds = append(kinds, string(kind)) }
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

// A document (the /export) goes as a file after its text, the buttons
// with it.
func TestSendDocument(t *testing.T) {
	e := start(t, setup{})
	doc := []byte(`{"profile": {}, "log": []}`)
	to := chat.Address{Platform: chat.Telegram, ChatID: "78", UserID: "78"}
	err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "Everything I store about you:",
		File:    &chat.File{Name: "treadwell-export.json", MIME: "application/json", Data: doc},
		Buttons: [][]chat.Button{{{Label: "OK", Data: "1:ok"}}}})
	if err != nil {
		t.Fatal(err)
	}
	sent := e.srv.Sent(78)
	if len(sent) != 2 || sent[0].Text != "Everything I store about you:" || sent[0].Keyboard != nil {
		t.Fatalf("sent %+v, want the text, then the document", sent)
	}
	if d := sent[1]; d.Document != "treadwell-export.json" || d.DocumentSize != len(doc) || len(d.Keyboard) != 1 {
		t.Fatalf("document %+v, want treadwell-export.json of %d bytes with the buttons", d, len(doc))
	}
}
