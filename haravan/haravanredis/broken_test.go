package haravanredis_test

import (
	"context"
	"errors"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravanredis"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

// A limiter built wrongly is refused with ErrInvalidArgument, never a panic:
// NewLimiter's nil result (its error dropped) at NewClient, and a zero-value
// Limiter in its own methods, before anything is sent. Before, the first
// crashed AddPoints with a nil dereference and the second the whole process
// from a goroutine inside go-redis.
func TestBrokenLimitersAreRefused(t *testing.T) {
	t.Parallel()
	_, rdb := newMini(t)
	dropped, err := haravanredis.NewLimiter(rdb, "")
	if dropped != nil || !errors.Is(err, profiles.ErrInvalidArgument) {
		t.Fatalf("NewLimiter with an empty shop = %v, %v", dropped, err)
	}
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	if c, err := srv.NewClient(haravan.WithLimiter(dropped)); c != nil || !errors.Is(err, profiles.ErrInvalidArgument) {
		t.Fatalf("NewClient with a nil *Limiter = %v, %v", c, err)
	}

	zero := &haravanredis.Limiter{}
	if err := zero.Wait(context.Background()); !errors.Is(err, profiles.ErrInvalidArgument) {
		t.Errorf("zero-value Wait = %v", err)
	}
	zero.Observe(context.Background(), profiles.CallLimit{Used: 1, Max: 80}) // must not panic
	if zero.Key() != "" || (*haravanredis.Limiter)(nil).Key() != "" {
		t.Error("a zero-value Limiter has no key")
	}
	c, err := srv.NewClient(haravan.WithLimiter(zero))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AddPoints(context.Background(), haravantest.JohnTerryID, haravan.PointChange{Value: 1, RefID: "r-1"})
	if !errors.Is(err, profiles.ErrInvalidArgument) || errors.Is(err, profiles.ErrOutcomeUnknown) {
		t.Errorf("AddPoints through a zero-value Limiter = %v", err)
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("%d requests sent through a zero-value Limiter", n)
	}
}
