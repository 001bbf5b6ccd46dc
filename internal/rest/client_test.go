package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

func TestRequestOnTheWire(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	var got *http.Request
	var body []byte
	mt.RegisterResponder(http.MethodPut, `=~^https://gw\.example/prefix/items/a%2Fb%20c/points\.json`, func(r *http.Request) (*http.Response, error) {
		got = r
		body, _ = io.ReadAll(r.Body)
		return httpmock.NewStringResponse(200, `{"id":7}`), nil
	})
	c, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example", Auth: Bearer("tok")}, profiles.WithBaseURL("https://gw.example/prefix/"), profiles.WithHTTPClient(&http.Client{Transport: mt}), profiles.WithUserAgent("my-app/1.2"))
	require.NoError(t, err)

	type query struct {
		Limit  int      `url:"limit,omitempty"`
		Fields []string `url:"fields,comma,omitempty"`
		Empty  string   `url:"empty,omitempty"`
	}
	var out struct{ ID int }
	resp, err := c.Do(context.Background(), &Call{
		Method: http.MethodPut,
		Route:  "/items/{id}/points.json",
		Args:   []any{"a/b c"},
		Query:  query{Limit: 50, Fields: []string{"id", "email"}},
		Body:   map[string]string{"reason": "<b>Tom & Jerry</b> Số 1"},
		Out:    &out,
	})
	require.NoError(t, err)
	require.NotNil(t, got, "the mock saw no request")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 1, resp.Attempts)
	assert.Equal(t, 7, out.ID)
	assert.Equal(t, "/prefix/items/a%2Fb%20c/points.json", got.URL.EscapedPath())
	assert.Equal(t, "fields=id%2Cemail&limit=50", got.URL.RawQuery)
	assert.Equal(t, "Bearer tok", got.Header.Get("Authorization"))
	assert.Equal(t, "application/json", got.Header.Get("Accept"))
	assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
	assert.Equal(t, "profiles-go/"+profiles.Version+" my-app/1.2", got.Header.Get("User-Agent"))
	assert.Equal(t, `{"reason":"<b>Tom & Jerry</b> Số 1"}`, string(body), "JSON must not be HTML-escaped")
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestGetSendsNoBody(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength != 0 || len(r.TransferEncoding) != 0 || r.Header.Get("Content-Type") != "" {
			w.WriteHeader(http.StatusBadRequest)
		}
	})
	c := newTestClient(t, srv)
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x"})
	require.NoError(t, err)
}

func TestUserAgentPrefix(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Vendor: "olx", DefaultBaseURL: "https://api.example", UserAgentPrefix: "AcmeCRM"}, profiles.WithUserAgent("batch"))
	require.NoError(t, err)
	assert.Equal(t, "AcmeCRM profiles-go/"+profiles.Version+" batch", c.UserAgent())
	_, err = New(Config{Vendor: "olx", DefaultBaseURL: "https://api.example"}, profiles.WithUserAgent("x\r\nX-Evil: 1"))
	assert.Error(t, err)
}

func TestBaseURLRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want  string
		allowHTTP bool
		wantErr   string
	}{
		{in: "https://gw.example/cs", want: "https://gw.example/cs"},
		{in: "https://gw.example/cs/", want: "https://gw.example/cs"},
		{in: "https://gw.example", want: "https://gw.example"},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{in: "http://[::1]:9", want: "http://[::1]:9"},
		{in: "http://localhost:3000/api", want: "http://localhost:3000/api"},
		{in: "http://proxy.internal", wantErr: "plain http is allowed only for loopback"},
		{in: "http://proxy.internal", allowHTTP: true, want: "http://proxy.internal"},
		{in: "ftp://gw.example", wantErr: "scheme must be https"},
		{in: "gw.example/path", wantErr: "scheme must be https"},
		{in: "https://", wantErr: "no host"},
		{in: "https://user:pw@gw.example", wantErr: "must not carry user credentials"},
		{in: "https://gw.example/?key=1", wantErr: "no query or fragment"},
		{in: "https://gw.example/#frag", wantErr: "no query or fragment"},
		{in: "https://gw example", wantErr: "malformed base URL"},
		{in: "   ", wantErr: "empty URL"},
	}
	for _, tc := range cases {
		opts := []profiles.Option{profiles.WithBaseURL(tc.in)}
		if tc.allowHTTP {
			opts = append(opts, profiles.WithInsecureHTTP())
		}
		c, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example"}, opts...)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: want error containing %q, got %v", tc.in, tc.wantErr, err)
			}
			if err != nil {
				assert.NotContains(t, err.Error(), "pw@", "error must not echo URL credentials")
			}
			continue
		}
		if err != nil || c.BaseURL() != tc.want {
			t.Errorf("%q: got %v, %v; want %q", tc.in, c, err, tc.want)
		}
	}
}

