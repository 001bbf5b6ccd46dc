package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// newCounterServer is a tiny vendor: a counter behind a bearer token, with
// errors written as {"error": "..."}.
func newCounterServer(t *testing.T) (*Server, *Locked[int]) {
	t.Helper()
	state := NewLocked(0)
	s := New(Config{
		Authorize: func(r *http.Request) (int, string) {
			if r.Header.Get("Authorization") != "Bearer good" {
				return http.StatusUnauthorized, "bad token"
			}
			return 0, ""
		},
		WriteError: func(w http.ResponseWriter, _ *http.Request, status int, msg string) {
			WriteJSON(w, status, map[string]string{"error": msg})
		},
	})
	s.Handle(http.MethodPost, "/counters/{id}.json", func(w http.ResponseWriter, r *http.Request) {
		var n int
		state.With(func(v *int) { *v++; n = *v })
		WriteJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "n": n})
	})
	s.Handle(http.MethodGet, "/counters/{id}.json", func(w http.ResponseWriter, r *http.Request) {
		var n int
		state.With(func(v *int) { n = *v })
		WriteJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "n": n})
	})
	s.Start()
	t.Cleanup(s.Close)
	return s, state
}

func call(t *testing.T, s *Server, method, path, token string) (*http.Response, string, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL+path, strings.NewReader(`{"x":1}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.Client().Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, string(body), err
}

func TestRoutingAndVendorErrors(t *testing.T) {
	t.Parallel()
	s, _ := newCounterServer(t)
	resp, body, err := call(t, s, http.MethodPost, "/counters/abc.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.JSONEq(t, `{"id":"abc","n":1}`, body)

	for _, tc := range []struct {
		method, path, token string
		status              int
		body                string
	}{
		{http.MethodGet, "/counters/abc", "good", 404, `{"error":"Not Found"}`},
		{http.MethodGet, "/counters/.json", "good", 404, `{"error":"Not Found"}`},
		{http.MethodGet, "/nope", "good", 404, `{"error":"Not Found"}`},
		{http.MethodDelete, "/counters/abc.json", "good", 405, `{"error":"Method Not Allowed"}`},
		{http.MethodGet, "/counters/abc.json", "bad", 401, `{"error":"bad token"}`},
	} {
		resp, body, err := call(t, s, tc.method, tc.path, tc.token)
		require.NoError(t, err)
		assert.Equal(t, tc.status, resp.StatusCode, "%s %s", tc.method, tc.path)
		assert.JSONEq(t, tc.body, body)
	}
	reqs := s.Requests()
	require.Len(t, reqs, 6)
	assert.Equal(t, Request{Method: "POST", Path: "/counters/abc.json", Header: reqs[0].Header, Body: []byte(`{"x":1}`)}, reqs[0])
	assert.Equal(t, 6, s.RequestCount())
}

func TestFaultStatusThenNormal(t *testing.T) {
	t.Parallel()
	s, state := newCounterServer(t)
	s.InjectFault(2, Fault{Status: 429, Body: `{"error":"slow down"}`, Header: http.Header{"Retry-After": {"2.0"}}})
	for range 2 {
		resp, body, err := call(t, s, http.MethodPost, "/counters/a.json", "good")
		require.NoError(t, err)
		assert.Equal(t, 429, resp.StatusCode)
		assert.Equal(t, "2.0", resp.Header.Get("Retry-After"))
		assert.Equal(t, `{"error":"slow down"}`, body)
	}
	resp, _, err := call(t, s, http.MethodPost, "/counters/a.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	state.With(func(v *int) { assert.Equal(t, 1, *v, "faulted requests must not reach the route") })
}

func TestFaultDropBeforeAndAfterApply(t *testing.T) {
	t.Parallel()
	s, state := newCounterServer(t)
	s.InjectFault(1, Fault{Drop: true})
	_, _, err := call(t, s, http.MethodPost, "/counters/a.json", "good")
	require.Error(t, err)
	state.With(func(v *int) { assert.Equal(t, 0, *v) })

	s.InjectFault(1, Fault{DropAfterApply: true})
	_, _, err = call(t, s, http.MethodPost, "/counters/a.json", "good")
	require.Error(t, err)
	state.With(func(v *int) { assert.Equal(t, 1, *v, "the route ran before the connection dropped") })
}

func TestFaultTruncateAndStall(t *testing.T) {
	t.Parallel()
	s, _ := newCounterServer(t)
	s.InjectFault(1, Fault{Truncate: true})
	_, _, err := call(t, s, http.MethodGet, "/counters/a.json", "good")
	require.Error(t, err, "a truncated body must fail the read")

	s.InjectFault(1, Fault{StallAfterHeaders: 20 * time.Millisecond})
	resp, body, err := call(t, s, http.MethodGet, "/counters/a.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &v))
}

func TestFaultDelayEndsWithClient(t *testing.T) {
	t.Parallel()
	s, _ := newCounterServer(t)
	s.InjectFault(1, Fault{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/counters/a.json", nil)
	_, err := s.Client().Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	s.ClearFaults()
	resp, _, err := call(t, s, http.MethodGet, "/counters/a.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
}

func TestLockedIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	l := NewLocked(map[string]int{})
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 100 {
				l.With(func(m *map[string]int) { (*m)[fmt.Sprint(i%2)]++ })
			}
		}()
	}
	for range 8 {
		<-done
	}
	l.With(func(m *map[string]int) { assert.Equal(t, 800, (*m)["0"]+(*m)["1"]) })
}

func TestRequestsMaskSecretHeaders(t *testing.T) {
	t.Parallel()
	s := New(Config{SecretHeaders: []string{"X-Api-Key"}, SecretValues: func() []string { return []string{"", "known-secret"} }})
	s.Handle(http.MethodGet, "/x", func(w http.ResponseWriter, r *http.Request) {
		// The route sees the real values; only the record is masked.
		assert.Equal(t, "Bearer tok-secret", r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusNoContent)
	})
	s.Start()
	t.Cleanup(s.Close)
	req, err := http.NewRequest(http.MethodGet, s.URL+"/x", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer tok-secret")
	req.Header.Set("Proxy-Authorization", "opaque-secret")
	req.Header.Set("x-api-key", "key-secret")
	req.Header.Set("Cookie", "session=cookie-secret")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Custom", "known-secret")
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()

	h := s.Requests()[0].Header
	assert.Equal(t, "Bearer "+Masked, h.Get("Authorization"), "the scheme stays readable")
	assert.Equal(t, Masked, h.Get("Proxy-Authorization"))
	assert.Equal(t, Masked, h.Get("X-Api-Key"))
	assert.Equal(t, Masked, h.Get("Cookie"))
	assert.Equal(t, Masked, h.Get("X-Custom"), "a known secret in any header")
	assert.Equal(t, "application/json", h.Get("Accept"), "other headers are kept")
	assert.NotContains(t, fmt.Sprint(s.Requests()), "secret")
}

func TestResetClearsFaultsAndRequests(t *testing.T) {
	t.Parallel()
	s, _ := newCounterServer(t)
	_, _, err := call(t, s, http.MethodGet, "/counters/a.json", "good")
	require.NoError(t, err)
	s.InjectFault(3, Fault{Status: http.StatusServiceUnavailable})
	s.Reset()
	assert.Zero(t, s.RequestCount())
	assert.Empty(t, s.Requests())
	resp, _, err := call(t, s, http.MethodGet, "/counters/a.json", "good")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the queued faults are gone")
	assert.Equal(t, 1, s.RequestCount())
}
