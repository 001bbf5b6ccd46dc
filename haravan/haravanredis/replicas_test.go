package haravanredis_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravanredis"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

// The scenario: four replicas of a service call one shop whose bucket is
// scaled down (10 calls, draining 20 per second) so that a run takes
// seconds, not minutes. The bucket drains five times faster than
// Haravan's, so the headroom is five calls: the same 250ms of tolerance for
// network and scheduling delay that the default headroom of one call gives
// at Haravan's 4 calls per second.
const (
	replicas   = 4
	bucketSize = 10
	drainRate  = 20.0 // calls per second
	headroom   = 5
)

// outcome counts what a run of the replicas got.
type outcome struct {
	ok, throttled int
	elapsed       time.Duration
}

// runReplicas builds one haravan.Client per replica, each with the
// limiter option pace(i) and retries off (so every 429 is counted), and
// makes calls calls in all, spread over the replicas, against a fake that
// enforces the scaled bucket.
func runReplicas(tb testing.TB, calls int, pace func(replica int) profiles.Option) outcome {
	tb.Helper()
	srv := haravantest.NewServer()
	tb.Cleanup(srv.Close)
	srv.SetBucket(bucketSize, drainRate)
	srv.EnforceRateLimit(true)

	clients := make([]*haravan.Client, replicas)
	for i := range clients {
		c, err := srv.NewClient(profiles.WithRetryPolicy(profiles.RetryPolicy{}), pace(i))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(c.CloseIdleConnections)
		clients[i] = c
	}

	var ok, throttled, left atomic.Int64
	left.Store(int64(calls))
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	start := time.Now()
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for left.Add(-1) >= 0 {
				_, err := c.GetProfileTags(context.Background(), haravantest.JohnTerryID)
				var apiErr *profiles.APIError
				switch {
				case err == nil:
					ok.Add(1)
				case errors.As(err, &apiErr) && apiErr.StatusCode == 429:
					throttled.Add(1)
				default:
					failed.Store(&err)
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		tb.Fatalf("a call failed otherwise than 429: %v", *err)
	}
	return outcome{ok: int(ok.Load()), throttled: int(throttled.Load()), elapsed: time.Since(start)}
}

// sharedBucket gives every replica its own Limiter (as separate processes
// would have) on one Redis bucket. The scenario measures the shared bucket,
// not the fallback: a Redis call slowed by a loaded machine waits up to 5s
// instead of falling back to in-process pacing, and a Redis failure fails
// the run.
func sharedBucket(tb testing.TB, rdb redis.Scripter, shop string) func(int) profiles.Option {
	return func(int) profiles.Option {
		l, err := haravanredis.NewLimiter(rdb, shop,
			haravanredis.WithBucket(bucketSize, drainRate), haravanredis.WithHeadroom(headroom),
			haravanredis.WithTimeout(5*time.Second), haravanredis.WithoutFallback())
		if err != nil {
			tb.Fatal(err)
		}
		return haravan.WithLimiter(l)
	}
}

// ownBucket is today's pacing without Redis: each replica paces itself to
// the whole bucket.
func ownBucket(int) profiles.Option { return haravan.WithRateLimit(drainRate, bucketSize) }

// uniqueShop keeps runs against a long-lived Redis apart.
func uniqueShop(tb testing.TB) string {
	return fmt.Sprintf("%s-%d", tb.Name(), time.Now().UnixNano())
}

func TestFourReplicasShareTheBucket(t *testing.T) {
	t.Parallel()
	rdb := newRedis(t, miniredis.RunT(t).Addr())
	const calls = 40
	got := runReplicas(t, calls, sharedBucket(t, rdb, "shop"))
	if got.ok != calls || got.throttled != 0 {
		t.Errorf("shared bucket: %d ok, %d answered 429; want %d ok, none throttled", got.ok, got.throttled, calls)
	}
}

// For comparison: replicas that pace only themselves burst four times the
// bucket and collect 429s.
func TestFourReplicasPacingAloneAreThrottled(t *testing.T) {
	t.Parallel()
	got := runReplicas(t, 40, ownBucket)
	t.Logf("in-process pacing: %d ok, %d answered 429", got.ok, got.throttled)
	if got.throttled == 0 {
		t.Error("four replicas each bursting the whole bucket got no 429")
	}
}

// redisAddr returns REDIS_ADDR or skips the test.
func redisAddr(tb testing.TB) string {
	tb.Helper()
	addr := os.Getenv("REDIS_ADDR")
	if addr == "" {
		tb.Skip("REDIS_ADDR is unset: start a redis-server (e.g. redis-server --port 6390 --save '' --appendonly no) " +
			"and run REDIS_ADDR=127.0.0.1:6390 go test ./haravan/haravanredis/ (.ci/run does this)")
	}
	return addr
}

func TestIntegrationRealRedis(t *testing.T) {
	t.Parallel()
	rdb := newRedis(t, redisAddr(t))
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("REDIS_ADDR=%s: %v", os.Getenv("REDIS_ADDR"), err)
	}

	t.Run("replicas share the bucket", func(t *testing.T) {
		t.Parallel()
		const calls = 40
		got := runReplicas(t, calls, sharedBucket(t, rdb, uniqueShop(t)))
		if got.ok != calls || got.throttled != 0 {
			t.Errorf("%d ok, %d answered 429; want %d ok, none throttled", got.ok, got.throttled, calls)
		}
	})

	t.Run("bookings, refusals and readings", func(t *testing.T) {
		t.Parallel()
		shop := uniqueShop(t)
		a := newLimiter(t, rdb, shop, haravanredis.WithBucket(2, 0.01), haravanredis.WithHeadroom(0))
		b := newLimiter(t, rdb, shop, haravanredis.WithBucket(2, 0.01), haravanredis.WithHeadroom(0))
		t.Cleanup(func() { rdb.Del(context.Background(), a.Key()) })
		for _, l := range []*haravanredis.Limiter{a, b} {
			if err := l.Wait(shortCtx(t)); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Wait(shortCtx(t)); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("third call: err = %v, want a refused wait", err)
		}
		level, err := rdb.HGet(context.Background(), a.Key(), "level").Float64()
		if err != nil || level < 1.99 || level > 2 {
			t.Errorf("level = %v (%v) after the refused wait, want 2", level, err)
		}
		ttl := rdb.PTTL(context.Background(), a.Key()).Val()
		if ttl <= 0 || ttl > 201*time.Second {
			t.Errorf("TTL = %s, want the drain time (200s) plus a second", ttl)
		}
		a.Observe(context.Background(), profiles.CallLimit{Used: 2, Max: 2})
		if err := a.Wait(shortCtx(t)); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("after a full reading: err = %v, want a refused wait", err)
		}
	})
}

