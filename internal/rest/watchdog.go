package rest

import (
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// watchdog closes response bodies that are still being read after the
// client's body timeout (WithTimeout), so that a server that sends headers
// and then stalls cannot hold a call without a context deadline forever.
//
// There is one per Client, with one timer for all of its calls. A timer per
// call (a time.AfterFunc, or Reset and Stop of a pooled one) is timer-heap
// work on every call, and the paired benchmarks showed it in the latency of
// loopback calls: arming a timer can wake an idle thread to watch it. The
// watchdog's timer instead ticks every quarter of the timeout while calls
// are reading, and stops after a quarter in which none began. A stalled
// body is closed between one and one and a quarter timeouts after its
// reading began.
type watchdog struct {
	period time.Duration

	mu    sync.Mutex
	timer *time.Timer // made by the first watch
	armed bool
	busy  bool   // a watch began since the last tick
	tick  uint64 // ticks since the watchdog was made
	head  *watch // the bodies being read
}

// watchTicks is the body timeout in ticks.
const watchTicks = 4

// watch is one body being read under the watchdog.
type watch struct {
	body       io.Closer
	since      uint64 // the tick during which the reading began
	prev, next *watch
	fired      atomic.Bool // the body was closed for stalling
}

func newWatchdog(timeout time.Duration) *watchdog {
	return &watchdog{period: max(timeout/watchTicks, time.Millisecond)}
}

// begin watches body until end(x). x must not be watched already.
func (w *watchdog) begin(x *watch, body io.Closer) {
	x.fired.Store(false)
	w.mu.Lock()
	x.body, x.since = body, w.tick
	x.prev, x.next = nil, w.head
	if w.head != nil {
		w.head.prev = x
	}
	w.head = x
	w.busy = true
	if !w.armed {
		w.armed = true
		if w.timer == nil {
			w.timer = time.AfterFunc(w.period, w.fire)
		} else {
			w.timer.Reset(w.period)
		}
	}
	w.mu.Unlock()
}

// end stops watching x; x.fired tells whether its body was closed for
// stalling.
func (w *watchdog) end(x *watch) {
	w.mu.Lock()
	w.unlink(x)
	w.mu.Unlock()
}

func (w *watchdog) unlink(x *watch) {
	switch {
	case x.prev != nil:
		x.prev.next = x.next
	case w.head == x:
		w.head = x.next
	default:
		return // not linked: fire has taken it out already
	}
	if x.next != nil {
		x.next.prev = x.prev
	}
	x.prev, x.next = nil, nil
}

// fire is the timer's tick: it closes the bodies watched for longer than
// the timeout, outside the lock, and keeps ticking while there is work.
func (w *watchdog) fire() {
	var stalled []io.Closer
	w.mu.Lock()
	w.tick++
	for x := w.head; x != nil; {
		next := x.next
		if w.tick-x.since > watchTicks {
			w.unlink(x)
			x.fired.Store(true) // before the close that makes its read fail
			stalled = append(stalled, x.body)
		}
		x = next
	}
	if w.head != nil || w.busy {
		w.timer.Reset(w.period)
	} else {
		w.armed = false
	}
	w.busy = false
	w.mu.Unlock()
	for _, body := range stalled {
		_ = body.Close()
	}
}

// drain drains and closes a body that nothing has read under the watchdog
// yet (an error answer, a call without Out), closing it early if the server
// stalls it: WithTimeout bounds every body read, not only the decoding of a
// 2xx answer.
func (w *watchdog) drain(x *watch, body io.ReadCloser) {
	w.begin(x, body)
	drainAndClose(body)
	w.end(x)
}
