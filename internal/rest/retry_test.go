package rest

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

func TestRetryMatrix(t *testing.T) {
	t.Parallel()
	// Each row: what every attempt meets, the call's safety, and how many
	// attempts the client must make with MaxRetries 2.
	cases := []struct {
		name     string
		status   int // 0: the server drops the connection
		safety   Safety
		attempts int
	}{
		{"200 idempotent", 200, Idempotent, 1},
		{"400 idempotent", 400, Idempotent, 1},
		{"401 idempotent", 401, Idempotent, 1},
		{"403 idempotent", 403, Idempotent, 1},
		{"404 idempotent", 404, Idempotent, 1},
		{"422 idempotent", 422, Idempotent, 1},
		{"429 idempotent", 429, Idempotent, 3},
		{"500 idempotent", 500, Idempotent, 1},
		{"502 idempotent", 502, Idempotent, 3},
		{"503 idempotent", 503, Idempotent, 3},
		{"504 idempotent", 504, Idempotent, 3},
		{"dropped idempotent", 0, Idempotent, 3},
		{"200 moves value", 200, MovesValue, 1},
		{"429 moves value", 429, MovesValue, 3},
		{"500 moves value", 500, MovesValue, 1},
		{"502 moves value", 502, MovesValue, 1},
		{"503 moves value", 503, MovesValue, 1},
		{"504 moves value", 504, MovesValue, 1},
		{"dropped moves value", 0, MovesValue, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var hits counter
			srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {
				if tc.status == 0 {
					hangUp(w)
					return
				}
				w.WriteHeader(tc.status)
			}))
			c := newTestClient(t, srv)
			_, err := c.Do(context.Background(), &Call{Method: http.MethodPut, Route: "/x", Body: map[string]int{"v": 1}, Safety: tc.safety})
			if got := hits.count(); got != tc.attempts {
				t.Errorf("server saw %d attempts, want %d", got, tc.attempts)
			}
			switch {
			case tc.status == 200:
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
			case tc.status == 0:
				var re *profiles.RequestError
				if !errors.As(err, &re) || re.Attempts != tc.attempts {
					t.Fatalf("want *RequestError with %d attempts, got %#v", tc.attempts, err)
				}
			default:
				var ae *profiles.APIError
				if !errors.As(err, &ae) || ae.StatusCode != tc.status || ae.Attempts != tc.attempts {
					t.Fatalf("want *APIError %d after %d attempts, got %v", tc.status, tc.attempts, err)
				}
			}
		})
	}
}

// TestDialErrorRetriedForEveryCall: a refused connection proves the request
// never left, so even value-moving calls are tried again.
func TestDialErrorRetriedForEveryCall(t *testing.T) {
	t.Parallel()
	addr, release, err := fake.RefusedAddr()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	for _, safety := range []Safety{Idempotent, MovesValue} {
		c, err := New(Config{Vendor: "test", DefaultBaseURL: "http://" + addr}, profiles.WithRetryPolicy(fastRetries))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(context.Background(), &Call{Method: http.MethodPut, Route: "/x", Safety: safety})
		var re *profiles.RequestError
		if !errors.As(err, &re) || re.Attempts != 3 {
			t.Fatalf("%s: want *RequestError after 3 attempts, got %v", safety, err)
		}
		if !isDialError(err) {
			t.Errorf("%s: error should be recognisable as a dial error: %v", safety, err)
		}
	}
}

func TestRetriesOffWithZeroMaxRetries(t *testing.T) {
	t.Parallel()
	var hits counter
	srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	c := newTestClient(t, srv, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x"})
	var ae *profiles.APIError
	if !errors.As(err, &ae) || hits.count() != 1 || ae.Attempts != 1 {
		t.Fatalf("want one attempt, got %d and %v", hits.count(), err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2", 2 * time.Second, true},
		{"2.0", 2 * time.Second, true},
		{" 0.5 ", 500 * time.Millisecond, true},
		{"0", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"Sun, 06 Nov 1994 08:49:37 GMT", 0, true}, // in the past: no wait
		{"Sunday, 06-Nov-94 08:49:37 GMT", 0, true},
		{"", 0, false},
		{"-1", 0, false},
		{"NaN", 0, false},
		{"+Inf", 0, false},
		{"soon", 0, false},
		{"1e400", 0, false},
		{"1e300", time.Duration(math.MaxInt64), true},
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"2", "2.0", "0.001", "-3", "Wed, 21 Oct 2015 07:28:00 GMT", "1e308", "NaN", "0x10", ""} {
		f.Add(s)
	}
	now := time.Now()
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseRetryAfter(s, now)
		if d < 0 {
			t.Fatalf("negative wait %v for %q", d, s)
		}
		if !ok && d != 0 {
			t.Fatalf("unreadable %q gave a wait %v", s, d)
		}
	})
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	for _, value := range []string{"0", "0.01", "0.010"} {
		var hits counter
		srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {
			if hits.count() == 1 {
				w.Header().Set("Retry-After", value)
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.Write([]byte(`{"ok":true}`))
		}))
		// MinBackoff of an hour: only the Retry-After value can let the retry
		// happen within the test's deadline.
		c := newTestClient(t, srv, profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 1, MinBackoff: time.Hour, MaxBackoff: time.Hour}))
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		var out struct{ OK bool }
		_, err := c.Do(ctx, &Call{Method: http.MethodPut, Route: "/points", Safety: MovesValue, Out: &out})
		cancel()
		if err != nil || !out.OK || hits.count() != 2 {
			t.Fatalf("Retry-After %q: want success on attempt 2, got %v after %d", value, err, hits.count())
		}
	}
}

