package telegramtest

import (
	"context"
	"regexp"
	"unicode/utf8"
)

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// Commands returns the commands of the last successful setMyCommands (any
// scope or language); deleteMyCommands clears them.
func (s *Server) Commands() []struct{ Command, Description string } {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]struct{ Command, Description string }(nil), s.commands...)
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
	var scope struct {
		Type string `json:"type"`
	}
	if _, err := p.object("scope", &scope); err != nil {
		return nil, badRequest("can't parse BotCommandScope JSON object")
	}
	list := make([]struct{ Command, Description string }, 0, len(commands))
	for _, c := range commands {
		n := utf8.RuneCountInString(c.Description)
		if !commandName.MatchString(c.Command) || n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		list = append(list, struct{ Command, Description string }(c))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands = list
	return true, nil
}

func (s *Server) deleteMyCommands(context.Context, params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands = nil
	return true, nil
}
