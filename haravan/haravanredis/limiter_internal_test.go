package haravanredis

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

func newInternal(t *testing.T, opts ...Option) (*Limiter, *miniredis.Miniredis) {
	t.Helper()
	m := miniredis.RunT(t)
	m.SetTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	t.Cleanup(func() { _ = rdb.Close() })
	// These tests check the scripts, not the timeout: a loaded machine
	// running -race can take longer than DefaultTimeout to answer.
	l, err := NewLimiter(rdb, "shop", append([]Option{WithTimeout(10 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return l, m
}

// Booking past the bucket (less its headroom) waits one leak interval per
// call ahead, and never longer than the bucket's drain time however long
// the queue.
func TestScriptTakeWaitsAndCaps(t *testing.T) {
	t.Parallel()
	for _, headroom := range []int{0, 1, 3} {
		l, _ := newInternal(t, WithBucket(10, 20), WithHeadroom(headroom))
		ctx := context.Background()
		for i := range 40 {
			wait, err := l.run(ctx, opPour, 1)
			if err != nil {
				t.Fatal(err)
			}
			want := time.Duration(min(max(i+1-(10-headroom), 0), 10)) * 50 * time.Millisecond
			if wait != want {
				t.Fatalf("headroom %d: booking %d waits %s, want %s", headroom, i+1, wait, want)
			}
		}
	}
}

// The bucket drains by Redis's clock, a give returns a booking, and a fold
// raises the level to the reading's share but never lowers it.
func TestScriptDrainGiveFold(t *testing.T) {
	t.Parallel()
	l, m := newInternal(t, WithBucket(10, 20))
	ctx := context.Background()
	level := func() string { return m.HGet(l.Key(), "level") }
	for range 10 {
		_, _ = l.run(ctx, opPour, 1)
	}
	m.SetTime(time.Date(2024, 1, 1, 0, 0, 0, 250_000_000, time.UTC)) // 5 calls drain
	_, _ = l.run(ctx, opPour, -1)
	if got := level(); got != "4" {
		t.Errorf("level after drain and give = %s, want 4", got)
	}
	_, _ = l.run(ctx, opFold, 0.75)
	if got := level(); got != "7.5" {
		t.Errorf("level after fold of 3/4 = %s, want 7.5", got)
	}
	_, _ = l.run(ctx, opFold, 0.1)
	if got := level(); got != "7.5" {
		t.Errorf("a lower reading moved the level to %s", got)
	}
	_, _ = l.run(ctx, opFold, 1e6) // a share beyond the bucket counts as full
	if got := level(); got != "10" {
		t.Errorf("level after an overfull fold = %s, want 10", got)
	}
	if ttl := m.TTL(l.Key()); ttl <= 0 || ttl > 2*time.Second {
		t.Errorf("TTL = %s, want the drain time (0.5s) plus a second", ttl)
	}
}

// After a failure the Limiter leaves Redis alone for retryInterval, then uses
// it again and says so once.
func TestRecoversWhenRedisAnswersAgain(t *testing.T) {
	t.Parallel()
	l, m := newInternal(t, WithoutFallback(), WithLogger(slog.New(slog.DiscardHandler)))
	ctx := context.Background()
	m.SetError("LOADING Redis is loading the dataset in memory")
	if err := l.Wait(ctx); err == nil {
		t.Fatal("Wait succeeded while Redis failed")
	}
	m.SetError("")
	if err := l.Wait(ctx); err == nil {
		t.Fatal("Wait tried Redis again within retryInterval")
	}
	l.retryAt.Store(0) // retryInterval has passed
	if err := l.Wait(ctx); err != nil {
		t.Fatalf("Wait after Redis recovered: %v", err)
	}
	if l.down.Load() {
		t.Error("still marked down")
	}
}
