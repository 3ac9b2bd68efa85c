package discord

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// discordgo builds every REST URL from its package-wide endpoints
// (https://discord.com/api/v9/...). Changing those would change them
// for every session in the process, so the adapter's HTTP client
// rewrites its own requests instead.
var (
	discordHost = mustParse(discordgo.EndpointDiscord).Host
	gatewayPath = mustParse(discordgo.EndpointGateway).Path
)

func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return u
}

// httpClient is the HTTP client of Run's sessions: the configured one
// (default discordgo's: 20 seconds per request) through the adapter's
// pacer (pacing.go) and restTransport. Every session shares the pacer.
func (a *Adapter) httpClient() *http.Client {
	c := *a.baseClient()
	c.Transport = a.pacer
	return &c
}

func (a *Adapter) baseClient() *http.Client {
	if a.cfg.HTTPClient != nil {
		return a.cfg.HTTPClient
	}
	return &http.Client{Timeout: 20 * time.Second}
}

// newTransport is the pacer in front of restTransport in front of the
// configured client's transport.
func (a *Adapter) newTransport() *pacer {
	next := a.baseClient().Transport
	if next == nil {
		next = http.DefaultTransport
	}
	return newPacer(a.cfg.RateBudget, a.cfg.OnInvalidRequest, a.log, restTransport{base: a.apiURL, next: next})
}

// restTransport sends discordgo's requests to Discord to base instead
// (nil: Discord), keeping their paths under base's, and asks for the
// gateway with /gateway/bot where discordgo asks /gateway: that route is
// the one Discord documents for bots, and the one a Discord-compatible
// server has to answer. Requests to other hosts pass unchanged.
type restTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t restTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != discordHost {
		return t.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	if out.URL.Path == gatewayPath {
		out.URL.Path, out.URL.RawPath = gatewayPath+"/bot", ""
	}
	if t.base != nil {
		out.URL.Scheme, out.URL.Host, out.Host = t.base.Scheme, t.base.Host, ""
		if out.URL.RawPath != "" {
			out.URL.RawPath = strings.TrimSuffix(t.base.EscapedPath(), "/") + out.URL.RawPath
		}
		out.URL.Path = strings.TrimSuffix(t.base.Path, "/") + out.URL.Path
	}
	return t.next.RoundTrip(out)
}
