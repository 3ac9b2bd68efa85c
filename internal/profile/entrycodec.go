package profile

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"treadwell/internal/plan"
)

// Log entries are stored in a compact binary form: a person's recent
// entries are read and decoded on every message (the rules look at
// them), and JSON made that the largest cost of a message and of a
// person's Redis memory. The form:
//
//	entry   = 0x01 kind flags at [checkin] [walk] [pause] [redflags]
//	at      = seconds (zigzag varint, Unix) nanoseconds (uvarint)
//
// with a flags bit for each part that is present, small integers as
// zigzag varints, strings as a uvarint length and the bytes, and times
// inside a part as the difference from the entry's at (one byte when
// they are the same instant). Decoded times are in UTC.
//
// Entries written before the binary form are JSON (they start with
// '{'); DecodeEntry reads both. An entry the binary form cannot carry
// (a kind it does not know) is written as JSON, so nothing is lost.

// entryFormat is the first byte of a binary entry (JSON starts with '{').
const entryFormat = 0x01

// The kinds, as one byte.
var kindCodes = map[EntryKind]byte{KindCheckIn: 1, KindWalk: 2, KindPause: 3, KindResume: 4, KindRedFlags: 5}

// kindsByCode is kindCodes the other way; "" for a code it lacks.
var kindsByCode = [...]EntryKind{1: KindCheckIn, 2: KindWalk, 3: KindPause, 4: KindResume, 5: KindRedFlags}

// The flags byte: which parts follow.
const (
	hasCheckIn = 1 << iota
	hasWalk
	hasPause
	hasRedFlags
)

// AppendEntry appends e's stored form to buf.
func AppendEntry(buf []byte, e *Entry) ([]byte, error) {
	code, ok := kindCodes[e.Kind]
	if !ok {
		j, err := json.Marshal(e)
		if err != nil {
			return buf, fmt.Errorf("encode log entry: %w", err)
		}
		return append(buf, j...), nil
	}
	var flags byte
	if e.CheckIn != nil {
		flags |= hasCheckIn
	}
	if e.Walk != nil {
		flags |= hasWalk
	}
	if e.Pause != nil {
		flags |= hasPause
	}
	if e.RedFlags != nil {
		flags |= hasRedFlags
	}
	buf = append(buf, entryFormat, code, flags)
	buf = appendTime(buf, e.At)
	if c := e.CheckIn; c != nil {
		var bits byte
		if c.Spread {
			bits |= 1
		}
		if c.LimbAsked {
			bits |= 2
		}
		if c.Limb {
			bits |= 4
		}
		if !c.ReportsOn.IsZero() {
			bits |= 8
		}
		buf = append(buf, bits)
		buf = appendOffset(buf, e.At, c.At)
		buf = binary.AppendVarint(buf, int64(c.Leg))
		buf = binary.AppendVarint(buf, int64(c.Back))
		buf = binary.AppendVarint(buf, int64(c.Settled))
		buf = binary.AppendVarint(buf, int64(c.WalkPeak))
		if !c.ReportsOn.IsZero() {
			buf = appendOffset(buf, e.At, c.ReportsOn)
		}
		buf = appendString(buf, string(c.Rule))
		buf = appendString(buf, c.Code)
	}
	if w := e.Walk; w != nil {
		var bits byte
		if w.CutShort {
			bits |= 1
		}
		if w.Skipped {
			bits |= 2
		}
		buf = append(buf, bits)
		buf = appendOffset(buf, e.At, w.At)
		buf = binary.AppendVarint(buf, int64(w.Minutes))
		buf = binary.AppendVarint(buf, int64(w.Planned))
		buf = binary.AppendVarint(buf, int64(w.Peak))
	}
	if p := e.Pause; p != nil {
		var bits byte
		if p.Active {
			bits |= 1
		}
		if p.Flare {
			bits |= 2
		}
		if p.FollowUpsEnded {
			bits |= 4
		}
		if !p.Since.IsZero() {
			bits |= 8
		}
		if !p.Until.IsZero() {
			bits |= 16
		}
		buf = append(buf, bits)
		if !p.Since.IsZero() {
			buf = appendOffset(buf, e.At, p.Since)
		}
		if !p.Until.IsZero() {
			buf = appendOffset(buf, e.At, p.Until)
		}
		buf = appendString(buf, string(p.Rule))
		buf = appendString(buf, string(p.Why))
	}
	if r := e.RedFlags; r != nil {
		var bits byte
		if r.Urgent {
			bits |= 1
		}
		if r.Doctor {
			bits |= 2
		}
		if !r.At.IsZero() {
			bits |= 4
		}
		if r.Item > 0 {
			bits |= 8
		}
		buf = append(buf, bits)
		if !r.At.IsZero() {
			buf = appendOffset(buf, e.At, r.At)
		}
		if r.Item > 0 {
			buf = binary.AppendUvarint(buf, uint64(r.Item))
		}
	}
	return buf, nil
}

