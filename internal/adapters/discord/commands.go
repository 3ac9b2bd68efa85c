package discord

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/chat"
)

// slashCommands turns the engine's commands into Discord slash commands.
// Global ones show in servers and in the bot's DM (contexts, which
// replace the deprecated dm_permission), not in group DMs or other
// people's DMs, where others would read the replies; and only for server
// installs (integration types), as the bot has no use for a user
// install. Commands of one server take neither: Discord reads them for
// global commands only.
func slashCommands(cmds []chat.Command, global bool) []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, 0, len(cmds))
	for _, c := range cmds {
		sc := &discordgo.ApplicationCommand{
			Name:        c.Name,
			Description: c.Description,
		}
		if global {
			contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
			installs := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
			sc.Contexts, sc.IntegrationTypes = &contexts, &installs
		}
		for _, o := range c.Options {
			opt := &discordgo.ApplicationCommandOption{
				Name:        o.Name,
				Description: o.Description,
				Type:        discordgo.ApplicationCommandOptionString,
			}
			if o.Integer {
				opt.Type = discordgo.ApplicationCommandOptionInteger
				lo := float64(o.Min)
				opt.MinValue, opt.MaxValue = &lo, float64(o.Max)
			}
			sc.Options = append(sc.Options, opt)
		}
		out = append(out, sc)
	}
	return out
}

// CommandLanguages is an optional ability of a CommandLister: the
// languages its command list comes in, for Discord's name and
// description localizations.
type CommandLanguages interface {
	CommandLanguages() []string
}

// discordLocales are the Discord locales of a language code ("es":
// es-ES and es-419), from discordgo's list of Discord's locales.
func discordLocales(lang string) []discordgo.Locale {
	var out []discordgo.Locale
	for l := range discordgo.Locales {
		if s := string(l); s == lang || strings.HasPrefix(s, lang+"-") {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// localize adds the name and description localizations of every other
// language to cmds (made from the default language's list), matched by
// command and option name. A local name Discord would refuse is left
// out: the command keeps its default name there.
func localize(cmds []*discordgo.ApplicationCommand, lang string, local []chat.Command) {
	locales := discordLocales(lang)
	if len(locales) == 0 {
		return
	}
	byName := map[string]chat.Command{}
	for _, c := range local {
		byName[c.Name] = c
	}
	for _, sc := range cmds {
		c, ok := byName[sc.Name]
		if !ok {
			continue
		}
		for _, l := range locales {
			if c.LocalName != "" && c.LocalName != sc.Name && validCommandName(c.LocalName) {
				if sc.NameLocalizations == nil {
					sc.NameLocalizations = &map[discordgo.Locale]string{}
				}
				(*sc.NameLocalizations)[l] = c.LocalName
			}
			if c.Description != "" && c.Description != sc.Description {
				if sc.DescriptionLocalizations == nil {
					sc.DescriptionLocalizations = &map[discordgo.Locale]string{}
				}
				(*sc.DescriptionLocalizations)[l] = truncateRunes(c.Description, 100)
			}
			for _, opt := range sc.Options {
				for _, o := range c.Options {
					if o.Name != opt.Name || o.Description == "" || o.Description == opt.Description {
						continue
					}
					if opt.DescriptionLocalizations == nil {
						opt.DescriptionLocalizations = map[discordgo.Locale]string{}
					}
					opt.DescriptionLocalizations[l] = truncateRunes(o.Description, 100)
				}
			}
		}
	}
}

// validCommandName reports whether Discord takes name as a slash
// command name: 1-32 lower-case letters, digits, - or _.
func validCommandName(name string) bool {
	if n := utf8.RuneCountInString(name); n < 1 || n > 32 {
		return false
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) && !unicode.IsUpper(r)) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return false
		}
	}
	return true
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// registerCommands overwrites the slash commands in one request, so
// running it at every start-up is idempotent. A failure costs a warning:
// direct messages still work.
func (a *Adapter) registerCommands(ctx context.Context, s *discordgo.Session, lister CommandLister) {
	cmds := slashCommands(lister.Commands("en"), a.cfg.GuildID == "")
	if langs, ok := lister.(CommandLanguages); ok {
		for _, lang := range langs.CommandLanguages() {
			if lang != "en" {
				localize(cmds, lang, lister.Commands(lang))
			}
		}
	}
	err := a.call(ctx, func(opt discordgo.RequestOption) error {
		_, err := s.ApplicationCommandBulkOverwrite(a.cfg.AppID, a.cfg.GuildID, cmds, opt)
		return err
	})
	if err != nil {
		a.log.Warn("registering slash commands failed", failure(err)...)
		return
	}
	a.log.Info("slash commands registered", "count", len(cmds), "guild", a.cfg.GuildID)
}

// commandText is a slash command as the text a person would type:
// "/stop 3d", "/done 12".
func commandText(data discordgo.ApplicationCommandInteractionData) string {
	parts := []string{"/" + data.Name}
	for _, o := range data.Options {
		switch v := o.Value.(type) {
		case float64:
			parts = append(parts, fmt.Sprintf("%d", int64(v)))
		case nil:
		default:
			parts = append(parts, strings.TrimSpace(fmt.Sprint(v)))
		}
	}
	return strings.Join(parts, " ")
}
