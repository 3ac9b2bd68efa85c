package store_test

import (
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/store"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		url     string
		kind    string // "single", "cluster", "sentinel", or "" for an error
		wantErr string
	}{
		{"redis://127.0.0.1:6379/0", "single", ""},
		{"rediss://user:s3cret@redis.example:6380/1", "single", ""},
		{"redis://127.0.0.1:7000?addr=127.0.0.1:7001&addr=127.0.0.1:7002", "cluster", ""},
		{"redis://127.0.0.1:7000?cluster=true", "cluster", ""},
		{"redis://:s3cret@127.0.0.1:26379?master_name=mymaster&addr=127.0.0.1:26380", "sentinel", ""},
		{"http://127.0.0.1:6379", "", "scheme must be redis:// or rediss://"},
		{"redis://:s3cret@127.0.0.1:6379/notanumber", "", "redis url"},
		{"redis://:s3cret@127.0.0.1:6379?bogus=1", "", "redis url"},
		{"::not a url", "", "not a URL"},
	}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) {
			newClient, err := store.ParseURL(c.url)
			if c.kind == "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q", err, c.wantErr)
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Fatalf("password in error: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rdb := newClient()
			defer rdb.Close()
			kind := "single"
			switch rdb.(type) {
			case *redis.ClusterClient:
				kind = "cluster"
			case *redis.Client:
				if strings.Contains(c.url, "master_name") {
					kind = "sentinel" // a failover client is a *redis.Client
				}
			}
			if kind != c.kind {
				t.Fatalf("client %T is %s, want %s", rdb, kind, c.kind)
			}
		})
	}
}