// DecodeEntry reads one stored entry, binary or JSON.
func DecodeEntry(data []byte) (Entry, error) {
	var r entryReader
	e, err := r.decode(data)
	if err != nil {
		return Entry{}, fmt.Errorf("decode log entry: %w", err)
	}
	return e, nil
}

// decode reads one whole stored entry, binary or JSON, with r's slabs
// and strings.
func (r *entryReader) decode(data []byte) (Entry, error) {
	if len(data) > 0 && data[0] != entryFormat {
		var e Entry
		err := json.Unmarshal(data, &e)
		return e, err
	}
	r.data, r.err = data, nil
	e, err := r.entry()
	if err == nil && len(r.data) != 0 {
		err = errors.New("trailing bytes")
	}
	return e, err
}

// entryReader reads the binary form; the first error sticks. Reading a
// sequence, it hands out the check-ins and walks from slabs and reuses
// the strings it has seen (rule ids and codes repeat): one window is
// decoded on every message, and its allocations were most of its cost.
type entryReader struct {
	data     []byte
	err      error
	checkIns []plan.CheckIn
	walks    []plan.Walk
	strs     []string // recent distinct strings, at most maxReused
}

const maxReused = 16

var errShort = errors.New("entry cut short")

func (r *entryReader) entry() (Entry, error) {
	format, code, flags := r.byte(), r.byte(), r.byte()
	if r.err != nil {
		return Entry{}, r.err
	}
	if format != entryFormat {
		return Entry{}, fmt.Errorf("unknown entry format %#x", format)
	}
	var kind EntryKind
	if int(code) < len(kindsByCode) {
		kind = kindsByCode[code]
	}
	if kind == "" {
		return Entry{}, fmt.Errorf("unknown entry kind %d", code)
	}
	if flags&^(hasCheckIn|hasWalk|hasPause|hasRedFlags) != 0 {
		return Entry{}, fmt.Errorf("unknown entry flags %#x", flags)
	}
	e := Entry{Kind: kind, At: r.time()}
	if flags&hasCheckIn != 0 {
		bits := r.byte()
		c := r.newCheckIn()
		*c = plan.CheckIn{
			Spread: bits&1 != 0, LimbAsked: bits&2 != 0, Limb: bits&4 != 0,
			At: r.offset(e.At), Leg: r.int(), Back: r.int(), Settled: plan.Settled(r.int()), WalkPeak: r.int(),
		}
		if bits&8 != 0 {
			c.ReportsOn = r.offset(e.At)
		}
		c.Rule = plan.RuleID(r.string())
		c.Code = r.string()
		if bits&^15 != 0 {
			r.fail(fmt.Errorf("unknown check-in bits %#x", bits))
		}
		e.CheckIn = c
	}
	if flags&hasWalk != 0 {
		bits := r.byte()
		e.Walk = r.newWalk()
		*e.Walk = plan.Walk{CutShort: bits&1 != 0, Skipped: bits&2 != 0,
			At: r.offset(e.At), Minutes: r.int(), Planned: r.int(), Peak: r.int()}
		if bits&^3 != 0 {
			r.fail(fmt.Errorf("unknown walk bits %#x", bits))
		}
	}
	if flags&hasPause != 0 {
		bits := r.byte()
		p := &Pause{Active: bits&1 != 0, Flare: bits&2 != 0, FollowUpsEnded: bits&4 != 0}
		if bits&8 != 0 {
			p.Since = r.offset(e.At)
		}
		if bits&16 != 0 {
			p.Until = r.offset(e.At)
		}
		p.Rule = plan.RuleID(r.string())
		p.Why = PauseWhy(r.string())
		if bits&^31 != 0 {
			r.fail(fmt.Errorf("unknown pause bits %#x", bits))
		}
		e.Pause = p
	}
	if flags&hasRedFlags != 0 {
		bits := r.byte()
		f := &RedFlagCheck{Urgent: bits&1 != 0, Doctor: bits&2 != 0}
		if bits&4 != 0 {
			f.At = r.offset(e.At)
		}
		if bits&8 != 0 {
			f.Item = int(r.uvarint())
		}
		if bits&^15 != 0 {
			r.fail(fmt.Errorf("unknown red-flag bits %#x", bits))
		}
		e.RedFlags = f
	}
	return e, r.err
}

