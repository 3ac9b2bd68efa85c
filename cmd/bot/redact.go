package main

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
)

// redactor hides secrets in text meant for people: errors, log lines and
// panics. It is the second line of defence: messages are written not to
// hold secrets in the first place, but a library's error may repeat a
// URL or a token.
type redactor struct {
	secrets []string // longest first, so that no part of one is left
}

// minSecret is the shortest value hidden: replacing shorter strings
// would garble every line, and they protect nothing anyway.
const minSecret = 4

// shown replaces a secret.
const shown = "xxxxx"

// newRedactor hides each of secrets and, in each URL of urls, the
// userinfo (user and password) and the values of query parameters that
// look like credentials (password=, sentinel_password=, token=, ...).
// The URLs need not parse.
func newRedactor(secrets, urls []string) *redactor {
	r := &redactor{}
	add := func(s string) {
		if len(s) < minSecret {
			return
		}
		for _, v := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if !slices.Contains(r.secrets, v) {
				r.secrets = append(r.secrets, v)
			}
		}
		if u, err := url.QueryUnescape(s); err == nil && u != s {
			r.secrets = append(r.secrets, u)
		}
	}
	for _, s := range secrets {
		add(s)
		// The part of a Telegram token after the colon, and the HMAC
		// of a Discord token, are the secret parts: hide them even
		// when printed alone or with the colon escaped.
		if i := strings.LastIndexAny(s, ":."); i >= 0 {
			add(s[i+1:])
		}
	}
	for _, raw := range urls {
		for _, s := range urlSecrets(raw) {
			add(s)
		}
	}
	slices.SortFunc(r.secrets, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return r
}

// urlSecrets returns the userinfo of raw (whole, user, password) and the
// values of its credential-like query parameters, as written. It works
// on strings, so a URL that does not parse is covered too.
func urlSecrets(raw string) []string {
	var out []string
	rest := raw
	if _, after, ok := strings.Cut(rest, "://"); ok {
		rest = after
	}
	authority := rest
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		info := authority[:i]
		user, pass, _ := strings.Cut(info, ":")
		out = append(out, info, pass)
		if user != "default" { // Redis's built-in user: hiding the word would garble lines
			out = append(out, user)
		}
	}
	if _, query, ok := strings.Cut(raw, "?"); ok {
		query, _, _ = strings.Cut(query, "#")
		for _, kv := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' }) {
			k, v, _ := strings.Cut(kv, "=")
			if name, err := url.QueryUnescape(k); err != nil || credentialKey(name) {
				out = append(out, v)
			}
		}
	}
	return out
}

// credentialKey: a query parameter whose value is a credential.
func credentialKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"pass", "secret", "token", "auth", "cred", "user", "key"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// Redact returns s with every secret replaced. A nil redactor hides
// nothing.
func (r *redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, shown)
	}
	return s
}

// wrap returns err, or when its text holds a secret, an error with the
// secret hidden that still unwraps to err (errors.Is keeps working).
func (r *redactor) wrap(err error) error {
	if err == nil {
		return nil
	}
	if msg := r.Redact(err.Error()); msg != err.Error() {
		return &redactedError{msg: msg, err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// attr is a slog ReplaceAttr function: it hides secrets in the message
// and in every attribute's value (strings, errors, anything printed).
func (r *redactor) attr(_ []string, a slog.Attr) slog.Attr {
	if r == nil || len(r.secrets) == 0 {
		return a
	}
	switch a.Value.Kind() {
	case slog.KindString:
		if s := r.Redact(a.Value.String()); s != a.Value.String() {
			a.Value = slog.StringValue(s)
		}
	case slog.KindAny:
		var text string
		switch v := a.Value.Any().(type) {
		case error:
			text = v.Error()
		case fmt.Stringer:
			text = v.String()
		default:
			text = fmt.Sprintf("%+v", v)
		}
		if s := r.Redact(text); s != text {
			a.Value = slog.StringValue(s)
		}
	}
	return a
}
