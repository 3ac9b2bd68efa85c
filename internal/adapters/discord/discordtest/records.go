package discordtest

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Button is a button as the bot sent it. Style 5 (link) has URL and no
// CustomID.
type Button struct {
	Label, CustomID, URL string
	Style                int
	Disabled             bool
}

// Message is a message as the fake stores it now (edits applied).
type Message struct {
	ID, ChannelID string
	Content       string
	Buttons       [][]Button // one slice per action row
	Ephemeral     bool
	Files         int
	FileNames     []string
	Interaction   string // id of the interaction it answers, if any
}

func (m *message) export() Message {
	out := Message{
		ID: m.id, ChannelID: m.channelID, Content: m.content, Buttons: buttons(m.components),
		Ephemeral: m.flags&flagEphemeral != 0, Files: len(m.files), FileNames: append([]string(nil), m.files...),
	}
	if m.inter != nil {
		out.Interaction = m.inter.id
	}
	return out
}

// buttons reads the buttons of each action row.
func buttons(rows []any) [][]Button {
	var out [][]Button
	for _, r := range rows {
		row, _ := r.(map[string]any)
		if num(row["type"]) != int(discordgo.ActionsRowComponent) {
			continue
		}
		bs := []Button{}
		children, _ := row["components"].([]any)
		for _, c := range children {
			comp, _ := c.(map[string]any)
			if num(comp["type"]) != int(discordgo.ButtonComponent) {
				continue
			}
			disabled, _ := comp["disabled"].(bool)
			bs = append(bs, Button{
				Label: str(comp["label"]), CustomID: str(comp["custom_id"]), URL: str(comp["url"]),
				Style: num(comp["style"]), Disabled: disabled,
			})
		}
		out = append(out, bs)
	}
	return out
}

// Messages returns the messages the bot sent to channelID with POST
// /channels/{id}/messages, oldest first, in their current state; deleted
// ones are left out.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Message{}
	for _, id := range s.sent[channelID] {
		if m := s.messages[id]; !m.deleted {
			out = append(out, m.export())
		}
	}
	return out
}

// Responses returns the interaction's original response followed by its
// follow-ups, in their current state; deleted ones are left out. The
// original comes from a type 4 or 5 callback (a deferred one has empty
// Content until edited) or, for a type 6 or 7 callback, is the message the
// button was on.
func (s *Server) Responses(interactionID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Message{}
	in := s.inters[interactionID]
	if in == nil {
		return out
	}
	ids := in.followups
	if in.original != "" {
		ids = append([]string{in.original}, ids...)
	}
	for _, id := range ids {
		if m := s.messages[id]; m != nil && !m.deleted {
			out = append(out, m.export())
		}
	}
	return out
}

// Callback reports the type of the interaction's accepted callback (4
// message, 5 deferred, 6 deferred update, 7 update message, 9 modal) and
// how long after dispatch it came; ok is false while there is none.
func (s *Server) Callback(interactionID string) (typ int, at time.Duration, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.inters[interactionID]
	if in == nil || !in.acked {
		return 0, 0, false
	}
	return in.callbackType, in.callbackAt, true
}

// Commands returns the commands of the last bulk overwrite for guildID
// ("" for global ones), with the ids the fake gave them.
func (s *Server) Commands(guildID string) []discordgo.ApplicationCommand {
	s.mu.Lock()
	raw, _ := json.Marshal(s.commands[guildID])
	s.mu.Unlock()
	var out []discordgo.ApplicationCommand
	json.Unmarshal(raw, &out) // a deep copy
	return out
}

// CommandsBody returns the body of the last bulk overwrite accepted for
// guildID ("" for global commands), as the bot sent it: to see what it
// sent beyond what discordgo's structs show (a deprecated field, say).
func (s *Server) CommandsBody(guildID string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.registered[guildID])
}

// DMChannel returns the id of the user's DM channel with the bot (the one
// POST /users/@me/channels returns), creating it.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmChannelLocked(userID).id
}

// Calls counts the API requests of method on routePattern, failed and
// injected ones included. Placeholder names do not matter and the
// "/api/v9" prefix is optional: "/channels/{id}/messages".
func (s *Server) Calls(method, routePattern string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[routeKey(method, routePattern)]
}

// WaitFor polls cond until it holds, failing the test after 10s.
func (s *Server) WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("discordtest: timed out after %v waiting for %s", waitTimeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
