package discordtest

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestSlashReachesHandler(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	b := newBot(t, s)

	in := s.Slash(ana, park, "walk", map[string]any{"minutes": 25, "pain": "mild"})
	i := recv(t, b.interactions)
	if i.ID != in.ID || i.Token != in.Token || i.AppID != s.AppID() || i.Type != discordgo.InteractionApplicationCommand {
		t.Fatalf("interaction = %+v, want id %s", i.Interaction, in.ID)
	}
	data := i.ApplicationCommandData()
	if data.Name != "walk" || data.ID != s.Commands("")[0].ID {
		t.Errorf("data = %+v", data)
	}
	if got := data.GetOption("minutes"); got == nil || got.IntValue() != 25 {
		t.Errorf("minutes = %+v", got)
	}
	if got := data.GetOption("pain"); got == nil || got.StringValue() != "mild" {
		t.Errorf("pain = %+v", got)
	}
	if i.GuildID != "400000000000000001" || i.ChannelID != "400000000000000002" || i.Member == nil || i.Member.User.ID != ana.ID || i.User != nil {
		t.Errorf("guild interaction: guild %q channel %q member %+v user %+v", i.GuildID, i.ChannelID, i.Member, i.User)
	}
	if i.Locale != discordgo.Locale("pt-BR") {
		t.Errorf("locale = %q", i.Locale)
	}

	in = s.Slash(ben, DM(ben), "stats", nil)
	i = recv(t, b.interactions)
	if i.GuildID != "" || i.Member != nil || i.User == nil || i.User.ID != ben.ID || i.ChannelID != s.DMChannel(ben.ID) || i.Locale != discordgo.EnglishUS {
		t.Errorf("DM interaction: guild %q member %+v user %+v channel %q locale %q", i.GuildID, i.Member, i.User, i.ChannelID, i.Locale)
	}
	// With files discordgo sends the callback as multipart.
	if err := b.dg.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "your week", Files: []*discordgo.File{{Name: "week.csv", Reader: strings.NewReader("a,b")}}},
	}); err != nil {
		t.Fatalf("InteractionRespond with a file: %v", err)
	}
	if got := s.Responses(in.ID); len(got) != 1 || got[0].Content != "your week" || got[0].Files != 1 || got[0].ChannelID != s.DMChannel(ben.ID) {
		t.Errorf("Responses = %+v", got)
	}
}

func TestRespondOnceEphemeral(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	b := newBot(t, s)

	in := s.Slash(ana, DM(ana), "stats", nil)
	i := recv(t, b.interactions)
	resp := &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "3 walks this week", Flags: discordgo.MessageFlagsEphemeral},
	}
	if err := b.dg.InteractionRespond(i.Interaction, resp); err != nil {
		t.Fatalf("InteractionRespond: %v", err)
	}
	got := s.Responses(in.ID)
	if len(got) != 1 || got[0].Content != "3 walks this week" || !got[0].Ephemeral || got[0].Interaction != in.ID || got[0].ChannelID != s.DMChannel(ana.ID) {
		t.Errorf("Responses = %+v", got)
	}
	if typ, at, ok := s.Callback(in.ID); !ok || typ != 4 || at <= 0 || at > time.Second {
		t.Errorf("Callback = %d, %v, %v", typ, at, ok)
	}

	err := b.dg.InteractionRespond(i.Interaction, resp)
	if code := restCode(t, err); code != 40060 {
		t.Errorf("second respond: code %d, want 40060", code)
	}
	orig, err := b.dg.InteractionResponse(i.Interaction)
	if err != nil || orig.Content != "3 walks this week" || orig.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("GET @original = %+v, %v", orig, err)
	}
}

func TestRespondTooLate(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{AckDeadline: 50 * time.Millisecond})
	b := newBot(t, s)

	in := s.Slash(ana, DM(ana), "stats", nil)
	i := recv(t, b.interactions)
	time.Sleep(80 * time.Millisecond)
	err := b.dg.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
	})
	if code := restCode(t, err); code != 10062 {
		t.Errorf("late respond: code %d, want 10062", code)
	}
	if _, _, ok := s.Callback(in.ID); ok {
		t.Error("late callback recorded")
	}
	// Not acknowledged: its webhook does not exist.
	_, err = b.dg.FollowupMessageCreate(i.Interaction, true, &discordgo.WebhookParams{Content: "x"})
	if code := restCode(t, err); code != 10015 {
		t.Errorf("follow-up without callback: code %d, want 10015", code)
	}
}

func TestDeferredThenEditAndFollowup(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	b := newBot(t, s)

	in := s.Slash(ana, park, "walk", map[string]any{"minutes": 10})
	i := recv(t, b.interactions)
	err := b.dg.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	})
	if err != nil {
		t.Fatalf("defer: %v", err)
	}
	if got := s.Responses(in.ID); len(got) != 1 || got[0].Content != "" || !got[0].Ephemeral {
		t.Errorf("after defer: %+v", got)
	}
	if typ, _, _ := s.Callback(in.ID); typ != 5 {
		t.Errorf("callback type %d, want 5", typ)
	}
	content := "Logged 10 minutes"
	row := buttonsRow("undo")
	if _, err := b.dg.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{
		Content: &content, Components: &[]discordgo.MessageComponent{row},
	}); err != nil {
		t.Fatalf("InteractionResponseEdit: %v", err)
	}
	f, err := b.dg.FollowupMessageCreate(i.Interaction, true, &discordgo.WebhookParams{
		Content: "Nice streak!", Files: []*discordgo.File{{Name: "week.png", Reader: strings.NewReader("png")}},
	})
	if err != nil || f == nil || f.ID == "" || len(f.Attachments) != 1 {
		t.Fatalf("FollowupMessageCreate = %+v, %v", f, err)
	}
	got := s.Responses(in.ID)
	if len(got) != 2 {
		t.Fatalf("Responses = %+v", got)
	}
	if got[0].Content != content || !got[0].Ephemeral || len(got[0].Buttons) != 1 || got[0].Buttons[0][0].CustomID != "undo" {
		t.Errorf("original = %+v", got[0])
	}
	if got[1].Content != "Nice streak!" || got[1].Ephemeral || got[1].Files != 1 || got[1].ID != f.ID || got[1].Interaction != in.ID {
		t.Errorf("follow-up = %+v", got[1])
	}
}

