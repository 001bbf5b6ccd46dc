package rest

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Scenarios where the call path hands a request to something else: net/http's
// redirect handling, a context that ended before sending, the transport's
// connection pool.

// A server (or a proxy) answers a value-moving PUT with a same-origin
// redirect, and whatever the redirect points at answers 200, 429 or 404.
// Following it would turn the PUT into a GET whose answer passes for the
// PUT's: success for a PUT never answered, or a resend after the 429. The
// redirect is never followed: one request reaches the server, and the error
// matches ErrOutcomeUnknown unless the status (307, 308) asks for the same
// request elsewhere.
func TestValueMovingCallNeverFollowsARedirect(t *testing.T) {
	t.Parallel()
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, landing := range []int{200, 429, 404} {
			name := strconv.Itoa(status) + " then " + strconv.Itoa(landing)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				var hits counter
				h := hits.wrap(func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/landing" {
						w.WriteHeader(landing)
						w.Write([]byte(`{"ID": 7}`))
						return
					}
					http.Redirect(w, r, "/landing", status)
				})
				protocols(t, h, func(t *testing.T, srv *httptest.Server, _ string) {
					c := newTestClient(t, srv)
					_, err := c.Do(context.Background(), movePoints())
					var ae *profiles.APIError
					require.ErrorAs(t, err, &ae, "a 3xx answer to a value-moving call is never success")
					assert.Equal(t, status, ae.StatusCode)
					assert.Equal(t, 1, ae.Attempts)
					unknown := status != 307 && status != 308
					assert.Equal(t, unknown, errors.Is(err, profiles.ErrOutcomeUnknown), "%v", err)
					assert.Contains(t, err.Error(), "not followed")
				})
				t.Cleanup(func() { // after both protocols' subtests
					assert.Equal(t, 2, hits.count(), "one PUT per protocol, never a GET to the redirect's target")
				})
			})
		}
	}
}

// Idempotent calls keep following same-origin redirects, on every protocol.
func TestIdempotentCallFollowsSameOriginRedirect(t *testing.T) {
	t.Parallel()
	h := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/landing" {
			w.Write([]byte(`{"landed": true}`))
			return
		}
		http.Redirect(w, r, "/landing", http.StatusMovedPermanently)
	}
	protocols(t, h, func(t *testing.T, srv *httptest.Server, _ string) {
		var out struct{ Landed bool }
		_, err := newTestClient(t, srv).Do(context.Background(), &Call{Method: http.MethodGet, Route: "/moved", Out: &out})
		require.NoError(t, err)
		assert.True(t, out.Landed)
	})
}

// A value-moving call that never left the client is not ErrOutcomeUnknown:
// the server saw nothing, so there is nothing to reconcile.
func TestNothingSentIsNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	t.Cleanup(cancel2)
	for name, ctx := range map[string]context.Context{"cancelled context": cancelled, "expired deadline": expired} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var hits counter
			h := hits.wrap(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"ID": 7}`)) })
			protocols(t, h, func(t *testing.T, srv *httptest.Server, _ string) {
				_, err := newTestClient(t, srv).Do(ctx, movePoints())
				require.Error(t, err)
				assert.ErrorIs(t, err, ctx.Err())
				assert.NotErrorIs(t, err, profiles.ErrOutcomeUnknown)
				assert.NotContains(t, err.Error(), "outcome unknown")
			})
			t.Cleanup(func() { assert.Equal(t, 0, hits.count()) })
		})
	}
	t.Run("untrusted TLS certificate", func(t *testing.T) {
		t.Parallel()
		var hits counter
		srv := newTLSServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {}))
		srv.Config.ErrorLog = quietLog()
		untrusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: x509.NewCertPool()}}}
		t.Cleanup(untrusting.CloseIdleConnections)
		_, err := newTestClient(t, srv, profiles.WithHTTPClient(untrusting)).Do(context.Background(), movePoints())
		require.Error(t, err)
		assert.NotErrorIs(t, err, profiles.ErrOutcomeUnknown)
		assert.Equal(t, 0, hits.count())
	})
	t.Run("dropped after the request was sent", func(t *testing.T) { // the other side of the line
		t.Parallel()
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { hangUp(w) })
		_, err := newTestClient(t, srv).Do(context.Background(), movePoints())
		assert.ErrorIs(t, err, profiles.ErrOutcomeUnknown)
	})
}

// A value-moving call that waits for a free connection (the transport's
// MaxConnsPerHost) and whose context ends while it waits never reached the
// server.
func TestCancelledWhileWaitingForAConnectionIsNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	var hits counter
	release := make(chan struct{})
	srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.Write([]byte(`{}`))
	}))
	hc := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	t.Cleanup(hc.CloseIdleConnections)
	c := newTestClient(t, srv, profiles.WithHTTPClient(hc), profiles.WithRetryPolicy(profiles.RetryPolicy{}))

	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(release) // first: lets the slow call end
	wg.Add(1)
	go func() { // holds the one connection
		defer wg.Done()
		_, _ = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/slow"})
	}()
	require.Eventually(t, func() bool { return hits.count() == 1 }, 5*time.Second, time.Millisecond)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, movePoints())
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, profiles.ErrOutcomeUnknown, "%v", err)
	assert.Equal(t, 1, hits.count(), "the PUT never reached the server")
}

// Every error that matches ErrOutcomeUnknown says so in its text, and a
// proxy's page titled like the status does not repeat it.
func TestOutcomeUnknownErrorsSaySo(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte("<html><title>502 Bad Gateway</title></html>"))
	})
	_, err := newTestClient(t, srv).Do(context.Background(), movePoints())
	require.ErrorIs(t, err, profiles.ErrOutcomeUnknown)
	assert.Contains(t, err.Error(), "outcome unknown: the change may have been applied")
	assert.NotContains(t, err.Error(), "Bad Gateway: 502 Bad Gateway")

	ok := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"ID": "x"}`)) })
	_, err = newTestClient(t, ok).Do(context.Background(), movePoints())
	require.ErrorIs(t, err, profiles.ErrOutcomeUnknown)
	var de *profiles.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Contains(t, de.Error(), "outcome unknown")
}

