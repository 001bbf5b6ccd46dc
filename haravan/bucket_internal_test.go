package haravan

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
)

// fakeClock drives a bucket without real time: sleeping advances it.
type fakeClock struct{ now time.Time }

func newTestBucket(rate float64, burst int) (*Pacer, *fakeClock, *[]time.Duration) {
	clk := &fakeClock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	var slept []time.Duration
	b := newPacer(rate, burst)
	b.now = func() time.Time { return clk.now }
	b.sleep = func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		slept = append(slept, d)
		clk.now = clk.now.Add(d)
		return nil
	}
	return b, clk, &slept
}

func TestBucketBurstThenSustainedRate(t *testing.T) {
	t.Parallel()
	b, _, slept := newTestBucket(LeakRate, BucketSize)
	ctx := context.Background()
	for range BucketSize {
		if err := b.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if len(*slept) != 0 {
		t.Fatalf("slept within the burst: %v", *slept)
	}
	for range 8 {
		if err := b.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Past the burst every call waits one leak interval: 1/4 s.
	for i, d := range *slept {
		if d != 250*time.Millisecond {
			t.Errorf("wait %d = %s, want 250ms", i, d)
		}
	}
	if len(*slept) != 8 {
		t.Errorf("%d waits, want 8", len(*slept))
	}
}

func TestBucketLeaksWhileIdle(t *testing.T) {
	t.Parallel()
	b, clk, slept := newTestBucket(4, 2)
	ctx := context.Background()
	_ = b.Wait(ctx)
	_ = b.Wait(ctx)
	clk.now = clk.now.Add(500 * time.Millisecond) // two units leak
	_ = b.Wait(ctx)
	_ = b.Wait(ctx)
	if len(*slept) != 0 {
		t.Errorf("waited after the bucket drained: %v", *slept)
	}
}

func TestBucketAdoptsShopLevel(t *testing.T) {
	t.Parallel()
	b, _, slept := newTestBucket(4, 80)
	b.Observe(context.Background(), profiles.CallLimit{Used: 80, Max: 80}) // other apps filled the shop's bucket
	if err := b.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(*slept) != 1 || (*slept)[0] != 250*time.Millisecond {
		t.Errorf("waits = %v, want one of 250ms", *slept)
	}
	b.Observe(context.Background(), profiles.CallLimit{Used: 10, Max: 80}) // a lower reading never empties our own count
	if b.level < 80 {
		t.Errorf("level dropped to %v", b.level)
	}
}

func TestBucketCancelGivesBackReservation(t *testing.T) {
	t.Parallel()
	b, _, _ := newTestBucket(1, 1)
	_ = b.Wait(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	b.sleep = func(ctx context.Context, d time.Duration) error { return context.Canceled }
	if err := b.Wait(context.Background()); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if b.level > 1 {
		t.Errorf("level %v after cancelled waits, want 1", b.level)
	}
}

// However many callers queue, none is told to wait longer than the bucket
// takes to drain from full.
func TestBucketWaitNeverExceedsDrainTime(t *testing.T) {
	t.Parallel()
	b, _, _ := newTestBucket(LeakRate, BucketSize)
	b.Observe(context.Background(), profiles.CallLimit{Used: BucketSize, Max: BucketSize})
	drain := time.Duration(BucketSize / LeakRate * float64(time.Second))
	for i := range 500 {
		if d := b.pour(1); d > drain {
			t.Fatalf("reservation %d waits %s, beyond the drain time %s", i, d, drain)
		}
	}
}

func TestPacerIgnoresImpossibleReadings(t *testing.T) {
	t.Parallel()
	p := newPacer(LeakRate, BucketSize)
	for _, r := range []profiles.CallLimit{{Used: 1000000, Max: 1}, {Used: 90, Max: 80}, {Used: 5, Max: MaxPlausibleLimit + 1}, {Used: -1, Max: 80}, {}} {
		p.Observe(context.Background(), r)
		if p.level != 0 {
			t.Fatalf("reading %v moved the level to %v", r, p.level)
		}
	}
	p.Observe(context.Background(), profiles.CallLimit{Used: 40, Max: 80})
	if p.level != 40 {
		t.Errorf("level %v after 40/80, want 40", p.level)
	}
}
