package discordtest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// A REST handler answers status and a JSON body (nil for 204), or an error.
type restHandler func(r *http.Request) (int, any, *apiError)

func (s *Server) routes() {
	handle := func(pattern string, h restHandler) {
		method, path, _ := strings.Cut(pattern, " ")
		s.mux.HandleFunc(method+" "+apiPrefix+path, func(w http.ResponseWriter, r *http.Request) {
			status, body, err := h(r)
			switch {
			case err != nil:
				err.write(w)
			case body == nil:
				w.WriteHeader(status)
			default:
				writeJSON(w, status, body)
			}
		})
	}
	handle("GET /gateway", s.getGateway)
	handle("GET /gateway/bot", s.getGatewayBot)
	handle("GET /users/@me", s.getMe)
	handle("POST /users/@me/channels", s.createDM)
	handle("GET /applications/{app}/commands", s.listCommands)
	handle("PUT /applications/{app}/commands", s.overwriteCommands)
	handle("GET /applications/{app}/guilds/{guild}/commands", s.listCommands)
	handle("PUT /applications/{app}/guilds/{guild}/commands", s.overwriteCommands)
	handle("POST /interactions/{id}/{token}/callback", s.interactionCallback)
	handle("GET /webhooks/{app}/{token}/messages/@original", s.getWebhookMessage)
	handle("PATCH /webhooks/{app}/{token}/messages/@original", s.editWebhookMessage)
	handle("DELETE /webhooks/{app}/{token}/messages/@original", s.deleteWebhookMessage)
	handle("POST /webhooks/{app}/{token}", s.createFollowup)
	handle("GET /webhooks/{app}/{token}/messages/{id}", s.getWebhookMessage)
	handle("PATCH /webhooks/{app}/{token}/messages/{id}", s.editWebhookMessage)
	handle("DELETE /webhooks/{app}/{token}/messages/{id}", s.deleteWebhookMessage)
	handle("POST /channels/{id}/messages", s.createMessage)
	handle("GET /channels/{id}/messages/{mid}", s.getMessage)
	handle("PATCH /channels/{id}/messages/{mid}", s.editMessage)
	handle("DELETE /channels/{id}/messages/{mid}", s.deleteMessage)
	s.mux.HandleFunc("GET /{$}", s.serveGateway)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { notFound().write(w) })
}

// serveHTTP counts API calls, keeps the rate limits (ratelimits.go),
// injects failures and checks the bot token before routing.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	_, pattern := s.mux.Handler(r)
	_, path, _ := strings.Cut(pattern, " ")
	if !strings.HasPrefix(path, apiPrefix+"/") {
		s.mux.ServeHTTP(w, r)
		return
	}
	key := routeKey(r.Method, path)
	s.mu.Lock()
	s.calls[key]++
	n := s.logRequest(key, time.Now())
	delay := s.takeDelay(key)
	s.mu.Unlock()
	sw := &statusWriter{ResponseWriter: w}
	defer func() { s.answered(n, sw.status, w.Header().Get("X-RateLimit-Scope")) }()
	if delay > 0 {
		timer := time.NewTimer(delay)
		select {
		case <-timer.C:
		case <-r.Context().Done():
		case <-s.done:
		}
		timer.Stop()
	}
	lr := limitedRouteOf(key, r.URL.Path)
	s.mu.Lock()
	now := time.Now()
	refused := s.limit(lr, now, w.Header())
	var f failure
	var failed bool
	var loss Loss
	if refused == nil {
		if f, failed = s.takeFailure(key); failed && f.status == http.StatusTooManyRequests && f.retryAfter > 0 {
			s.exhaust(lr, now, f.retryAfter, w.Header())
		} else if !failed {
			loss, _ = s.takeLoss(key)
		}
	}
	s.mu.Unlock()
	switch {
	case refused != nil:
		refused.write(sw)
		return
	case failed:
		f.write(sw)
		return
	}
	// Webhook and interaction callback routes authenticate by their token.
	tokenAuth := strings.HasPrefix(path, apiPrefix+"/webhooks/") || strings.HasPrefix(path, apiPrefix+"/interactions/")
	if !tokenAuth && !s.authorized(r.Header.Get("Authorization")) {
		unauthorized().write(sw)
		return
	}
	if loss != 0 {
		// Handled for real, answered into the void.
		s.mux.ServeHTTP(httptest.NewRecorder(), r)
		if loss == Hang {
			select {
			case <-r.Context().Done():
			case <-s.done:
			}
		}
		panic(http.ErrAbortHandler) // the connection drops, unanswered
	}
	s.mux.ServeHTTP(sw, r)
}

