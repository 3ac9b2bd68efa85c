package telegram

import (
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	tele "gopkg.in/telebot.v3"
)

// longPoller asks getUpdates in a loop. Unlike telebot's LongPoller it
// backs off when the server fails instead of asking again at once.
type longPoller struct {
	timeout    time.Duration
	maxBackoff time.Duration
	log        *slog.Logger
	offset     int
}

// Poll implements tele.Poller.
func (p *longPoller) Poll(b *tele.Bot, dest chan tele.Update, stop chan struct{}) {
	allowed, _ := json.Marshal(allowedUpdates)
	backoff := time.Second
	for {
		select {
		case <-stop:
			return
		default:
		}
		data, err := b.Raw("getUpdates", map[string]string{
			"offset":          strconv.Itoa(p.offset),
			"timeout":         strconv.Itoa(int(p.timeout / time.Second)),
			"allowed_updates": string(allowed),
		})
		var resp struct{ Result []tele.Update }
		if err == nil {
			err = json.Unmarshal(data, &resp)
		}
		if err != nil {
			select {
			case <-stop:
				return
			default:
			}
			p.log.Warn("getUpdates failed; retrying", "in", backoff, "err", redact(err, b.Token))
			select {
			case <-stop:
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, p.maxBackoff)
			continue
		}
		backoff = time.Second
		for _, u := range resp.Result {
			p.offset = u.ID + 1
			select {
			case dest <- u:
			case <-stop:
				return
			}
		}
	}
}
