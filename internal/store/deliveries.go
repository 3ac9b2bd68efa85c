package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// The delivery log: what became of each person's last due reminders
// (sent, or why not), for /why. A list per person in the profile's hash
// slot, newest first:
//
//	<prefix>:{p:<id>}:deliveries  list of "<kind>|<due ms>|<reason>|<at ms>"
//
// capped at DeliveryCap entries and gone DeliveryKept after the last
// was written. The dispatcher writes it with the record of a send's
// end (EndSends) or, for a reminder not sent, beside its completion
// (Finish): no round trip of its own.

// DeliveryCap is how many entries a person's delivery log keeps.
const DeliveryCap = 20

// DeliveryKept is how long a delivery log lives after its last entry.
const DeliveryKept = 30 * 24 * time.Hour

func (s *Store) deliveriesKey(id string) string {
	return s.opts.Prefix + ":{p:" + id + "}:deliveries"
}

func encodeDelivery(d due.Delivery) string {
	return string(d.Kind) + "|" + strconv.FormatInt(ms(d.Due), 10) + "|" + string(d.Reason) + "|" + strconv.FormatInt(ms(d.At), 10)
}

func decodeDelivery(v string) (due.Delivery, error) {
	f := strings.Split(v, "|")
	if len(f) != 4 || f[0] == "" || f[2] == "" {
		return due.Delivery{}, fmt.Errorf("delivery entry %q: want kind|due|reason|at", v)
	}
	dueMS, err1 := strconv.ParseInt(f[1], 10, 64)
	atMS, err2 := strconv.ParseInt(f[3], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return due.Delivery{}, fmt.Errorf("delivery entry %q: %w", v, err)
	}
	return due.Delivery{Kind: due.Kind(f[0]), Due: time.UnixMilli(dueMS), Reason: due.Reason(f[2]), At: time.UnixMilli(atMS)}, nil
}

// RecordDelivery appends d to profileID's delivery log (one round trip),
// unless the profile is gone. The dispatcher does not need it: its
// entries go with EndSends and Finish.
func (s *Store) RecordDelivery(ctx context.Context, profileID string, d due.Delivery) error {
	c := due.Claim{ProfileID: profileID, Kind: d.Kind, Due: d.Due}
	cmds, err := s.runScripts(ctx, []scriptCall{s.endSendCall(c, "", d)})
	if err == nil {
		err = cmds[0].Err()
	}
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("store: record delivery %s: %w", profile.LogID(profileID), err)
	}
	return nil
}

// Deliveries returns profileID's delivery log, newest first (none when
// nothing was logged in the last DeliveryKept).
func (s *Store) Deliveries(ctx context.Context, profileID string) ([]due.Delivery, error) {
	vals, err := s.rdb.LRange(ctx, s.deliveriesKey(profileID), 0, DeliveryCap-1).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("store: deliveries %s: %w", profile.LogID(profileID), err)
	}
	if len(vals) == 0 {
		return nil, nil
	}
	out := make([]due.Delivery, 0, len(vals))
	for _, v := range vals {
		d, err := decodeDelivery(v)
		if err != nil {
			return nil, fmt.Errorf("store: deliveries %s: %w", profile.LogID(profileID), err)
		}
		out = append(out, d)
	}
	return out, nil
}