func TestRetryAfterBeyondCapReturnsAtOnce(t *testing.T) {
	t.Parallel()
	var hits counter
	srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"message":"maintenance"}`))
	}))
	c := newTestClient(t, srv, profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 3, MaxRetryAfter: 10 * time.Second}))
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x"})
	var ae *profiles.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want *APIError, got %v", err)
	}
	if ae.RetryAfter != time.Hour || ae.Attempts != 1 || ae.Message != "maintenance" || hits.count() != 1 {
		t.Fatalf("want one attempt carrying a 1h wait, got %+v", ae)
	}
}

func TestRetryAfterBeyondDeadlineReturnsAtOnce(t *testing.T) {
	t.Parallel()
	var hits counter
	srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	c := newTestClient(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.Do(ctx, &Call{Method: http.MethodGet, Route: "/x"})
	var ae *profiles.APIError
	if !errors.As(err, &ae) || ae.RetryAfter != 30*time.Second || hits.count() != 1 {
		t.Fatalf("want an immediate 429 APIError with RetryAfter 30s, got %v after %d attempts", err, hits.count())
	}
	if ctx.Err() != nil {
		t.Fatal("the call slept into the deadline instead of returning at once")
	}
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	// The observer hears of the retry after it is decided and before the
	// backoff starts: cancelling there (not from a goroutine racing the
	// retry decision) puts the cancel inside the backoff every time.
	cancelOnRetry := profiles.WithObserver(func(_ context.Context, e profiles.Event) {
		if e.Retry {
			cancel()
		}
	})
	c := newTestClient(t, srv, cancelOnRetry, profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 5, MinBackoff: time.Hour, MaxBackoff: time.Hour}))
	_, err := c.Do(ctx, &Call{Method: http.MethodGet, Route: "/x"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

func TestDeadlineErrorStaysMatchable(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	c := newTestClient(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, &Call{Method: http.MethodGet, Route: "/slow"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want context.DeadlineExceeded, got %v", err)
	}
}

func TestErrorBodyKeptAfterRetriesRunOut(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-42")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte(`{"message":"upstream down","code":"E502"}`))
	})
	c := newTestClient(t, srv)
	_, err := c.Do(context.Background(), &Call{Method: http.MethodGet, Route: "/x"})
	var ae *profiles.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want *APIError, got %v", err)
	}
	if ae.Attempts != 3 || ae.Message != "upstream down" || ae.Code != "E502" || ae.RequestID != "req-42" || string(ae.Body) != `{"message":"upstream down","code":"E502"}` {
		t.Fatalf("final answer lost: %+v", ae)
	}
	want := "test: GET /x: 502 Bad Gateway: upstream down (code E502, request id req-42, 3 attempts)"
	if ae.Error() != want {
		t.Errorf("Error() = %q, want %q", ae.Error(), want)
	}
}

func TestJitteredBackoffStaysInBounds(t *testing.T) {
	t.Parallel()
	p := profiles.RetryPolicy{MinBackoff: 10 * time.Millisecond, MaxBackoff: 80 * time.Millisecond}
	for n := range 70 {
		ceiling := p.MaxBackoff
		if n < 3 {
			ceiling = p.MinBackoff << n
		}
		for range 50 {
			if d := jitteredBackoff(p, n); d < p.MinBackoff || d > ceiling {
				t.Fatalf("retry %d: wait %v outside [%v, %v]", n, d, p.MinBackoff, ceiling)
			}
		}
	}
	if d := jitteredBackoff(profiles.RetryPolicy{}, 3); d != 0 {
		t.Fatalf("zero policy should not wait, got %v", d)
	}
}

func TestRetryPolicyValidation(t *testing.T) {
	t.Parallel()
	bad := []profiles.RetryPolicy{
		{MaxRetries: -1},
		{MinBackoff: -time.Second},
		{MinBackoff: 2 * time.Second, MaxBackoff: time.Second},
		{MaxRetryAfter: -1},
	}
	for _, p := range bad {
		if _, err := New(Config{Vendor: "test", DefaultBaseURL: "https://api.example"}, profiles.WithRetryPolicy(p)); err == nil {
			t.Errorf("policy %+v accepted", p)
		}
	}
}

func TestPerAttemptTimeoutRetriedForIdempotentOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		safety   Safety
		attempts int
	}{{Idempotent, 3}, {MovesValue, 1}} {
		var hits counter
		srv := newServer(t, hits.wrap(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}))
		c := newTestClient(t, srv, profiles.WithTimeout(20*time.Millisecond))
		_, err := c.Do(context.Background(), &Call{Method: http.MethodPut, Route: "/t", Safety: tc.safety})
		if err == nil || hits.count() != tc.attempts {
			t.Fatalf("%s: want failure after %d attempts, got %v after %s", tc.safety, tc.attempts, err, strconv.Itoa(hits.count()))
		}
	}
}
