package haravanredis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// ErrUnavailable is wrapped by Wait's error when Redis does not answer and
// WithoutFallback was given.
var ErrUnavailable = errors.New("haravanredis: Redis is unavailable")

const (
	// DefaultTimeout bounds each Redis call unless WithTimeout says otherwise.
	DefaultTimeout = 250 * time.Millisecond
	// DefaultHeadroom is how many calls of the bucket a Limiter keeps free
	// unless WithHeadroom says otherwise.
	DefaultHeadroom = 1
	// retryInterval is how long a Limiter that lost Redis leaves it alone,
	// so that a hung server costs one timeout a second, not one per call.
	retryInterval = time.Second
)

// Limiter is a haravan.Limiter whose bucket lives in Redis, shared by every
// Limiter of the same shop key. It is safe for concurrent use.
type Limiter struct {
	rdb           redis.Scripter
	key           string
	size          float64
	rate          float64 // calls per second
	headroom      float64 // calls of the bucket a booking leaves free
	timeout       time.Duration
	fallback      haravan.Limiter // nil with WithoutFallback
	fallbackGiven bool            // by WithFallback, which refuses nil
	noFallback    bool
	log           *slog.Logger

	down    atomic.Bool
	retryAt atomic.Int64 // unix nanoseconds
	lastErr atomic.Pointer[string]
}

// Option configures NewLimiter, which checks the result once every option
// is applied: an option given twice counts as last given.
type Option func(*Limiter)

// WithBucket sets the shop's bucket: size calls, draining perSecond calls
// per second. The default is Haravan's documented bucket,
// haravan.BucketSize calls draining haravan.LeakRate per second. Every
// Limiter of one shop must use the same bucket.
func WithBucket(size int, perSecond float64) Option {
	return func(l *Limiter) { l.size, l.rate = float64(size), perSecond }
}

// WithHeadroom keeps calls of the bucket free (DefaultHeadroom by
// default); it must be smaller than the bucket. Booked calls can reach
// Haravan bunched up (a replica's first call dials, the next do not) and
// find a bucket that leaked less than the booking assumed: each call of
// headroom absorbs one leak interval (250ms at Haravan's rate) of such
// spread, at the cost of a smaller first burst.
func WithHeadroom(calls int) Option {
	return func(l *Limiter) { l.headroom = float64(calls) }
}

// WithTimeout bounds each Redis call (DefaultTimeout by default). Past it
// Redis counts as unavailable.
func WithTimeout(d time.Duration) Option {
	return func(l *Limiter) { l.timeout = d }
}

// WithFallback paces calls with fb while Redis is unavailable. The default
// is an in-process haravan.Pacer for the whole bucket: N replicas cut off
// from Redis may then burst N times over, as they would without Redis.
// Give a smaller Pacer (haravan.NewPacer(rate/N, size/N)) to stay within
// the bucket. A nil fb is refused (use WithoutFallback to fail calls).
func WithFallback(fb haravan.Limiter) Option {
	return func(l *Limiter) { l.fallback, l.fallbackGiven, l.noFallback = fb, true, false }
}

// WithoutFallback makes Wait fail with an error wrapping ErrUnavailable
// while Redis is unavailable, so that no call is sent unpaced.
func WithoutFallback() Option {
	return func(l *Limiter) { l.fallback, l.fallbackGiven, l.noFallback = nil, false, true }
}

// WithLogger sets where the warning about an unavailable Redis goes
// (slog.Default() by default).
func WithLogger(log *slog.Logger) Option {
	return func(l *Limiter) { l.log = log }
}

