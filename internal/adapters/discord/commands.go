package discord

import (
	"context"
	"fmt"
	"strings"

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

// registerCommands overwrites the slash commands in one request, so
// running it at every start-up is idempotent. A failure costs a warning:
// direct messages still work.
func (a *Adapter) registerCommands(ctx context.Context, s *discordgo.Session, lister CommandLister) {
	cmds := slashCommands(lister.Commands("en"), a.cfg.GuildID == "")
	err := a.retry(ctx, func() error {
		_, err := s.ApplicationCommandBulkOverwrite(a.cfg.AppID, a.cfg.GuildID, cmds)
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
