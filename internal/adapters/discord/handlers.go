package discord

import (
	"context"
	"errors"
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

// incoming is the neutral message for an interaction, made without a
// network call: it comes before the answer Discord wants within 3
// seconds. From a server the address is the person's DM channel when it
// is known here (replies there are ephemeral, and reminders must never go
// to a server channel); else its ChatID is empty until withDM opens it
// (the engine keeps the channel in the profile, too). From a private
// channel it is a group: the engine says nothing about health there, and
// the channel is never taken for the person's DM with the bot.
func (a *Adapter) incoming(i *discordgo.Interaction) (chat.Incoming, bool) {
	u := interactionUser(i)
	if u == nil {
		return chat.Incoming{}, false
	}
	from := chat.Address{Platform: chat.Discord, ChatID: i.ChannelID, UserID: u.ID}
	switch placeOf(i) {
	case inServer:
		from.ChatID = a.cachedDM(u.ID)
	case inBotDM:
		a.rememberDM(u.ID, i.ChannelID)
	case inPrivate:
		from.Group = true
	}
	return chat.Incoming{From: from, Lang: string(i.Locale), At: time.Now()}, true
}

// withDM fills in the DM channel of a server interaction, opening it
// (a network call: only once the interaction is answered). It stays
// empty when Discord would not open one.
func (a *Adapter) withDM(ctx context.Context, in *chat.Incoming) {
	if in.From.ChatID == "" && !in.From.Group {
		in.From.ChatID = a.dmChannel(ctx, in.From.UserID)
	}
}

// cachedDM is the person's DM channel if known here, else "".
func (a *Adapter) cachedDM(userID string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.dms[userID]
}

// ackDeadline is how long after an interaction Discord takes its first
// answer (the token is invalid afterwards).
const ackDeadline = 3 * time.Second

// answer is the state of an interaction's answer to Discord.
type answer struct {
	a         *Adapter
	s         *discordgo.Session
	i         *discordgo.Interaction
	ephemeral bool
	arrived   time.Time
	acked     bool // Discord has the interaction's answer (or may have it: see respond)
	deferred  bool // a command's "thinking" answer, to be edited
	unsure    bool // a "thinking" answer whose fate is unknown
}

func (a *Adapter) answer(s *discordgo.Session, i *discordgo.Interaction, arrived time.Time) *answer {
	return &answer{a: a, s: s, i: i, ephemeral: placeOf(i) != inBotDM, arrived: arrived}
}

// ackCtx bounds a first answer by Discord's deadline: a retry or a rate
// limit wait past it would be in vain.
func (r *answer) ackCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithDeadline(ctx, r.arrived.Add(ackDeadline))
}

// respond sends the interaction's first answer. It reports whether the
// interaction is acknowledged now: by this answer; by an earlier one
// (40060: an answer whose fate was unknown did arrive); or perhaps, when
// the request timed out or broke on the way (it is not sent again: a
// second answer would fail, and a message could show twice).
func (r *answer) respond(ctx context.Context, resp *discordgo.InteractionResponse) (bool, error) {
	actx, cancel := r.ackCtx(ctx)
	defer cancel()
	err := r.a.call(actx, func(opt discordgo.RequestOption) error {
		return r.s.InteractionRespond(r.i, resp, opt)
	})
	switch {
	case err == nil:
		r.acked = true
		return true, nil
	case isAlreadyAcknowledged(err):
		r.acked = true
		return false, nil
	case maybeSent(err):
		r.acked = true
		return false, err
	}
	return false, err
}

// deferNow acknowledges a command as "thinking", to be edited later.
func (r *answer) deferNow(ctx context.Context) {
	ok, err := r.respond(ctx, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags(r.ephemeral)},
	})
	switch {
	case ok:
		r.deferred = true
	case err != nil && r.acked:
		// Perhaps deferred: the reply tries a first answer, and follows
		// up if Discord says it has one (40060).
		r.acked, r.unsure = false, true
	}
	if err != nil {
		r.a.log.Warn("deferring an interaction failed", failure(err)...)
	}
}

// isAlreadyAcknowledged: Discord's 40060, the interaction has its answer.
func isAlreadyAcknowledged(err error) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Message != nil && rest.Message.Code == errCodeAlreadyAcknowledged
}

const errCodeAlreadyAcknowledged = 40060

// onCommand runs a slash command. Discord wants an answer within 3
// seconds, before any other call: when the engine is slower the
// interaction is acknowledged as "thinking" first and the reply edited in
// afterwards. In a server, when the person's DM channel is not known
// here, the command is acknowledged so at once, before opening it.
func (a *Adapter) onCommand(ctx context.Context, s *discordgo.Session, h Handler, i *discordgo.Interaction) {
	arrived := time.Now()
	in, ok := a.incoming(i)
	if !ok {
		return
	}
	in.Text = commandText(i.ApplicationCommandData())
	r := a.answer(s, i, arrived)
	deferred := false
	if placeOf(i) == inServer && in.From.ChatID == "" {
		r.deferNow(ctx)
		deferred = true
		a.withDM(ctx, &in)
	}
	done := make(chan []chat.Outgoing, 1)
	go func() {
		outs, err := h.Handle(ctx, in)
		if err != nil {
			a.log.Warn("handling a command failed", "err", err)
		}
		done <- outs
	}()
	var outs []chat.Outgoing
	if deferred {
		outs = <-done
	} else {
		timer := time.NewTimer(time.Until(arrived.Add(a.cfg.DeferAfter)))
		defer timer.Stop()
		select {
		case outs = <-done:
		case <-timer.C:
			r.deferNow(ctx)
			outs = <-done
		}
	}
	r.reply(ctx, outs)
}