// A Check on the answer runs inside the call: the caller, the observer's
// final event, the debug log and WithResponse tell the same story.
func TestCheckRunsInsideTheCall(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"other": 1}`)) })
	var events []profiles.Event
	var logged bytes.Buffer
	c := newTestClient(t, srv, profiles.WithObserver(func(_ context.Context, e profiles.Event) { events = append(events, e) }), profiles.WithLogger(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	for _, tc := range []struct {
		name  string
		check func(int) error
		kind  profiles.ErrorKind
	}{
		{"missing member", func(int) error { return &MissingMemberError{Member: "profile"} }, profiles.KindDecode},
		{"failure in a 200", func(int) error {
			return &profiles.APIError{Message: "operation failed", Err: profiles.ErrUnauthorized}
		}, profiles.KindAPI},
	} {
		events, logged = nil, bytes.Buffer{}
		var resp profiles.Response
		var out struct{ Other int }
		_, err := c.Do(context.Background(), &Call{Operation: "Get", Method: http.MethodGet, Route: "/thing", Out: &out, Check: tc.check}, profiles.WithResponse(&resp))
		require.Error(t, err, tc.name)
		require.Len(t, events, 2, tc.name)
		final := events[1]
		assert.True(t, final.Final)
		assert.Equal(t, tc.kind, final.ErrorKind, tc.name)
		assert.Equal(t, errorKind(err), final.ErrorKind, tc.name)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, 1, resp.Attempts, "a failed check is not retried")
		assert.Contains(t, logged.String(), "error_kind="+string(tc.kind), tc.name)
		assert.Contains(t, err.Error(), "GET /thing", tc.name)
	}
}

// WithBaseURL with a path: errors, logs and events show the path as sent;
// a base path ending in a route prefix is refused at New.
func TestBasePathShownAsSent(t *testing.T) {
	t.Parallel()
	var sent string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		sent = r.URL.Path
		w.WriteHeader(http.StatusNotFound)
	})
	var route string
	var logged bytes.Buffer
	c := newTestClient(t, srv, profiles.WithBaseURL(srv.URL+"/proxy/"), profiles.WithObserver(func(_ context.Context, e profiles.Event) { route = e.Route }), profiles.WithLogger(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/loy/profiles/{id}.json", Args: []any{1}})
	require.Error(t, err)
	assert.Equal(t, "/proxy/loy/profiles/1.json", sent)
	assert.Contains(t, err.Error(), "GET /proxy/loy/profiles/1.json: 404")
	assert.Contains(t, logged.String(), "path=/proxy/loy/profiles/1.json")
	assert.Equal(t, "/proxy/loy/profiles/{id}.json", route)

	_, err = New(Config{Vendor: "test", DefaultBaseURL: srv.URL, Auth: Bearer("tok3n"), RoutePrefixes: []string{"/loy"}}, profiles.WithBaseURL(srv.URL+"/loy/"))
	require.ErrorIs(t, err, profiles.ErrInvalidArgument)
	assert.Contains(t, err.Error(), `ends in "/loy"`)
}

// quietLog keeps a TLS server's handshake errors out of the test output.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }

// A server that echoes the Basic credentials' base64 (with "/", "+" and
// "=") JSON-escaped, PHP-style or as \u00XX, or percent-encoded in either
// case: every spelling is masked in Body, Message and the error text.
func TestEchoedSecretMaskedInEverySpelling(t *testing.T) {
	t.Parallel()
	const user, password = "user@example.com", "pass>?>?w"
	secret := BasicSecret(user, password) // dXNlckBleGFtcGxlLmNvbTpwYXNzPj8+P3c=
	spellings := []string{
		strings.ReplaceAll(secret, "/", `\/`),
		strings.NewReplacer("+", `\u002b`, "=", `\u003D`).Replace(secret),
		url.QueryEscape(secret),
		strings.NewReplacer("+", "%2b", "=", "%3d").Replace(secret),
	}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"message": "` + strings.Join(spellings, " ") + `"}`))
	})
	c, err := New(Config{Vendor: "test", DefaultBaseURL: srv.URL, Auth: Basic(user, password), ParseError: jsonMessageParser})
	require.NoError(t, err)
	t.Cleanup(c.CloseIdleConnections)
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/me"})
	var ae *profiles.APIError
	require.ErrorAs(t, err, &ae)
	for _, s := range append(spellings, secret) {
		assertNoSecret(t, "Body", string(ae.Body), s)
		assertNoSecret(t, "Message", ae.Message, s)
		assertNoSecret(t, "Error()", err.Error(), s)
	}
	assert.Equal(t, 4, strings.Count(string(ae.Body), "[redacted]"), "%s", ae.Body)
}
