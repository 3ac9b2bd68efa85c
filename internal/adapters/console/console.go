// Package console is a terminal chat for one local person. It is the
// simplest adapter and doubles as the end-to-end fake for the engine:
// lines in, replies out, buttons as numbered choices.
package console

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"treadwell/internal/chat"
)

// MaxLine is the most of one line, in characters, handed to the engine:
// the length of the longest Telegram message, far above any answer the
// engine reads (so a longer line is still a long message to it). The rest
// of a longer line is read and dropped, so a line of any length costs
// bounded memory and the chat goes on with the next one.
const MaxLine = 4096

// Options configure an Adapter.
type Options struct {
	UserID string           // default "local"
	Lang   string           // the person's language code, e.g. "en"
	Now    func() time.Time // default time.Now
	// ImageDir is where images (the progress chart) are saved, since a
	// terminal cannot show them; default the system's temporary folder.
	ImageDir string
}

// Adapter reads the person's lines from in and writes replies to out.
type Adapter struct {
	in   io.Reader
	out  io.Writer
	opts Options

	mu      sync.Mutex
	buttons []chat.Button // the latest message's buttons, flattened
}

// New returns a console adapter.
func New(in io.Reader, out io.Writer, opts Options) *Adapter {
	if opts.UserID == "" {
		opts.UserID = "local"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Adapter{in: in, out: out, opts: opts}
}

// Platform names the platform.
func (a *Adapter) Platform() chat.Platform { return chat.Console }

// address is the one local person.
func (a *Adapter) address() chat.Address {
	return chat.Address{Platform: chat.Console, ChatID: a.opts.UserID, UserID: a.opts.UserID}
}

// Send prints one message; its buttons become the choices a number picks.
// An image is saved to a file whose path is printed first.
func (a *Adapter) Send(_ context.Context, out chat.Outgoing) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(out.Image) > 0 {
		path, err := a.saveImage(out.Image)
		if err != nil {
			return fmt.Errorf("console: save image: %w", err)
		}
		if _, err := fmt.Fprintf(a.out, "🖼  %s\n", path); err != nil {
			return err
		}
	}
	a.buttons = flatten(out.Buttons)
	if _, err := io.WriteString(a.out, render(out)); err != nil {
		return err
	}
	if out.File != nil {
		path, err := a.saveFile(out.File)
		if err != nil {
			return fmt.Errorf("console: save file: %w", err)
		}
		if _, err := fmt.Fprintf(a.out, "📄 %s\n", path); err != nil {
			return err
		}
	}
	return nil
}

// saveFile writes an attached document (the /export) where the person
// can open it, under its own name's pattern.
func (a *Adapter) saveFile(file *chat.File) (string, error) {
	dir := a.opts.ImageDir
	if dir == "" {
		dir = os.TempDir()
	}
	ext := filepath.Ext(file.Name)
	f, err := os.CreateTemp(dir, strings.TrimSuffix(filepath.Base(file.Name), ext)+"-*"+ext)
	if err != nil {
		return "", err
	}
	if _, err := f.Write(file.Data); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

// saveImage writes a PNG where the person can open it.
func (a *Adapter) saveImage(png []byte) (string, error) {
	dir := a.opts.ImageDir
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "treadwell-progress-*.png")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(png); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

// Run reads lines until the input ends or ctx is done, handing each to h
// and printing every reply before reading the next. The end of input is a
// normal end: Run returns nil.
func (a *Adapter) Run(ctx context.Context, h chat.Handler) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		defer close(lines)
		r := bufio.NewReaderSize(a.in, 64<<10)
		for {
			line, err := readLine(r)
			if err != nil {
				if err != io.EOF {
					readErr <- err
				}
				return
			}
			select {
			case lines <- line:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				select {
				case err := <-readErr:
					if err != nil {
						return fmt.Errorf("console: read input: %w", err)
					}
				default:
				}
				return nil
			}
			if strings.TrimSpace(line) == "" {
				continue
			}
			if err := a.handle(ctx, h, line); err != nil {
				return err
			}
		}
	}
}

// readLine reads one line, without its "\n" or "\r\n": its first MaxLine
// characters after any leading white space (which would otherwise use up
// the line and hide what follows it). The rest of a longer line is read
// and dropped. A bufio.Scanner instead fails on a line longer than its
// buffer and would end the chat. At the end of input readLine returns the
// last line if it has no newline, then io.EOF.
func readLine(r *bufio.Reader) (string, error) {
	// Enough bytes for MaxLine characters of any width; the cut to
	// characters happens once the line is complete.
	const keep = MaxLine * utf8.UTFMax
	var buf []byte
	read := false
	leading := true // still dropping leading white space
	for {
		chunk, err := r.ReadSlice('\n')
		read = read || len(chunk) > 0
		switch {
		case leading:
			buf = bytes.TrimLeftFunc(append(buf, chunk...), unicode.IsSpace)
			// A character cut by the end of the chunk may still be a space.
			leading = len(buf) == 0 || !utf8.FullRune(buf)
			buf = buf[:min(len(buf), keep)]
		case len(buf) < keep:
			buf = append(buf, chunk[:min(len(chunk), keep-len(buf))]...)
		}
		if err == bufio.ErrBufferFull {
			continue // the line goes on
		}
		// At io.EOF after some bytes, this is a last line without a
		// newline; the next call reports io.EOF.
		if err != nil && !(err == io.EOF && read) {
			return "", err
		}
		break
	}
	buf = bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r"))
	// Cut to MaxLine characters; an invalid byte counts as one.
	n, i := 0, 0
	for i < len(buf) && n < MaxLine {
		_, size := utf8.DecodeRune(buf[i:])
		i += size
		n++
	}
	return string(buf[:i]), nil
}

func (a *Adapter) handle(ctx context.Context, h chat.Handler, line string) error {
	in := chat.Incoming{From: a.address(), Lang: a.opts.Lang, At: a.opts.Now()}
	a.mu.Lock()
	in.Text, in.Data = pick(a.buttons, line)
	a.mu.Unlock()
	outs, err := h.Handle(ctx, in)
	// The engine words its own failures; print what it gave, then go on:
	// one failed message must not end the chat.
	for _, out := range outs {
		if sendErr := a.Send(ctx, out); sendErr != nil {
			return fmt.Errorf("console: write reply: %w", sendErr)
		}
	}
	if err != nil && len(outs) == 0 {
		_, werr := fmt.Fprintf(a.out, "(error: %v)\n", err)
		return werr
	}
	return nil
}