// BenchmarkFourReplicas reports the aggregate throughput of four replicas
// against the scaled bucket: calls/s counts successful calls, drain-% is
// the rate past the first full bucket as a share of the drain rate, and
// 429s counts throttled calls. Run it with a fixed count, e.g.
//
//	go test -run '^$' -bench FourReplicas -benchtime 200x ./haravan/haravanredis/
//
// With REDIS_ADDR set, the shared bucket lives in that Redis.
func BenchmarkFourReplicas(b *testing.B) {
	report := func(b *testing.B, got outcome) {
		seconds := got.elapsed.Seconds()
		b.ReportMetric(float64(got.ok)/seconds, "calls/s")
		b.ReportMetric(float64(max(got.ok-bucketSize, 0))/seconds/drainRate*100, "drain-%")
		b.ReportMetric(float64(got.throttled), "429s")
		b.ReportMetric(0, "ns/op")
	}
	b.Run("shared-redis", func(b *testing.B) {
		var rdb *redis.Client
		if addr := os.Getenv("REDIS_ADDR"); addr != "" {
			rdb = newRedis(b, addr)
		} else {
			rdb = newRedis(b, miniredis.RunT(b).Addr())
		}
		pace := sharedBucket(b, rdb, uniqueShop(b))
		b.ResetTimer()
		report(b, runReplicas(b, b.N, pace))
	})
	b.Run("in-process", func(b *testing.B) {
		report(b, runReplicas(b, b.N, ownBucket))
	})
}