func TestOptionErrors(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]profiles.Option{
		"nil client":   profiles.WithHTTPClient(nil),
		"neg timeout":  profiles.WithTimeout(-1),
		"zero timeout": profiles.WithTimeout(0),
		"zero cap":     profiles.WithMaxResponseBytes(0),
		"empty base":   profiles.WithBaseURL(""),
		"bad policy":   profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: -2}),
		"header in ua": profiles.WithUserAgent("a\nb"),
		"nil observer": profiles.WithObserver(nil),
		"http base":    profiles.WithBaseURL("http://api.example"),
	} {
		_, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example"}, opt)
		if err == nil || !strings.HasPrefix(err.Error(), "test: ") {
			t.Errorf("%s: want an error naming the vendor, got %v", name, err)
		}
		if !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%s: %v does not match ErrInvalidArgument", name, err)
		}
	}
}

func TestWithHTTPClientIsNotMutated(t *testing.T) {
	t.Parallel()
	var hits counter
	srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	mine := &http.Client{Transport: tr}
	before := *mine
	c := newTestClient(t, srv, profiles.WithHTTPClient(mine))
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x"})
	require.Error(t, err)
	assert.Equal(t, 3, hits.count(), "retries wrap the caller's client")
	assert.Same(t, before.Transport, mine.Transport)
	assert.Nil(t, mine.CheckRedirect)
	assert.Equal(t, before.Timeout, mine.Timeout)
}

// TestFailedCallKeepsConnectionPool: go-retryablehttp closes every idle
// connection when it gives up; the SDK must not let that empty the pool
// shared with other calls.
func TestFailedCallKeepsConnectionPool(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	conns := 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/fail" {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv)
	for range 3 {
		_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/fail"})
		require.Error(t, err)
		_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/ok"})
		require.NoError(t, err)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 1, conns, "every attempt should reuse the one keep-alive connection")
}

// A call that expects a value gets a DecodeError for an answer without
// one: a 204, an empty or blank 200, a 200 null. A call that expects
// nothing accepts them.
func TestEmptyBodiesAreDecodeErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/204":
			w.WriteHeader(http.StatusNoContent)
		case "/blank":
			w.Write([]byte(" \r\n\t"))
		case "/null":
			w.Write([]byte(" null "))
		}
	})
	c := newTestClient(t, srv)
	for _, p := range []string{"/200", "/204", "/blank", "/null"} {
		out := struct{ A int }{}
		_, err := c.Do(context.Background(), &Call{Method: http.MethodPut, Route: p, Out: &out})
		var decodeErr *profiles.DecodeError
		require.ErrorAs(t, err, &decodeErr, p)
		assert.False(t, errors.Is(err, profiles.ErrOutcomeUnknown), "an idempotent call's outcome is not in doubt")
		_, err = c.Do(context.Background(), &Call{Method: http.MethodPut, Route: p})
		require.NoError(t, err, p)
	}
}

func TestInvalidJSONIsAnError(t *testing.T) {
	t.Parallel()
	bodies := []string{
		`{"a": [1, 2`,                 // cut short, but the server said it was done
		`<html>captive portal</html>`, // a proxy's page with status 200
		`{"a": "text"}`,               // the wrong type
		`{"a": [1]} {"a": [2]}`,       // two values: which one would be the answer?
		`{"a": [1]}<!-- cached -->`,   // trailing text
	}
	for _, body := range bodies {
		var hits counter
		srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
		c := newTestClient(t, srv)
		var out struct{ A []int }
		_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x", Out: &out})
		var de *profiles.DecodeError
		require.ErrorAs(t, err, &de, body)
		assert.Equal(t, 200, de.StatusCode)
		assert.Contains(t, err.Error(), "test: GET /x: decoding 200 response")
		assert.Equal(t, 1, hits.count(), "a complete but wrong body is not worth another attempt")
	}
}

