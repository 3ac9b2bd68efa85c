package dialog

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	gojson "github.com/goccy/go-json"

	"treadwell/internal/chat"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// turn is the handling of one incoming message: a working copy of the
// person's state, the entries to append, the replies to send and the
// effects to run once saved. No store call happens while the turn
// decides, so a turn that loses a race is simply run again.
type turn struct {
	e    *Engine
	in   chat.Incoming
	now  time.Time
	lang string

	snap     profile.Snapshot
	p        profile.Profile
	st       state
	appended []profile.Entry
	dropped  int // newest entries of the window removed (/undo)
	out      []chat.Outgoing
	deleted  bool
	// effects are store work the turn decided that the save's script
	// cannot do (other hash slots: identities, link codes; the erasure
	// of /delete; reading the whole history for /export). They run after
	// the save succeeded (or, when deleted, instead of it), may add
	// replies, and a turn that lost the race drops them with itself.
	effects []func(context.Context) error

	// orig and origState are the profile and state as the turn began
	// (a Clone: the turn's changes do not reach it), to tell whether it
	// changed anything.
	orig      profile.Profile
	origState []byte

	// window is the snapshot's window, decoded by entries on first use.
	window  []profile.Entry
	decoded bool
	// hist is history's result, for the log with appended entries.
	hist struct {
		built    bool
		appended int
		checkIns []plan.CheckIn
		walks    []plan.Walk
	}
	// err is the first failure that makes the turn's decisions unsafe
	// to keep (an unreadable log); the engine then saves nothing.
	err error
}

// failed records err as the turn's failure, if it is the first.
func (t *turn) failed(err error) {
	if t.err == nil {
		t.err = err
	}
}

func newTurn(e *Engine, snap profile.Snapshot, in chat.Incoming) (*turn, error) {
	st, err := decodeState(snap.Dialog)
	if err != nil {
		// A state we cannot read must not lock the person out: start
		// the conversation afresh and say so in the log (no content).
		e.log.Warn("dialog state unreadable, starting afresh", "profile", profile.LogID(snap.ProfileID), "err", err)
		st = state{}
	}
	t := &turn{e: e, in: in, now: in.At, snap: snap, p: snap.Profile, st: st}
	if !snap.Exists {
		t.p = profile.Profile{
			ID:         snap.ProfileID,
			Created:    in.At,
			Identities: []profile.Identity{{Platform: in.From.Platform, UserID: in.From.UserID}},
		}
	}
	// The platform's language decides until the person picks one with
	// /language.
	if in.Lang != "" && !t.p.LangChosen {
		t.p.Lang = e.msgs.Lang(in.Lang)
	}
	t.lang = t.p.Lang
	if t.lang == "" {
		t.lang = e.msgs.Lang(in.Lang)
	}
	if snap.Exists { // kept to tell whether the turn changed anything
		t.orig = t.p.Clone()
		if t.origState, err = gojson.Marshal(t.st); err != nil {
			return nil, fmt.Errorf("encode state: %w", err)
		}
	}
	return t, nil
}

// change is what the turn writes; save is false when there is nothing
// worth a write.
func (t *turn) change() (ch profile.Change, save bool, err error) {
	state, err := gojson.Marshal(t.st)
	if err != nil {
		return profile.Change{}, false, fmt.Errorf("encode state: %w", err)
	}
	switch {
	case len(t.appended) > 0 || t.dropped > 0:
		save = true
	case !t.snap.Exists:
		// Only remember a new person once they did something that
		// needs remembering (not for /help or /privacy).
		save = t.st.Flow != flowNone || t.p.Onboarded || t.p.Pause.Active
	default:
		// reflect.DeepEqual, not the JSON forms: encoding the profile
		// twice cost more than the rest of a button press.
		save = !bytes.Equal(state, t.origState) || !reflect.DeepEqual(t.p, t.orig)
	}
	if !save {
		return profile.Change{}, false, nil
	}
	return profile.Change{Profile: t.p, Dialog: state, Append: t.appended, DropNewest: t.dropped, Due: t.dueChange()}, true, nil
}

// text renders a catalog message in the person's language.
func (t *turn) text(key messages.Key, args ...any) string {
	return t.e.msgs.Text(t.lang, key, args...)
}

// say sends one message made of the given paragraphs.
func (t *turn) say(paragraphs ...string) {
	t.sayButtons(nil, paragraphs...)
}

func (t *turn) sayButtons(buttons [][]chat.Button, paragraphs ...string) {
	var parts []string
	for _, p := range paragraphs {
		if p != "" {
			parts = append(parts, p)
		}
	}
	t.out = append(t.out, chat.Outgoing{To: t.in.From, Text: strings.Join(parts, "\n\n"), Buttons: buttons})
}

// sayUrgent sends a safety message on its own, marked urgent.
func (t *turn) sayUrgent(text string) {
	t.out = append(t.out, chat.Outgoing{To: t.in.From, Text: text, Urgent: true})
}

func (t *turn) record(e profile.Entry) {
	e.At = t.now
	t.appended = append(t.appended, e)
}

// location is the person's time zone, UTC until they set one.
func (t *turn) location() *time.Location {
	if t.p.Settings.Zone == "" {
		return time.UTC
	}
	loc, err := t.p.Settings.Zone.Location()
	if err != nil {
		return time.UTC
	}
	return loc
}

// paused reports whether plan and reminders are paused right now.
func (t *turn) paused() bool { return t.p.Pause.PausedAt(t.now) }

// pauseExpired reports a dated pause (/stop 3d) whose end has passed
// without a /resume yet.
func (t *turn) pauseExpired() bool { return t.p.Pause.Active && !t.paused() }
