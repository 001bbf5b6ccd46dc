package fake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/jarcoal/httpmock"
)

// ErrDropped is the transport error a request gets in process (Responder)
// where a listening server would close the connection: a Drop or
// DropAfterApply fault fails the round trip with it, and a Truncate fault
// ends the body with it after half. It wraps io.ErrUnexpectedEOF.
var ErrDropped = fmt.Errorf("fake: connection closed without a complete answer: %w", io.ErrUnexpectedEOF)

// Responder serves requests in process, without a listener, through the
// same handler the server listens with: the same state, credentials, faults
// and request log. It is an httpmock.Responder, for tests that mock a
// client's transport with httpmock:
//
//	httpmock.RegisterNoResponder(srv.Responder())
//
// Faults behave as on the wire: Delay and StallAfterHeaders wait (ending
// early with the request's context); Drop, DropAfterApply and Truncate
// fail with ErrDropped, as a transport error of the round trip (Drop,
// DropAfterApply) or of reading the body (Truncate).
func (s *Server) Responder() httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		w := &inProcessWriter{header: http.Header{}, req: r, headersSent: make(chan struct{})}
		w.body.ready = make(chan struct{}, 1)
		w.body.ctx = r.Context()
		// The handler's context also ends when the client closes the body,
		// as a server's does when the client hangs up.
		ctx, cancel := context.WithCancel(r.Context())
		w.body.hangUp = cancel
		go func() {
			defer cancel()
			w.serve(s.Config.Handler, serverSide(ctx, r))
		}()
		select {
		case <-w.headersSent:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
		if w.err != nil {
			return nil, w.err
		}
		return w.resp, nil
	}
}

// serverSide is r as a server's handler sees it, under ctx: a body that can
// be read (even for a GET), RequestURI and Host set.
func serverSide(ctx context.Context, r *http.Request) *http.Request {
	in := r.Clone(ctx)
	in.Body = http.NoBody
	if r.Body != nil {
		in.Body = r.Body
	}
	in.RequestURI = r.URL.RequestURI()
	if in.Host == "" {
		in.Host = r.URL.Host
	}
	in.RemoteAddr = "127.0.0.1:1"
	return in
}

// inProcessWriter is an http.ResponseWriter whose answer is handed to the
// caller as soon as the headers are sent (a Write, a Flush or the end of
// the handler), with a body that arrives as the handler writes it.
type inProcessWriter struct {
	header      http.Header
	req         *http.Request
	status      int
	once        sync.Once
	headersSent chan struct{}
	resp        *http.Response // set before headersSent is closed
	err         error          // set instead of resp
	body        streamBody
}

func (w *inProcessWriter) Header() http.Header { return w.header }

func (w *inProcessWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *inProcessWriter) Write(p []byte) (int, error) {
	w.sendHeaders()
	return w.body.write(p)
}

func (w *inProcessWriter) Flush() { w.sendHeaders() }

func (w *inProcessWriter) sendHeaders() {
	w.once.Do(func() {
		if w.status == 0 {
			w.status = http.StatusOK
		}
		length := int64(-1)
		if n, err := strconv.ParseInt(w.header.Get("Content-Length"), 10, 64); err == nil {
			length = n
		}
		w.resp = &http.Response{
			Status: fmt.Sprintf("%d %s", w.status, http.StatusText(w.status)), StatusCode: w.status,
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: w.header.Clone(), Body: &w.body, ContentLength: length, Request: w.req,
		}
		close(w.headersSent)
	})
}

// serve runs h, turning the connection drops of faults (a panic with
// http.ErrAbortHandler, as net/http's server takes it) into ErrDropped.
func (w *inProcessWriter) serve(h http.Handler, r *http.Request) {
	defer func() {
		v := recover()
		if v == nil {
			w.sendHeaders()
			w.body.close(nil)
			return
		}
		err := ErrDropped
		if v != http.ErrAbortHandler {
			err = fmt.Errorf("fake: the handler panicked: %v", v)
		}
		w.once.Do(func() { w.err = err; close(w.headersSent) })
		w.body.close(err)
	}()
	h.ServeHTTP(w, r)
}

// streamBody is a response body the handler writes to without blocking and
// the caller reads from as it grows; reading ends with the request's
// context.
type streamBody struct {
	ctx    context.Context
	mu     sync.Mutex
	buf    bytes.Buffer
	done   bool
	err    error         // the end of the body: nil for io.EOF
	ready  chan struct{} // signalled after each write and at the end
	closed bool          // closed by the caller
	hangUp func()        // ends the handler's context
}

func (b *streamBody) write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, errors.New("fake: body closed by the client")
	}
	b.buf.Write(p)
	b.signal()
	return len(p), nil
}

func (b *streamBody) close(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done, b.err = true, err
	b.signal()
}

func (b *streamBody) signal() {
	select {
	case b.ready <- struct{}{}:
	default:
	}
}

func (b *streamBody) Read(p []byte) (int, error) {
	for {
		b.mu.Lock()
		switch {
		case b.buf.Len() > 0:
			n, _ := b.buf.Read(p)
			b.mu.Unlock()
			return n, nil
		case b.done && b.err != nil:
			b.mu.Unlock()
			return 0, b.err
		case b.done:
			b.mu.Unlock()
			return 0, io.EOF
		}
		b.mu.Unlock()
		select {
		case <-b.ready:
		case <-b.ctx.Done():
			return 0, b.ctx.Err()
		}
	}
}

func (b *streamBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	b.hangUp()
	return nil
}