func (s *Server) authorized(header string) bool {
	token, ok := strings.CutPrefix(header, "Bot ")
	if !ok || token == "" {
		return false
	}
	return s.opts.Token == "" || token == s.opts.Token
}

var placeholder = regexp.MustCompile(`\{[^}]*\}`)

// routeKey normalises "POST", "/api/v9/channels/{id}/messages" and
// "POST", "/channels/{channel}/messages" alike.
func routeKey(method, route string) string {
	route = strings.TrimPrefix(route, apiPrefix)
	return strings.ToUpper(method) + " " + placeholder.ReplaceAllString(route, "{}")
}

func formatID(n uint64) string { return strconv.FormatUint(n, 10) }

func isSnowflake(id string) bool {
	n, err := strconv.ParseUint(id, 10, 64)
	return err == nil && n > 0
}

// --- gateway, users, DM channels -------------------------------------------

func (s *Server) getGateway(*http.Request) (int, any, *apiError) {
	return http.StatusOK, map[string]any{"url": s.gatewayURL()}, nil
}

func (s *Server) getGatewayBot(*http.Request) (int, any, *apiError) {
	return http.StatusOK, map[string]any{
		"url":    s.gatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": s.opts.MaxConcurrency,
		},
	}, nil
}

func (s *Server) getMe(*http.Request) (int, any, *apiError) {
	me := s.botUser()
	me["verified"] = true
	me["mfa_enabled"] = false
	return http.StatusOK, me, nil
}

func (s *Server) createDM(r *http.Request) (int, any, *apiError) {
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return 0, nil, badJSON()
	}
	if !isSnowflake(body.RecipientID) {
		return 0, nil, invalidForm("recipient_id", "NUMBER_TYPE_COERCE", `Value "`+body.RecipientID+`" is not snowflake.`)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.dmChannelLocked(body.RecipientID)
	return http.StatusOK, s.wireChannel(ch), nil
}

// channel is a channel the fake knows: a DM channel or a guild channel
// used in a Where.
type channel struct {
	id      string
	guildID string // "" for DMs
	dmUser  string // the other side of a DM channel
	private bool   // a group DM or another user's DM (context 2)
}

// dmChannelLocked returns the user's DM channel, creating it. Call with s.mu held.
func (s *Server) dmChannelLocked(userID string) *channel {
	if id, ok := s.dms[userID]; ok {
		return s.channels[id]
	}
	ch := &channel{id: s.snowflake(), dmUser: userID}
	s.dms[userID] = ch.id
	s.channels[ch.id] = ch
	return ch
}

// userLocked returns the user as the fake knows them. Call with s.mu held.
func (s *Server) userLocked(id string) User {
	if u, ok := s.users[id]; ok {
		return u
	}
	return User{ID: id, Username: "user" + id[max(0, len(id)-4):], Locale: "en-US"}
}

func (s *Server) wireChannel(ch *channel) map[string]any {
	if ch.guildID != "" {
		return map[string]any{"id": ch.id, "type": 0, "guild_id": ch.guildID, "name": "walks", "position": 0, "nsfw": false, "flags": 0}
	}
	var last any
	if ids := s.sent[ch.id]; len(ids) > 0 {
		last = ids[len(ids)-1]
	}
	return map[string]any{
		"id": ch.id, "type": 1, "flags": 0, "last_message_id": last,
		"recipients": []any{wireUser(s.userLocked(ch.dmUser))},
	}
}

func wireUser(u User) map[string]any {
	return map[string]any{
		"id": u.ID, "username": u.Username, "global_name": u.Username, "discriminator": "0",
		"avatar": nil, "public_flags": 0, "flags": 0,
	}
}

func (s *Server) botUser() map[string]any {
	u := wireUser(User{ID: s.opts.BotUserID, Username: s.opts.BotName})
	u["bot"] = true
	u["global_name"] = nil
	return u
}

// --- application commands --------------------------------------------------

func (s *Server) checkApp(r *http.Request) *apiError {
	if r.PathValue("app") != s.opts.AppID {
		return &apiError{status: http.StatusForbidden, code: 50001, message: "Missing Access"}
	}
	return nil
}

func (s *Server) listCommands(r *http.Request) (int, any, *apiError) {
	if err := s.checkApp(r); err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds := s.commands[r.PathValue("guild")]
	if cmds == nil {
		cmds = []discordgo.ApplicationCommand{}
	}
	return http.StatusOK, cmds, nil
}

