package rest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/fake"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newTLSServer starts an HTTP/2-capable TLS server on loopback, which the
// SDK's default transport trusts (see TestMain).
func newTLSServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// protocols runs a scenario over HTTP/1 (plain loopback) and HTTP/2 (TLS on
// loopback), both through the SDK's default transport.
func protocols(t *testing.T, h http.HandlerFunc, run func(t *testing.T, srv *httptest.Server, proto string)) {
	t.Run("HTTP/1", func(t *testing.T) {
		t.Parallel()
		run(t, newServer(t, h), "HTTP/1.1")
	})
	t.Run("HTTP/2", func(t *testing.T) {
		t.Parallel()
		run(t, newTLSServer(t, h), "HTTP/2.0")
	})
}

func movePoints() *Call {
	return &Call{Operation: "AddPoints", Method: http.MethodPut, Route: "/points/{id}", Args: []any{7},
		Body: map[string]int{"value": 10}, Safety: MovesValue, Out: &struct{ ID int }{}}
}

// A server that reads a value-moving PUT whole and resets the stream with
// PROTOCOL_ERROR: Go's HTTP/2 transport resends such a request on its own
// when it can rewind the body. The SDK's requests cannot be rewound, so the
// server sees one request and the call reports an unknown outcome.
func TestValueMovingCallNotReplayedAfterHTTP2Reset(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"sdk default", "caller's WithHTTPClient"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			srv := fake.NewScriptedH2(t, fake.H2Step{Reset: 1}, fake.H2Step{Body: `{"ID": 7}`})
			var opts []profiles.Option
			if transport != "sdk default" {
				tr := NewDefaultTransport()
				t.Cleanup(tr.CloseIdleConnections)
				opts = append(opts, profiles.WithHTTPClient(&http.Client{Transport: tr}))
			}
			c := newTestClient(t, &httptest.Server{URL: srv.URL}, opts...)
			_, err := c.Do(context.Background(), movePoints(), profiles.WithHeader("Idempotency-Key", "k-1"))
			require.Error(t, err)
			assert.ErrorIs(t, err, profiles.ErrOutcomeUnknown)
			assert.Equal(t, 1, srv.Requests(), "the PUT must reach the server once")
		})
	}
}

// An idempotent GET may be sent again after the same reset.
func TestIdempotentCallMayBeResentAfterHTTP2Reset(t *testing.T) {
	t.Parallel()
	srv := fake.NewScriptedH2(t, fake.H2Step{Reset: 1}, fake.H2Step{Body: `{"ID": 7}`})
	c := newTestClient(t, &httptest.Server{URL: srv.URL})
	var out struct{ ID int }
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x", Out: &out})
	require.NoError(t, err)
	assert.Equal(t, 7, out.ID)
}

// HTTP/1: the server reads the PUT whole on a reused connection and hangs
// up. net/http resends a replayable request on a fresh connection; the
// SDK's value-moving requests are not replayable, even with an
// Idempotency-Key header.
func TestValueMovingCallNotReplayedAfterHTTP1HangUp(t *testing.T) {
	t.Parallel()
	var puts atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			io.Copy(io.Discard, r.Body)
			if puts.Add(1) == 1 {
				hangUp(w)
				return
			}
		}
		w.Write([]byte(`{"ID": 7}`))
	})
	c := newTestClient(t, srv)
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/warm", Out: &struct{}{}})
	require.NoError(t, err, "a first call leaves a connection to reuse")
	_, err = c.Do(context.Background(), movePoints(), profiles.WithHeader("Idempotency-Key", "k-1"))
	require.Error(t, err)
	assert.ErrorIs(t, err, profiles.ErrOutcomeUnknown)
	assert.Contains(t, err.Error(), "reconcile before trying again")
	assert.EqualValues(t, 1, puts.Load())
}

// WithTimeout bounds the wait for the answer's headers with an error that
// matches context.DeadlineExceeded on both protocols, with the SDK's
// transport and with the caller's own client.
func TestHeaderTimeoutIsADeadlineOnEveryProtocol(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	hang := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
	protocols(t, hang, func(t *testing.T, srv *httptest.Server, _ string) {
		for _, own := range []bool{false, true} {
			var opts []profiles.Option
			if own {
				opts = append(opts, profiles.WithHTTPClient(srv.Client()))
			}
			opts = append(opts, profiles.WithTimeout(50*time.Millisecond), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
			c := newTestClient(t, srv, opts...)
			_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/slow", Out: &struct{}{}})
			require.Error(t, err)
			assert.ErrorIs(t, err, context.DeadlineExceeded, "own client %v", own)
			var reqErr *profiles.RequestError
			assert.ErrorAs(t, err, &reqErr)
		}
	})
	t.Run("scripted HTTP/2 that never answers", func(t *testing.T) {
		t.Parallel()
		srv := fake.NewScriptedH2(t, fake.H2Step{Hang: true})
		c := newTestClient(t, &httptest.Server{URL: srv.URL}, profiles.WithTimeout(50*time.Millisecond), profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond}))
		_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/slow", Out: &struct{}{}})
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var reqErr *profiles.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Equal(t, 2, reqErr.Attempts, "an idempotent call retries an attempt that timed out")
	})
}

