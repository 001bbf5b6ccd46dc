package haravan_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

// attemptLimiter counts Wait and Observe calls.
type attemptLimiter struct{ waits, readings atomic.Int32 }

func (l *attemptLimiter) Wait(context.Context) error { l.waits.Add(1); return nil }
func (l *attemptLimiter) Observe(context.Context, profiles.CallLimit) {
	l.readings.Add(1)
}

// The limiter is asked before every attempt, a retry included, and hears
// every reading.
func TestLimiterWaitsBeforeEveryAttempt(t *testing.T) {
	t.Parallel()
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	var l attemptLimiter
	c, err := srv.NewClient(haravan.WithLimiter(&l),
		profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	srv.InjectFault(1, haravantest.Fault{Status: http.StatusServiceUnavailable})
	if _, err := c.GetProfile(context.Background(), haravantest.JohnTerryID); err != nil {
		t.Fatal(err)
	}
	if got := l.waits.Load(); got != 2 {
		t.Errorf("Wait called %d times for two attempts, want 2", got)
	}
	if got := l.readings.Load(); got != 2 {
		t.Errorf("Observe called %d times, want 2 (the fake reports its bucket on both answers)", got)
	}
}
