// Command bot runs Treadwell. With no platform token set it is a terminal
// chat for one local person:
//
//	go run ./cmd/bot
//
// Configuration comes from environment variables or matching flags; see
// the README.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"treadwell/internal/adapters/console"
	"treadwell/internal/dialog"
	"treadwell/internal/store"
	"treadwell/messages"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run is the whole program, with its surroundings passed in so tests can
// drive it. It returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "treadwell:", err)
		return 2
	}
	log := newLogger(cfg, stderr)

	msgs, err := messages.Load()
	if err != nil {
		log.Error("load messages", "err", err)
		return 1
	}
	rdb, embedded, closeRedis, err := store.Connect(ctx, cfg.RedisURL)
	if err != nil {
		log.Error("connect to Redis", "err", err)
		return 1
	}
	defer closeRedis()
	if embedded {
		log.Warn("REDIS_URL is empty: using an embedded in-memory Redis; nothing will survive a restart")
	}
	st := store.New(rdb, store.Options{Prefix: cfg.RedisPrefix})
	engine := dialog.New(st, msgs, dialog.Options{Logger: log})

	con := console.New(stdin, stdout, console.Options{Lang: langFromEnv(getenv)})
	if err := con.Run(ctx, engine); err != nil {
		log.Error("console", "err", err)
		return 1
	}
	return 0
}

// langFromEnv turns LANG=en_GB.UTF-8 into "en-gb".
func langFromEnv(getenv func(string) string) string {
	lang := getenv("LANG")
	for i, r := range lang {
		if r == '.' || r == '@' {
			lang = lang[:i]
			break
		}
	}
	out := []rune(lang)
	for i, r := range out {
		if r == '_' {
			out[i] = '-'
		}
	}
	return string(out)
}
