package discord

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/chat"
)

// slashCommands turns the engine's commands into Discord slash commands.
func slashCommands(cmds []chat.Command) []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, 0, len(cmds))
	dmAllowed := true
	for _, c := range cmds {
		sc := &discordgo.ApplicationCommand{
			Name:         c.Name,
			Description:  c.Description,
			DMPermission: &dmAllowed,
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
	cmds := slashCommands(lister.Commands("en"))
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
