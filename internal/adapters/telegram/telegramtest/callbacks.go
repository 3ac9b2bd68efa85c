package telegramtest

import "context"

// CallbackAnswers returns the callback query ids answered with
// answerCallbackQuery, in order.
func (s *Server) CallbackAnswers() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.answers...)
}

// answerCallbackQuery accepts each query issued by Press exactly once.
func (s *Server) answerCallbackQuery(_ context.Context, p params) (any, *apiError) {
	id := p.str("callback_query_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.queries[id] {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	delete(s.queries, id)
	s.answers = append(s.answers, id)
	s.notify()
	return true, nil
}
