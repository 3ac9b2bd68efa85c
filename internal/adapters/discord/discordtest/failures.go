package discordtest

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// failure is an injected error response.
type failure struct {
	status     int
	code       int
	message    string
	retryAfter float64
}

// FailNext makes the next n requests matching method and routePattern (as
// in Calls, e.g. "/channels/{id}/messages") get status with a Discord error
// body {"message":..., "code":...} instead of being handled. They still
// count in Calls. For 429 with retryAfter > 0 (seconds) the body is
// Discord's rate-limit body and the response carries Retry-After and the
// route's X-RateLimit-* headers, its bucket empty until retryAfter has
// passed: a request on it before then gets a 429 of the fake's own (see
// RouteRateLimits). discordgo by default sleeps and retries 429s, and
// re-sends 500, 502, 503 and 504 up to session.MaxRestRetries times.
func (s *Server) FailNext(method, routePattern string, n int, status int, code int, message string, retryAfter float64) {
	key := routeKey(method, routePattern)
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures[key] = append(s.failures[key], failure{status, code, message, retryAfter})
	}
}

// CloseDMs makes the user refuse DMs from the bot from now on: POST
// /channels/{dm}/messages to their DM channel gets 403 code 50007 "Cannot
// send messages to this user". Opening the DM channel still works, and
// interactions can still be answered, as on Discord.
func (s *Server) CloseDMs(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closedDMs[userID] = true
}

// NoMutualGuild makes the user share no server with the bot from now on
// (or turn off DMs from server members): POST /channels/{dm}/messages to
// their DM channel gets 403 code 50278 "Cannot send messages to this user
// due to having no mutual guilds". As with CloseDMs, opening the DM
// channel and answering interactions still work.
func (s *Server) NoMutualGuild(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noMutual[userID] = true
}

// Loss is how LoseResponses loses a response.
type Loss int

const (
	// Hang holds the response until the client gives up (its timeout),
	// then drops the connection unanswered.
	Hang Loss = iota + 1
	// Reset drops the connection at once, unanswered, as a connection
	// reset after the request reached Discord.
	Reset
)

// LoseResponses makes the next n requests matching method and
// routePattern (as in FailNext) be handled as usual, so a message is
// posted, but their responses lost as loss says: the client cannot tell
// whether Discord got the request. They queue behind the failures of
// FailNext, which come first, and count in Calls.
func (s *Server) LoseResponses(method, routePattern string, n int, loss Loss) {
	key := routeKey(method, routePattern)
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.losses[key] = append(s.losses[key], loss)
	}
}

// takeLoss pops the next loss for key. Call with s.mu held.
func (s *Server) takeLoss(key string) (Loss, bool) {
	queue := s.losses[key]
	if len(queue) == 0 {
		return 0, false
	}
	s.losses[key] = queue[1:]
	return queue[0], true
}

// SetUploadLimit makes requests whose attached files total more than n
// bytes fail with 413, code 40005 "Request entity too large", as Discord
// refuses files over a bot's upload limit (the text of such a request is
// not posted either). 0 removes the limit.
func (s *Server) SetUploadLimit(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.uploadLimit = n
}

func tooLarge() *apiError {
	return &apiError{status: http.StatusRequestEntityTooLarge, code: 40005, message: "Request entity too large"}
}

// takeFailure pops the next injected failure for key. Call with s.mu held.
func (s *Server) takeFailure(key string) (failure, bool) {
	queue := s.failures[key]
	if len(queue) == 0 {
		return failure{}, false
	}
	s.failures[key] = queue[1:]
	return queue[0], true
}

func (f failure) write(w http.ResponseWriter) {
	if f.status == http.StatusTooManyRequests && f.retryAfter > 0 {
		// The bucket headers are the route's, emptied until retry_after.
		h := w.Header()
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(f.retryAfter))))
		h.Set("X-RateLimit-Scope", "user")
		message := f.message
		if message == "" {
			message = "You are being rate limited."
		}
		body := map[string]any{"message": message, "retry_after": f.retryAfter, "global": false}
		if f.code != 0 {
			body["code"] = f.code
		}
		writeJSON(w, http.StatusTooManyRequests, body)
		return
	}
	message := f.message
	if message == "" {
		message = strconv.Itoa(f.status) + ": " + http.StatusText(f.status)
	}
	(&apiError{status: f.status, code: f.code, message: message}).write(w)
}

// apiError is a Discord error response: {"message", "code", "errors"?}.
type apiError struct {
	status  int
	code    int
	message string
	errors  map[string]any // field tree for 50035 Invalid Form Body
}

func (e *apiError) write(w http.ResponseWriter) {
	body := map[string]any{"message": e.message, "code": e.code}
	if e.errors != nil {
		body["errors"] = e.errors
	}
	writeJSON(w, e.status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func notFound() *apiError {
	return &apiError{status: http.StatusNotFound, code: 0, message: "404: Not Found"}
}

func unauthorized() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: 0, message: "401: Unauthorized"}
}

func unknown(code int, what string) *apiError {
	return &apiError{status: http.StatusNotFound, code: code, message: "Unknown " + what}
}

func badJSON() *apiError {
	return &apiError{status: http.StatusBadRequest, code: 50109, message: "The request body contains invalid JSON."}
}

func emptyMessage() *apiError {
	return &apiError{status: http.StatusBadRequest, code: 50006, message: "Cannot send an empty message"}
}

// invalidForm is 400 code 50035 with the error at path (dotted, e.g.
// "components.0.components.1.custom_id") in Discord's errors tree.
func invalidForm(path, errCode, message string) *apiError {
	leaf := map[string]any{"_errors": []any{map[string]any{"code": errCode, "message": message}}}
	parts := strings.Split(path, ".")
	tree := leaf
	for i := len(parts) - 1; i >= 0; i-- {
		tree = map[string]any{parts[i]: tree}
	}
	return &apiError{status: http.StatusBadRequest, code: 50035, message: "Invalid Form Body", errors: tree}
}

// AnswerElsewhere answers the interaction as another client would (a
// second replica handling the same event): with callback type typ, 5
// ("thinking") or 6 (deferred update of a button's message). The bot's
// own callback then gets 400 code 40060 "Interaction has already been
// acknowledged"; its edits and follow-ups work as after its own answer.
// Callback reports this answer. It fails the test when the interaction
// is unknown or answered already.
func (s *Server) AnswerElsewhere(interactionID string, typ int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.inters[interactionID]
	switch {
	case in == nil || in.acked:
		s.t.Fatalf("discordtest: AnswerElsewhere: interaction %s unknown or answered", interactionID)
	case typ == int(discordgo.InteractionResponseDeferredChannelMessageWithSource):
		m := s.newBotMessage(in.channelID, in.guildID)
		m.inter = in
		m.flags = flagLoading
		if in.guildID != "" || in.private {
			m.flags |= flagEphemeral
		}
		s.messages[m.id] = m
		in.original, in.pendingDefer = m.id, true
	case typ == int(discordgo.InteractionResponseDeferredMessageUpdate) && in.message != "":
		in.original = in.message
	default:
		s.t.Fatalf("discordtest: AnswerElsewhere: callback type %d", typ)
	}
	in.acked, in.callbackType, in.callbackAt = true, typ, time.Since(in.dispatched)
}