// onButton takes a button press: the pressed question is updated at once
// to show the choice without its buttons (which answers Discord, before
// any other call), then the engine's replies follow.
func (a *Adapter) onButton(ctx context.Context, s *discordgo.Session, h Handler, i *discordgo.Interaction) {
	arrived := time.Now()
	in, ok := a.incoming(i)
	if !ok {
		return
	}
	in.Data = i.MessageComponentData().CustomID
	content := ""
	var comps []discordgo.MessageComponent
	if i.Message != nil {
		content, comps = i.Message.Content, i.Message.Components
	}
	r := a.answer(s, i, arrived)
	_, err := r.respond(ctx, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{
			Content:    answeredContent(content, comps, in.Data),
			Components: []discordgo.MessageComponent{},
		},
	})
	if err != nil {
		a.log.Warn("answering a button failed", failure(err)...)
	}
	a.withDM(ctx, &in)
	outs, err := h.Handle(ctx, in)
	if err != nil {
		a.log.Warn("handling a button failed", "err", err)
	}
	r.reply(ctx, outs)
}

// reply delivers the engine's replies to an interaction: the first as the
// answer (or, once acknowledged, by editing a "thinking" answer or as a
// follow-up), the rest as follow-ups. Outside the bot's DM every reply is
// ephemeral. A first answer Discord already has (40060) or may have (its
// request timed out) is not lost: the replies go on as follow-ups.
func (r *answer) reply(ctx context.Context, outs []chat.Outgoing) {
	a, s, i, ephemeral := r.a, r.s, r.i, r.ephemeral
	first := true
	for _, out := range outs {
		parts := chat.SplitText(out.Text, maxContent)
		for n, part := range parts {
			var comps []discordgo.MessageComponent
			if n == len(parts)-1 {
				comps = components(out.Buttons)
			}
			followUp := func(image []byte) error {
				return a.call(ctx, func(opt discordgo.RequestOption) error {
					_, err := s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: part, Components: comps, Flags: flags(ephemeral), Files: chartFiles(image)}, opt)
					return err
				})
			}
			// post sends the part, with image attached (none when empty);
			// each try gets a fresh reader.
			post := func(image []byte) error {
				switch {
				case first && !r.acked:
					ok, err := r.respond(ctx, &discordgo.InteractionResponse{
						Type: discordgo.InteractionResponseChannelMessageWithSource,
						Data: &discordgo.InteractionResponseData{Content: part, Components: comps, Flags: flags(ephemeral), Files: chartFiles(image)},
					})
					switch {
					case ok:
						return nil
					case err == nil:
						// 40060: acknowledged before (a "thinking" answer
						// whose fate was unknown); this part follows up.
						return followUp(image)
					case r.acked:
						// Perhaps answered with this part: it is not
						// sent again, the rest follows up.
						a.log.Warn("answering an interaction failed; its replies follow up", failure(err)...)
						return nil
					}
					return err
				case first && r.deferred:
					return a.call(ctx, func(opt discordgo.RequestOption) error {
						_, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &part, Components: &comps, Files: chartFiles(image)}, opt)
						return err
					})
				default:
					return followUp(image)
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
			switch {
			case maybeSent(err) && ctx.Err() == nil:
				// Perhaps delivered: not sent again, and the rest goes on.
				a.cfg.OnSendError(chat.SendFailed)
				a.log.Warn("replying to an interaction failed; going on with the rest", failure(err)...)
			case err != nil:
				a.cfg.OnSendError(chat.SendFailed)
				a.log.Warn("replying to an interaction failed", failure(err)...)
				return
			}
			first = false
		}
		if out.File != nil {
			// A document (the /export) follows its text, as an
			// attachment of a follow-up (the text answered Discord).
			err := a.call(ctx, func(opt discordgo.RequestOption) error {
				_, err := s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Flags: flags(ephemeral), Files: attachment(out.File)}, opt)
				return err
			})
			if err != nil {
				a.cfg.OnSendError(chat.SendFailed)
				a.log.Warn("attaching a file to an interaction failed", failure(err)...)
				return
			}
		}
		// In a server the bot reads no messages: a question answered by
		// typing is also asked in the person's DMs, where they can type
		// (Send opens the DM channel if need be).
		if ephemeral && out.AwaitsText && !out.To.Group && (out.To.ChatID != "" || out.To.UserID != "") {
			if err := a.Send(ctx, out); err != nil {
				a.log.Warn("asking in DMs failed", failure(err)...)
			}
		}
	}
}

func flags(ephemeral bool) discordgo.MessageFlags {
	if ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}
