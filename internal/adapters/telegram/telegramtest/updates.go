package telegramtest

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// maxPollWait caps getUpdates' long-poll timeout so tests stay quick.
const maxPollWait = 2 * time.Second

type queued struct {
	id   int
	kind string
	body json.RawMessage // snapshot taken when queued
}

// enqueue assigns the next update_id and queues u. Call with s.mu held.
func (s *Server) enqueue(u wireUpdate) {
	s.lastUpd++
	u.UpdateID = s.lastUpd
	body, err := json.Marshal(u)
	if err != nil {
		panic("telegramtest: " + err.Error())
	}
	s.queue = append(s.queue, queued{id: u.UpdateID, kind: u.kind(), body: body})
	s.notify()
}

// getUpdates serves long polling: it confirms updates below offset, then
// returns up to limit pending ones, waiting up to timeout seconds (capped at
// maxPollWait) for the first one to arrive.
func (s *Server) getUpdates(ctx context.Context, p params) (any, *apiError) {
	offset, _ := p.integer("offset")
	limit := 100
	if n, ok := p.integer("limit"); ok && n >= 1 && n < 100 {
		limit = int(n)
	}
	timeout, _ := p.integer("timeout")
	wait := min(time.Duration(max(timeout, 0))*time.Second, maxPollWait)
	var allowed []string
	setAllowed, err := p.object("allowed_updates", &allowed)
	if err != nil {
		return nil, badRequest("can't parse allowed updates")
	}

	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if s.hook.url != "" {
			s.mu.Unlock()
			return nil, &apiError{Code: http.StatusConflict, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
		}
		if setAllowed {
			s.setAllowed(allowed)
		}
		s.confirm(offset)
		batch := s.pending(limit)
		changed := s.changed
		s.mu.Unlock()

		if len(batch) > 0 {
			out := make([]json.RawMessage, len(batch))
			for i, q := range batch {
				out[i] = q.body
			}
			return out, nil
		}
		select {
		case <-changed:
		case <-timer.C:
			return []json.RawMessage{}, nil
		case <-ctx.Done():
			return []json.RawMessage{}, nil
		case <-s.ctx.Done():
			return []json.RawMessage{}, nil
		}
	}
}

// confirm forgets updates below offset; a negative offset keeps only the
// last -offset updates. Call with s.mu held.
func (s *Server) confirm(offset int64) {
	if offset < 0 {
		if n := int(-offset); len(s.queue) > n {
			s.queue = s.queue[len(s.queue)-n:]
		}
		return
	}
	i := 0
	for i < len(s.queue) && int64(s.queue[i].id) < offset {
		i++
	}
	s.queue = s.queue[i:]
}

// pending drops queued updates of kinds not allowed and returns up to limit
// of the rest, oldest first. Call with s.mu held.
func (s *Server) pending(limit int) []queued {
	kept := s.queue[:0:0]
	for _, q := range s.queue {
		if s.allows(q.kind) {
			kept = append(kept, q)
		}
	}
	s.queue = kept
	return kept[:min(limit, len(kept)):min(limit, len(kept))]
}

// setAllowed records allowed_updates; like Telegram, an empty list means the
// default set. Call with s.mu held.
func (s *Server) setAllowed(kinds []string) {
	s.allowed = nil
	if len(kinds) > 0 {
		s.allowed = map[string]bool{}
		for _, k := range kinds {
			s.allowed[k] = true
		}
	}
}

func (s *Server) allows(kind string) bool {
	if s.allowed == nil { // Telegram's default leaves these out
		return kind != "chat_member" && kind != "message_reaction" && kind != "message_reaction_count"
	}
	return s.allowed[kind]
}
