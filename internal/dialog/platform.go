package dialog

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"treadwell/internal/chat"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// commandNames are the commands offered in platform menus, in menu order.
var commandNames = []string{
	"checkin", "done", "undo", "plan", "next", "why", "progress", "report", "stop", "resume",
	"settings", "start", "link", "unlink", "remindvia", "language",
	"help", "privacy", "export", "delete", "cancel",
}

// commandOptions are the optional arguments of commands, for platforms
// with typed command options (Discord slash commands).
var commandOptions = map[string][]chat.CommandOption{
	"stop":      {{Name: "duration"}},
	"done":      {{Name: "minutes", Integer: true, Min: 1, Max: maxWalkMinutes}},
	"link":      {{Name: "code"}},
	"remindvia": {{Name: "platform"}},
	"language":  {{Name: "language"}},
	"report":    {{Name: "weeks"}},
}

// Commands lists the bot's commands with their descriptions in lang, for
// a platform's command menu.
func (e *Engine) Commands(lang string) []chat.Command {
	lang = e.msgs.Lang(lang)
	out := make([]chat.Command, 0, len(commandNames))
	for _, name := range commandNames {
		c := chat.Command{Name: name, LocalName: e.msgs.Text(lang, messages.Dynamic("command_name."+name)),
			Description: e.msgs.Text(lang, messages.Dynamic("command."+name))}
		for _, o := range commandOptions[name] {
			o.Description = e.msgs.Text(lang, messages.Dynamic("option."+name+"."+o.Name))
			c.Options = append(c.Options, o)
		}
		out = append(out, c)
	}
	return out
}

// CommandLanguages are the languages the command menu can be given in
// (every language of the catalog).
func (e *Engine) CommandLanguages() []string { return e.msgs.Languages() }

// SetReachable records whether a person's private chat on a platform
// takes messages (a platform says so when they block or unblock the bot),
// so reminders stop going where they cannot arrive. A person never seen
// before is left alone.
func (e *Engine) SetReachable(ctx context.Context, addr chat.Address, reachable bool) error {
	return e.update(ctx, func() error {
		snap, err := e.load(ctx, addr.Platform, addr.UserID)
		if err != nil {
			return fmt.Errorf("%w: load: %w", ErrUnavailable, err)
		}
		if !snap.Exists {
			return nil
		}
		p := snap.Profile
		p.Channels = append([]profile.Channel(nil), p.Channels...)
		changed := false
		for i, c := range p.Channels {
			if c.Platform == addr.Platform && (addr.ChatID == "" || c.ChatID == addr.ChatID) && c.Unreachable == reachable {
				p.Channels[i].Unreachable, changed = !reachable, true
			}
		}
		if !changed {
			return nil
		}
		err = e.save(ctx, snap, profile.Change{Profile: p, Dialog: snap.Dialog})
		if err != nil && !errors.Is(err, profile.ErrConflict) {
			return fmt.Errorf("%w: save: %w", ErrUnavailable, err)
		}
		return err
	})
}

// localCommandNames maps the command_name of every command in every
// language to the command, leaving out a name that is a command of its
// own or that two commands share (neither could be meant for sure).
func localCommandNames(msgs *messages.Catalog) map[string]string {
	out := map[string]string{}
	shared := map[string]bool{}
	for _, name := range commandNames {
		shared[name] = true // a command's own name is never another's
	}
	for _, lang := range msgs.Languages() {
		for _, name := range commandNames {
			local := strings.ToLower(strings.TrimSpace(msgs.Text(lang, messages.Dynamic("command_name."+name))))
			switch {
			case local == "" || local == name || shared[local]:
			case out[local] != "" && out[local] != name:
				delete(out, local)
				shared[local] = true
			default:
				out[local] = name
			}
		}
	}
	return out
}
