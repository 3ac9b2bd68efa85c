package discord

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/chat"
)

// register routes gateway events. The session runs handlers in its
// reading goroutine (SyncEvents, so that readiness follows the events in
// order), so each message gets a goroutine of its own; running lets Run
// wait for them at shutdown.
func (a *Adapter) register(ctx context.Context, s *discordgo.Session, h Handler, running *inflight) {
	a.registerGateway(s)
	s.AddHandler(func(s *discordgo.Session, ev *discordgo.InteractionCreate) {
		if !running.start() {
			return
		}
		go func() {
			defer running.done()
			switch ev.Type {
			case discordgo.InteractionApplicationCommand:
				a.onCommand(ctx, s, h, ev.Interaction)
			case discordgo.InteractionMessageComponent:
				a.onButton(ctx, s, h, ev.Interaction)
			}
		}()
	})
	s.AddHandler(func(s *discordgo.Session, ev *discordgo.MessageCreate) {
		// Only direct messages: in servers the bot speaks through
		// slash commands, and reads no message content.
		if ev.Author == nil || ev.Author.Bot || ev.GuildID != "" || !running.start() {
			return
		}
		go func() {
			defer running.done()
			a.onDM(ctx, h, ev)
		}()
	})
}

// onDM handles a direct message.
func (a *Adapter) onDM(ctx context.Context, h Handler, ev *discordgo.MessageCreate) {
	in := chat.Incoming{
		From: chat.Address{Platform: chat.Discord, ChatID: ev.ChannelID, UserID: ev.Author.ID},
		Text: ev.Content,
		At:   ev.Timestamp,
	}
	a.rememberDM(ev.Author.ID, ev.ChannelID)
	outs, err := h.Handle(ctx, in)
	if err != nil {
		a.log.Warn("handling a message failed", "err", err)
	}
	for _, out := range outs {
		if err := a.Send(ctx, out); err != nil {
			a.log.Warn("sending a reply failed", failure(err)...)
			return
		}
	}
}

// place is where an interaction happened.
type place int

const (
	inServer  place = iota // a server channel (context 0)
	inBotDM                // the person's DM with the bot (context 1)
	inPrivate              // a group DM or a DM with someone else (context 2)
)

// placeOf tells where i happened. Without a server it is the bot's DM
// only when Discord says so (context 1): an app the person installed
// also gets interactions from group DMs and DMs with others (context 2),
// where everyone there would see a reply that is not ephemeral.
func placeOf(i *discordgo.Interaction) place {
	switch {
	case i.GuildID != "":
		return inServer
	case i.Context == discordgo.InteractionContextBotDM:
		return inBotDM
	}
	return inPrivate
}

// incoming is the neutral message for an interaction. From a server the
// address is the person's DM channel: replies there are ephemeral, and
// reminders must never go to a server channel. From a private channel
// it is a group: the engine says nothing about health there, and the
// channel is never taken for the person's DM with the bot.
func (a *Adapter) incoming(ctx context.Context, i *discordgo.Interaction) (chat.Incoming, bool) {
	u := interactionUser(i)
	if u == nil {
		return chat.Incoming{}, false
	}
	from := chat.Address{Platform: chat.Discord, ChatID: i.ChannelID, UserID: u.ID}
	switch placeOf(i) {
	case inServer:
		from.ChatID = a.dmChannel(ctx, u.ID) // "" when Discord would not open one
	case inBotDM:
		a.rememberDM(u.ID, i.ChannelID)
	case inPrivate:
		from.Group = true
	}
	return chat.Incoming{From: from, Lang: string(i.Locale), At: time.Now()}, true
}

// onCommand runs a slash command. Discord wants an answer within 3
// seconds: when the engine is slower the interaction is acknowledged as
// "thinking" first and the reply edited in afterwards.
func (a *Adapter) onCommand(ctx context.Context, s *discordgo.Session, h Handler, i *discordgo.Interaction) {
	timer := time.NewTimer(a.cfg.DeferAfter) // from arrival: opening a DM channel counts too
	defer timer.Stop()
	ephemeral := placeOf(i) != inBotDM
	type result struct{ outs []chat.Outgoing }
	done := make(chan result, 1)
	go func() {
		in, ok := a.incoming(ctx, i)
		if !ok {
			done <- result{}
			return
		}
		in.Text = commandText(i.ApplicationCommandData())
		outs, err := h.Handle(ctx, in)
		if err != nil {
			a.log.Warn("handling a command failed", "err", err)
		}
		done <- result{outs}
	}()
	var outs []chat.Outgoing
	deferred := false
	select {
	case r := <-done:
		outs = r.outs
	case <-timer.C:
		deferred = true
		err := a.retry(ctx, func() error {
			return s.InteractionRespond(i, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Flags: flags(ephemeral)},
			})
		})
		if err != nil {
			a.log.Warn("deferring an interaction failed", failure(err)...)
		}
		outs = (<-done).outs
	}
	a.reply(ctx, s, i, outs, ephemeral, deferred)
}

