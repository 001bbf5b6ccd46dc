package haravanredis_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravanredis"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

func newRedis(t testing.TB, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// newMini starts a miniredis whose clock stands still, so that waits are
// computed, never measured.
func newMini(t *testing.T) (*miniredis.Miniredis, *redis.Client) {
	t.Helper()
	m := miniredis.RunT(t)
	m.SetTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	return m, newRedis(t, m.Addr())
}

func newLimiter(t *testing.T, rdb redis.Scripter, shop string, opts ...haravanredis.Option) *haravanredis.Limiter {
	t.Helper()
	l, err := haravanredis.NewLimiter(rdb, shop, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// logBuffer collects a logger's records as text.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }

func shortCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	t.Cleanup(cancel)
	return ctx
}

func TestNewLimiterValidation(t *testing.T) {
	t.Parallel()
	_, rdb := newMini(t)
	cases := map[string]func() error{
		"nil client": func() error { _, err := haravanredis.NewLimiter(nil, "shop"); return err },
		"empty shop": func() error { _, err := haravanredis.NewLimiter(rdb, " "); return err },
		"zero size":  func() error { _, err := haravanredis.NewLimiter(rdb, "s", haravanredis.WithBucket(0, 1)); return err },
		"zero rate":  func() error { _, err := haravanredis.NewLimiter(rdb, "s", haravanredis.WithBucket(1, 0)); return err },
		"no timeout": func() error { _, err := haravanredis.NewLimiter(rdb, "s", haravanredis.WithTimeout(0)); return err },
		"nil fallbk": func() error { _, err := haravanredis.NewLimiter(rdb, "s", haravanredis.WithFallback(nil)); return err },
		"nil logger": func() error { _, err := haravanredis.NewLimiter(rdb, "s", haravanredis.WithLogger(nil)); return err },
	}
	for name, call := range cases {
		if err := call(); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if l := newLimiter(t, rdb, "shop-1"); l.Key() != "haravan:bucket:{shop-1}" {
		t.Errorf("Key = %q", l.Key())
	}
}

// Two replicas share one bucket: what one books, the other must wait for.
// A wait beyond the deadline is refused at once and its slot given back.
func TestReplicasShareTheBucket(t *testing.T) {
	t.Parallel()
	m, rdb := newMini(t)
	a := newLimiter(t, rdb, "shop", haravanredis.WithBucket(2, 1), haravanredis.WithHeadroom(0))
	b := newLimiter(t, rdb, "shop", haravanredis.WithBucket(2, 1), haravanredis.WithHeadroom(0))
	other := newLimiter(t, rdb, "other-shop", haravanredis.WithBucket(2, 1), haravanredis.WithHeadroom(0))
	for _, l := range []*haravanredis.Limiter{a, a, other} {
		if err := l.Wait(shortCtx(t)); err != nil {
			t.Fatal(err)
		}
	}
	err := b.Wait(shortCtx(t))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "wait 1s") {
		t.Fatalf("third call of the shop: err = %v, want a refused 1s wait", err)
	}
	if got := m.HGet(a.Key(), "level"); got != "2" {
		t.Errorf("level = %s after the refused wait, want 2 (its slot given back)", got)
	}
}

// The vendor's reading counts: a shop whose other apps filled the bucket
// makes the next call wait (two leak intervals: its own, and the one call
// of headroom), and an impossible reading is ignored.
func TestReadingsAreFoldedIn(t *testing.T) {
	t.Parallel()
	m, rdb := newMini(t)
	l := newLimiter(t, rdb, "shop")
	ctx := context.Background()
	l.Observe(ctx, profiles.CallLimit{Used: 1000000, Max: 1})
	l.Observe(ctx, profiles.CallLimit{Used: 90, Max: 80})
	if m.Exists(l.Key()) {
		t.Fatalf("an impossible reading reached Redis: level %s", m.HGet(l.Key(), "level"))
	}
	l.Observe(ctx, profiles.CallLimit{Used: 80, Max: 80})
	err := l.Wait(shortCtx(t))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "wait 500ms") {
		t.Fatalf("after a full reading: err = %v, want a refused 500ms wait", err)
	}
}

func TestWaitHonoursCancelledContext(t *testing.T) {
	t.Parallel()
	m, rdb := newMini(t)
	l := newLimiter(t, rdb, "shop")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if m.Exists(l.Key()) {
		t.Error("a cancelled Wait booked a slot")
	}
}

// With Redis gone, calls are paced in process and one warning is logged,
// however many calls there are.
func TestRedisDownFallsBackToLocalPacing(t *testing.T) {
	t.Parallel()
	m, rdb := newMini(t)
	var logs logBuffer
	l := newLimiter(t, rdb, "shop", haravanredis.WithBucket(2, 1), haravanredis.WithTimeout(50*time.Millisecond), haravanredis.WithLogger(logs.logger()))
	m.Close()
	for range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		err := l.Wait(ctx)
		cancel()
		if err != nil {
			t.Fatalf("fallback refused a call within the burst: %v", err)
		}
	}
	if err := l.Wait(shortCtx(t)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("fallback let a third call through: err = %v", err)
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 {
		t.Errorf("%d warnings, want 1:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "pacing in this process") || !strings.Contains(logs.String(), "haravan:bucket:{shop}") {
		t.Errorf("warning lacks what happened:\n%s", logs.String())
	}
}

func TestRedisDownWithoutFallbackFails(t *testing.T) {
	t.Parallel()
	m, rdb := newMini(t)
	var logs logBuffer
	l := newLimiter(t, rdb, "shop", haravanredis.WithoutFallback(), haravanredis.WithLogger(logs.logger()))
	m.Close()
	if err := l.Wait(context.Background()); !errors.Is(err, haravanredis.ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(logs.String(), "calls fail") {
		t.Errorf("warning lacks what happened:\n%s", logs.String())
	}
}

// hungRedis accepts connections and never answers.
func hungRedis(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().String()
}

// A Redis that never answers holds no call past the timeout, even with a
// go-redis client that ignores context deadlines: the Wait below falls
// back while its minute-long context is still alive.
func TestHungRedisIsBounded(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: hungRedis(t), ReadTimeout: time.Hour, WriteTimeout: time.Hour})
	t.Cleanup(func() { _ = rdb.Close() })
	var logs logBuffer
	l := newLimiter(t, rdb, "shop", haravanredis.WithTimeout(20*time.Millisecond), haravanredis.WithLogger(logs.logger()))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := l.Wait(ctx); err != nil {
		t.Fatalf("err = %v", err)
	}
	if ctx.Err() != nil {
		t.Fatal("the Wait outlived its context")
	}
	if !strings.Contains(logs.String(), "no answer within 20ms") {
		t.Errorf("warning lacks the timeout:\n%s", logs.String())
	}
	l.Observe(ctx, profiles.CallLimit{Used: 1, Max: 80}) // skips Redis for a second; must not block either
}

// A client whose limiter may not fall back sends nothing while Redis is
// down, and says why.
func TestClientSendsNothingWhenRedisDownWithoutFallback(t *testing.T) {
	t.Parallel()
	m, rdb := newMini(t)
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	var logs logBuffer
	l := newLimiter(t, rdb, "shop", haravanredis.WithoutFallback(), haravanredis.WithLogger(logs.logger()))
	c, err := srv.NewClient(haravan.WithLimiter(l))
	if err != nil {
		t.Fatal(err)
	}
	m.Close()
	_, err = c.GetProfile(context.Background(), haravantest.JohnTerryID)
	var reqErr *profiles.RequestError
	if !errors.Is(err, haravanredis.ErrUnavailable) || !errors.As(err, &reqErr) {
		t.Fatalf("err = %v", err)
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("%d requests sent while the bucket was unknown", n)
	}
}