func TestFollowupRightAfterDeferEditsTheOriginal(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	b := newBot(t, s)

	in := s.Slash(ana, DM(ana), "stats", nil)
	i := recv(t, b.interactions)
	if err := b.dg.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.dg.FollowupMessageCreate(i.Interaction, false, &discordgo.WebhookParams{
		Content: "done", Flags: discordgo.MessageFlagsEphemeral,
	}); err != nil {
		t.Fatal(err)
	}
	got := s.Responses(in.ID)
	if len(got) != 1 || got[0].Content != "done" || got[0].Ephemeral {
		t.Errorf("Responses = %+v; want the deferred message edited, ephemeral flag ignored", got)
	}
}

func TestPressAndUpdate(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	b := newBot(t, s)

	ch, err := b.dg.UserChannelCreate(ana.ID)
	if err != nil {
		t.Fatalf("UserChannelCreate: %v", err)
	}
	if ch.ID != s.DMChannel(ana.ID) || ch.Type != discordgo.ChannelTypeDM || len(ch.Recipients) != 1 || ch.Recipients[0].ID != ana.ID {
		t.Errorf("channel = %+v", ch)
	}
	link := discordgo.Button{Label: "Tips", Style: discordgo.LinkButton, URL: "https://example.com/sciatica"}
	sent, err := b.dg.ChannelMessageSendComplex(ch.ID, &discordgo.MessageSend{
		Content:    "Did you walk today?",
		Components: []discordgo.MessageComponent{buttonsRow("walk:yes", "walk:no"), discordgo.ActionsRow{Components: []discordgo.MessageComponent{link}}},
	})
	if err != nil {
		t.Fatalf("ChannelMessageSendComplex: %v", err)
	}
	if sent.Author == nil || !sent.Author.Bot || sent.ChannelID != ch.ID || len(sent.Components) != 2 {
		t.Errorf("sent = %+v", sent)
	}
	msgs := s.Messages(ch.ID)
	want := [][]Button{
		{{Label: "walk:yes", CustomID: "walk:yes", Style: 1}, {Label: "walk:no", CustomID: "walk:no", Style: 1}},
		{{Label: "Tips", URL: "https://example.com/sciatica", Style: 5}},
	}
	if len(msgs) != 1 || msgs[0].ID != sent.ID || msgs[0].Content != "Did you walk today?" || !equalButtons(msgs[0].Buttons, want) {
		t.Fatalf("Messages = %+v", msgs)
	}
	if s.Calls("POST", "/channels/{id}/messages") != 1 || s.Calls("POST", "/users/@me/channels") != 1 {
		t.Errorf("Calls: %d messages, %d channels", s.Calls("POST", "/channels/{id}/messages"), s.Calls("POST", "/users/@me/channels"))
	}

	in := s.Press(ana, msgs[0], "walk:yes")
	i := recv(t, b.interactions)
	if i.Type != discordgo.InteractionMessageComponent || i.MessageComponentData().CustomID != "walk:yes" ||
		i.MessageComponentData().ComponentType != discordgo.ButtonComponent {
		t.Fatalf("interaction = %+v", i.Interaction)
	}
	if i.Message == nil || i.Message.ID != sent.ID || i.Message.Content != "Did you walk today?" || len(i.Message.Components) != 2 || i.ChannelID != ch.ID || i.User == nil {
		t.Errorf("interaction message = %+v", i.Message)
	}
	done := discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Logged", CustomID: "walk:done", Style: discordgo.SuccessButton, Disabled: true},
	}}
	if err := b.dg.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "Walk logged", Components: []discordgo.MessageComponent{done}},
	}); err != nil {
		t.Fatalf("update: %v", err)
	}
	msgs = s.Messages(ch.ID)
	if len(msgs) != 1 || msgs[0].Content != "Walk logged" || !equalButtons(msgs[0].Buttons, [][]Button{{{Label: "Logged", CustomID: "walk:done", Style: 3, Disabled: true}}}) {
		t.Errorf("after update: %+v", msgs)
	}
	if r := s.Responses(in.ID); len(r) != 1 || r[0].ID != sent.ID {
		t.Errorf("Responses(press) = %+v, want the pressed message", r)
	}
}

func TestDMReachesHandler(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	b := newBot(t, s)

	sent := s.DM(ana, "walked 20 min, pain 3/10")
	m := recv(t, b.messages)
	if m.ID != sent.ID || m.Content != "walked 20 min, pain 3/10" || m.ChannelID != s.DMChannel(ana.ID) || m.GuildID != "" ||
		m.Author == nil || m.Author.ID != ana.ID || m.Author.Bot {
		t.Errorf("MessageCreate = %+v", m.Message)
	}
	if got := s.Messages(m.ChannelID); len(got) != 0 {
		t.Errorf("Messages lists the person's DM: %+v", got)
	}
	_, err := b.dg.ChannelMessageEdit(m.ChannelID, m.ID, "edited")
	if code := restCode(t, err); code != 50005 {
		t.Errorf("editing the person's message: code %d, want 50005", code)
	}
}

func equalButtons(a, b [][]Button) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}
