package profile

import (
	"encoding/binary"
	"fmt"
)

// DropNewest is window (AppendEntries' form) without its newest n
// entries: /undo's removal. Older entries that went to the list stay
// there; the window is only shorter until new entries fill it.
func DropNewest(window []byte, n int) ([]byte, error) {
	all, err := splitEntries(window)
	if err != nil {
		return nil, err
	}
	if n < 0 || n > len(all) {
		return nil, fmt.Errorf("drop %d of %d log entries", n, len(all))
	}
	keep := all[:len(all)-n]
	next := append([]byte{entriesFormat}, binary.AppendUvarint(nil, uint64(len(keep)))...)
	for _, e := range keep {
		next = binary.AppendUvarint(next, uint64(len(e)))
		next = append(next, e...)
	}
	return next, nil
}
