package discordtest

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// User is a person on Discord. Username defaults to "user" + the last
// digits of ID, Locale to "en-US".
type User struct {
	ID       string
	Username string
	Locale   string
}

// Where an interaction happens: DM(u), Guild(guildID, channelID) or
// PrivateChannel(channelID).
type Where struct {
	dmUser             string
	guildID, channelID string
	private            bool
}

// DM is the user's DM channel with the bot (interaction context 1,
// BOT_DM).
func DM(u User) Where { return Where{dmUser: u.ID} }

// Guild is a text channel in a guild the bot is in (context 0, GUILD).
func Guild(guildID, channelID string) Where { return Where{guildID: guildID, channelID: channelID} }

// PrivateChannel is a group DM, or a DM between the user and someone
// other than the bot (context 2, PRIVATE_CHANNEL). The bot is not in it:
// only commands of an app the user installed (user install, integration
// type 1) run there, and the bot cannot post in it.
func PrivateChannel(channelID string) Where { return Where{channelID: channelID, private: true} }

func (w Where) String() string {
	switch {
	case w.dmUser != "":
		return "DM with " + w.dmUser
	case w.private:
		return "private channel " + w.channelID
	}
	return "guild " + w.guildID + " channel " + w.channelID
}

// context is the interaction context type of where.
func (w Where) context() discordgo.InteractionContextType {
	switch {
	case w.dmUser != "":
		return discordgo.InteractionContextBotDM
	case w.private:
		return discordgo.InteractionContextPrivateChannel
	}
	return discordgo.InteractionContextGuild
}

// Interaction identifies a dispatched interaction.
type Interaction struct {
	ID        string
	Token     string
	ChannelID string
}

// interaction is a dispatched interaction and what the bot did with it.
type interaction struct {
	id, token          string
	typ                int    // 2 application command, 3 message component
	name               string // command name
	user               User
	channelID, guildID string
	private            bool   // in a private channel (context 2)
	message            string // component interactions: the message pressed
	dispatched         time.Time
	acked              bool
	callbackType       int
	callbackAt         time.Duration
	original           string // id of the @original message
	followups          []string
	pendingDefer       bool // deferred (type 5) and not yet edited
}

// owners is authorizing_integration_owners: the guild install ("0") in
// a guild (the guild's id) and in the bot's DM ("0"); the user install
// ("1", the user's id) in a private channel.
func (in *interaction) owners() map[string]any {
	switch {
	case in.guildID != "":
		return map[string]any{"0": in.guildID}
	case in.private:
		return map[string]any{"1": in.user.ID}
	}
	return map[string]any{"0": "0"}
}

// registerLocked remembers u and resolves where to a channel. Call with s.mu held.
func (s *Server) registerLocked(u User, where Where) (*channel, error) {
	if !isSnowflake(u.ID) {
		return nil, fmt.Errorf("user id %q is not a snowflake", u.ID)
	}
	if u.Username == "" {
		u.Username = "user" + u.ID[max(0, len(u.ID)-4):]
	}
	if u.Locale == "" {
		u.Locale = "en-US"
	}
	s.users[u.ID] = u
	if where.dmUser != "" {
		if where.dmUser != u.ID {
			return nil, fmt.Errorf("user %s cannot act in the DM of user %s", u.ID, where.dmUser)
		}
		return s.dmChannelLocked(u.ID), nil
	}
	if where.private {
		if !isSnowflake(where.channelID) {
			return nil, fmt.Errorf("%v: the channel id must be a snowflake", where)
		}
		ch := s.channels[where.channelID]
		if ch == nil {
			ch = &channel{id: where.channelID, private: true}
			s.channels[ch.id] = ch
		}
		if !ch.private {
			return nil, fmt.Errorf("channel %s is not a private channel", ch.id)
		}
		return ch, nil
	}
	if !isSnowflake(where.guildID) || !isSnowflake(where.channelID) {
		return nil, fmt.Errorf("%v: guild and channel ids must be snowflakes", where)
	}
	ch := s.channels[where.channelID]
	if ch == nil {
		ch = &channel{id: where.channelID, guildID: where.guildID}
		s.channels[ch.id] = ch
	}
	if ch.guildID != where.guildID {
		return nil, fmt.Errorf("channel %s is not in guild %s", ch.id, where.guildID)
	}
	return ch, nil
}

