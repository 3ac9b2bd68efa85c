// Package dialog is Treadwell's conversation engine: it turns one
// chat.Incoming into the replies to send, keeping each person's state in
// the store. It knows no platform; adapters translate to and from
// chat.Incoming and chat.Outgoing.
package dialog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"treadwell/internal/chart"
	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// Repository is the state the engine needs. *store.Store implements it.
type Repository interface {
	// Load reads a person's state (one Redis round trip).
	Load(ctx context.Context, platform chat.Platform, userID string) (profile.Snapshot, error)
	// Save writes it back if nobody changed it since Load; otherwise it
	// returns an error wrapping profile.ErrConflict. An error wrapping
	// profile.ErrUnconfirmed says the save may have been applied.
	Save(ctx context.Context, snap profile.Snapshot, ch profile.Change) error
	// History reads the whole log, for /export and /report.
	History(ctx context.Context, profileID string) ([]profile.Entry, error)
	// Delete erases every key of the profile; as Save, it may fail
	// unconfirmed.
	Delete(ctx context.Context, snap profile.Snapshot) error
}

// Options configure an Engine. Zero values take the defaults.
type Options struct {
	Now      func() time.Time // the clock; default time.Now
	Logger   *slog.Logger     // default slog.Default()
	Attempts int              // tries when messages of one person race; default 25, with backoff
	// StoreTimeout bounds each load, save and effect of a turn; default
	// DefaultStoreTimeout.
	StoreTimeout time.Duration

	LinkCodeTTL time.Duration // how long a /link code works; default 10m
	LinkLock    time.Duration // /link locked after repeated wrong codes; default 15m
	// Observer, when set, is told about every handled message.
	Observer Observer
	// LinkURL, when set, gives a deep link that opens another platform
	// with a /link code (Telegram's t.me/<bot>?start=<code>); "" when
	// there is none for the platform the person is on.
	LinkURL func(fromPlatform chat.Platform, code string) string
	// LateWindow is the dispatcher's (reminders.Options.LateWindow),
	// which /why names; default due.DefaultLateWindow.
	LateWindow time.Duration
}

// Engine is the dialog engine. It is safe for concurrent use. It keeps no
// per-person state in memory but, for a few minutes, the turns whose
// save went unconfirmed (landed.go).
type Engine struct {
	repo     Repository
	msgs     *messages.Catalog
	now      func() time.Time
	log      *slog.Logger
	attempts int
	// storeTimeout bounds a turn's load, save and effects (storewait.go).
	storeTimeout time.Duration

	linkTTL, linkLock time.Duration
	lateWindow        time.Duration
	linkURL           func(fromPlatform chat.Platform, code string) string
	observe           Observer
	stopWords         []string                       // plain words that work as /stop, in every language
	dayWords          map[string]*localtime.DayWords // per language, from the catalog
	typed             typedNumbers                   // number words, units, "de 10", per language
	// eveningWords, tomorrowWords and yesterdayWords are typed /snooze
	// and /done arguments, in every language.
	eveningWords, tomorrowWords, yesterdayWords []string
	// localCommands maps a command's name in another language of the
	// catalog ("deshacer") to the command ("undo"), so a person can type
	// the name their menu shows them.
	localCommands map[string]string
	// untilWords and untilTomorrow are the words.until and
	// words.tomorrow of every language, for the day a pause ends.
	untilWords, untilTomorrow []string
	// weekUnits are the words.week_units of every language, longest
	// first, for /report's number of weeks.
	weekUnits []string
	// unconfirmed are the turns whose save went out with no answer.
	unconfirmed unconfirmedSaves
	// chartSeen, when set, is handed each progress chart's data before
	// it is drawn. Only tests set it (export_test.go).
	chartSeen func(chart.Data)
}

// Observer is told about every handled message (metrics); it never sees
// content.
type Observer interface {
	Message(platform chat.Platform, replies int, took time.Duration)
}

