package rest

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithResponseFilledOnSuccessAndFailure(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-"+r.URL.Path[1:])
		if r.URL.Path == "/flaky" && n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if r.URL.Path == "/missing" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Write([]byte(`{}`))
	})
	c := newTestClient(t, srv)
	var ok profiles.Response
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/flaky", Out: &struct{}{}}, profiles.WithResponse(&ok))
	require.NoError(t, err)
	assert.Equal(t, 200, ok.StatusCode)
	assert.Equal(t, "req-flaky", ok.RequestID)
	assert.Equal(t, 2, ok.Attempts)
	assert.Positive(t, ok.Duration)
	assert.Equal(t, "req-flaky", ok.Header.Get("X-Request-Id"))

	var failed profiles.Response
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/missing"}, profiles.WithResponse(&failed))
	assert.ErrorIs(t, err, profiles.ErrNotFound)
	assert.Equal(t, 404, failed.StatusCode)
	assert.Equal(t, "req-missing", failed.RequestID)
	assert.Equal(t, 1, failed.Attempts)
}

func TestWithHeaderOnTheWireAndCredentialHeadersRefused(t *testing.T) {
	t.Parallel()
	var got atomic.Value
	var requests atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		got.Store(r.Header.Clone())
	})
	cfg := Config{Vendor: "test", DefaultBaseURL: srv.URL, Auth: Headers("X-Api-Key", "k3y-secret"), CredentialHeaders: []string{"X-API-KEY"}}
	c, err := New(cfg)
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/"}, profiles.WithHeader("X-Trace", "abc"), profiles.WithHeader("x-trace", "def"))
	require.NoError(t, err)
	h := got.Load().(http.Header)
	assert.Equal(t, []string{"abc", "def"}, h.Values("X-Trace"))
	assert.Equal(t, "k3y-secret", h.Get("X-Api-Key"))
	for _, bad := range [][2]string{{"Authorization", "Bearer x"}, {"x-api-key", "other"}, {"X-Trace", "a\x00b"}, {"Bad Name", "v"}, {"", "v"}} {
		_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/"}, profiles.WithHeader(bad[0], bad[1]))
		assert.ErrorIs(t, err, profiles.ErrInvalidArgument, "%q", bad)
	}
	assert.EqualValues(t, 1, requests.Load(), "refused options send nothing")
}

func TestWithCallRetryPolicyAppliesToOneCall(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := newTestClient(t, srv) // fastRetries: 2 retries
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/"}, profiles.WithCallRetryPolicy(profiles.RetryPolicy{}))
	require.Error(t, err)
	assert.EqualValues(t, 1, n.Swap(0), "MaxRetries 0 for this call")
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/"})
	require.Error(t, err)
	assert.EqualValues(t, 3, n.Swap(0), "the client's policy again")
	_, err = c.Do(context.Background(), &Call{Method: http.MethodPut, Route: "/", Safety: MovesValue}, profiles.WithCallRetryPolicy(profiles.RetryPolicy{MaxRetries: 5, MinBackoff: 1, MaxBackoff: 2}))
	assert.ErrorIs(t, err, profiles.ErrOutcomeUnknown)
	assert.EqualValues(t, 1, n.Load(), "a value-moving call is not resent after a 503, whatever the policy")
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/"}, profiles.WithCallRetryPolicy(profiles.RetryPolicy{MaxRetries: -1}))
	assert.ErrorIs(t, err, profiles.ErrInvalidArgument)
}

// recorder keeps the events an observer saw.
type recorder struct {
	mu     sync.Mutex
	events []profiles.Event
}