// Slash has u run the slash command name with options (string, integer,
// boolean or number values, as the command declares them) where, and
// dispatches INTERACTION_CREATE (type 2) to the session for that shard.
// The command must be registered (globally, or for the guild) and allowed
// there by its contexts and integration types, the options must be
// declared ones and the required ones present, or the test fails:
// Discord's client offers nothing else.
func (s *Server) Slash(u User, where Where, name string, options map[string]any) Interaction {
	s.t.Helper()
	in, err := s.TrySlash(u, where, name, options)
	if err != nil {
		s.t.Fatalf("discordtest: Slash /%s: %v", name, err)
	}
	return in
}

// TrySlash is Slash returning its error instead of failing a test.
func (s *Server) TrySlash(u User, where Where, name string, options map[string]any) (Interaction, error) {
	s.mu.Lock()
	ch, err := s.registerLocked(u, where)
	var cmd *discordgo.ApplicationCommand
	var opts []any
	if err == nil {
		cmd, err = s.findCommandLocked(where, name)
	}
	if err == nil {
		opts, err = commandOptions(cmd, options)
	}
	if err != nil {
		s.mu.Unlock()
		return Interaction{}, err
	}
	in := s.newInteractionLocked(s.users[u.ID], ch, int(discordgo.InteractionApplicationCommand))
	in.name = name
	s.mu.Unlock()

	data := map[string]any{"id": cmd.ID, "name": name, "type": int(discordgo.ChatApplicationCommand), "options": opts}
	if cmd.GuildID != "" {
		data["guild_id"] = cmd.GuildID
	}
	if err := s.dispatchInteraction(in, data, nil); err != nil {
		return Interaction{}, err
	}
	return Interaction{ID: in.id, Token: in.token, ChannelID: in.channelID}, nil
}

// findCommandLocked returns the chat command name usable where. Call with s.mu held.
func (s *Server) findCommandLocked(where Where, name string) (*discordgo.ApplicationCommand, error) {
	scopes := []string{""} // DMs and private channels see global commands only
	if where.guildID != "" {
		scopes = []string{where.guildID, ""}
	}
	ctx := where.context()
	var names []string
	for _, guild := range scopes {
		for i, c := range s.commands[guild] {
			if c.Type != discordgo.ChatApplicationCommand {
				continue
			}
			names = append(names, c.Name)
			if c.Name != name {
				continue
			}
			if guild == "" && !s.usableLocked(c, ctx) {
				continue
			}
			return &s.commands[guild][i], nil
		}
	}
	return nil, fmt.Errorf("no command %q usable in %v (registered: %v)", name, where, names)
}

// usableLocked reports whether the global command c shows in context
// ctx: contexts lists it (no list: every context), and an installation
// the command supports reaches there. The guild install reaches guilds
// and the bot's DM; only a user install reaches private channels, and
// the application must support user installs. Call with s.mu held.
func (s *Server) usableLocked(c discordgo.ApplicationCommand, ctx discordgo.InteractionContextType) bool {
	if c.Contexts != nil && !slices.Contains(*c.Contexts, ctx) {
		return false
	}
	types := s.integrationTypes(c)
	if ctx == discordgo.InteractionContextPrivateChannel {
		return s.opts.UserInstall && slices.Contains(types, discordgo.ApplicationIntegrationUserInstall)
	}
	return len(types) > 0
}

// integrationTypes is the command's integration types: as registered,
// else the application's (guild install, and user install with
// Options.UserInstall).
func (s *Server) integrationTypes(c discordgo.ApplicationCommand) []discordgo.ApplicationIntegrationType {
	if c.IntegrationTypes != nil {
		return *c.IntegrationTypes
	}
	return s.appIntegrationTypes()
}

func (s *Server) appIntegrationTypes() []discordgo.ApplicationIntegrationType {
	if s.opts.UserInstall {
		return []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall}
	}
	return []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
}

// commandOptions builds the interaction's options in declaration order.
func commandOptions(cmd *discordgo.ApplicationCommand, given map[string]any) ([]any, error) {
	for name := range given {
		if !slices.ContainsFunc(cmd.Options, func(o *discordgo.ApplicationCommandOption) bool { return o.Name == name }) {
			return nil, fmt.Errorf("command has no option %q", name)
		}
	}
	out := []any{}
	for _, o := range cmd.Options {
		v, ok := given[o.Name]
		if !ok {
			if o.Required {
				return nil, fmt.Errorf("required option %q missing", o.Name)
			}
			continue
		}
		value, err := optionValue(o, v)
		if err != nil {
			return nil, fmt.Errorf("option %q: %v", o.Name, err)
		}
		out = append(out, map[string]any{"name": o.Name, "type": int(o.Type), "value": value})
	}
	return out, nil
}

