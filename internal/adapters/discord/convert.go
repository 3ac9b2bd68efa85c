package discord

import (
	"github.com/bwmarrin/discordgo"

	"treadwell/internal/chat"
)

// Discord's limits.
const (
	maxContent    = 2000 // characters of one message
	maxRowButtons = 5    // buttons in one action row
	maxRows       = 5    // action rows in one message
	maxCustomID   = 100  // bytes of a button's custom_id
)

// components turns the neutral buttons into action rows. Rows longer than
// Discord allows are split evenly (0-5 becomes 0-2 and 3-5). A button
// that only opens a private chat has no meaning here (replies in servers
// are ephemeral) and is left out.
func components(rows [][]chat.Button) []discordgo.MessageComponent {
	var out []discordgo.MessageComponent
	for _, row := range rows {
		var buttons []chat.Button
		for _, b := range row {
			if !b.Private && b.Data != "" && len(b.Data) <= maxCustomID {
				buttons = append(buttons, b)
			}
		}
		for _, chunk := range evenChunks(buttons, maxRowButtons) {
			var r discordgo.ActionsRow
			for _, b := range chunk {
				r.Components = append(r.Components, discordgo.Button{
					Label: b.Label, CustomID: b.Data, Style: discordgo.SecondaryButton,
				})
			}
			out = append(out, r)
		}
	}
	if len(out) > maxRows {
		out = out[:maxRows]
	}
	return out
}

// evenChunks splits items into the fewest chunks of at most size, as
// even as possible.
func evenChunks[T any](items []T, size int) [][]T {
	if len(items) == 0 {
		return nil
	}
	n := (len(items) + size - 1) / size
	per := (len(items) + n - 1) / n
	var out [][]T
	for len(items) > 0 {
		k := min(per, len(items))
		out = append(out, items[:k])
		items = items[k:]
	}
	return out
}

// answeredContent is a question once answered: the choice shown in place
// of its buttons.
func answeredContent(content string, msgComponents []discordgo.MessageComponent, customID string) string {
	// Decoded messages hold pointers; messages built here hold values.
	for _, c := range msgComponents {
		var items []discordgo.MessageComponent
		switch row := c.(type) {
		case *discordgo.ActionsRow:
			items = row.Components
		case discordgo.ActionsRow:
			items = row.Components
		}
		for _, b := range items {
			var btn discordgo.Button
			switch v := b.(type) {
			case *discordgo.Button:
				btn = *v
			case discordgo.Button:
				btn = v
			default:
				continue
			}
			if btn.CustomID == customID {
				return content + "\n\n✓ " + btn.Label
			}
		}
	}
	return content
}

// interactionUser is who acted: the member in a server, the user in a DM.
func interactionUser(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}
