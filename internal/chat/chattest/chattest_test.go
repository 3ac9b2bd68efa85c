package chattest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"treadwell/internal/chat"
)

func TestScript(t *testing.T) {
	from := chat.Address{Platform: chat.Telegram, ChatID: "1", UserID: "2"}
	other := chat.Address{Platform: chat.Discord, ChatID: "9", UserID: "9"}
	h := New(Script{
		"/ask":  {{Text: "Q?", Buttons: [][]chat.Button{{{Label: "Yes", Data: "q:yes"}}}}, {To: other, Text: "elsewhere"}},
		"q:yes": {{Text: "yes"}},
	}.Reply)
	ctx := context.Background()
	outs, _ := h.Handle(ctx, chat.Incoming{From: from, Text: "/ask"})
	if len(outs) != 2 || outs[0].To != from || outs[0].Text != "Q?" || outs[1].To != other {
		t.Fatalf("/ask: %+v", outs)
	}
	if outs, _ := h.Handle(ctx, chat.Incoming{From: from, Data: "q:yes"}); len(outs) != 1 || outs[0].Text != "yes" {
		t.Fatalf("press: %+v", outs)
	}
	if outs, _ := h.Handle(ctx, chat.Incoming{From: from, Text: "unknown"}); outs != nil {
		t.Fatalf("unknown: %+v", outs)
	}
	if ins := h.WaitIncoming(t, 3); len(ins) != 3 || ins[1].Data != "q:yes" {
		t.Fatalf("incoming %+v", ins)
	}
}

func TestEcho(t *testing.T) {
	from := chat.Address{Platform: chat.Telegram, ChatID: "1", UserID: "2"}
	h := New(Echo)
	for in, want := range map[chat.Incoming]string{
		{From: from, Text: "/help"}: "got /help",
		{From: from, Data: "q:yes"}: "pressed q:yes",
	} {
		if outs, err := h.Handle(context.Background(), in); err != nil || len(outs) != 1 || outs[0].To != from || outs[0].Text != want {
			t.Fatalf("%+v: %+v %v", in, outs, err)
		}
	}
}

func TestAbilities(t *testing.T) {
	h := New(nil)
	menu := []chat.Command{{Name: "help", Description: "Help"}}
	h.SetCommands(menu)
	if got := h.Commands("de"); !reflect.DeepEqual(got, menu) || !reflect.DeepEqual(h.CommandLangs(), []string{"de"}) {
		t.Fatalf("commands %+v asked in %v", got, h.CommandLangs())
	}
	addr := chat.Address{Platform: chat.Telegram, ChatID: "1", UserID: "1"}
	boom := errors.New("boom")
	h.FailReachable(boom)
	if err := h.SetReachable(context.Background(), addr, false); err != boom {
		t.Fatalf("SetReachable: %v", err)
	}
	if got := h.WaitReaches(t, 1); !reflect.DeepEqual(got, []Reach{{Addr: addr}}) {
		t.Fatalf("reaches %+v", got)
	}
	p := h.Plain()
	if _, ok := p.(interface{ Commands(string) []chat.Command }); ok {
		t.Fatal("Plain has the command menu")
	}
	if _, ok := p.(interface {
		SetReachable(context.Context, chat.Address, bool) error
	}); ok {
		t.Fatal("Plain has reachability")
	}
	if outs, err := p.Handle(context.Background(), chat.Incoming{Text: "x"}); outs != nil || err != nil || len(h.Incoming()) != 1 {
		t.Fatalf("Plain.Handle: %+v %v; recorded %+v", outs, err, h.Incoming())
	}
}