// newCheckIn is a check-in from the slab, when there is one.
func (r *entryReader) newCheckIn() *plan.CheckIn {
	if cap(r.checkIns) == len(r.checkIns) {
		return new(plan.CheckIn)
	}
	r.checkIns = r.checkIns[:len(r.checkIns)+1]
	return &r.checkIns[len(r.checkIns)-1]
}

func (r *entryReader) newWalk() *plan.Walk {
	if cap(r.walks) == len(r.walks) {
		return new(plan.Walk)
	}
	r.walks = r.walks[:len(r.walks)+1]
	return &r.walks[len(r.walks)-1]
}

func (r *entryReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *entryReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.data) == 0 {
		r.fail(errShort)
		return 0
	}
	b := r.data[0]
	r.data = r.data[1:]
	return b
}

func (r *entryReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.data)
	if n <= 0 {
		r.fail(errShort)
		return 0
	}
	r.data = r.data[n:]
	return v
}

func (r *entryReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.data)
	if n <= 0 {
		r.fail(errShort)
		return 0
	}
	r.data = r.data[n:]
	return v
}

// int reads a small integer: the scores, minutes and codes of an entry.
func (r *entryReader) int() int {
	v := r.varint()
	if v < -1<<31 || v > 1<<31-1 {
		r.fail(fmt.Errorf("integer %d out of range", v))
		return 0
	}
	return int(v)
}

func (r *entryReader) string() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.data)) {
		r.fail(errShort)
		return ""
	}
	b := r.data[:n]
	r.data = r.data[n:]
	if len(b) == 0 {
		return ""
	}
	for _, s := range r.strs {
		if s == string(b) { // compares without allocating
			return s
		}
	}
	s := string(b)
	if r.strs != nil && len(r.strs) < maxReused {
		r.strs = append(r.strs, s)
	}
	return s
}

