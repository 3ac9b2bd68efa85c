package dialog

import (
	"slices"
	"strings"

	"treadwell/internal/chat"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// run handles the incoming message.
func (t *turn) run() { t.respond(t.read()) }

// reading is what an incoming message says: its text and the command it
// carries, if any.
type reading struct {
	text, cmd, args string
	isCmd           bool
}

// read takes the message apart. A button may carry a command (a
// reminder's "I'm flaring" is /stop): it is then read as typed.
func (t *turn) read() reading {
	text := strings.TrimSpace(t.in.Text)
	if strings.HasPrefix(t.in.Data, "/") {
		text, t.in.Data = t.in.Data, ""
	}
	cmd, args, isCmd := "", "", false
	if t.in.Data == "" {
		cmd, args, isCmd = parseCommand(text)
		switch {
		case isCmd && isStopWord(cmd, t.e.stopWords):
			cmd = "stop" // "/parar": a stop word of any language works as the command
		case isCmd && t.e.localCommands[cmd] != "":
			cmd = t.e.localCommands[cmd] // "/deshacer" is /undo
		case !isCmd && isPlainStop(text, t.e.stopWords):
			cmd, isCmd = "stop", true
		}
	}
	return reading{text: text, cmd: cmd, args: args, isCmd: isCmd}
}

// respond answers the message read as m.
func (t *turn) respond(m reading) {
	text, cmd, args, isCmd := m.text, m.cmd, m.args, m.isCmd
	if t.in.From.Group {
		t.group(cmd)
		return
	}
	if t.in.From.ChatID == "" {
		// A Discord interaction in a server whose DM channel the adapter
		// has not opened yet: it answers first and opens no channel
		// before (Discord's 3 seconds); the profile knows the channel.
		for _, c := range t.p.Channels {
			if c.Platform == t.in.From.Platform {
				t.in.From.ChatID = c.ChatID
			}
		}
	}
	if ch := t.in.From; ch.ChatID != "" {
		// A platform that could not reach the person says how to fix
		// it, once, the next time they write.
		if t.channelUnreachable(ch.Platform) && t.e.msgs.Has(messages.Dynamic("unreachable."+string(ch.Platform))) {
			t.say(t.text(messages.Dynamic("unreachable." + string(ch.Platform))))
		}
		t.p.AddChannel(profile.Channel{Platform: ch.Platform, ChatID: ch.ChatID})
	}
	if t.earlierRedFlagYes() {
		return
	}
	pain := t.painUnanswered(cmd, isCmd)
	if pain && !isCmd {
		return // the message was the late reply: pain, flare advice, red flags
	}
	switch {
	case isCmd:
		t.command(cmd, args)
		if pain {
			// The red-flag question came with the flare advice; a
			// command that repeats the current question shows it again.
			t.out = dropRepeat(t.out)
		}
	case t.st.Step != "":
		t.answer()
	case t.in.Data != "":
		t.say(t.text(messages.InputStaleIdle))
	case len(text) > maxAnswer:
		t.say(t.text(messages.InputTooLong), t.text(messages.InputIdle))
	default:
		t.say(t.text(messages.InputIdle))
	}
}

// command runs a slash command. Commands that start a conversation
// replace the one in progress; the others answer and then repeat the
// current question so nothing is lost.
func (t *turn) command(cmd, args string) {
	switch cmd {
	case "stop":
		t.stop(args)
	case "start":
		// A deep link from another platform carries a /link code.
		if looksLikeCode(args) {
			t.link(args)
			return
		}
		t.start()
	case "resume":
		t.resume()
	case "flare":
		t.flaring()
	case "followup":
		t.followUpAnswer(args)
	case "checkin":
		t.startCheckIn()
	case "done":
		t.startWalk(args)
	case "plan":
		t.showPlan()
	case "progress":
		t.showProgress()
	case "settings":
		t.startSettings()
	case "delete":
		t.startDelete()
	case "export":
		t.export()
	case "report":
		t.showReport(args)
	case "cancel":
		t.cancel()
	case "link":
		t.link(args)
	case "unlink":
		t.unlink()
	case "remindvia":
		t.remindVia(args)
	case "language":
		t.language(args)
	case "snooze":
		t.snooze(args)
	case "next":
		t.showNext()
	case "why":
		t.showWhy()
	case "undo":
		t.undo(args)
	case "skip":
		t.skipToday()
	case "help":
		t.say(t.text(messages.Help))
		t.reask()
	case "privacy":
		t.say(t.text(messages.Privacy))
		t.reask()
	default:
		t.say(t.text(messages.InputUnknownCommand))
		t.reask()
	}
}

// group answers in a group chat: never health data there, only a pointer
// to a private chat. /stop still pauses at once, because it must work
// wherever the person types it.
func (t *turn) group(cmd string) {
	if cmd == "stop" && t.snap.Exists {
		t.pause(t.now, plan.RuleStopFlare, true, timeZero)
		t.endFlow()
		t.say(t.text(messages.GroupStopped))
		return
	}
	t.sayButtons([][]chat.Button{{{Label: t.text(messages.ButtonPrivateChat), Private: true}}}, t.text(messages.GroupPrivate))
}

// cancel leaves the current conversation.
func (t *turn) cancel() {
	if t.st.Step == "" {
		t.say(t.text(messages.CancelNothing))
		return
	}
	t.endFlow()
	t.say(t.text(messages.CancelDone))
}

// needOnboarded refuses commands that need a finished /start.
func (t *turn) needOnboarded() bool {
	if t.p.Onboarded {
		return true
	}
	t.say(t.text(messages.NeedStart))
	t.reask()
	return false
}

// needActive refuses commands that need the plan running. A dated pause
// that has run out resumes here, through the same path as /resume.
func (t *turn) needActive() bool {
	switch {
	case t.pauseExpired():
		t.say(t.text(messages.PauseEnded))
		t.resume()
		return false
	case t.paused():
		t.say(t.pausedNote())
		t.reask()
		return false
	}
	return true
}

// pausedNote says that everything is paused, and why it matters when the
// pause came from a red flag.
func (t *turn) pausedNote() string {
	switch t.p.Pause.Rule {
	case plan.RuleUrgent:
		return t.text(messages.PauseNoteUrgent)
	case plan.RuleDoctor:
		return t.text(messages.PauseNoteDoctor)
	}
	if !t.p.Pause.Until.IsZero() {
		return t.text(messages.PauseNoteUntil, "date", t.date(t.p.Pause.Until))
	}
	return t.text(messages.PauseNote)
}

// channelUnreachable reports whether the person's chat on a platform was
// marked as refusing messages.
func (t *turn) channelUnreachable(platform chat.Platform) bool {
	for _, c := range t.p.Channels {
		if c.Platform == platform && c.Unreachable {
			return true
		}
	}
	return false
}

// dropRepeat removes an earlier copy of the last reply (the same text
// and buttons), so a question asked twice in one turn is shown once, in
// its latest place.
func dropRepeat(out []chat.Outgoing) []chat.Outgoing {
	if len(out) < 2 {
		return out
	}
	last := out[len(out)-1]
	for i := len(out) - 2; i >= 0; i-- {
		if out[i].Text == last.Text && slices.EqualFunc(out[i].Buttons, last.Buttons, slices.Equal[[]chat.Button]) {
			return append(out[:i:i], out[i+1:]...)
		}
	}
	return out
}
