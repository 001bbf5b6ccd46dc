package fake

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mocked returns an http.Client whose every request s serves in process.
func mocked(s *Server) *http.Client {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(s.Responder())
	return &http.Client{Transport: mt}
}

func callWith(ctx context.Context, hc *http.Client, method, path string) (*http.Response, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, "https://vendor.example"+path, strings.NewReader(`{"x":1}`))
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Authorization", "Bearer good")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, string(body), err
}

func TestResponderServesTheSameStateAndLog(t *testing.T) {
	t.Parallel()
	s, state := newCounterServer(t)
	hc := mocked(s)
	resp, body, err := callWith(context.Background(), hc, http.MethodPost, "/counters/a.json")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"id":"a","n":1}`, body)

	_, body, err = call(t, s, http.MethodGet, "/counters/a.json", "good")
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"a","n":1}`, body, "the listener sees what the responder changed")
	state.With(func(v *int) { assert.Equal(t, 1, *v) })

	reqs := s.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, Request{Method: "POST", Path: "/counters/a.json", Header: reqs[0].Header, Body: []byte(`{"x":1}`)}, reqs[0])
	assert.Equal(t, "Bearer "+Masked, reqs[0].Header.Get("Authorization"))

	resp, body, err = callWith(context.Background(), hc, http.MethodDelete, "/counters/a.json")
	require.NoError(t, err)
	assert.Equal(t, 405, resp.StatusCode)
	assert.JSONEq(t, `{"error":"Method Not Allowed"}`, body)
}

func TestResponderFaults(t *testing.T) {
	t.Parallel()
	s, state := newCounterServer(t)
	hc := mocked(s)
	ctx := context.Background()

	s.InjectFault(1, Fault{Status: 503, Body: "busy"})
	resp, body, err := callWith(ctx, hc, http.MethodPost, "/counters/a.json")
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, "busy", body)

	s.InjectFault(1, Fault{Drop: true})
	_, _, err = callWith(ctx, hc, http.MethodPost, "/counters/a.json")
	require.ErrorIs(t, err, ErrDropped)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	state.With(func(v *int) { assert.Equal(t, 0, *v, "Drop: the route did not run") })

	s.InjectFault(1, Fault{DropAfterApply: true})
	_, _, err = callWith(ctx, hc, http.MethodPost, "/counters/a.json")
	require.ErrorIs(t, err, ErrDropped)
	state.With(func(v *int) { assert.Equal(t, 1, *v, "DropAfterApply: the route ran") })

	s.InjectFault(1, Fault{Truncate: true})
	resp, body, err = callWith(ctx, hc, http.MethodGet, "/counters/a.json")
	require.ErrorIs(t, err, ErrDropped, "the body breaks off")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, `{"id":"a`, body, "half of the answer")

	s.InjectFault(1, Fault{StallAfterHeaders: 20 * time.Millisecond})
	resp, body, err = callWith(ctx, hc, http.MethodGet, "/counters/a.json")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.JSONEq(t, `{"id":"a","n":1}`, body)
}

func TestResponderWaitsEndWithTheContext(t *testing.T) {
	t.Parallel()
	s, _ := newCounterServer(t)
	hc := mocked(s)
	for _, f := range []Fault{{Delay: time.Hour}, {StallAfterHeaders: time.Hour}} {
		s.InjectFault(1, f)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		_, _, err := callWith(ctx, hc, http.MethodGet, "/counters/a.json")
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded, "%+v", f)
	}
}

func TestFaultScopedToARoute(t *testing.T) {
	t.Parallel()
	s, state := newCounterServer(t)
	s.InjectFault(1, Fault{Method: http.MethodPost, Path: "/counters/b.json", Status: 503})
	s.InjectFault(1, Fault{Method: http.MethodGet, Status: 502})

	resp, _, err := call(t, s, http.MethodPost, "/counters/a.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode, "another path: no fault")
	resp, _, err = call(t, s, http.MethodGet, "/counters/b.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 502, resp.StatusCode, "the first fault does not match a GET; the second does")
	resp, _, err = call(t, s, http.MethodGet, "/counters/b.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode, "the GET fault was used up")
	resp, _, err = call(t, s, http.MethodPost, "/counters/b.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode, "the scoped fault waited for its route")
	state.With(func(v *int) { assert.Equal(t, 1, *v) })

	s.InjectFault(1, Fault{})
	s.InjectFault(1, Fault{Status: 500})
	resp, _, err = call(t, s, http.MethodGet, "/counters/b.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode, "an empty fault passes through")
	resp, _, err = call(t, s, http.MethodGet, "/counters/b.json", "good")
	require.NoError(t, err)
	assert.Equal(t, 500, resp.StatusCode)
}

// A client that stops reading and closes the body ends the handler, as a
// hang-up does on a listening server: no goroutine is left stalling
// (TestMain's goleak checks).
func TestResponderHandlerEndsWhenTheClientHangsUp(t *testing.T) {
	t.Parallel()
	s, _ := newCounterServer(t)
	hc := mocked(s)
	s.InjectFault(1, Fault{StallAfterHeaders: time.Hour})
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, "https://vendor.example/counters/a.json", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer good")
	resp, err := hc.Do(req)
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	require.NoError(t, resp.Body.Close())
}
