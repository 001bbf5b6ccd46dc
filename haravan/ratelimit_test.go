package haravan_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
)

func TestParseCallLimit(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]profiles.CallLimit{"32/80": {Used: 32, Max: 80}, " 0/80 ": {Used: 0, Max: 80}, "80 / 80": {Used: 80, Max: 80}} {
		if got, ok := haravan.ParseCallLimit(in); !ok || got != want {
			t.Errorf("ParseCallLimit(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "32", "a/80", "32/0", "-1/80", "32/80/1"} {
		if got, ok := haravan.ParseCallLimit(in); ok {
			t.Errorf("ParseCallLimit(%q) = %v, true", in, got)
		}
	}
	if r := (profiles.CallLimit{Used: 32, Max: 80}).Remaining(); r != 48 {
		t.Errorf("Remaining = %d", r)
	}
}

func TestClientCallLimit(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, 200, http.Header{"X-Haravan-Api-Call-Limit": {"32/80"}}, testdata(t, "get_profile.json"))
	c := newClient(t, rec.URL)
	if _, ok := c.CallLimit(); ok {
		t.Error("a call limit before any call")
	}
	if _, err := c.GetProfile(context.Background(), 360455); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.CallLimit(); !ok || got != (profiles.CallLimit{Used: 32, Max: 80}) || got.String() != "32/80" {
		t.Errorf("CallLimit = %v, %v", got, ok)
	}
}

func TestClientCallLimitFromFake(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	for range 3 {
		if _, err := c.GetProfileTags(context.Background(), 360455); err != nil {
			t.Fatal(err)
		}
	}
	if got, ok := c.CallLimit(); !ok || got.Max != 80 || got.Used < 1 || got.Used > 3 {
		t.Errorf("CallLimit = %v, %v", got, ok)
	}
}

// A pacer that allows one call per thousand seconds must refuse the second
// call at once when the context cannot wait that long, and send nothing.
func TestPacingHonoursContext(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, haravan.WithRateLimit(0.001, 1))
	if _, err := c.GetProfile(context.Background(), 360455); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.GetProfile(ctx, 360455)
	var reqErr *profiles.RequestError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &reqErr) {
		t.Fatalf("err = %v", err)
	}
	cancelled, stop := context.WithCancel(context.Background())
	stop()
	if _, err := c.GetProfile(cancelled, 360455); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err = %v", err)
	}
	if srv.RequestCount() != 1 {
		t.Errorf("%d requests, want 1", srv.RequestCount())
	}
}

func TestPacingLetsBurstThrough(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, haravan.WithPacing())
	for range 20 {
		if _, err := c.GetProfile(context.Background(), 360455); err != nil {
			t.Fatal(err)
		}
	}
	if srv.RequestCount() != 20 {
		t.Errorf("%d requests", srv.RequestCount())
	}
}

func TestEnforcedBucketAnswers429(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	frozen := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	srv.SetClock(func() time.Time { return frozen })
	srv.EnforceRateLimit(true)
	var err error
	calls := 0
	for err == nil && calls < 100 {
		_, err = c.GetProfileTags(context.Background(), 360455)
		calls++
	}
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.RetryAfter != 2*time.Second || calls != 81 {
		t.Fatalf("after %d calls: %v", calls, err)
	}
	if got, _ := c.CallLimit(); got != (profiles.CallLimit{Used: 80, Max: 80}) {
		t.Errorf("CallLimit = %v", got)
	}
}

func TestWithLimiterValidation(t *testing.T) {
	t.Parallel()
	if _, err := haravan.NewClient(haravan.Credentials{AccessToken: "t"}, haravan.WithLimiter(nil)); !errors.Is(err, profiles.ErrInvalidArgument) {
		t.Errorf("nil limiter: err = %v", err)
	}
	for _, args := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}} {
		if _, err := haravan.NewPacer(args.rate, args.burst); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("NewPacer(%v, %d): err = %v", args.rate, args.burst, err)
		}
	}
}

// countingLimiter records what a Client asks of its Limiter.
type countingLimiter struct {
	waits    atomic.Int32
	readings chan profiles.CallLimit
}

func (l *countingLimiter) Wait(ctx context.Context) error { l.waits.Add(1); return ctx.Err() }

func (l *countingLimiter) Observe(_ context.Context, r profiles.CallLimit) { l.readings <- r }

// Two clients given one Limiter both wait on it and both report to it;
// an impossible reading never reaches it.
func TestWithLimiterIsShared(t *testing.T) {
	t.Parallel()
	good := newRecorder(t, 200, http.Header{haravan.CallLimitHeader: {"7/80"}}, testdata(t, "get_profile.json"))
	bad := newRecorder(t, 200, http.Header{haravan.CallLimitHeader: {"1000000/1"}}, testdata(t, "get_profile.json"))
	l := &countingLimiter{readings: make(chan profiles.CallLimit, 10)}
	for _, url := range []string{good.URL, bad.URL} {
		c := newClient(t, url, haravan.WithLimiter(l))
		if _, err := c.GetProfile(context.Background(), 360455); err != nil {
			t.Fatal(err)
		}
	}
	close(l.readings)
	var got []profiles.CallLimit
	for r := range l.readings {
		got = append(got, r)
	}
	if l.waits.Load() != 2 || len(got) != 1 || got[0] != (profiles.CallLimit{Used: 7, Max: 80}) {
		t.Errorf("waits %d, readings %v; want 2 waits and one reading of 7/80", l.waits.Load(), got)
	}
}

func TestZeroPacerRefusesInsteadOfPanicking(t *testing.T) {
	t.Parallel()
	var p haravan.Pacer
	p.Observe(context.Background(), profiles.CallLimit{Used: 1, Max: 80})
	if err := p.Wait(context.Background()); !errors.Is(err, profiles.ErrInvalidArgument) {
		t.Errorf("err = %v", err)
	}
}