// TestTruncatedBodyRetriedWhenIdempotent: a body that breaks off is a failed
// attempt like a dropped connection: retried for idempotent calls, never
// for calls that move value (the server did act on them).
func TestTruncatedBodyRetriedWhenIdempotent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		safety   Safety
		attempts int
	}{{Idempotent, 2}, {MovesValue, 1}} {
		var hits counter
		srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {
			full := `{"a":[1,2,3]}`
			if hits.count() == 1 {
				w.Header().Set("Content-Length", strconv.Itoa(len(full)))
				w.Write([]byte(full[:5]))
				hangUp(w)
				return
			}
			w.Write([]byte(full))
		}))
		c := newTestClient(t, srv)
		out := struct{ A []int }{A: []int{9}}
		_, err := c.Do(context.Background(), &Call{Method: http.MethodPut, Route: "/x", Safety: tc.safety, Out: &out})
		assert.Equal(t, tc.attempts, hits.count(), tc.safety)
		if tc.safety == Idempotent {
			require.NoError(t, err)
			assert.Equal(t, []int{1, 2, 3}, out.A)
			continue
		}
		require.Error(t, err)
		assert.Contains(t, err.Error(), "reading response body")
	}
}

// TestAnswersOfEveryShapeDecodeWhole: with and without Content-Length,
// small and larger than the buffers the client keeps for reuse, an answer
// decodes whole, and one answer's bytes never show up in the next.
func TestAnswersOfEveryShapeDecodeWhole(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("b", (1<<20)+1)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		text := map[string]string{"/small": "s", "/big": big, "/empty-text": ""}[r.URL.Path]
		body := fmt.Sprintf(`{"a":%q}`, text)
		if r.URL.Query().Has("chunked") {
			w.(http.Flusher).Flush() // no Content-Length: the body is chunked
		} else {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.Write([]byte(body))
	})
	c := newTestClient(t, srv, profiles.WithMaxResponseBytes(2*(1<<20)))
	for _, path := range []string{"/big", "/small", "/empty-text", "/big?chunked", "/small?chunked", "/empty-text?chunked"} {
		var out struct{ A string }
		_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: path, Out: &out})
		require.NoError(t, err, path)
		want := map[string]string{"/small": "s", "/big": big, "/empty-text": ""}[strings.TrimSuffix(path, "?chunked")]
		assert.Equal(t, want, out.A, path)
	}
}

func TestBodyCap(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/endless" {
			w.Write([]byte(`{"a":"`))
			chunk := bytes.Repeat([]byte("x"), 32<<10)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
			return
		}
		fmt.Fprintf(w, `{"a":%q}`, strings.Repeat("y", 5000))
	})
	c := newTestClient(t, srv, profiles.WithMaxResponseBytes(4096))
	for _, p := range []string{"/big", "/endless"} {
		var out struct{ A string }
		_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: p, Out: &out})
		require.Error(t, err, p)
		assert.True(t, errors.Is(err, profiles.ErrResponseTooLarge), "%s: %v", p, err)
	}
	big := newTestClient(t, srv, profiles.WithMaxResponseBytes(8192))
	var out struct{ A string }
	_, err := big.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/big", Out: &out})
	require.NoError(t, err)
	assert.Len(t, out.A, 5000)
}

func TestHTMLErrorPageFromProxy(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte("<html><head><title>502 Bad Gateway &mdash;\n nginx</title></head><body>oops</body></html>"))
	})
	c := newTestClient(t, srv, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x"})
	var ae *profiles.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 502, ae.StatusCode)
	assert.Equal(t, "502 Bad Gateway — nginx", ae.Message)
	assert.True(t, ae.Temporary())
}

