package rest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
)

// fastRetries keeps retry tests quick.
var fastRetries = profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}

// jsonMessageParser reads {"message": "...", "code": "..."} error bodies.
func jsonMessageParser(e *profiles.APIError, _ http.Header, body []byte) {
	var v struct{ Message, Code string }
	if json.Unmarshal(body, &v) == nil {
		e.Message, e.Code = v.Message, v.Code
	}
}

// newTestClient builds a client for srv with a bearer token and fast
// retries; extra options come last so they win.
func newTestClient(t *testing.T, srv *httptest.Server, opts ...profiles.Option) *Client {
	t.Helper()
	cfg := Config{Vendor: "test", DefaultBaseURL: srv.URL, Auth: Bearer("s3cr3t-token"), ParseError: jsonMessageParser, RequestIDHeader: "X-Request-Id"}
	c, err := New(cfg, append([]profiles.Option{profiles.WithRetryPolicy(fastRetries)}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// newServer starts an httptest server closed at the end of the test.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// counter counts requests reaching a handler.
type counter struct{ n atomic.Int32 }

func (c *counter) wrap(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c.n.Add(1)
		h(w, r)
	}
}

func (c *counter) count() int { return int(c.n.Load()) }

// hangUp closes the connection without answering.
func hangUp(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func assertNoSecret(t *testing.T, where, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s reveals secret %q: %s", where, s, text)
		}
	}
}

// stallAfter answers with status and the start of a body, then sends
// nothing more until the client hangs up or the test ends.
func stallAfter(t *testing.T, status int, start string) http.HandlerFunc {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		w.Write([]byte(start))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
}
