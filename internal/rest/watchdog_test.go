package rest

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// closeCounter is a body that counts its closes.
type closeCounter struct{ n atomic.Int32 }

func (c *closeCounter) Close() error { c.n.Add(1); return nil }

func (w *watchdog) isArmed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.armed
}

func TestWatchdogClosesAStalledBody(t *testing.T) {
	t.Parallel()
	w := newWatchdog(20 * time.Millisecond)
	var x watch
	var body closeCounter
	w.begin(&x, &body)
	require.Eventually(t, func() bool { return body.n.Load() == 1 }, 5*time.Second, time.Millisecond)
	w.end(&x)
	assert.True(t, x.fired.Load(), "the watch says its body was closed for stalling")
	time.Sleep(100 * time.Millisecond) // ticks go on: the body is not closed again
	assert.EqualValues(t, 1, body.n.Load())
}

func TestWatchdogLeavesFinishedBodiesAlone(t *testing.T) {
	t.Parallel()
	w := newWatchdog(20 * time.Millisecond)
	bodies := make([]closeCounter, 200)
	var wg sync.WaitGroup
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var x watch
			w.begin(&x, &bodies[i])
			w.end(&x)
			assert.False(t, x.fired.Load())
		}()
	}
	wg.Wait()
	time.Sleep(150 * time.Millisecond) // several timeouts' worth of ticks
	for i := range bodies {
		assert.Zero(t, bodies[i].n.Load(), "body %d", i)
	}
}

func TestWatchdogStopsTickingWhenIdle(t *testing.T) {
	t.Parallel()
	w := newWatchdog(8 * time.Millisecond)
	assert.False(t, w.isArmed(), "no timer before the first watch")
	var x watch
	w.begin(&x, &closeCounter{})
	w.end(&x)
	assert.True(t, w.isArmed())
	require.Eventually(t, func() bool { return !w.isArmed() }, 5*time.Second, time.Millisecond,
		"the timer stops after a quiet tick")
	w.begin(&x, &closeCounter{}) // and starts again with the next watch
	assert.True(t, w.isArmed())
	w.end(&x)
}

// TestWatchdogReusesAWatch: an attempt's watch serves its decode, then the
// drain before a retry, then the next attempt.
func TestWatchdogReusesAWatch(t *testing.T) {
	t.Parallel()
	w := newWatchdog(20 * time.Millisecond)
	var x watch
	stalled := &closeCounter{}
	w.begin(&x, stalled)
	require.Eventually(t, func() bool { return stalled.n.Load() == 1 }, 5*time.Second, time.Millisecond)
	w.end(&x)
	assert.True(t, x.fired.Load())
	quick := &closeCounter{}
	w.begin(&x, quick)
	w.end(&x)
	assert.False(t, x.fired.Load(), "a new watch starts unfired")
	time.Sleep(100 * time.Millisecond)
	assert.Zero(t, quick.n.Load())
}

// TestStalledErrorBodyEndsWithinTimeout: the watchdog also bounds reading
// an error answer, which Do reads itself.
func TestStalledErrorBodyEndsWithinTimeout(t *testing.T) {
	t.Parallel()
	srv := newServer(t, stallAfter(t, http.StatusBadRequest, `{"error":`))
	c := newTestClient(t, srv, WithTimeout(50*time.Millisecond))
	done := make(chan error, 1)
	go func() {
		_, err := c.Do(t.Context(), &Call{Method: http.MethodGet, Path: "/stall"})
		done <- err
	}()
	select {
	case err := <-done:
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	case <-time.After(10 * time.Second):
		t.Fatal("a stalled error body held the call")
	}
}