// onButton takes a button press: the pressed question is updated at once
// to show the choice without its buttons (which also answers Discord),
// then the engine's replies follow.
func (a *Adapter) onButton(ctx context.Context, s *discordgo.Session, h Handler, i *discordgo.Interaction) {
	in, ok := a.incoming(ctx, i)
	if !ok {
		return
	}
	in.Data = i.MessageComponentData().CustomID
	content := ""
	var comps []discordgo.MessageComponent
	if i.Message != nil {
		content, comps = i.Message.Content, i.Message.Components
	}
	err := a.retry(ctx, func() error {
		return s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseUpdateMessage,
			Data: &discordgo.InteractionResponseData{
				Content:    answeredContent(content, comps, in.Data),
				Components: []discordgo.MessageComponent{},
			},
		})
	})
	if err != nil {
		a.log.Warn("answering a button failed", failure(err)...)
	}
	outs, err := h.Handle(ctx, in)
	if err != nil {
		a.log.Warn("handling a button failed", "err", err)
	}
	a.reply(ctx, s, i, outs, placeOf(i) != inBotDM, true)
}

// reply delivers the engine's replies to an interaction: the first as the
// response (or, once acknowledged, by editing it in or as a follow-up),
// the rest as follow-ups. Outside the bot's DM every reply is ephemeral.
func (a *Adapter) reply(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, outs []chat.Outgoing, ephemeral, acknowledged bool) {
	first := true
	for _, out := range outs {
		parts := chat.SplitText(out.Text, maxContent)
		for n, part := range parts {
			var comps []discordgo.MessageComponent
			if n == len(parts)-1 {
				comps = components(out.Buttons)
			}
			// post sends the part, with image attached (none when empty);
			// each try gets a fresh reader.
			post := func(image []byte) error {
				switch {
				case first && !acknowledged:
					return a.retry(ctx, func() error {
						return s.InteractionRespond(i, &discordgo.InteractionResponse{
							Type: discordgo.InteractionResponseChannelMessageWithSource,
							Data: &discordgo.InteractionResponseData{Content: part, Components: comps, Flags: flags(ephemeral), Files: chartFiles(image)},
						})
					})
				case first && isDeferredCommand(i):
					return a.retry(ctx, func() error {
						_, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &part, Components: &comps, Files: chartFiles(image)})
						return err
					})
				default:
					return a.retry(ctx, func() error {
						_, err := s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: part, Components: comps, Flags: flags(ephemeral), Files: chartFiles(image)})
						return err
					})
				}
			}
			// An image (the progress chart) goes as an attachment of the
			// first part; refused, the part goes without it.
			var err error
			if n == 0 && len(out.Image) > 0 {
				err = post(out.Image)
				if a.imageFailed(ctx, err) {
					err = post(nil)
				}
			} else {
				err = post(nil)
			}
			if err != nil {
				a.cfg.OnSendError(chat.SendFailed)
				a.log.Warn("replying to an interaction failed", failure(err)...)
				return
			}
			first = false
		}
		if out.File != nil {
			// A document (the /export) follows its text, as an
			// attachment of a follow-up (the text answered Discord).
			err := a.retry(ctx, func() error {
				_, err := s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Flags: flags(ephemeral), Files: attachment(out.File)})
				return err
			})
			if err != nil {
				a.cfg.OnSendError(chat.SendFailed)
				a.log.Warn("attaching a file to an interaction failed", failure(err)...)
				return
			}
		}
		// In a server the bot reads no messages: a question answered by
		// typing is also asked in the person's DMs, where they can type.
		if ephemeral && out.AwaitsText && out.To.ChatID != "" && !out.To.Group {
			if err := a.Send(ctx, out); err != nil {
				a.log.Warn("asking in DMs failed", failure(err)...)
			}
		}
	}
}

// isDeferredCommand: a slash command acknowledged as "thinking" has an
// empty original response to fill; a button's original is the question.
func isDeferredCommand(i *discordgo.Interaction) bool {
	return i.Type == discordgo.InteractionApplicationCommand
}

func flags(ephemeral bool) discordgo.MessageFlags {
	if ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}