func (s *Server) overwriteCommands(r *http.Request) (int, any, *apiError) {
	if err := s.checkApp(r); err != nil {
		return 0, nil, err
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return 0, nil, badJSON()
	}
	guild := r.PathValue("guild")
	wire, apiErr := s.checkCommandFields(raw, guild != "")
	if apiErr != nil {
		return 0, nil, apiErr
	}
	var cmds []discordgo.ApplicationCommand
	if err := json.Unmarshal(raw, &cmds); err != nil {
		return 0, nil, badJSON()
	}
	if err := validateCommands(cmds); err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.registered[guild] = raw
	old := s.commands[guild]
	out := make([]discordgo.ApplicationCommand, len(cmds))
	for i, c := range cmds {
		if c.Type == 0 {
			c.Type = discordgo.ChatApplicationCommand
		}
		if guild == "" {
			// As Discord answers: integration types default to the
			// application's, and contexts stay null (every context) unless
			// the deprecated dm_permission took BOT_DM away.
			if c.IntegrationTypes == nil {
				types := s.appIntegrationTypes()
				c.IntegrationTypes = &types
			}
			if c.Contexts == nil && wire[i].DMPermission != nil && !*wire[i].DMPermission {
				c.Contexts = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextPrivateChannel}
			}
		}
		c.ID = s.snowflake() // Discord keeps the id of a command with the same name and type
		for _, o := range old {
			if o.Name == c.Name && o.Type == c.Type {
				c.ID = o.ID
			}
		}
		c.ApplicationID, c.GuildID, c.Version = s.opts.AppID, guild, s.snowflake()
		out[i] = c
	}
	s.commands[guild] = out
	return http.StatusOK, out, nil
}

var commandName = regexp.MustCompile(`^[-_a-z0-9]{1,32}$`)

// The fields Discord documents for each command of a bulk overwrite, for
// its options and for their choices. Anything else is refused: a
// misspelt or invented field would otherwise be silently dropped.
var (
	commandFields = []string{
		"id", "type", "name", "name_localizations", "description", "description_localizations",
		"options", "default_member_permissions", "dm_permission", "default_permission",
		"integration_types", "contexts", "nsfw", "handler",
	}
	optionFields = []string{
		"type", "name", "name_localizations", "description", "description_localizations",
		"required", "choices", "options", "channel_types", "min_value", "max_value",
		"min_length", "max_length", "autocomplete",
	}
	choiceFields = []string{"name", "name_localizations", "value"}
)

// wireCommand is what checkCommandFields reads of a command besides its
// field names.
type wireCommand struct {
	// DMPermission is deprecated (contexts replace it) but Discord still
	// honours it for global commands without contexts.
	DMPermission     *bool  `json:"dm_permission"`
	Contexts         *[]int `json:"contexts"`
	IntegrationTypes *[]int `json:"integration_types"`
}

// checkCommandFields refuses fields Discord does not document, and
// contexts and integration types it would not accept: values outside
// 0-2 and 0-1, user install (1) when the application has not enabled it,
// and, for guild commands, anything but the guild context.
func (s *Server) checkCommandFields(raw []byte, guildScoped bool) ([]wireCommand, *apiError) {
	var cmds []map[string]json.RawMessage
	if json.Unmarshal(raw, &cmds) != nil {
		return nil, badJSON()
	}
	wire := make([]wireCommand, len(cmds))
	for i, c := range cmds {
		p := strconv.Itoa(i)
		if err := unknownFields(p, c, commandFields); err != nil {
			return nil, err
		}
		if raw, ok := c["options"]; ok && !isNull(raw) {
			if err := checkOptionFields(p+".options", raw); err != nil {
				return nil, err
			}
		}
		if err := checkLocalizations(p, c, true); err != nil {
			return nil, err
		}
		b, _ := json.Marshal(c)
		if json.Unmarshal(b, &wire[i]) != nil {
			return nil, invalidForm(p, "BASE_TYPE_BAD_TYPE", "Contexts and integration types must be lists of integers.")
		}
		if ctxs := wire[i].Contexts; ctxs != nil {
			for j, v := range *ctxs {
				q := p + ".contexts." + strconv.Itoa(j)
				switch {
				case v < 0 || v > 2:
					return nil, invalidForm(q, "BASE_TYPE_CHOICES", "Value must be one of {0, 1, 2}.")
				case guildScoped && v != 0:
					return nil, invalidForm(q, "BASE_TYPE_CHOICES", "Guild commands only support the GUILD interaction context.")
				}
			}
		}
		if types := wire[i].IntegrationTypes; types != nil {
			for j, v := range *types {
				q := p + ".integration_types." + strconv.Itoa(j)
				switch {
				case v < 0 || v > 1:
					return nil, invalidForm(q, "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")
				case v == 1 && !s.opts.UserInstall:
					return nil, invalidForm(q, "APPLICATION_INTEGRATION_TYPE_NOT_SUPPORTED", "The application does not support this installation context.")
				}
			}
		}
	}
	return wire, nil
}