// New returns an engine over repo, speaking from msgs.
func New(repo Repository, msgs *messages.Catalog, opts Options) *Engine {
	e := &Engine{repo: repo, msgs: msgs, now: opts.Now, log: opts.Logger, attempts: opts.Attempts,
		storeTimeout: opts.StoreTimeout,
		linkTTL:      opts.LinkCodeTTL, linkLock: opts.LinkLock, linkURL: opts.LinkURL, observe: opts.Observer,
		lateWindow: opts.LateWindow}
	if e.lateWindow <= 0 {
		e.lateWindow = due.DefaultLateWindow
	}
	if e.linkTTL <= 0 {
		e.linkTTL = 10 * time.Minute
	}
	if e.linkLock <= 0 {
		e.linkLock = 15 * time.Minute
	}
	e.dayWords = map[string]*localtime.DayWords{}
	e.typed = newTypedNumbers(msgs)
	for _, lang := range msgs.Languages() {
		e.dayWords[lang] = localtime.NewDayWords(msgs.Table(lang, messages.WordsDays))
		for _, w := range strings.Split(msgs.Text(lang, messages.StopWords), ",") {
			if w = strings.TrimSpace(w); w != "" {
				e.stopWords = append(e.stopWords, w)
			}
		}
	}
	e.eveningWords, e.tomorrowWords = wordsOf(msgs, messages.SnoozeEveningWords), wordsOf(msgs, messages.SnoozeTomorrowWords)
	e.yesterdayWords = wordsOf(msgs, messages.DoneYesterdayWords)
	e.localCommands = localCommandNames(msgs)
	e.untilWords, e.untilTomorrow = wordsOf(msgs, messages.WordsUntil), wordsOf(msgs, messages.WordsTomorrow)
	e.weekUnits = longestFirst(wordsOf(msgs, messages.WordsWeekUnits))
	if e.linkURL == nil {
		e.linkURL = func(chat.Platform, string) string { return "" }
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	if e.attempts <= 0 {
		e.attempts = defaultAttempts
	}
	if e.storeTimeout <= 0 {
		e.storeTimeout = DefaultStoreTimeout
	}
	return e
}

// ErrUnavailable wraps a store failure; the adapter tells the person to try
// again rather than dropping the message silently.
var ErrUnavailable = errors.New("dialog: state store unavailable")

// Handle answers one incoming message. It loads the person's state, runs
// the conversation, and saves the result with compare-and-set; when
// another message from the same person won the race it starts again from
// the fresh state, so no update is lost.
func (e *Engine) Handle(ctx context.Context, in chat.Incoming) ([]chat.Outgoing, error) {
	if in.At.IsZero() {
		in.At = e.now()
	}
	began := time.Now()
	outs, profileID, flow, err := e.handle(ctx, in)
	took := time.Since(began)
	// One line per message: no text, no answers, no raw ids.
	level := slog.LevelInfo
	if err != nil {
		level = slog.LevelWarn
	}
	e.log.Log(ctx, level, "message handled", "platform", in.From.Platform, "profile", profile.LogID(profileID),
		"flow", string(flow), "replies", len(outs), "took", took, "err", err)
	if e.observe != nil {
		e.observe.Message(in.From.Platform, len(outs), took)
	}
	return outs, err
}

// hashID is profile.LogID: logs name a person only by a hash.

func (e *Engine) handle(ctx context.Context, in chat.Incoming) (outs []chat.Outgoing, profileID string, fl flow, err error) {
	// urgent are the safety messages of the latest turn that ran: they
	// go out even when its save fails (the advice for a red flag does not
	// wait on a database).
	var urgent []chat.Outgoing
	err = e.update(ctx, func() error {
		snap, err := e.load(ctx, in.From.Platform, in.From.UserID)
		if err != nil {
			if urgent == nil {
				urgent = e.pressedRedFlag(in)
			}
			return fmt.Errorf("%w: load: %w", ErrUnavailable, err)
		}
		profileID = snap.ProfileID
		t, err := newTurn(e, snap, in)
		if err != nil {
			return err
		}
		if s, ok := e.unconfirmed.landed(snap, in, t.now); ok {
			t.landed(s)
		} else {
			asking := t.locationQuestion()
			t.run()
			t.dropLocationIfLeft(asking)
		}
		urgent = withUrgency(t.out, true)
		if t.err != nil {
			return fmt.Errorf("%w: %w", ErrUnavailable, t.err)
		}
		fl = t.st.Flow
		ch, save, err := t.change()
		if err != nil {
			return err
		}
		if save && !t.deleted {
			if err := e.save(ctx, snap, ch); err != nil {
				if errors.Is(err, profile.ErrConflict) {
					return err
				}
				if errors.Is(err, profile.ErrUnconfirmed) && len(t.effects) == 0 {
					// Its replies are not sent; should the save have
					// landed, the next message gets them (landed.go). A
					// turn with effects never ran them: it is left to be
					// tried again as it is.
					e.unconfirmed.remember(snap, ch, in, t.out, t.now)
				}
				return fmt.Errorf("%w: save: %w", ErrUnavailable, err)
			}
		}
		for _, effect := range t.effects {
			if err := e.effect(ctx, effect); err != nil {
				return fmt.Errorf("%w: %w: %w", ErrUnavailable, errAfterSave, err)
			}
		}
		outs = t.out // effects may reply (an export, a link)
		return nil
	})
	if err != nil {
		return append(urgent, e.unavailable(in, err, len(urgent) > 0)...), profileID, "", err
	}
	e.unconfirmed.forget(profileID)
	return outs, profileID, fl, nil
}

// errAfterSave marks the failure of a turn's effect, which runs once the
// turn's save (if it had one) landed: so not "nothing was recorded".
var errAfterSave = errors.New("after save")

// unavailable is the reply when state cannot be read or written: the
// person learns that nothing was recorded (or erased) and can try again;
// when a write went out and no answer came back (err wraps
// profile.ErrUnconfirmed), that it may or may not have gone through;
// when what failed came after the save, only that it did not go through.
// After an urgent message (urgent), what it says is that the pause it
// announced is not recorded, or may not be, and to send /stop; to a
// /stop that was not recorded, that nothing is paused yet.
func (e *Engine) unavailable(in chat.Incoming, err error, urgent bool) []chat.Outgoing {
	unconfirmed := errors.Is(err, profile.ErrUnconfirmed)
	afterSave := errors.Is(err, errAfterSave)
	var key messages.Key
	switch erasing := errors.Is(err, errErase); {
	case urgent && unconfirmed:
		key = messages.ErrorUrgentUnconfirmed
	case urgent && !afterSave:
		key = messages.ErrorUrgentUnsaved
	case !unconfirmed && !afterSave && e.isStop(in):
		key = messages.ErrorStopUnsaved // a pause is what they asked for
	case erasing && unconfirmed:
		key = messages.DeleteUnconfirmed
	case erasing:
		key = messages.DeleteFailed
	case unconfirmed:
		key = messages.ErrorUnconfirmed
	case afterSave:
		key = messages.ErrorFailed // the turn's save, if any, landed
	default:
		key = messages.ErrorUnavailable
	}
	lang := e.msgs.Lang(in.Lang)
	return []chat.Outgoing{{To: in.From, Text: e.msgs.Text(lang, key)}}
}

// isStop reports whether in asks to pause, in any of its forms (the
// command, a stop word, a reminder's "I'm flaring" button).
func (e *Engine) isStop(in chat.Incoming) bool {
	t := &turn{e: e, in: in}
	return t.read().cmd == "stop"
}

// withUrgency is the messages of out that are urgent, or those that are
// not.
func withUrgency(out []chat.Outgoing, urgent bool) []chat.Outgoing {
	var kept []chat.Outgoing
	for _, o := range out {
		if o.Urgent == urgent {
			kept = append(kept, o)
		}
	}
	return kept
}