// A body that stalls after the headers ends at the attempt's bound on both
// protocols.
func TestStalledBodyIsADeadlineOnEveryProtocol(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	stall := func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"ID":`))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
	protocols(t, stall, func(t *testing.T, srv *httptest.Server, _ string) {
		c := newTestClient(t, srv, profiles.WithTimeout(50*time.Millisecond), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
		_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/stall", Out: &struct{ ID int }{}})
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

// Empty, null and oversized answers are DecodeErrors on both protocols.
func TestAnswersWithoutAValueAreDecodeErrors(t *testing.T) {
	t.Parallel()
	h := func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/204":
			w.WriteHeader(http.StatusNoContent)
		case "/null":
			w.Write([]byte("null"))
		case "/big":
			w.Write([]byte(`{"ID": "` + strings.Repeat("x", 2048) + `"}`))
		}
	}
	protocols(t, h, func(t *testing.T, srv *httptest.Server, _ string) {
		c := newTestClient(t, srv, profiles.WithMaxResponseBytes(1024))
		for _, path := range []string{"/204", "/empty", "/null", "/big"} {
			_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: path, Out: &struct{ ID string }{}})
			var decodeErr *profiles.DecodeError
			require.ErrorAs(t, err, &decodeErr, path)
			if path == "/big" {
				assert.ErrorIs(t, err, profiles.ErrResponseTooLarge)
			}
		}
	})
}

// Whatever an error answer quotes of the credentials (the token, the
// base64 of a Basic pair, a per-call OAuth code) is masked in the message,
// the kept body and the error text.
func TestEchoedSecretsMasked(t *testing.T) {
	t.Parallel()
	const token, code = "tok-3c40ffee-91", "auth-code-5521"
	basic := "dXNlcjpwYXNzd29yZC1zM2NyM3Q=" // base64 of user:password-s3cr3t
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, "Authorization: "+r.Header.Get("Authorization")+"; Basic "+basic+"; authorization code "+code+" has expired")
	})
	c, err := New(Config{Vendor: "test", DefaultBaseURL: srv.URL, Auth: Bearer(token), Secrets: []string{token, basic}})
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Call{Method: http.MethodPost, Route: "/token", Safety: MovesValue, Secrets: []string{code}})
	var apiErr *profiles.APIError
	require.ErrorAs(t, err, &apiErr)
	for _, secret := range []string{token, basic, code} {
		assert.NotContains(t, err.Error(), secret)
		assert.NotContains(t, apiErr.Message, secret)
		assert.NotContains(t, string(apiErr.Body), secret)
	}
	assert.Contains(t, apiErr.Message, "[redacted]")
	assert.ErrorIs(t, err, profiles.ErrUnauthorized)
}

// A user agent with a byte a header cannot carry is refused by New.
func TestInvalidUserAgentRefused(t *testing.T) {
	t.Parallel()
	for _, ua := range []string{"app\x00", "app\r\nX-Evil: 1", "app\x7f"} {
		_, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example"}, profiles.WithUserAgent(ua))
		assert.ErrorIs(t, err, profiles.ErrInvalidArgument, "%q", ua)
	}
}

// A nil or zero-value client refuses every call with an error.
func TestNilAndZeroClientsRefuseCalls(t *testing.T) {
	t.Parallel()
	for _, c := range []*Client{nil, {}} {
		_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/"})
		assert.ErrorIs(t, err, profiles.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "NewClient")
		assert.Equal(t, "", c.BaseURL())
		c.CloseIdleConnections()
	}
}

// WithHTTPClient keeps the caller's client by reference: httpmock activated
// on it after New still intercepts, and the client is never modified.
func TestHTTPMockActivatedAfterNew(t *testing.T) {
	t.Parallel()
	hc := &http.Client{}
	c, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example", Auth: Bearer("t0ken-abc")}, profiles.WithHTTPClient(hc))
	require.NoError(t, err)
	httpmock.ActivateNonDefault(hc)
	t.Cleanup(func() { httpmock.DeactivateNonDefault(hc) })
	mock := hc.Transport.(*httpmock.MockTransport)
	mock.RegisterResponder(http.MethodGet, "https://api.example/x", httpmock.NewStringResponder(200, `{"ID": 3}`))
	var out struct{ ID int }
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x", Out: &out})
	require.NoError(t, err)
	assert.Equal(t, 3, out.ID)
	assert.Nil(t, hc.CheckRedirect, "the caller's client is not modified")
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/missing", Out: &out})
	var reqErr *profiles.RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Contains(t, err.Error(), "api.example/missing", "the error names the host")
}

// Every zero field of a RetryPolicy means its default, except MaxRetries.
func TestZeroRetryPolicyFieldsMeanDefaults(t *testing.T) {
	t.Parallel()
	withDefaults := func(p profiles.RetryPolicy) profiles.RetryPolicy {
		c, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example"}, profiles.WithRetryPolicy(p))
		require.NoError(t, err)
		return c.cfg.settings.RetryPolicy
	}
	p := withDefaults(profiles.RetryPolicy{MaxRetries: 2})
	assert.Equal(t, profiles.RetryPolicy{MaxRetries: 2, MinBackoff: profiles.DefaultRetryPolicy.MinBackoff, MaxBackoff: profiles.DefaultRetryPolicy.MaxBackoff, MaxRetryAfter: profiles.DefaultRetryPolicy.MaxRetryAfter}, p)
	assert.Equal(t, 0, withDefaults(profiles.RetryPolicy{}).MaxRetries, "MaxRetries 0 still turns retries off")
	assert.Equal(t, 20*time.Second, withDefaults(profiles.RetryPolicy{MinBackoff: 20 * time.Second}).MaxBackoff)
	var calls atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := newTestClient(t, srv, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/"})
	require.Error(t, err)
	assert.EqualValues(t, 1, calls.Load())
	assert.False(t, errors.Is(err, profiles.ErrOutcomeUnknown))
}
