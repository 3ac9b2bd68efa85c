package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestScheduleCommand(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--tz", "Europe/Berlin", "--at", "02:30", "--from", "2026-03-27T12:00:00Z", "--count", "3"},
			"2026-03-28T02:30:00+01:00\n2026-03-29T03:00:00+02:00\n2026-03-30T02:30:00+02:00\n"},
		{[]string{"--tz", "New York", "--at", "7:30am", "--days", "mon-fri", "--from", "2026-11-06T20:00:00Z", "--count", "2"},
			"2026-11-09T07:30:00-05:00\n2026-11-10T07:30:00-05:00\n"},
		{[]string{"--tz", "UTC+5:30", "--at", "06:00", "--from", "2026-01-01T00:00:00Z", "--count", "1"},
			"2026-01-01T06:00:00+05:30\n"},
	}
	for _, c := range cases {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append([]string{"schedule"}, c.args...), strings.NewReader(""), &out, &errOut, env(nil))
		if code != 0 || out.String() != c.want {
			t.Errorf("schedule %v: exit %d\n%s\nwant\n%s\nstderr: %s", c.args, code, out.String(), c.want, errOut.String())
		}
	}
	// Five by default, from now.
	var out bytes.Buffer
	if code := runSchedule([]string{"--tz", "UTC", "--at", "12:00"}, time.Date(2026, 1, 1, 13, 0, 0, 0, time.UTC), &out, &bytes.Buffer{}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if got := strings.Fields(out.String()); len(got) != 5 || got[0] != "2026-01-02T12:00:00Z" {
		t.Fatalf("default = %v", got)
	}
}

func TestScheduleCommandRefusesBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"--at", "07:30"},
		{"--tz", "Narnia", "--at", "07:30"},
		{"--tz", "UTC", "--at", "25:00"},
		{"--tz", "UTC", "--at", "07:30", "--days", "someday"},
		{"--tz", "UTC", "--at", "07:30", "--from", "yesterday"},
		{"--tz", "UTC", "--at", "07:30", "--count", "0"},
	} {
		var out, errOut bytes.Buffer
		if code := runSchedule(args, time.Now(), &out, &errOut); code != 2 || errOut.Len() == 0 || out.Len() != 0 {
			t.Errorf("schedule %v: exit %d, stdout %q, stderr %q", args, code, out.String(), errOut.String())
		}
	}
}
