package main

import (
	"errors"
	"strings"
	"testing"
)

func TestRedactor(t *testing.T) {
	cases := []struct {
		name          string
		secrets, urls []string
		in            string
		hidden        []string // must not be in the output
		kept          []string // must still be there
	}{
		{"token and its secret part", []string{fakeTelegramToken}, nil,
			"post https://api.telegram.org/bot" + fakeTelegramToken + "/getMe; escaped 123456789%3AAAHtgSECRETtgSECRETtgSECRETtgSECRET",
			[]string{"tgSECRET"}, []string{"https://api.telegram.org/bot", "/getMe"}},
		{"discord hmac alone", []string{fakeDiscordToken}, nil,
			"signature dcSECRETdcSECRETdcSECRETdcSECRETdcSEC", []string{"dcSECRET"}, []string{"signature"}},
		{"userinfo", nil, []string{"rediss://rdUSER:rdPASSWORD@h:6380/0"},
			"redis at rediss://rdUSER:rdPASSWORD@h:6380/0 (user rdUSER)", []string{"rdUSER", "rdPASSWORD"}, []string{"rediss://", "@h:6380/0"}},
		{"escaped password", nil, []string{"redis://:rd%40PASSWORD@h"},
			"password rd@PASSWORD or rd%40PASSWORD", []string{"PASSWORD"}, []string{"password"}},
		{"username alone may be a password", nil, []string{"redis://rdPASSWORD@h"},
			"auth rdPASSWORD failed", []string{"rdPASSWORD"}, []string{"auth", "failed"}},
		{"the default user stays", nil, []string{"redis://default:rdPASSWORD@h"},
			"user default, the default setting", []string{}, []string{"user default, the default setting"}},
		{"query credentials", nil, []string{"redis://h?master_name=mymaster&password=rdPASSWORD&sentinel_password=rdSENTINEL&dial_timeout=3s"},
			"redis://h?master_name=mymaster&password=rdPASSWORD&sentinel_password=rdSENTINEL&dial_timeout=3s",
			[]string{"rdPASSWORD", "rdSENTINEL"}, []string{"master_name=mymaster", "dial_timeout=3s"}},
		{"an unparsable URL", nil, []string{"https://apiUSER:apiPASS%zz@h/?token=apiTOKEN"},
			"https://apiUSER:apiPASS%zz@h/?token=apiTOKEN", []string{"apiUSER", "apiPASS", "apiTOKEN"}, []string{"https://"}},
		{"short values garble nothing", []string{"abc"}, []string{"redis://:pw@h"},
			"abc pw", nil, []string{"abc pw"}},
		{"nothing to hide", nil, []string{"", "https://api.telegram.org"},
			"https://api.telegram.org", nil, []string{"https://api.telegram.org"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRedactor(c.secrets, c.urls)
			got := r.Redact(c.in)
			for _, h := range c.hidden {
				if strings.Contains(got, h) {
					t.Errorf("%q shows %q", got, h)
				}
			}
			for _, k := range c.kept {
				if !strings.Contains(got, k) {
					t.Errorf("%q lost %q", got, k)
				}
			}
		})
	}
}

// A wrapped error hides the secret and still matches what it wraps.
func TestRedactor_wrap(t *testing.T) {
	r := newRedactor([]string{fakeWebhookSecret}, nil)
	base := errors.New("refused " + fakeWebhookSecret)
	err := r.wrap(base)
	if strings.Contains(err.Error(), "whSECRET") || !errors.Is(err, base) {
		t.Fatalf("wrap = %q, errors.Is %v", err, errors.Is(err, base))
	}
	plain := errors.New("nothing secret")
	if r.wrap(plain) != plain || r.wrap(nil) != nil {
		t.Fatal("wrap changed an error without a secret")
	}
	var none *redactor
	if none.Redact("x") != "x" {
		t.Fatal("a nil redactor changed text")
	}
}
