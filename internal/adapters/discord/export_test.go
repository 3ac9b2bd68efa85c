package discord

// LateDisconnect makes the adapter see the Disconnect event discordgo
// sends for a connection it has already closed (the second of two
// Closes), as it can arrive once the next connection is up.
func (a *Adapter) LateDisconnect() {
	a.mu.Lock()
	s := a.session
	a.mu.Unlock()
	a.disconnected(s)
}