func optionValue(o *discordgo.ApplicationCommandOption, v any) (any, error) {
	rv := reflect.ValueOf(v)
	var value any
	switch o.Type {
	case discordgo.ApplicationCommandOptionString:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want a string, got %T", v)
		}
		if n := len([]rune(s)); n > o.MaxLength && o.MaxLength > 0 || o.MinLength != nil && n < *o.MinLength {
			return nil, fmt.Errorf("length %d out of bounds", n)
		}
		value = s
	case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
		var f float64
		switch {
		case rv.CanInt():
			f = float64(rv.Int())
		case rv.CanUint():
			f = float64(rv.Uint())
		case rv.CanFloat() && o.Type == discordgo.ApplicationCommandOptionNumber:
			f = rv.Float()
		case rv.CanFloat() && rv.Float() == math.Trunc(rv.Float()):
			f = rv.Float()
		default:
			return nil, fmt.Errorf("want a number, got %T", v)
		}
		if o.MinValue != nil && f < *o.MinValue || o.MaxValue != 0 && f > o.MaxValue {
			return nil, fmt.Errorf("%v out of bounds", f)
		}
		value = f
		if o.Type == discordgo.ApplicationCommandOptionInteger {
			value = int64(f)
		}
	case discordgo.ApplicationCommandOptionBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("want a bool, got %T", v)
		}
		value = b
	case discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionChannel,
		discordgo.ApplicationCommandOptionRole, discordgo.ApplicationCommandOptionMentionable:
		id, ok := v.(string)
		if !ok || !isSnowflake(id) {
			return nil, fmt.Errorf("want a snowflake string, got %v", v)
		}
		value = id
	default:
		return nil, fmt.Errorf("option type %d is not supported by Slash", o.Type)
	}
	if len(o.Choices) > 0 && !slices.ContainsFunc(o.Choices, func(c *discordgo.ApplicationCommandOptionChoice) bool {
		return fmt.Sprint(c.Value) == fmt.Sprint(value)
	}) {
		return nil, fmt.Errorf("%v is not one of the choices", v)
	}
	return value, nil
}

// Press has u press the button with customID on msg (as returned by
// Messages or Responses; its current state is used) and dispatches
// INTERACTION_CREATE (type 3) in the message's channel. The button must be
// on the message, enabled and not a link, the message must be visible to
// u (their DM, a guild channel, or their own ephemeral), or the test fails.
func (s *Server) Press(u User, msg Message, customID string) Interaction {
	s.t.Helper()
	in, err := s.TryPress(u, msg, customID)
	if err != nil {
		s.t.Fatalf("discordtest: Press %q: %v", customID, err)
	}
	return in
}

// TryPress is Press returning its error instead of failing a test.
func (s *Server) TryPress(u User, msg Message, customID string) (Interaction, error) {
	s.mu.Lock()
	in, wired, err := s.pressLocked(u, msg, customID)
	s.mu.Unlock()
	if err != nil {
		return Interaction{}, err
	}
	if err := s.dispatchInteraction(in, map[string]any{"custom_id": customID, "component_type": int(discordgo.ButtonComponent)}, wired); err != nil {
		return Interaction{}, err
	}
	return Interaction{ID: in.id, Token: in.token, ChannelID: in.channelID}, nil
}

func (s *Server) pressLocked(u User, msg Message, customID string) (*interaction, map[string]any, error) {
	m := s.messages[msg.ID]
	if m == nil || m.deleted || !m.bot {
		return nil, nil, fmt.Errorf("no message %s from the bot", msg.ID)
	}
	ch := s.channels[m.channelID]
	where := Guild(ch.guildID, ch.id)
	switch {
	case ch.dmUser != "":
		where = Where{dmUser: ch.dmUser}
	case ch.private:
		where = PrivateChannel(ch.id)
	}
	ch, err := s.registerLocked(u, where)
	if err != nil {
		return nil, nil, err
	}
	if m.flags&flagEphemeral != 0 && m.inter.user.ID != u.ID {
		return nil, nil, fmt.Errorf("message %s is ephemeral to user %s", m.id, m.inter.user.ID)
	}
	var found *Button
	for _, row := range buttons(m.components) {
		for _, b := range row {
			if b.CustomID == customID {
				found = &b
			}
		}
	}
	switch {
	case found == nil:
		return nil, nil, fmt.Errorf("message %s has no button with that custom_id (now: %v)", m.id, buttons(m.components))
	case found.Disabled:
		return nil, nil, fmt.Errorf("the button is disabled")
	}
	in := s.newInteractionLocked(s.users[u.ID], ch, int(discordgo.InteractionMessageComponent))
	in.message = m.id
	return in, s.wire(m), nil
}