// NewLimiter returns a Limiter for the shop's bucket in rdb, a
// *redis.Client, *redis.ClusterClient, *redis.Ring or any other
// redis.Scripter. shop names the shop (its Haravan id or domain); every
// replica calling that shop must use the same name.
func NewLimiter(rdb redis.Scripter, shop string, opts ...Option) (*Limiter, error) {
	l := &Limiter{
		rdb:      rdb,
		key:      "haravan:bucket:{" + shop + "}",
		size:     haravan.BucketSize,
		rate:     haravan.LeakRate,
		headroom: DefaultHeadroom,
		timeout:  DefaultTimeout,
		log:      slog.Default(),
	}
	for _, opt := range opts {
		if opt != nil {
			opt(l)
		}
	}
	if err := l.validate(shop); err != nil {
		return nil, err
	}
	if l.fallback == nil && !l.noFallback {
		// validate checked the bucket, so NewPacer cannot fail.
		l.fallback, _ = haravan.NewPacer(l.rate, int(l.size))
	}
	return l, nil
}

// validate checks what NewLimiter and its options set.
func (l *Limiter) validate(shop string) error {
	switch {
	case l.rdb == nil:
		return invalid("NewLimiter: the Redis client is nil")
	case strings.TrimSpace(shop) == "":
		return invalid("NewLimiter: the shop is empty")
	case l.size < 1 || !(l.rate > 0) || math.IsInf(l.rate, 0):
		return invalid("WithBucket(%v, %v): the size must be at least 1 and the rate a positive number", l.size, l.rate)
	case l.headroom < 0 || l.headroom >= l.size:
		return invalid("WithHeadroom(%v): the headroom must be at least 0 and smaller than the bucket (%v calls)", l.headroom, l.size)
	case l.timeout <= 0:
		return invalid("WithTimeout(%s): the timeout must be positive", l.timeout)
	case l.fallbackGiven && l.fallback == nil:
		return invalid("WithFallback: the limiter is nil (use WithoutFallback to fail calls)")
	case l.log == nil:
		return invalid("WithLogger: the logger is nil")
	}
	return nil
}

// Key is the Redis key of the shop's bucket, "haravan:bucket:{shop}": a
// hash of its level (calls) and the Redis time of its last update.
func (l *Limiter) Key() string {
	if l == nil {
		return ""
	}
	return l.key
}

