package dialog

import (
	"bytes"
	"sync"
	"sync/atomic"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// A save that ran out of the store wait may land after all (Redis took
// it and answered late), and the person, told that it may or may not
// have gone through, tries again. If it landed, the dialog has moved on
// to a question they never saw, and their retyped leg pain would be
// taken for their back pain. So the engine remembers such a turn for a
// while: the state it wrote and the replies it would have sent. When
// the person's next message finds exactly that state stored (the same
// version, the same dialog: it landed, and nothing came after it), it
// is told it went through and given those replies, and what it typed is
// not read as an answer to the question it never saw; a command other
// than the one that went unconfirmed still runs. When the save did not
// land, the stored state is the older one and the message is handled
// as ever.
//
// This is memory of this replica only: Redis is what failed, so the
// record cannot live there. A retry that another replica handles is
// handled as before (Telegram and Discord each deliver a person's
// messages to one replica, mostly).

// unconfirmedKept is how long a turn whose save went unconfirmed is
// remembered: the person was asked to try again in a moment.
const unconfirmedKept = 10 * time.Minute

// unconfirmedMax bounds the turns remembered: a long Redis outage must
// not grow memory with the number of people writing.
const unconfirmedMax = 4096

// unconfirmedSave is a turn whose save went out with no answer.
type unconfirmedSave struct {
	version int64  // the dialog's version, had the save landed
	dialog  []byte // the dialog state it wrote
	// from, text and data are the message's.
	from       chat.Address
	text, data string
	// out are the replies it would have had, but the urgent ones: those
	// went out with the failure.
	out   []chat.Outgoing
	until time.Time
}

// unconfirmedSaves are the turns remembered, by profile id. Every
// message asks them, and almost always there are none: n lets it skip
// the lock then.
type unconfirmedSaves struct {
	n     atomic.Int64 // len(saves)
	mu    sync.Mutex
	saves map[string]unconfirmedSave
}

// remember keeps the turn of in, whose save of ch over snap went
// unconfirmed.
func (u *unconfirmedSaves) remember(snap profile.Snapshot, ch profile.Change, in chat.Incoming, out []chat.Outgoing, now time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.saves == nil {
		u.saves = map[string]unconfirmedSave{}
	}
	if len(u.saves) >= unconfirmedMax {
		for id, s := range u.saves {
			if now.After(s.until) {
				delete(u.saves, id)
			}
		}
		for id := range u.saves {
			if len(u.saves) < unconfirmedMax {
				break
			}
			// Any one: so many at once means many people met a hung
			// Redis together, and each forgotten turn is only handled
			// as it was before this memory existed.
			delete(u.saves, id)
		}
	}
	u.saves[snap.ProfileID] = unconfirmedSave{
		version: snap.Version + 1, dialog: bytes.Clone(ch.Dialog),
		from: in.From, text: in.Text, data: in.Data,
		out: withUrgency(out, false), until: now.Add(unconfirmedKept),
	}
	u.n.Store(int64(len(u.saves)))
}

// landed returns the remembered turn of snap's person when its save
// landed and nothing was saved since, and the message comes from the
// same chat while the turn is remembered.
func (u *unconfirmedSaves) landed(snap profile.Snapshot, in chat.Incoming, now time.Time) (unconfirmedSave, bool) {
	if u.n.Load() == 0 {
		return unconfirmedSave{}, false
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	s, ok := u.saves[snap.ProfileID]
	if !ok || now.After(s.until) || s.from != in.From || s.version != snap.Version || !bytes.Equal(s.dialog, snap.Dialog) {
		return unconfirmedSave{}, false
	}
	return s, true
}

// forget drops the remembered turn of a person whose message was
// handled: what it would have said is said, or it did not land.
func (u *unconfirmedSaves) forget(profileID string) {
	if u.n.Load() == 0 {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.saves, profileID)
	u.n.Store(int64(len(u.saves)))
}

// landed answers the first message after a turn whose save went
// unconfirmed and landed: it went through, and here is what it said.
// The message itself runs only when it is a command other than the one
// that went unconfirmed, or a red flag's "Yes"; typed text cannot answer
// a question the person has not seen, and the same message again would
// do twice what was done once.
func (t *turn) landed(s unconfirmedSave) {
	same := t.in.Text == s.text && t.in.Data == s.data
	_, _, redFlag := redFlagYesPressed(t.in.Data)
	m := t.read()
	t.say(t.text(messages.ErrorLanded))
	t.out = append(t.out, s.out...)
	// A red flag's "Yes" always counts (earlierRedFlagYes), and its
	// message replaces all of the above: it stands alone.
	if m.isCmd && !same || redFlag {
		asking := t.locationQuestion()
		t.respond(m)
		t.dropLocationIfLeft(asking)
	}
}
