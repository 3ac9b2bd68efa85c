package telegramtest

import (
	"context"
	"regexp"
	"unicode/utf8"
)

var (
	commandName  = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	languageCode = regexp.MustCompile(`^[a-z]{2}$`)
)

// commandScopes are the BotCommandScope types of the Bot API; the ones
// naming a chat need its chat_id (and chat_member a user_id).
var commandScopes = map[string]bool{
	"default": false, "all_private_chats": false, "all_group_chats": false, "all_chat_administrators": false,
	"chat": true, "chat_administrators": true, "chat_member": true,
}

// Command is one entry of a command menu.
type Command = struct{ Command, Description string }

// menuKey is a menu's place: the scope's type and the language code (""
// for every language without a menu of its own), as Telegram keeps them.
type menuKey struct{ scope, lang string }

// Commands returns the commands of the last successful setMyCommands (any
// scope or language); deleteMyCommands clears them.
func (s *Server) Commands() []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands...)
}

// Menu returns the menu set for a scope type ("default" when
// setMyCommands had no scope) and language code ("" for the menu of
// every language without one), nil when none was set.
func (s *Server) Menu(scope, lang string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.menus[menuKey{scope, lang}]...)
}

// menuScope reads and checks the scope and language of a commands call.
func menuScope(p params) (menuKey, *apiError) {
	var scope struct {
		Type   string `json:"type"`
		ChatID any    `json:"chat_id"`
		UserID any    `json:"user_id"`
	}
	present, err := p.object("scope", &scope)
	if err != nil {
		return menuKey{}, badRequest("can't parse BotCommandScope JSON object")
	}
	if !present {
		scope.Type = "default"
	}
	needsChat, ok := commandScopes[scope.Type]
	switch {
	case !ok:
		return menuKey{}, badRequest("unsupported scope type")
	case needsChat && scope.ChatID == nil:
		return menuKey{}, badRequest("chat_id is empty")
	case scope.Type == "chat_member" && scope.UserID == nil:
		return menuKey{}, badRequest("user_id is empty")
	}
	lang := p.str("language_code")
	if lang != "" && !languageCode.MatchString(lang) {
		return menuKey{}, badRequest("LANG_CODE_INVALID")
	}
	return menuKey{scope.Type, lang}, nil
}

func (s *Server) setMyCommands(_ context.Context, p params) (any, *apiError) {
	var commands []struct {
		Command     string `json:"command"`
		Description string `json:"description"`
	}
	if _, err := p.object("commands", &commands); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(commands) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	key, apiErr := menuScope(p)
	if apiErr != nil {
		return nil, apiErr
	}
	list := make([]Command, 0, len(commands))
	for _, c := range commands {
		n := utf8.RuneCountInString(c.Description)
		if !commandName.MatchString(c.Command) || n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		list = append(list, Command(c))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands = list
	if s.menus == nil {
		s.menus = map[menuKey][]Command{}
	}
	if len(list) == 0 {
		delete(s.menus, key) // an empty list is a delete
	} else {
		s.menus[key] = list
	}
	return true, nil
}

func (s *Server) deleteMyCommands(_ context.Context, p params) (any, *apiError) {
	key, apiErr := menuScope(p)
	if apiErr != nil {
		return nil, apiErr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands = nil
	delete(s.menus, key)
	return true, nil
}
