package rest

import (
	"io"
	"time"
)

// guardedDrain drains and closes a body that nothing has read under the
// body timeout yet (an error answer, a call without Out), closing it
// early if the server stalls it: WithTimeout bounds every body read, not
// only the decoding of a 2xx answer.
func guardedDrain(body io.ReadCloser, d time.Duration) {
	t := time.AfterFunc(d, func() { _ = body.Close() })
	drainAndClose(body)
	t.Stop()
}

// guardBody closes body if it is still being read after d; call the
// returned stop when done with it.
func guardBody(body io.Closer, d time.Duration) (stop func() bool) {
	return time.AfterFunc(d, func() { _ = body.Close() }).Stop
}
