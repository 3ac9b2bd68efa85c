// Package chat holds the neutral message types that platform adapters and
// the dialog engine exchange. It depends on nothing else in Treadwell, so
// every other package can use it without import cycles.
package chat

import (
	"context"
	"errors"
	"time"
)

// Platform names a chat platform. Its value is stored (in identity keys
// and profiles) and shown to people (/remindvia telegram).
type Platform string

// The platforms.
const (
	Telegram Platform = "telegram"
	Discord  Platform = "discord"
	Console  Platform = "console"
)

// Platforms are all platforms.
var Platforms = []Platform{Telegram, Discord, Console}

// SendErrorKind is how an adapter reports a failed send (metrics count
// them by platform and kind).
type SendErrorKind string

// The kinds of failed send.
const (
	// SendUnreachable: the platform refuses messages to that person for
	// good (blocked the bot, closed DMs).
	SendUnreachable SendErrorKind = "unreachable"
	// SendFailed: any other failure (server errors, timeouts, a refused
	// image).
	SendFailed SendErrorKind = "other"
)

// SendErrorKinds are all kinds of failed send.
var SendErrorKinds = []SendErrorKind{SendUnreachable, SendFailed}

// Address says where a message comes from or goes to.
type Address struct {
	Platform Platform // Telegram, Discord or Console
	ChatID   string   // the chat (private chat, DM channel, group) on that platform
	UserID   string   // the person on that platform
	// Group is true when ChatID is shared with other people. Health data
	// never goes to a group; the engine answers with a pointer to a
	// private chat instead.
	Group bool
}

// Button is one choice offered under a question.
type Button struct {
	Label string // what the person sees
	Data  string // what comes back in Incoming.Data when it is pressed
	// Private makes the button open a private chat with the bot instead
	// of answering (used in groups); the adapter supplies the link.
	Private bool
	// RequestLocation makes the button share the person's location,
	// which comes back as Incoming.Location (Data is unused). Only
	// platforms that can ask for it (Telegram, in private chats) get
	// such a button: see CanRequestLocation.
	RequestLocation bool
}

// CanRequestLocation reports whether a button can ask for the person's
// location in a chat at that address: Telegram's request_location works
// in private chats only; Discord and the console have nothing like it.
func CanRequestLocation(a Address) bool {
	return a.Platform == Telegram && !a.Group
}

// Location is a place on Earth a person shared, in degrees.
type Location struct {
	Lat, Lng float64
}

// Command is one command of the bot, for platform command menus.
type Command struct {
	Name string // without the slash, e.g. "checkin"; what the engine reads
	// LocalName is the command's name in the language asked for, for a
	// menu that shows local names (Discord's name localizations); the
	// platform still hands the engine Name.
	LocalName   string
	Description string
	Options     []CommandOption // optional arguments, in order
}

// CommandOption is an argument of a command ("/done 12": minutes).
type CommandOption struct {
	Name        string
	Description string
	Integer     bool // a whole number; otherwise text
	Min, Max    int  // bounds of an Integer option
}

// Incoming is one thing a person did: sent text or a command, or pressed a
// button.
type Incoming struct {
	From Address
	Text string // message text or command, e.g. "/stop 3d"
	Data string // button payload, when a button was pressed
	Lang string // the platform's language code, if any
	// Location is the place the person shared (Telegram's location
	// message), nil for anything else.
	Location *Location
	At       time.Time
}

// Outgoing is one message for a person.
type Outgoing struct {
	To      Address
	Text    string
	Buttons [][]Button
	Image   []byte // optional PNG
	// File is an optional document to attach (the /export), sent as a
	// file the person can open rather than as chat text.
	File *File
	// Urgent marks a safety message that must stand alone and be shown
	// as prominently as the platform allows.
	Urgent bool
	// AwaitsText marks a question whose answer may be typed (a time, a
	// zone, minutes), for platforms where typing needs another place
	// (Discord server channels, where the bot reads no messages).
	AwaitsText bool
	// DropLocationRequest says that a location button offered earlier
	// (Button.RequestLocation) is done with: a platform that keeps it on
	// screen after the question (Telegram's reply keyboard) takes it
	// away with this message.
	DropLocationRequest bool
}

// File is a document attached to a message.
type File struct {
	Name string // e.g. "treadwell-export.json"
	MIME string // e.g. "application/json"
	Data []byte
}

// Handler turns one incoming message into the replies to send.
type Handler interface {
	Handle(ctx context.Context, in Incoming) ([]Outgoing, error)
}

// Sender delivers one message to a platform.
type Sender interface {
	Send(ctx context.Context, out Outgoing) error
}

// ErrUnreachable is wrapped by a Sender's error when the platform refuses
// messages to that person for good (blocked the bot, closed DMs): another
// channel may still reach them.
var ErrUnreachable = errors.New("chat: person unreachable on this platform")

// ErrNoRoom is wrapped by a Sender's error when it sent nothing because
// its rate limits leave no room for the message before ctx's deadline
// (a burst shared by several replicas): it may go as soon as there is
// time again, and it is no failed send.
var ErrNoRoom = errors.New("chat: no room to send before the deadline")

// ErrHeldBack is wrapped by a Sender's error when it sent nothing because
// the message's gate (the reminders' last check: no /stop since it was
// composed) refused it at the last moment: no failed send either.
var ErrHeldBack = errors.New("chat: held back at the last moment")

// Unsent reports an error after which nothing of the message went out
// and nothing failed (ErrNoRoom, ErrHeldBack): not to be counted or
// reported as a failed send.
func Unsent(err error) bool {
	return errors.Is(err, ErrNoRoom) || errors.Is(err, ErrHeldBack)
}
