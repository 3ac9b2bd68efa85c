package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"treadwell/internal/localtime"
	"treadwell/internal/schedule"
)

// runSchedule is "bot schedule": the next fire times of a reminder
// schedule, so operators can see what people will get. It reads no Redis
// and no token.
func runSchedule(args []string, now time.Time, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("schedule", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: bot schedule -tz ZONE -at TIME [-days DAYS] [-from INSTANT] [-count N]")
		fs.PrintDefaults()
	}
	// The back-quoted word of each usage is the kind of value -h shows.
	tz := fs.String("tz", "", "time `zone`: IANA name (Europe/Berlin), city or UTC offset")
	at := fs.String("at", "", "local reminder `time`, e.g. 07:30")
	days := fs.String("days", "daily", "reminder `days`: daily, weekdays, mon-fri, mon,wed,fri ...")
	from := fs.String("from", "", "start after this RFC3339 `instant` (default now)")
	count := fs.Int("count", 5, "how many fire times")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "schedule: "+format+"\n", a...)
		return 2
	}
	if *tz == "" || *at == "" {
		return fail("--tz and --at are required")
	}
	if *count < 1 || *count > 1000 {
		return fail("--count must be 1 to 1000")
	}
	zone, err := localtime.ParseZone(*tz)
	if err != nil {
		return fail("--tz %q: %v", *tz, err)
	}
	sched, err := schedule.New(zone, *at, *days)
	if err != nil {
		return fail("%v", err)
	}
	start := now
	if *from != "" {
		if start, err = time.Parse(time.RFC3339, *from); err != nil {
			return fail("--from %q is not RFC3339 (2026-03-27T12:00:00Z)", *from)
		}
	}
	t := start
	for i := 0; i < *count; i++ {
		t = sched.Next(t)
		fmt.Fprintln(stdout, t.Format(time.RFC3339))
	}
	return 0
}
