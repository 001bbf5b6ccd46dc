package rest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// DecodeError is a 2xx answer whose body is not the JSON the call expects
// (an HTML page from a captive proxy, a changed schema). It is not retried.
type DecodeError struct {
	StatusCode int
	Err        error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("decoding %d response: %v", e.StatusCode, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// bodyError is a body that broke off mid-read; idempotent calls retry it.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return "reading response body: " + e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }

// errBodyStalled is a body that did not arrive within the body timeout.
type errBodyStalled struct{ d time.Duration }

func (e errBodyStalled) Error() string {
	return fmt.Sprintf("response body not received within %s (see WithTimeout)", e.d)
}

func (e errBodyStalled) Is(target error) bool { return target == context.DeadlineExceeded }

// cappedReader fails with ResponseTooLargeError once more than limit bytes
// have been read.
type cappedReader struct {
	r     io.Reader
	left  int64
	limit int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, &ResponseTooLargeError{Limit: c.limit}
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, &ResponseTooLargeError{Limit: c.limit}
	}
	return n, err
}

// bodyBuffers hold 2xx bodies while they are decoded (see decode).
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps the buffer of an unusually large answer from
// staying in the pool after its call.
const maxPooledBuffer = 1 << 20

func putBodyBuffer(b *bytes.Buffer) {
	if poisonBuffers.Load() {
		poison(b)
	}
	if b.Cap() <= maxPooledBuffer {
		bodyBuffers.Put(b)
	}
}

// poisonBuffers makes every decode overwrite its buffer once it is done.
var poisonBuffers atomic.Bool

// PoisonBodyBuffers, for tests, makes the client overwrite each body buffer
// with '#' as soon as the answer is decoded, so that a decoder that kept a
// slice of the body instead of copying it hands back '#'s and the tests that
// check decoded values fail. Every vendor package's TestMain turns it on.
func PoisonBodyBuffers(on bool) { poisonBuffers.Store(on) }

func poison(b *bytes.Buffer) {
	full := b.Bytes()
	full = full[:cap(full)] // the answer and whatever the buffer held before it
	for i := range full {
		full[i] = '#'
	}
}

// drainBuffers backs drainAndClose without an allocation per call.
var drainBuffers = sync.Pool{New: func() any { b := make([]byte, 4<<10); return &b }}

// drainAndClose reads what is left of a body (up to 64 KiB) so the
// connection can be reused, then closes it.
func drainAndClose(body io.ReadCloser) {
	buf := drainBuffers.Get().(*[]byte)
	for left := 64 << 10; left > 0; {
		n, err := body.Read(*buf)
		left -= n
		if err != nil {
			break
		}
	}
	drainBuffers.Put(buf)
	_ = body.Close()
}