func TestFallbackMessages(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "Service Unavailable", fallbackMessage(503, "text/html", []byte("<p>down</p>")))
	assert.Equal(t, "rate limited", fallbackMessage(429, "text/plain; charset=utf-8", []byte("rate limited\n")))
	assert.Equal(t, "Not Found", fallbackMessage(404, "application/json", []byte(`{"weird":1}`)))
	assert.Equal(t, "HTTP 599", fallbackMessage(599, "", nil))
	// Letters whose lowercase is longer in UTF-8 once shifted the title's
	// offsets, giving a wrong title or a panic.
	assert.Equal(t, "Bad Gateway", fallbackMessage(502, "text/html", []byte("ȺȺȺȺȺȺ<title>Bad Gateway</title>")))
	assert.Equal(t, "ȺȺȺ down", fallbackMessage(503, "text/html", []byte("<TITLE>ȺȺȺ down</Title>")))
}

func TestCrossOriginRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	var elsewhere counter
	other := newServer(t, elsewhere.wrap(func(w http.ResponseWriter, r *http.Request) {}))
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/same" {
			http.Redirect(w, r, "/landing", http.StatusFound)
			return
		}
		if r.URL.Path == "/landing" {
			w.Write([]byte(`{"landed":true}`))
			return
		}
		http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
	})
	c := newTestClient(t, srv)
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/away"})
	var ae *profiles.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusFound, ae.StatusCode)
	assert.Contains(t, ae.Message, "not followed")
	assert.Equal(t, 0, elsewhere.count(), "credentials must not follow a redirect to another host")

	var out struct{ Landed bool }
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/same", Out: &out})
	require.NoError(t, err)
	assert.True(t, out.Landed, "same-origin redirects are followed")
}

func TestSecretsNeverLoggedNorInErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"message":"bad credentials"}`))
	})
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := New(Config{
		Vendor: "test", DefaultBaseURL: srv.URL, ParseError: jsonMessageParser,
		Auth: Chain(Bearer("bearer-secret"), Headers("X-API-KEY", "key-secret", "X-Auth-Token", "token-secret"), Basic("user", "basic-secret")),
	}, profiles.WithLogger(logger))
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x", Query: url.Values{"api_key": {"query-secret"}}})
	var ae *profiles.APIError
	require.ErrorAs(t, err, &ae)
	require.NotEmpty(t, logs.String(), "debug logging was asked for")
	for _, text := range []string{logs.String(), err.Error(), fmt.Sprintf("%+v", ae)} {
		assertNoSecret(t, "output", text, "bearer-secret", "key-secret", "token-secret", "basic-secret", "query-secret", "dXNlcjpiYXNpYy1zZWNyZXQ")
	}
	for _, want := range []string{"method=GET", "path=/x", "status=401", "attempt=1", "duration="} {
		assert.Contains(t, logs.String(), want)
	}

	// A transport error's text (net/http repeats the whole URL) must not
	// carry the query either.
	addr, release, err := fake.RefusedAddr()
	require.NoError(t, err)
	t.Cleanup(release)
	c2, err := New(Config{Vendor: "test", DefaultBaseURL: "http://" + addr}, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	require.NoError(t, err)
	_, err = c2.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x", Query: url.Values{"api_key": {"query-secret"}}})
	require.Error(t, err)
	assertNoSecret(t, "transport error", err.Error(), "query-secret")
}

func TestRouteEscapesSegments(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		route string
		args  []any
		want  string
	}{
		{"/loy/profiles/{id}.json", []any{int64(12)}, "/loy/profiles/12.json"},
		{"/p/{name}", []any{"../admin?x=1"}, "/p/..%2Fadmin%3Fx=1"},
		{"/a/{x}/b/{y}", []any{1, uint64(2)}, "/a/1/b/2"},
		{"/fixed", nil, "/fixed"},
	} {
		got, err := fillRoute(tc.route, tc.args)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
	for _, bad := range []struct {
		route string
		args  []any
	}{{"/p/{id}", nil}, {"/p", []any{1}}, {"/p/{id", []any{1}}} {
		_, err := fillRoute(bad.route, bad.args)
		assert.Error(t, err, bad.route)
	}
}

func TestNilContextRefused(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example"})
	require.NoError(t, err)
	//lint:ignore SA1012 the test is about a nil context
	_, err = c.Do(nil, &Call{Method: http.MethodGet, Route: "/"}) //nolint:staticcheck
	assert.EqualError(t, err, "test: profiles-go: invalid argument: nil context")
	assert.ErrorIs(t, err, profiles.ErrInvalidArgument)
}

func TestOnResponseSeesEveryAttempt(t *testing.T) {
	t.Parallel()
	var hits counter
	srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Limit", fmt.Sprint(hits.count()))
		if hits.count() < 3 {
			w.WriteHeader(503)
		}
	}))
	var seen []string
	c, err := New(Config{Vendor: "test", DefaultBaseURL: srv.URL, OnResponse: func(r *http.Response) { seen = append(seen, r.Header.Get("X-Limit")) }}, profiles.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/"})
	require.NoError(t, err)
	assert.Equal(t, []string{"1", "2", "3"}, seen)
}

func TestStalledBodyEndsWithinTimeout(t *testing.T) {
	t.Parallel()
	srv := newServer(t, stallAfter(t, http.StatusOK, `{"a":`))
	c := newTestClient(t, srv, profiles.WithTimeout(50*time.Millisecond))
	var out struct{ A int }
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/stall", Out: &out})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "response body not received within 50ms")
}

func TestAuthenticatorRunsBeforeEveryAttempt(t *testing.T) {
	t.Parallel()
	var hits counter
	var seen []string
	var mu sync.Mutex
	srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("X-Token"))
		mu.Unlock()
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	n := 0
	c, err := New(Config{Vendor: "test", DefaultBaseURL: srv.URL, Auth: func(r *http.Request) {
		n++
		r.Header.Set("X-Token", fmt.Sprint("t", n))
	}}, profiles.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/"})
	require.Error(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"t1", "t2", "t3"}, seen, "a refreshed credential is sent on each retry")
}

func TestVendorOptionsStayWithTheirVendor(t *testing.T) {
	t.Parallel()
	type mine struct{ n int }
	setting := func(v int) profiles.Option {
		return VendorOption[mine]{Vendor: "test", Name: "test.WithN", Set: func(m *mine) error { m.n = v; return nil }}
	}
	var got mine
	rest, err := TakeVendorOptions(&got, []profiles.Option{setting(1), profiles.WithTimeout(time.Second), setting(2)})
	require.NoError(t, err)
	assert.Equal(t, 2, got.n, "the last option wins")
	assert.Len(t, rest, 1, "the shared option is left for New")

	_, err = New(Config{Vendor: "other", DefaultBaseURL: "https://api.example"}, setting(1))
	require.ErrorIs(t, err, profiles.ErrInvalidArgument)
	assert.EqualError(t, err, "other: profiles-go: invalid argument: test.WithN is an option of package test; package other does not take it")

	failing := VendorOption[mine]{Vendor: "test", Name: "test.WithBad", Set: func(*mine) error { return errors.New("bad value") }}
	_, err = TakeVendorOptions(&got, []profiles.Option{failing})
	require.ErrorIs(t, err, profiles.ErrInvalidArgument)
	assert.EqualError(t, err, "test: profiles-go: invalid argument: test.WithBad: bad value")
}

// settingsOption is an Option a caller writes, setting Settings directly.
type settingsOption func(*profiles.Settings)

func (f settingsOption) Apply(s *profiles.Settings) error { f(s); return nil }

// A caller's own Option that leaves the settings unusable is refused at New,
// never met as a failing or instantly timed-out call.
func TestCallersOwnOptionIsChecked(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]settingsOption{
		"zero timeout":  func(s *profiles.Settings) { s.Timeout = 0 },
		"zero max size": func(s *profiles.Settings) { s.MaxResponseBytes = 0 },
	} {
		_, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example"}, opt)
		if !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%s: %v, want ErrInvalidArgument", name, err)
		}
	}
	c, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example"}, settingsOption(func(s *profiles.Settings) { s.UserAgent = "mine/1" }))
	require.NoError(t, err)
	assert.Contains(t, c.UserAgent(), "mine/1", "a caller's own option is applied")
}