func (r *entryReader) time() time.Time {
	sec, nsec := r.varint(), r.uvarint()
	if r.err != nil {
		return time.Time{}
	}
	if nsec >= 1e9 {
		r.fail(fmt.Errorf("nanoseconds %d out of range", nsec))
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

// offset reads a time stored as its difference from base.
func (r *entryReader) offset(base time.Time) time.Time {
	sec, nsec := r.varint(), r.varint()
	if r.err != nil {
		return time.Time{}
	}
	if nsec <= -1e9 || nsec >= 1e9 {
		r.fail(fmt.Errorf("nanoseconds %d out of range", nsec))
		return time.Time{}
	}
	// time.Unix, not base.Add: a zero time is further from base than a
	// Duration reaches.
	return time.Unix(base.Unix()+sec, int64(base.Nanosecond())+nsec).UTC()
}

func appendTime(buf []byte, t time.Time) []byte {
	buf = binary.AppendVarint(buf, t.Unix())
	return binary.AppendUvarint(buf, uint64(t.Nanosecond()))
}

// appendOffset appends t as its difference from base, in whole seconds
// and the nanoseconds left, so that instants years apart still fit.
func appendOffset(buf []byte, base, t time.Time) []byte {
	sec := t.Unix() - base.Unix()
	nsec := int64(t.Nanosecond()) - int64(base.Nanosecond())
	buf = binary.AppendVarint(buf, sec)
	return binary.AppendVarint(buf, nsec)
}

func appendString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

// entriesFormat is the first byte of a stored sequence of entries.
const entriesFormat = 0x01

// AppendEntries appends entries as one stored sequence: a format byte,
// the count, and each entry with its length in front.
func AppendEntries(buf []byte, entries []Entry) ([]byte, error) {
	buf = append(buf, entriesFormat)
	buf = binary.AppendUvarint(buf, uint64(len(entries)))
	var one []byte
	for i := range entries {
		var err error
		if one, err = AppendEntry(one[:0], &entries[i]); err != nil {
			return buf, err
		}
		buf = binary.AppendUvarint(buf, uint64(len(one)))
		buf = append(buf, one...)
	}
	return buf, nil
}

// DecodeEntries reads a sequence written by AppendEntries.
func DecodeEntries(data []byte) ([]Entry, error) {
	stored, err := splitEntries(data)
	if err != nil {
		return nil, fmt.Errorf("decode %w", err)
	}
	if len(stored) == 0 {
		return nil, nil
	}
	out := make([]Entry, len(stored))
	r := entryReader{checkIns: make([]plan.CheckIn, 0, len(stored)), walks: make([]plan.Walk, 0, len(stored)), strs: make([]string, 0, maxReused)}
	for i, one := range stored {
		if out[i], err = r.decode(one); err != nil {
			return nil, fmt.Errorf("decode log entries: entry %d: %w", i, err)
		}
	}
	return out, nil
}

// splitEntries returns the stored entries of a sequence from
// AppendEntries without decoding them.
func splitEntries(data []byte) ([][]byte, error) {
	if len(data) == 0 {
		return nil, nil
	}
	r := entryReader{data: data}
	if f := r.byte(); r.err == nil && f != entriesFormat {
		return nil, fmt.Errorf("log entries: unknown format %#x", f)
	}
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.data)) {
		r.fail(fmt.Errorf("%d entries in %d bytes", n, len(r.data)))
	}
	if r.err != nil {
		return nil, fmt.Errorf("log entries: %w", r.err)
	}
	out := make([][]byte, 0, n)
	for i := range n {
		size := r.uvarint()
		if r.err == nil && size > uint64(len(r.data)) {
			r.fail(errShort)
		}
		if r.err != nil {
			return nil, fmt.Errorf("log entries: entry %d: %w", i, r.err)
		}
		out = append(out, r.data[:size])
		r.data = r.data[size:]
	}
	if len(r.data) != 0 {
		return nil, errors.New("log entries: trailing bytes")
	}
	return out, nil
}

// CheckEntries checks that data is a whole sequence from AppendEntries,
// without decoding its entries (cheap enough for every load), and says
// how many it holds.
func CheckEntries(data []byte) (int, error) {
	stored, err := splitEntries(data)
	return len(stored), err
}

// AppendToWindow adds entries to window, a sequence from AppendEntries,
// keeping the newest max: it returns the new sequence and the stored
// forms of the entries that no longer fit, oldest first. The entries
// already in window are moved as they are, not decoded.
func AppendToWindow(window []byte, add []Entry, keep int) (next []byte, evicted [][]byte, err error) {
	all, err := splitEntries(window)
	if err != nil {
		return nil, nil, err
	}
	for i := range add {
		e, err := AppendEntry(nil, &add[i])
		if err != nil {
			return nil, nil, err
		}
		all = append(all, e)
	}
	cut := max(0, len(all)-keep)
	next = append(next, entriesFormat)
	next = binary.AppendUvarint(next, uint64(len(all)-cut))
	for _, e := range all[cut:] {
		next = binary.AppendUvarint(next, uint64(len(e)))
		next = append(next, e...)
	}
	return next, all[:cut], nil
}