// checkLocalizations refuses name and description localizations Discord
// would: a key that is not one of Discord's locales, a name that is not
// 1-32 lower-case letters, digits, - or _, a description over 100
// characters.
func checkLocalizations(path string, obj map[string]json.RawMessage, named bool) *apiError {
	for _, field := range []string{"name_localizations", "description_localizations"} {
		raw, ok := obj[field]
		if !ok || isNull(raw) {
			continue
		}
		var m map[string]string
		if json.Unmarshal(raw, &m) != nil {
			return invalidForm(path+"."+field, "BASE_TYPE_BAD_TYPE", "Must be a mapping of locales to strings.")
		}
		for loc, v := range m {
			q := path + "." + field + "." + loc
			if _, known := discordgo.Locales[discordgo.Locale(loc)]; !known {
				return invalidForm(q, "LOCALE_INVALID", "Invalid locale.")
			}
			switch {
			case field == "name_localizations" && named && !commandNameRE.MatchString(v):
				return invalidForm(q, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid.")
			case field == "description_localizations" && (utf8.RuneCountInString(v) < 1 || utf8.RuneCountInString(v) > 100):
				return invalidForm(q, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
			}
		}
	}
	return nil
}

// commandNameRE is Discord's rule for command and option names (its
// documented pattern, without the Devanagari and Thai ranges).
var commandNameRE = regexp.MustCompile(`^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$`)

func checkOptionFields(path string, raw json.RawMessage) *apiError {
	var opts []map[string]json.RawMessage
	if json.Unmarshal(raw, &opts) != nil {
		return invalidForm(path, "BASE_TYPE_BAD_TYPE", "Must be an array.")
	}
	for j, o := range opts {
		q := path + "." + strconv.Itoa(j)
		if err := unknownFields(q, o, optionFields); err != nil {
			return err
		}
		if err := checkLocalizations(q, o, true); err != nil {
			return err
		}
		if raw, ok := o["options"]; ok && !isNull(raw) {
			if err := checkOptionFields(q+".options", raw); err != nil {
				return err
			}
		}
		if raw, ok := o["choices"]; ok && !isNull(raw) {
			var choices []map[string]json.RawMessage
			if json.Unmarshal(raw, &choices) != nil {
				return invalidForm(q+".choices", "BASE_TYPE_BAD_TYPE", "Must be an array.")
			}
			for k, c := range choices {
				if err := unknownFields(q+".choices."+strconv.Itoa(k), c, choiceFields); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// unknownFields refuses a field of obj not in known, first in name order.
func unknownFields(path string, obj map[string]json.RawMessage, known []string) *apiError {
	names := make([]string, 0, len(obj))
	for name := range obj {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(known, name) {
			return invalidForm(path+"."+name, "UNKNOWN_FIELD", "This field is not allowed.")
		}
	}
	return nil
}

func validateCommands(cmds []discordgo.ApplicationCommand) *apiError {
	if len(cmds) > 100 {
		return invalidForm("_root", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
	}
	seen := map[string]bool{}
	for i, c := range cmds {
		p := strconv.Itoa(i)
		switch c.Type {
		case 0, discordgo.ChatApplicationCommand:
			if !commandName.MatchString(c.Name) {
				return invalidForm(p+".name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
			}
			if n := utf8.RuneCountInString(c.Description); n < 1 || n > 100 {
				return invalidForm(p+".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
			}
			if err := validateOptions(p+".options", c.Options); err != nil {
				return err
			}
		case discordgo.UserApplicationCommand, discordgo.MessageApplicationCommand:
			if n := utf8.RuneCountInString(c.Name); n < 1 || n > 32 {
				return invalidForm(p+".name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
			}
			if c.Description != "" || len(c.Options) > 0 {
				return invalidForm(p+".description", "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_NOT_ALLOWED", "Context menu commands cannot have description or options")
			}
		default:
			return invalidForm(p+".type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
		}
		key := strconv.Itoa(int(max(c.Type, 1))) + " " + c.Name
		if seen[key] {
			return invalidForm(p+".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		seen[key] = true
	}
	return nil
}

func validateOptions(path string, opts []*discordgo.ApplicationCommandOption) *apiError {
	if len(opts) > 25 {
		return invalidForm(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	seen := map[string]bool{}
	optional, subs, values := false, 0, 0
	for j, o := range opts {
		q := path + "." + strconv.Itoa(j)
		if o == nil {
			return invalidForm(q, "BASE_TYPE_REQUIRED", "This field is required")
		}
		if o.Type < discordgo.ApplicationCommandOptionSubCommand || o.Type > discordgo.ApplicationCommandOptionAttachment {
			return invalidForm(q+".type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.")
		}
		if !commandName.MatchString(o.Name) {
			return invalidForm(q+".name", "STRING_TYPE_REGEX", "String value did not match validation regex.")
		}
		if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
			return invalidForm(q+".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if seen[o.Name] {
			return invalidForm(q+".name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
		}
		seen[o.Name] = true
		if len(o.Choices) > 25 {
			return invalidForm(q+".choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommand, discordgo.ApplicationCommandOptionSubCommandGroup:
			subs++
			if err := validateOptions(q+".options", o.Options); err != nil {
				return err
			}
		default:
			values++
			if o.Required && optional {
				return invalidForm(path, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
			}
			optional = optional || !o.Required
		}
	}
	if subs > 0 && values > 0 {
		return invalidForm(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group option types are mutually exclusive to all other types")
	}
	return nil
}

// --- messages --------------------------------------------------------------

// message is a stored message: sent by the bot (channel message,
// interaction response or follow-up) or by a person (DM).
type message struct {
	id, channelID, guildID string
	author                 User
	bot                    bool
	content                string
	components             []any // as sent, decoded
	embeds                 []any
	flags                  int
	files                  []string
	inter                  *interaction // the interaction it answers, if any
	followup               bool
	created                time.Time
	edited                 *time.Time
	deleted                bool
}

const (
	flagEphemeral    = int(discordgo.MessageFlagsEphemeral)
	flagLoading      = int(discordgo.MessageFlagsLoading)
	flagComponentsV2 = int(discordgo.MessageFlagsIsComponentsV2)
	creatableFlags   = int(discordgo.MessageFlagsSuppressEmbeds|discordgo.MessageFlagsSuppressNotifications) | flagComponentsV2
)

// newBotMessage is a message by the bot. Call with s.mu held.
func (s *Server) newBotMessage(channelID, guildID string) *message {
	return &message{
		id: s.snowflake(), channelID: channelID, guildID: guildID,
		author: User{ID: s.opts.BotUserID, Username: s.opts.BotName}, bot: true,
		created: time.Now(),
	}
}

// readBody returns the JSON payload of a request, from the body or from
// the payload_json part of a multipart one, and the names of attached
// files. Files over the upload limit (SetUploadLimit) refuse the request.
func (s *Server) readBody(r *http.Request) ([]byte, []string, *apiError) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, nil, badJSON()
		}
		return raw, nil, nil
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return nil, nil, badJSON()
	}
	var raw []byte
	if v := r.MultipartForm.Value["payload_json"]; len(v) > 0 {
		raw = []byte(v[0])
	}
	var keys []string
	for k := range r.MultipartForm.File {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var files []string
	var size int64
	for _, k := range keys {
		for _, fh := range r.MultipartForm.File[k] {
			files = append(files, fh.Filename)
			size += fh.Size
		}
	}
	s.mu.Lock()
	limit := s.uploadLimit
	s.mu.Unlock()
	if limit > 0 && size > limit {
		return nil, nil, tooLarge()
	}
	return raw, files, nil
}

// readFields decodes a message payload into its top-level fields.
func (s *Server) readFields(r *http.Request) (map[string]json.RawMessage, []string, *apiError) {
	raw, files, err := s.readBody(r)
	if err != nil {
		return nil, nil, err
	}
	fields := map[string]json.RawMessage{}
	if len(raw) > 0 {
		if json.Unmarshal(raw, &fields) != nil {
			return nil, nil, badJSON()
		}
	}
	return fields, files, nil
}

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

// apply sets the fields present in a create or edit payload on m. In edits
// content null clears it while components/embeds null leave them as they
// are (an empty list clears them), as Discord does.
func (m *message) apply(fields map[string]json.RawMessage, files []string, create bool) *apiError {
	if raw, ok := fields["content"]; ok && !isNull(raw) {
		if json.Unmarshal(raw, &m.content) != nil {
			return invalidForm("content", "BASE_TYPE_BAD_TYPE", "Must be a string.")
		}
	} else if ok {
		m.content = ""
	}
	for name, dst := range map[string]*[]any{"components": &m.components, "embeds": &m.embeds} {
		if raw, ok := fields[name]; ok && !isNull(raw) {
			var v []any
			if json.Unmarshal(raw, &v) != nil {
				return invalidForm(name, "BASE_TYPE_BAD_TYPE", "Must be an array.")
			}
			*dst = v
		}
	}
	if raw, ok := fields["flags"]; ok && create && !isNull(raw) {
		var flags int
		if json.Unmarshal(raw, &flags) != nil {
			return invalidForm("flags", "NUMBER_TYPE_COERCE", "Value is not int.")
		}
		m.flags |= flags & (creatableFlags | flagEphemeral)
	}
	m.files = append(m.files, files...)
	return nil
}

// validate checks the limits Discord enforces on a message.
func (m *message) validate() *apiError {
	if utf8.RuneCountInString(m.content) > 2000 {
		return invalidForm("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
	}
	if m.content == "" && len(m.components) == 0 && len(m.embeds) == 0 && len(m.files) == 0 && m.flags&flagLoading == 0 {
		return emptyMessage()
	}
	if len(m.embeds) > 10 {
		return invalidForm("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
	}
	return validateComponents(m.components, m.flags&flagComponentsV2 != 0)
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func validateComponents(rows []any, v2 bool) *apiError {
	if v2 { // layout components: only the total is checked
		if len(rows) > 40 {
			return invalidForm("components", "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in length.")
		}
		return nil
	}
	if len(rows) > 5 {
		return invalidForm("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
	}
	ids := map[string]bool{}
	for i, r := range rows {
		p := "components." + strconv.Itoa(i)
		row, _ := r.(map[string]any)
		if num(row["type"]) != int(discordgo.ActionsRowComponent) {
			return invalidForm(p+".type", "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).")
		}
		children, _ := row["components"].([]any)
		if len(children) == 0 || len(children) > 5 {
			return invalidForm(p+".components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
		}
		for j, c := range children {
			q := p + ".components." + strconv.Itoa(j)
			comp, _ := c.(map[string]any)
			typ := num(comp["type"])
			id := str(comp["custom_id"])
			switch typ {
			case int(discordgo.ButtonComponent):
				style := num(comp["style"])
				switch {
				case style < 1 || style > 6:
					return invalidForm(q+".style", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.")
				case style == int(discordgo.LinkButton) && (str(comp["url"]) == "" || id != ""):
					return invalidForm(q+".url", "BUTTON_COMPONENT_URL_REQUIRED", "A link button needs a url and no custom_id")
				case style < int(discordgo.LinkButton) && (id == "" || str(comp["url"]) != ""):
					return invalidForm(q+".custom_id", "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED", "A custom id is required and url is not allowed")
				case utf8.RuneCountInString(str(comp["label"])) > 80:
					return invalidForm(q+".label", "BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer in length.")
				case str(comp["label"]) == "" && comp["emoji"] == nil:
					return invalidForm(q, "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A button needs a label or an emoji")
				}
			case 3, 5, 6, 7, 8: // select menus take a whole row
				if len(children) != 1 {
					return invalidForm(p+".components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width")
				}
				if id == "" {
					return invalidForm(q+".custom_id", "BASE_TYPE_REQUIRED", "This field is required")
				}
			default:
				return invalidForm(q+".type", "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8).")
			}
			if utf8.RuneCountInString(id) > 100 {
				return invalidForm(q+".custom_id", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
			}
			if id != "" && ids[id] {
				return invalidForm(q+".custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
			}
			ids[id] = true
		}
	}
	return nil
}

const timeLayout = "2006-01-02T15:04:05.000000-07:00"

// wire is the message as Discord's API returns it. Call with s.mu held.
func (s *Server) wire(m *message) map[string]any {
	author := wireUser(m.author)
	typ := 0
	if m.bot {
		author = s.botUser()
	}
	var edited any
	if m.edited != nil {
		edited = m.edited.UTC().Format(timeLayout)
	}
	attachments := []any{}
	for i, name := range m.files {
		attachments = append(attachments, map[string]any{
			"id": formatID(uint64(i + 1)), "filename": name, "size": 1,
			"url":       "https://cdn.discordapp.com/attachments/" + m.channelID + "/" + m.id + "/" + name,
			"proxy_url": "https://media.discordapp.net/attachments/" + m.channelID + "/" + m.id + "/" + name,
		})
	}
	out := map[string]any{
		"id": m.id, "type": typ, "channel_id": m.channelID, "author": author,
		"content": m.content, "timestamp": m.created.UTC().Format(timeLayout), "edited_timestamp": edited,
		"tts": false, "mention_everyone": false, "mentions": []any{}, "mention_roles": []any{},
		"attachments": attachments, "embeds": orEmpty(m.embeds), "components": orEmpty(m.components),
		"pinned": false, "flags": m.flags,
	}
	if m.guildID != "" {
		out["guild_id"] = m.guildID
	}
	if in := m.inter; in != nil {
		out["webhook_id"] = s.opts.AppID
		out["application_id"] = s.opts.AppID
		if in.typ == int(discordgo.InteractionApplicationCommand) && !m.followup {
			out["type"] = 20 // CHAT_INPUT_COMMAND
		}
		out["interaction"] = map[string]any{"id": in.id, "type": in.typ, "name": in.name, "user": wireUser(in.user)}
		out["interaction_metadata"] = map[string]any{
			"id": in.id, "type": in.typ, "user": wireUser(in.user),
			"authorizing_integration_owners": in.owners(),
		}
	}
	return out
}

func orEmpty(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}

// messageIn finds a live message in channelID. Call with s.mu held.
func (s *Server) messageIn(channelID, id string) (*message, *apiError) {
	m := s.messages[id]
	if m == nil || m.deleted || m.channelID != channelID || m.flags&flagEphemeral != 0 {
		return nil, unknown(10008, "Message")
	}
	return m, nil
}

func (s *Server) createMessage(r *http.Request) (int, any, *apiError) {
	fields, files, err := s.readFields(r)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[r.PathValue("id")]
	if ch == nil {
		return 0, nil, unknown(10003, "Channel")
	}
	if ch.dmUser != "" && s.closedDMs[ch.dmUser] {
		return 0, nil, &apiError{status: http.StatusForbidden, code: 50007, message: "Cannot send messages to this user"}
	}
	if ch.dmUser != "" && s.noMutual[ch.dmUser] {
		return 0, nil, &apiError{status: http.StatusForbidden, code: 50278, message: "Cannot send messages to this user due to having no mutual guilds"}
	}
	if ch.private {
		// A group DM or someone else's DM: the bot is not in it.
		return 0, nil, &apiError{status: http.StatusForbidden, code: 50001, message: "Missing Access"}
	}
	m := s.newBotMessage(ch.id, ch.guildID)
	if err := m.apply(fields, files, true); err != nil {
		return 0, nil, err
	}
	m.flags &^= flagEphemeral // only interaction responses can be ephemeral
	if err := m.validate(); err != nil {
		return 0, nil, err
	}
	s.messages[m.id] = m
	s.sent[ch.id] = append(s.sent[ch.id], m.id)
	return http.StatusOK, s.wire(m), nil
}

func (s *Server) getMessage(r *http.Request) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.messageIn(r.PathValue("id"), r.PathValue("mid"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.wire(m), nil
}

func (s *Server) editMessage(r *http.Request) (int, any, *apiError) {
	fields, files, err := s.readFields(r)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.messageIn(r.PathValue("id"), r.PathValue("mid"))
	if err != nil {
		return 0, nil, err
	}
	if !m.bot {
		return 0, nil, &apiError{status: http.StatusForbidden, code: 50005, message: "Cannot edit a message authored by another user"}
	}
	if err := s.edit(m, fields, files); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.wire(m), nil
}

// edit applies an edit to m if the result is valid. Call with s.mu held.
func (s *Server) edit(m *message, fields map[string]json.RawMessage, files []string) *apiError {
	next := *m
	next.flags &^= flagLoading
	if err := next.apply(fields, files, false); err != nil {
		return err
	}
	if err := next.validate(); err != nil {
		return err
	}
	now := time.Now()
	if m.flags&flagLoading == 0 {
		next.edited = &now
	}
	*m = next
	return nil
}

func (s *Server) deleteMessage(r *http.Request) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.messageIn(r.PathValue("id"), r.PathValue("mid"))
	if err != nil {
		return 0, nil, err
	}
	if !m.bot {
		return 0, nil, &apiError{status: http.StatusForbidden, code: 50003, message: "Cannot execute action on a DM channel"}
	}
	m.deleted = true
	return http.StatusNoContent, nil, nil
}

// --- interactions ----------------------------------------------------------

func (s *Server) interactionCallback(r *http.Request) (int, any, *apiError) {
	raw, files, err := s.readBody(r)
	if err != nil {
		return 0, nil, err
	}
	var resp struct {
		Type int                        `json:"type"`
		Data map[string]json.RawMessage `json:"data"`
	}
	if json.Unmarshal(raw, &resp) != nil {
		return 0, nil, badJSON()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.inters[r.PathValue("id")]
	if in == nil || in.token != r.PathValue("token") {
		return 0, nil, unknown(10062, "interaction")
	}
	if in.acked {
		return 0, nil, &apiError{status: http.StatusBadRequest, code: 40060, message: "Interaction has already been acknowledged."}
	}
	at := time.Since(in.dispatched)
	if at > s.opts.AckDeadline {
		return 0, nil, unknown(10062, "interaction")
	}
	component := in.typ == int(discordgo.InteractionMessageComponent)
	switch discordgo.InteractionResponseType(resp.Type) {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource:
		m := s.newBotMessage(in.channelID, in.guildID)
		m.inter = in
		if err := m.apply(resp.Data, files, true); err != nil {
			return 0, nil, err
		}
		if resp.Type == int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
			m.flags &= flagEphemeral // only the ephemeral flag is honoured
			m.flags |= flagLoading
			m.content, m.components, m.embeds, m.files = "", nil, nil, nil
			in.pendingDefer = true
		}
		if err := m.validate(); err != nil {
			return 0, nil, err
		}
		s.messages[m.id] = m
		in.original = m.id
	case discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponseUpdateMessage:
		if !component {
			return 0, nil, invalidForm("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is not valid for this interaction")
		}
		if resp.Type == int(discordgo.InteractionResponseUpdateMessage) {
			m := s.messages[in.message]
			if m == nil || m.deleted {
				return 0, nil, unknown(10008, "Message")
			}
			if err := s.edit(m, resp.Data, files); err != nil {
				return 0, nil, err
			}
		}
		in.original = in.message
	case discordgo.InteractionResponseModal:
		if len(resp.Data) == 0 {
			return 0, nil, invalidForm("data", "BASE_TYPE_REQUIRED", "This field is required")
		}
	default:
		return 0, nil, invalidForm("type", "BASE_TYPE_CHOICES", "Value must be one of {4, 5, 6, 7, 9}.")
	}
	in.acked, in.callbackType, in.callbackAt = true, resp.Type, at
	return http.StatusNoContent, nil, nil
}

// webhook resolves the interaction of a webhook route. Call with s.mu held.
func (s *Server) webhook(r *http.Request) (*interaction, *apiError) {
	in := s.byToken[r.PathValue("token")]
	switch {
	case r.PathValue("app") != s.opts.AppID:
		return nil, unknown(10015, "Webhook")
	case in == nil || time.Since(in.dispatched) > 15*time.Minute:
		return nil, &apiError{status: http.StatusUnauthorized, code: 50027, message: "Invalid Webhook Token"}
	case !in.acked:
		return nil, unknown(10015, "Webhook")
	}
	return in, nil
}

// webhookMessage resolves @original or a follow-up id. Call with s.mu held.
func (s *Server) webhookMessage(r *http.Request) (*interaction, *message, *apiError) {
	in, err := s.webhook(r)
	if err != nil {
		return nil, nil, err
	}
	id := r.PathValue("id")
	if id == "" { // @original
		id = in.original
	} else if id != in.original && !slices.Contains(in.followups, id) {
		return nil, nil, unknown(10008, "Message")
	}
	m := s.messages[id]
	if m == nil || m.deleted {
		return nil, nil, unknown(10008, "Message")
	}
	return in, m, nil
}

func (s *Server) getWebhookMessage(r *http.Request) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.webhookMessage(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.wire(m), nil
}

func (s *Server) editWebhookMessage(r *http.Request) (int, any, *apiError) {
	fields, files, err := s.readFields(r)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in, m, err := s.webhookMessage(r)
	if err != nil {
		return 0, nil, err
	}
	if err := s.edit(m, fields, files); err != nil {
		return 0, nil, err
	}
	if m.id == in.original {
		in.pendingDefer = false
	}
	return http.StatusOK, s.wire(m), nil
}

func (s *Server) deleteWebhookMessage(r *http.Request) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.webhookMessage(r)
	if err != nil {
		return 0, nil, err
	}
	m.deleted = true
	return http.StatusNoContent, nil, nil
}

// createFollowup posts a follow-up. Right after a deferred (type 5)
// callback it edits the loading message instead, keeping its ephemeral
// flag, as Discord does.
func (s *Server) createFollowup(r *http.Request) (int, any, *apiError) {
	fields, files, err := s.readFields(r)
	if err != nil {
		return 0, nil, err
	}
	wait := r.URL.Query().Get("wait") == "true"
	s.mu.Lock()
	defer s.mu.Unlock()
	in, err := s.webhook(r)
	if err != nil {
		return 0, nil, err
	}
	var m *message
	if in.pendingDefer {
		m = s.messages[in.original]
		if err := s.edit(m, fields, files); err != nil {
			return 0, nil, err
		}
		in.pendingDefer = false
	} else {
		m = s.newBotMessage(in.channelID, in.guildID)
		m.inter, m.followup = in, true
		if err := m.apply(fields, files, true); err != nil {
			return 0, nil, err
		}
		if err := m.validate(); err != nil {
			return 0, nil, err
		}
		s.messages[m.id] = m
		in.followups = append(in.followups, m.id)
	}
	if !wait {
		return http.StatusNoContent, nil, nil
	}
	return http.StatusOK, s.wire(m), nil
}
