package discordtest

import (
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

// Where an interaction happens: DM(u) or Guild(guildID, channelID).
type Where struct {
	dmUser             string
	guildID, channelID string
}

// DM is the user's DM channel with the bot.
func DM(u User) Where { return Where{dmUser: u.ID} }

// Guild is a text channel in a guild the bot is in.
func Guild(guildID, channelID string) Where { return Where{guildID: guildID, channelID: channelID} }

func (w Where) String() string {
	if w.dmUser != "" {
		return "DM with " + w.dmUser
	}
	return "guild " + w.guildID + " channel " + w.channelID
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
	message            string // component interactions: the message pressed
	dispatched         time.Time
	acked              bool
	callbackType       int
	callbackAt         time.Duration
	original           string // id of the @original message
	followups          []string
	pendingDefer       bool // deferred (type 5) and not yet edited
}

func (in *interaction) owners() map[string]any {
	if in.guildID != "" {
		return map[string]any{"0": in.guildID}
	}
	return map[string]any{"1": in.user.ID}
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
// there, the options must be declared ones and the required ones present,
// or the test fails: Discord's client offers nothing else.
func (s *Server) Slash(u User, where Where, name string, options map[string]any) Interaction {
	s.t.Helper()
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
		s.t.Fatalf("discordtest: Slash /%s: %v", name, err)
	}
	in := s.newInteractionLocked(s.users[u.ID], ch, int(discordgo.InteractionApplicationCommand))
	in.name = name
	s.mu.Unlock()

	data := map[string]any{"id": cmd.ID, "name": name, "type": int(discordgo.ChatApplicationCommand), "options": opts}
	if cmd.GuildID != "" {
		data["guild_id"] = cmd.GuildID
	}
	s.dispatchInteraction(in, data, nil)
	return Interaction{ID: in.id, Token: in.token, ChannelID: in.channelID}
}

// findCommandLocked returns the chat command name usable where. Call with s.mu held.
func (s *Server) findCommandLocked(where Where, name string) (*discordgo.ApplicationCommand, error) {
	scopes := []string{""} // DMs see global commands only
	if where.guildID != "" {
		scopes = []string{where.guildID, ""}
	}
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
			ctx := discordgo.InteractionContextGuild
			if where.dmUser != "" {
				ctx = discordgo.InteractionContextBotDM
				if c.DMPermission != nil && !*c.DMPermission {
					continue
				}
			}
			if c.Contexts != nil && !slices.Contains(*c.Contexts, ctx) {
				continue
			}
			return &s.commands[guild][i], nil
		}
	}
	return nil, fmt.Errorf("no command %q usable in %v (registered: %v)", name, where, names)
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
	s.mu.Lock()
	in, wired, err := s.pressLocked(u, msg, customID)
	s.mu.Unlock()
	if err != nil {
		s.t.Fatalf("discordtest: Press %q: %v", customID, err)
	}
	s.dispatchInteraction(in, map[string]any{"custom_id": customID, "component_type": int(discordgo.ButtonComponent)}, wired)
	return Interaction{ID: in.id, Token: in.token, ChannelID: in.channelID}
}

func (s *Server) pressLocked(u User, msg Message, customID string) (*interaction, map[string]any, error) {
	m := s.messages[msg.ID]
	if m == nil || m.deleted || !m.bot {
		return nil, nil, fmt.Errorf("no message %s from the bot", msg.ID)
	}
	ch := s.channels[m.channelID]
	where := Guild(ch.guildID, ch.id)
	if ch.dmUser != "" {
		where = Where{dmUser: ch.dmUser}
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
	}
	s.inters[in.id] = in
	s.byToken[in.token] = in
	return in
}

// dispatchInteraction sends INTERACTION_CREATE for in; the ack deadline
// starts now.
func (s *Server) dispatchInteraction(in *interaction, data, msg map[string]any) {
	s.t.Helper()
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
		s.t.Fatalf("discordtest: no READY gateway session gets events for %s; did the bot Open?", in.where())
	}
}

func (in *interaction) where() string {
	if in.guildID != "" {
		return Guild(in.guildID, in.channelID).String()
	}
	return DM(in.user).String()
}

// DM has u write text to the bot in their DM channel: the message is
// stored and MESSAGE_CREATE goes to the shard-0 sessions that asked for
// IntentsDirectMessages (none asked: it is logged and not delivered).
func (s *Server) DM(u User, text string) Message {
	s.t.Helper()
	s.mu.Lock()
	ch, err := s.registerLocked(u, DM(u))
	if err != nil {
		s.mu.Unlock()
		s.t.Fatalf("discordtest: DM: %v", err)
	}
	m := &message{id: s.snowflake(), channelID: ch.id, author: s.users[u.ID], content: text, created: time.Now()}
	s.messages[m.id] = m
	wired := s.wire(m)
	out := m.export()
	s.mu.Unlock()
	if s.dispatch("", int(discordgo.IntentsDirectMessages), "MESSAGE_CREATE", wired, nil) == 0 {
		s.t.Logf("discordtest: DM from %s not delivered: no session identified with IntentsDirectMessages", u.ID)
	}
	return out
}