func (r *recorder) observe(_ context.Context, e profiles.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func TestObserverSeesAttemptsAndTheEnd(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "rid")
		if r.Method == http.MethodPut || n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{}`))
	})
	var rec recorder
	c := newTestClient(t, srv, profiles.WithObserver(rec.observe))
	_, err := c.Do(context.Background(), &Call{Operation: "GetProfile", Method: http.MethodGet, Route: "/profiles/{id}", Args: []any{42}, Query: url.Values{"secret": {"q"}}, Out: &struct{}{}})
	require.NoError(t, err)
	require.Len(t, rec.events, 3)
	first, second, end := rec.events[0], rec.events[1], rec.events[2]
	assert.NotZero(t, first.CallID)
	assert.Equal(t, first.CallID, second.CallID, "one call, one id")
	assert.Equal(t, first.CallID, end.CallID)
	assert.Equal(t, profiles.Event{Vendor: "test", Operation: "test.GetProfile", CallID: first.CallID, Method: "GET", Route: "/profiles/{id}", Attempt: 1, StatusCode: 503, RequestID: "rid",
		Duration: first.Duration, Retry: true, RetryReason: "status 503", RetryWait: first.RetryWait, ErrorKind: profiles.KindAPI}, first)
	assert.Positive(t, first.RetryWait)
	assert.Equal(t, 2, second.Attempt)
	assert.False(t, second.Retry)
	assert.Equal(t, profiles.KindNone, second.ErrorKind)
	assert.True(t, end.Final)
	assert.Equal(t, 2, end.Attempt)
	assert.Equal(t, 200, end.StatusCode)

	rec.events = nil
	_, err = c.Do(context.Background(), &Call{Operation: "AddPoints", Method: http.MethodPut, Route: "/profiles/{id}/points", Args: []any{42}, Safety: MovesValue})
	require.Error(t, err)
	require.Len(t, rec.events, 2, "one attempt, not retried, then the end")
	assert.NotEqual(t, first.CallID, rec.events[0].CallID, "another call, another id")
	assert.False(t, rec.events[0].Retry)
	assert.Equal(t, profiles.KindOutcomeUnknown, rec.events[1].ErrorKind)
	assert.True(t, rec.events[1].Final)
	for _, e := range rec.events {
		assert.NotContains(t, e.Route, "42", "events carry the template, not the ids")
	}
}

func TestPanickingObserverDoesNotBreakTheCall(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) })
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil))
	c := newTestClient(t, srv, profiles.WithLogger(logger), profiles.WithObserver(func(context.Context, profiles.Event) { panic("boom") }))
	_, err := c.Do(context.Background(), &Call{Operation: "Get", Method: http.MethodGet, Route: "/", Out: &struct{}{}})
	require.NoError(t, err)
	assert.Contains(t, logs.String(), "observer panicked")
}

func TestLogLinesNameTheOperationAndRequestID(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "rid-9")
		w.Write([]byte(`{}`))
	})
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newTestClient(t, srv, profiles.WithLogger(logger))
	_, err := c.Do(context.Background(), &Call{Operation: "GetProfile", Method: http.MethodGet, Route: "/", Out: &struct{}{}})
	require.NoError(t, err)
	assert.Contains(t, logs.String(), "operation=test.GetProfile")
	assert.Contains(t, logs.String(), "request_id=rid-9")
}

type syncWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// An observer runs on the calling goroutine: a slow one holds the call it
// observes until it returns, and the call's events arrive in order.
func TestSlowObserverHoldsItsCall(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) })
	release := make(chan struct{})
	entered := make(chan profiles.Event, 2)
	c := newTestClient(t, srv, profiles.WithObserver(func(_ context.Context, e profiles.Event) {
		entered <- e
		<-release
	}))
	done := make(chan error, 1)
	go func() {
		_, err := c.Do(context.Background(), &Call{Operation: "Get", Method: http.MethodGet, Route: "/", Out: &struct{}{}})
		done <- err
	}()
	first := <-entered
	select {
	case err := <-done:
		t.Fatalf("the call returned (%v) while its observer was still running", err)
	default:
	}
	assert.False(t, first.Final, "the attempt's event comes first")
	release <- struct{}{}
	last := <-entered
	assert.True(t, last.Final)
	release <- struct{}{}
	require.NoError(t, <-done)
}
