package haravan_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go/haravan"
)

func TestParseCallLimit(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]haravan.CallLimit{"32/80": {32, 80}, " 0/80 ": {0, 80}, "80 / 80": {80, 80}} {
		if got, ok := haravan.ParseCallLimit(in); !ok || got != want {
			t.Errorf("ParseCallLimit(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "32", "a/80", "32/0", "-1/80", "32/80/1"} {
		if got, ok := haravan.ParseCallLimit(in); ok {
			t.Errorf("ParseCallLimit(%q) = %v, true", in, got)
		}
	}
	if r := (haravan.CallLimit{Used: 32, Max: 80}).Remaining(); r != 48 {
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
	if got, ok := c.CallLimit(); !ok || got != (haravan.CallLimit{Used: 32, Max: 80}) || got.String() != "32/80" {
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
	var reqErr *haravan.RequestError
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
	srv, c := newFake(t, haravan.WithRetryPolicy(haravan.RetryPolicy{}))
	frozen := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	srv.SetClock(func() time.Time { return frozen })
	srv.EnforceRateLimit(true)
	var err error
	calls := 0
	for err == nil && calls < 100 {
		_, err = c.GetProfileTags(context.Background(), 360455)
		calls++
	}
	var apiErr *haravan.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.RetryAfter != 2*time.Second || calls != 81 {
		t.Fatalf("after %d calls: %v", calls, err)
	}
	if got, _ := c.CallLimit(); got != (haravan.CallLimit{Used: 80, Max: 80}) {
		t.Errorf("CallLimit = %v", got)
	}
}