// newInteractionLocked records a new interaction. Call with s.mu held.
func (s *Server) newInteractionLocked(u User, ch *channel, typ int) *interaction {
	in := &interaction{
		id:        s.snowflake(),
		token:     "aW50ZXJhY3Rpb246" + s.snowflake() + strings.Repeat("x", 16),
		typ:       typ,
		user:      u,
		channelID: ch.id,
		guildID:   ch.guildID,
		private:   ch.private,
	}
	s.inters[in.id] = in
	s.byToken[in.token] = in
	return in
}

// dispatchInteraction sends INTERACTION_CREATE for in; the ack deadline
// starts now.
func (s *Server) dispatchInteraction(in *interaction, data, msg map[string]any) error {
	d := map[string]any{
		"id": in.id, "application_id": s.opts.AppID, "type": in.typ, "data": data,
		"channel_id": in.channelID, "token": in.token, "version": 1,
		"locale": in.user.Locale, "app_permissions": "562949953421311", "entitlements": []any{},
		"authorizing_integration_owners": in.owners(),
	}
	if msg != nil {
		d["message"] = msg
	}
	if in.guildID != "" {
		d["guild_id"] = in.guildID
		d["guild_locale"] = "en-US"
		d["context"] = int(discordgo.InteractionContextGuild)
		d["channel"] = map[string]any{"id": in.channelID, "type": 0, "guild_id": in.guildID}
		d["member"] = map[string]any{
			"user": wireUser(in.user), "roles": []any{}, "joined_at": "2024-01-01T00:00:00.000000+00:00",
			"deaf": false, "mute": false, "flags": 0, "pending": false, "nick": nil, "avatar": nil,
			"permissions": "2248473465835073",
		}
	} else if in.private {
		d["context"] = int(discordgo.InteractionContextPrivateChannel)
		d["channel"] = map[string]any{"id": in.channelID, "type": int(discordgo.ChannelTypeGroupDM)}
		d["user"] = wireUser(in.user)
	} else {
		d["context"] = int(discordgo.InteractionContextBotDM)
		d["channel"] = map[string]any{"id": in.channelID, "type": 1}
		d["user"] = wireUser(in.user)
	}
	n := s.dispatch(in.guildID, 0, "INTERACTION_CREATE", d, func() {
		s.mu.Lock()
		in.dispatched = time.Now()
		s.mu.Unlock()
	})
	if n == 0 {
		return fmt.Errorf("no READY gateway session gets events for %s; did the bot Open?", in.where())
	}
	return nil
}

func (in *interaction) where() string {
	switch {
	case in.guildID != "":
		return Guild(in.guildID, in.channelID).String()
	case in.private:
		return PrivateChannel(in.channelID).String()
	}
	return DM(in.user).String()
}

// DM has u write text to the bot in their DM channel: the message is
// stored and MESSAGE_CREATE goes to the shard-0 sessions that asked for
// IntentsDirectMessages (none asked: it is logged and not delivered).
func (s *Server) DM(u User, text string) Message {
	s.t.Helper()
	m, err := s.TryDM(u, text)
	switch {
	case errors.Is(err, errNotDelivered):
		s.t.Logf("discordtest: DM from %s: %v", u.ID, err)
	case err != nil:
		s.t.Fatalf("discordtest: DM: %v", err)
	}
	return m
}

var errNotDelivered = errors.New("not delivered: no session identified with IntentsDirectMessages")

// TryDM is DM returning its error instead of failing a test; a DM that
// no session gets is stored and returned with an error.
func (s *Server) TryDM(u User, text string) (Message, error) {
	s.mu.Lock()
	ch, err := s.registerLocked(u, DM(u))
	if err != nil {
		s.mu.Unlock()
		return Message{}, err
	}
	m := &message{id: s.snowflake(), channelID: ch.id, author: s.users[u.ID], content: text, created: time.Now()}
	s.messages[m.id] = m
	wired := s.wire(m)
	out := m.export()
	s.mu.Unlock()
	if s.dispatch("", int(discordgo.IntentsDirectMessages), "MESSAGE_CREATE", wired, nil) == 0 {
		return out, errNotDelivered
	}
	return out, nil
}
