package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"treadwell/internal/dialog"
	"treadwell/internal/due"
	"treadwell/internal/profile"
	"treadwell/internal/store"
	"treadwell/messages"
)

// The operator commands: bot stats, backup, restore, export-person and
// delete-person. They run against the Redis of REDIS_URL under
// REDIS_PREFIX (or the flags), beside a running bot or without one; the
// work is the store's, this file wires flags and output. Logs name a
// person by a hash only (profile.LogID).

// opsCommand is one operator subcommand.
type opsCommand struct {
	usage string // after "bot <name> "
	about string // one line for bot -h
	args  int    // positional arguments required
	// flags adds the command's own flags; run does the work.
	flags func(fs *flag.FlagSet) func(ctx context.Context, o *opsEnv, args []string) error
}

var opsCommands = map[string]opsCommand{
	"stats": {
		usage: "[-days N]", about: "people, activity, reminder counts and queue lag (no health data)",
		flags: func(fs *flag.FlagSet) func(context.Context, *opsEnv, []string) error {
			days := fs.Int("days", 7, "reminder counts of the last `n` UTC days (kept 40)")
			return func(ctx context.Context, o *opsEnv, _ []string) error { return o.stats(ctx, *days) }
		},
	},
	"backup": {
		usage: "FILE", about: "every key of the prefix to FILE (JSON lines of DUMPs)", args: 1,
		flags: func(fs *flag.FlagSet) func(context.Context, *opsEnv, []string) error {
			return func(ctx context.Context, o *opsEnv, args []string) error { return o.backup(ctx, args[0]) }
		},
	},
	"restore": {
		usage: "[-replace] FILE", about: "a backup's keys under this REDIS_PREFIX (refuses a prefix in use)", args: 1,
		flags: func(fs *flag.FlagSet) func(context.Context, *opsEnv, []string) error {
			replace := fs.Bool("replace", false, "overwrite keys that exist (default: refuse when any key of the prefix exists)")
			return func(ctx context.Context, o *opsEnv, args []string) error { return o.restore(ctx, args[0], *replace) }
		},
	},
	"export-person": {
		usage: "[-o FILE] ID", about: "a person's /export JSON, for a data-access request", args: 1,
		flags: func(fs *flag.FlagSet) func(context.Context, *opsEnv, []string) error {
			out := fs.String("o", "", "write to `file` (default stdout)")
			return func(ctx context.Context, o *opsEnv, args []string) error { return o.exportPerson(ctx, args[0], *out) }
		},
	},
	"delete-person": {
		usage: "ID", about: "erase every key of a person, for an erasure request", args: 1,
		flags: func(fs *flag.FlagSet) func(context.Context, *opsEnv, []string) error {
			return func(ctx context.Context, o *opsEnv, args []string) error { return o.deletePerson(ctx, args[0]) }
		},
	},
}

// opsUsage lines for bot -h, in a fixed order.
func opsUsage() string {
	var out string
	for _, name := range slices.Sorted(maps.Keys(opsCommands)) {
		c := opsCommands[name]
		out += fmt.Sprintf("  bot %-29s %s\n", name+" "+c.usage, c.about)
	}
	return out
}

// opsEnv is what an operator command works with.
type opsEnv struct {
	st     *store.Store
	log    *slog.Logger
	stdout io.Writer
	now    func() time.Time
}

// runOps runs operator command name. ID is a profile id or an identity
// "<platform>:<userID>" (the same for a person who never linked).
func runOps(ctx context.Context, name string, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	c := opsCommands[name]
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	redisURL := fs.String("redis-url", "", "Redis `url` (default $REDIS_URL)")
	prefix := fs.String("redis-prefix", "", "key `prefix` (default $REDIS_PREFIX, else tw)")
	work := c.flags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: bot %s %s\n  %s\n", name, c.usage, c.about)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(code int, err error) int {
		secrets := newRedactor(nil, []string{*redisURL})
		fmt.Fprintf(stderr, "%s: %s\n", name, secrets.Redact(err.Error()))
		return code
	}
	if fs.NArg() != c.args {
		return fail(2, fmt.Errorf("want %d argument(s): bot %s %s", c.args, name, c.usage))
	}
	if *redisURL == "" {
		*redisURL = getenv("REDIS_URL")
	}
	if *prefix == "" {
		*prefix = getenv("REDIS_PREFIX")
	}
	if *redisURL == "" {
		return fail(2, errors.New("REDIS_URL is empty: the operator commands need the bot's Redis"))
	}
	rdb, _, closeRedis, err := store.Connect(ctx, *redisURL)
	if err != nil {
		return fail(1, err)
	}
	defer closeRedis()
	secrets := newRedactor(nil, []string{*redisURL})
	o := &opsEnv{
		st:     store.New(rdb, store.Options{Prefix: *prefix}),
		log:    slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{ReplaceAttr: secrets.attr})),
		stdout: stdout,
		now:    time.Now,
	}
	if err := work(ctx, o, fs.Args()); err != nil {
		if errors.Is(err, store.ErrNotEmpty) {
			return fail(1, fmt.Errorf("%w (restore into an empty prefix, or give -replace)", err))
		}
		return fail(1, err)
	}
	return 0
}