// Wait books the next slot in the shop's bucket and sleeps until it comes.
// It returns at once, with an error wrapping context.DeadlineExceeded, when
// the slot comes after ctx's deadline, and gives the slot back when ctx
// ends first. A wait is never longer than the bucket takes to drain. While
// Redis is unavailable the fallback waits instead (see WithFallback).
func (l *Limiter) Wait(ctx context.Context) error {
	if err := l.check(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	wait, ok := l.shared(ctx, opPour, 1)
	if !ok {
		if err := ctx.Err(); err != nil {
			return err
		}
		if l.fallback == nil {
			return fmt.Errorf("%w: %s", ErrUnavailable, *l.lastErr.Load())
		}
		return l.fallback.Wait(ctx)
	}
	// A caller that stops waiting gives its slot back, though ctx has ended;
	// should that fail, the slot drains away with the rest of the bucket.
	giveBack := func() { _, _ = l.run(context.WithoutCancel(ctx), opPour, -1) }
	return rest.WaitSlot(ctx, wait, "haravanredis: the shop's bucket", rest.Sleep, giveBack)
}

// Observe folds a reading of X-Haravan-Api-Call-Limit into the shop's
// bucket: its level becomes at least the share of the bucket the reading
// reports. Readings that cannot be true (see haravan.Plausible) are
// ignored. The fallback sees every reading too, to be ready if Redis goes.
func (l *Limiter) Observe(ctx context.Context, reading profiles.CallLimit) {
	if l.check() != nil || !haravan.Plausible(reading) {
		return
	}
	if l.fallback != nil {
		l.fallback.Observe(ctx, reading)
	}
	l.shared(ctx, opFold, float64(reading.Used)/float64(reading.Max))
}

// check refuses a nil or zero-value Limiter (not built by NewLimiter),
// which has no Redis client to call.
func (l *Limiter) check() error {
	if l == nil || l.rdb == nil {
		return invalid("nil or zero-value Limiter: build one with NewLimiter")
	}
	return nil
}

// shared runs op on the bucket in Redis; ok is false when Redis did not
// answer or is skipped, for retryInterval after a failure. It warns once
// per outage and says when Redis answers again.
func (l *Limiter) shared(ctx context.Context, op string, arg float64) (wait time.Duration, ok bool) {
	if time.Now().UnixNano() < l.retryAt.Load() {
		return 0, false
	}
	wait, err := l.run(ctx, op, arg)
	switch {
	case err != nil && ctx.Err() != nil:
		return 0, false // the caller gave up: that says nothing about Redis
	case err != nil:
		msg := err.Error()
		l.lastErr.Store(&msg)
		l.retryAt.Store(time.Now().Add(retryInterval).UnixNano())
		if l.down.CompareAndSwap(false, true) {
			then := "pacing in this process until it answers"
			if l.fallback == nil {
				then = "calls fail until it answers"
			}
			l.log.Warn("haravanredis: Redis is unavailable; "+then, "key", l.key, "err", msg)
		}
		return 0, false
	case l.down.CompareAndSwap(true, false):
		l.log.Info("haravanredis: Redis answers again; the shared bucket paces calls", "key", l.key)
	}
	return wait, true
}

// run executes the bucket script once. The script runs in a goroutine so
// that a Redis server that hangs, or a go-redis client that ignores context
// deadlines, cannot hold the caller past the timeout or ctx.
func (l *Limiter) run(ctx context.Context, op string, arg float64) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	done := make(chan *redis.Cmd, 1)
	go func() {
		done <- bucketScript.Run(ctx, l.rdb, []string{l.key}, l.size, l.rate, op, arg, l.headroom)
	}()
	select {
	case cmd := <-done:
		micros, err := cmd.Int64()
		return time.Duration(micros) * time.Microsecond, err
	case <-ctx.Done():
		return 0, fmt.Errorf("no answer within %s: %w", l.timeout, ctx.Err())
	}
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("haravanredis: %w: %s", profiles.ErrInvalidArgument, fmt.Sprintf(format, args...))
}

// The bucket script's operations: pour calls into the bucket (1 books a
// call, -1 gives a booking back), as haravan.Pacer does; raise the level to
// a reading's share of the bucket.
const (
	opPour = "pour"
	opFold = "fold"
)

// bucketScript drains one shop's bucket by Redis's clock and applies an
// operation, atomically. It answers a pour's wait in whole microseconds,
// rounded up: until the level, the calls poured included, is at most size
// minus headroom, and at most the drain time, as haravan.Pacer does.
//
//	KEYS[1]  the bucket: a hash of level (calls) and at (Redis time, µs)
//	ARGV[1]  size (calls)     ARGV[2]  rate (calls per second)
//	ARGV[3]  operation        ARGV[4]  calls (pour), share of a full bucket (fold)
//	ARGV[5]  headroom (calls a take leaves free)
var bucketScript = redis.NewScript(`
local size = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local op = ARGV[3]
local room = size - tonumber(ARGV[5])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local level = tonumber(redis.call('HGET', KEYS[1], 'level')) or 0
local at = tonumber(redis.call('HGET', KEYS[1], 'at')) or now
if now > at then
  level = math.max(level - (now - at) / 1000000 * rate, 0)
end
local wait = 0
if op == 'fold' then
  local share = math.min(math.max(tonumber(ARGV[4]), 0), 1)
  level = math.max(level, share * size)
else
  level = math.max(level + tonumber(ARGV[4]), 0)
  wait = math.max(math.min(level - room, size), 0) / rate
end
redis.call('HSET', KEYS[1], 'level', string.format('%.17g', level), 'at', string.format('%.0f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil(level / rate * 1000) + 1000)
return math.ceil(wait * 1000000)
`)
