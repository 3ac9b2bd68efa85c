package dialog_test

import (
	"context"
	"testing"

	"treadwell/internal/chat"
	"treadwell/internal/store/redistest"
)

// BenchmarkCheckIn runs whole check-ins (five messages: /checkin, leg,
// back, walk pain, spread) against a real Redis server and reports
// messages per second and Redis round trips per message.
//
//	go test -run '^$' -bench CheckIn ./internal/dialog
func BenchmarkCheckIn(b *testing.B) {
	h := newHarnessWith(b, redistest.NewReal(b))
	p := h.person("bench")
	p.onboard()
	ctx := context.Background()
	send := func(in chat.Incoming) []chat.Outgoing {
		in.From, in.At = p.addr, h.clock.Now()
		out, err := h.engine.Handle(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		return out
	}
	press := func(out []chat.Outgoing, label string) []chat.Outgoing {
		for _, o := range out {
			for _, row := range o.Buttons {
				for _, btn := range row {
					if btn.Label == label {
						return send(chat.Incoming{Data: btn.Data})
					}
				}
			}
		}
		b.Fatalf("no button %q", label)
		return nil
	}
	const perCheckIn = 5
	h.trips.Reset()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.clock.Advance(day)
		out := send(chat.Incoming{Text: "/checkin"})
		out = press(out, "3")
		out = press(out, "2")
		out = press(out, "No walk yet")
		press(out, "No")
	}
	b.StopTimer()
	msgs := float64(b.N * perCheckIn)
	b.ReportMetric(msgs/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(h.trips.Count())/msgs, "roundtrips/msg")
}
