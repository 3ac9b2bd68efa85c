package dialog

import (
	"fmt"
	"treadwell/messages"
)

// A flow is a conversation declared as data: its steps in order and what
// finishing it does. Each flow lives in a file of its own (checkin.go,
// onboarding.go, ...) and is listed in flows below; the step registry is
// built from those declarations. A step is a question (ask) or an action
// (do) that runs as soon as the conversation reaches it. Either returns
// an outcome that says where the conversation goes next, so no answer
// asks the next question itself.
type flowDef struct {
	name  flow
	steps []step
	// finish runs after the last step, or when a step's outcome says
	// so. Its outcome may start another flow (a flare logged by the walk
	// flow starts the red-flag check); the zero outcome ends the flow.
	finish func(t *turn) outcome
}

// step is one step of a flow.
type step struct {
	id stepID
	// ask is the question of a question step, nil for an action.
	ask *question
	// do runs an action step as soon as the conversation reaches it.
	do func(t *turn) outcome
	// pushes names the flow this action may push, so a state saved
	// before flows could push (see state.migrated) finds its way back.
	pushes flow
}

// outcome is where an answer (or an action) leads. The zero outcome
// goes on to the next step in the flow's order, or finishes the flow
// after its last step.
type outcome struct {
	refusal messages.Key // why the answer was not taken; ask again
	to      stepID       // go to this step of the flow
	again   bool         // ask the same step again, as a new question
	push    flow         // run this flow, then come back to the step after this one
	start   flow         // leave this flow and start that one
	finish  bool         // finish the flow now
	ended   bool         // the step ended the conversation itself (an urgent reply)
}

// The outcomes, by name.
func next() outcome                   { return outcome{} }
func goTo(id stepID) outcome          { return outcome{to: id} }
func askAgain() outcome               { return outcome{again: true} }
func pushFlow(f flow) outcome         { return outcome{push: f} }
func startFlow(f flow) outcome        { return outcome{start: f} }
func finishFlow() outcome             { return outcome{finish: true} }
func ended() outcome                  { return outcome{ended: true} }
func refuse(why messages.Key) outcome { return outcome{refusal: why} }

// frame is where a flow that pushed another one carries on: the step to
// enter ("" finishes it).
type frame struct {
	Flow flow   `json:"flow"`
	Step stepID `json:"step,omitempty"`
}

// flows are every flow of the engine.
var flows = registry(onboardFlow, checkInFlow, walkFlow, settingsFlow, deleteFlow,
	redFlagsFlow, resumeFlow, languageFlow, stopWhyFlow, undoFlow)

// flowRegistry finds flows by name and steps by flow and id.
type flowRegistry map[flow]*flowDef

func registry(defs ...*flowDef) flowRegistry {
	r := flowRegistry{}
	for _, d := range defs {
		if _, dup := r[d.name]; dup {
			panic(fmt.Sprintf("dialog: flow %q declared twice", d.name))
		}
		seen := map[stepID]bool{}
		for _, s := range d.steps {
			if seen[s.id] || (s.ask == nil) == (s.do == nil) {
				panic(fmt.Sprintf("dialog: flow %q: step %q repeated, or not exactly one of ask and do", d.name, s.id))
			}
			seen[s.id] = true
		}
		r[d.name] = d
	}
	return r
}

// index is the position of a step in a flow, -1 when it has none.
func (d *flowDef) index(id stepID) int {
	for i, s := range d.steps {
		if s.id == id {
			return i
		}
	}
	return -1
}

// current is the flow and step the conversation is at; ok is false when
// the state names none that exists (idle, or a state from an older
// version whose step is gone).
func (t *turn) current() (*flowDef, step, bool) {
	d := flows[t.st.Flow]
	if d == nil {
		return nil, step{}, false
	}
	i := d.index(t.st.Step)
	if i < 0 {
		return nil, step{}, false
	}
	return d, d.steps[i], true
}

// begin leaves any conversation and starts flow f at its first step, or
// at the step given.
func (t *turn) begin(f flow, at ...stepID) {
	t.endFlow()
	t.st.Flow = f
	t.beginHere(at...)
}

// beginHere starts the flow already set in the state, keeping the
// answers collected for it.
func (t *turn) beginHere(at ...stepID) {
	d := flows[t.st.Flow]
	if len(at) > 0 {
		t.enter(d, d.index(at[0]))
		return
	}
	t.enter(d, 0)
}

// enter brings the conversation to step i of d: a question is asked, an
// action runs and its outcome is followed. Past the last step the flow
// finishes.
func (t *turn) enter(d *flowDef, i int) {
	if i < 0 || i >= len(d.steps) {
		t.complete(d)
		return
	}
	s := d.steps[i]
	t.st.Flow, t.st.Step = d.name, s.id
	if s.ask != nil {
		t.st.Q++
		t.show()
		return
	}
	t.follow(d, i, s.do(t))
}

// follow takes the conversation where an outcome of step i of d says.
func (t *turn) follow(d *flowDef, i int, o outcome) {
	switch {
	case o.refusal != messages.Key{}:
		t.say(t.text(o.refusal))
		t.reask()
	case o.ended:
		t.endFlow()
	case o.again:
		t.enter(d, i)
	case o.to != "":
		t.enter(d, d.index(o.to))
	case o.push != "":
		ret := frame{Flow: d.name}
		if i+1 < len(d.steps) {
			ret.Step = d.steps[i+1].id
		}
		t.st.Return = append(t.st.Return, ret)
		t.enter(flows[o.push], 0)
	case o.start != "":
		t.begin(o.start)
	case o.finish:
		t.complete(d)
	default:
		t.enter(d, i+1)
	}
}

// complete finishes flow d: its finish runs, then the flow that pushed
// it, if any, carries on where it said, with the answers it had
// collected.
func (t *turn) complete(d *flowDef) {
	ret := t.st.Return
	o := next()
	if d.finish != nil {
		o = d.finish(t)
	}
	switch {
	case o.start != "":
		t.begin(o.start)
		return
	case len(ret) == 0 || o.ended:
		t.endFlow()
		return
	}
	top := ret[len(ret)-1]
	parent := flows[top.Flow]
	if parent == nil {
		t.endFlow()
		return
	}
	t.st.Flow, t.st.Step, t.st.RedFlag, t.st.Return = top.Flow, "", 0, ret[:len(ret)-1]
	if top.Step == "" {
		t.complete(parent)
		return
	}
	t.enter(parent, parent.index(top.Step))
}

// returning reports whether the current flow was pushed by another,
// which carries on after it.
func (t *turn) returning() bool { return len(t.st.Return) > 0 }

// inFlow reports whether the conversation is in flow f, or in a flow f
// pushed (the red-flag check of onboarding is still onboarding).
func (t *turn) inFlow(f flow) bool {
	if t.st.Flow == f && t.st.Step != "" {
		return true
	}
	for _, fr := range t.st.Return {
		if fr.Flow == f {
			return true
		}
	}
	return false
}