func (o *opsEnv) stats(ctx context.Context, days int) error {
	if days < 1 || days > 40 {
		return errors.New("-days must be 1 to 40")
	}
	const activeDays = 7
	now := o.now()
	s, err := o.st.Stats(ctx, now, days, activeDays)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "people\t%d\t(stored profiles)\n", s.People)
	fmt.Fprintf(w, "active this week\t%d\t(anything logged in the last %d days, from each profile's newest log entry)\n", s.Active, activeDays)
	w.Flush()
	fmt.Fprintf(o.stdout, "\nreminders, last %d UTC days (tallied in Redis by the dispatchers; late is counted among sent):\n", days)
	w = tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "kind\tdue\tsent\tlate\tskipped\tfailed\t")
	for _, k := range due.Kinds {
		c := s.Reminders[k]
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t\n", k, c[due.OutcomeDue], c[due.OutcomeSent], c[due.OutcomeLate], c[due.OutcomeSkipped], c[due.OutcomeFailed])
	}
	w.Flush()
	fmt.Fprintf(o.stdout, "\nqueue (the reminder queue's shards):\n")
	w = tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "queued\t%d\n", s.Queued)
	fmt.Fprintf(w, "due now\t%d\n", s.DueNow)
	lag := time.Duration(0)
	if !s.Oldest.IsZero() && s.Oldest.Before(now) {
		lag = now.Sub(s.Oldest).Truncate(time.Second)
	}
	fmt.Fprintf(w, "lag\t%s\t(how long the oldest due reminder has waited)\n", lag)
	if s.Alive.IsZero() {
		fmt.Fprintf(w, "dispatcher\tno record of one running lately\n")
	} else {
		fmt.Fprintf(w, "dispatcher\tlast ran %s, without a gap since %s\n", s.Alive.UTC().Format(time.RFC3339), s.Since.UTC().Format(time.RFC3339))
	}
	return w.Flush()
}

// backup writes to FILE.partial and renames it when complete, so that
// FILE is never a cut-off backup. The file holds health data: only its
// owner may read it.
func (o *opsEnv) backup(ctx context.Context, file string) error {
	tmp := file + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	counts, err := o.st.Backup(ctx, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, file)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	o.log.Info("backup written", "file", filepath.Base(file), "people", counts.People, "keys", counts.Keys)
	fmt.Fprintf(o.stdout, "backed up %d keys (%d people) to %s\n", counts.Keys, counts.People, file)
	return nil
}

func (o *opsEnv) restore(ctx context.Context, file string, replace bool) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	counts, err := o.st.Restore(ctx, f, replace)
	if err != nil {
		return fmt.Errorf("%w (after %d keys)", err, counts.Keys)
	}
	o.log.Info("backup restored", "file", filepath.Base(file), "people", counts.People, "keys", counts.Keys)
	fmt.Fprintf(o.stdout, "restored %d keys (%d people)\n", counts.Keys, counts.People)
	return nil
}

// errNoPerson: nothing is stored for the ID.
var errNoPerson = errors.New("no profile for that id")

func (o *opsEnv) exportPerson(ctx context.Context, ref, file string) error {
	snap, err := o.st.ResolvePerson(ctx, ref)
	if err != nil {
		return err
	}
	if !snap.Exists {
		return errNoPerson
	}
	msgs, err := messages.Load()
	if err != nil {
		return err
	}
	engine := dialog.New(o.st, msgs, dialog.Options{Logger: o.log})
	doc, err := engine.ExportDocument(ctx, snap)
	if err != nil {
		return err
	}
	if file == "" {
		_, err = o.stdout.Write(doc)
	} else {
		err = os.WriteFile(file, doc, 0o600)
	}
	if err != nil {
		return err
	}
	o.log.Info("person exported", "person", profile.LogID(snap.ProfileID))
	return nil
}

func (o *opsEnv) deletePerson(ctx context.Context, ref string) error {
	snap, err := o.st.ResolvePerson(ctx, ref)
	if err != nil {
		return err
	}
	n, err := o.st.ErasePerson(ctx, snap)
	if err != nil {
		return err
	}
	o.log.Info("person erased", "person", profile.LogID(snap.ProfileID), "profile_found", snap.Exists, "other_keys", n)
	if snap.Exists {
		fmt.Fprintf(o.stdout, "erased person %s\n", profile.LogID(snap.ProfileID))
	} else {
		fmt.Fprintf(o.stdout, "no profile for person %s; removed %d stray keys\n", profile.LogID(snap.ProfileID), n)
	}
	return nil
}
