package haravan

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// CallLimitHeader is the header in which Haravan reports the shop's bucket
// level, e.g. "32/80".
const CallLimitHeader = "X-Haravan-Api-Call-Limit"

// Haravan's documented bucket: 80 calls per shop, leaking 4 per second.
const (
	BucketSize = 80
	LeakRate   = 4.0 // calls per second
)

// CallLimit is a reading of X-Haravan-Api-Call-Limit: Used calls in the
// shop's bucket out of Max. Remaining tells how many calls fit now. It is
// the type of Response.CallLimit in every profiles-go package; only Haravan
// reports one.
type CallLimit = rest.CallLimit

// ParseCallLimit reads a header value such as "32/80".
func ParseCallLimit(v string) (CallLimit, bool) {
	used, limit, ok := strings.Cut(strings.TrimSpace(v), "/")
	if !ok {
		return CallLimit{}, false
	}
	u, err1 := strconv.Atoi(strings.TrimSpace(used))
	m, err2 := strconv.Atoi(strings.TrimSpace(limit))
	if err1 != nil || err2 != nil || u < 0 || m <= 0 {
		return CallLimit{}, false
	}
	return CallLimit{Used: u, Max: m}, true
}

// CallLimit returns the call limit of the last answer that carried one, and
// false before any did.
func (c *Client) CallLimit() (CallLimit, bool) {
	if c == nil {
		return CallLimit{}, false
	}
	if l := c.limit.Load(); l != nil {
		return *l, true
	}
	return CallLimit{}, false
}

// WithPacing makes the client pace its own calls to Haravan's documented
// bucket (80 calls, leaking 4 per second), so a bulk sync runs at the
// sustained rate instead of bursting into 429 answers. The pacer also adopts
// the level the shop reports in X-Haravan-Api-Call-Limit, since other apps
// of the shop fill the same bucket. Waiting honours the call's context.
//
// The pacer lives in this process. When several processes (replicas) call
// the same shop, share one bucket instead: see WithLimiter and package
// haravanredis.
func WithPacing() Option { return WithRateLimit(LeakRate, BucketSize) }

// WithRateLimit is WithPacing with a bucket of your own: at most burst calls
// at once, refilled at perSecond calls per second. Every client built with
// it gets a Pacer of its own; to share one, build it with NewPacer and pass
// it to WithLimiter.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(cfg *rest.Config) error {
		if err := checkRate("WithRateLimit", perSecond, burst); err != nil {
			return err
		}
		cfg.SetExtension(limiterKey{}, func() Limiter { return &Pacer{b: newBucket(perSecond, burst)} })
		return nil
	}
}

func checkRate(name string, perSecond float64, burst int) error {
	if !(perSecond > 0) || math.IsInf(perSecond, 0) {
		return fmt.Errorf("%w: %s: the rate must be a positive number, not %v", ErrInvalidArgument, name, perSecond)
	}
	if burst < 1 {
		return fmt.Errorf("%w: %s: the burst must be at least 1, not %d", ErrInvalidArgument, name, burst)
	}
	return nil
}

// Pacer is the in-process Limiter: a leaky bucket of burst calls that leaks
// perSecond calls per second. WithPacing and WithRateLimit give each client
// one; NewPacer builds one that several clients of this process can share
// through WithLimiter. A Pacer is safe for concurrent use; the zero Pacer
// is not usable, build one with NewPacer.
type Pacer struct {
	b *bucket
}

// NewPacer returns a Pacer for a bucket of burst calls leaking perSecond
// calls per second; NewPacer(LeakRate, BucketSize) is Haravan's own bucket.
func NewPacer(perSecond float64, burst int) (*Pacer, error) {
	if err := checkRate("NewPacer", perSecond, burst); err != nil {
		return nil, fmt.Errorf("haravan: %w", err)
	}
	return &Pacer{b: newBucket(perSecond, burst)}, nil
}

// Wait books the next slot in the bucket and sleeps until it comes. It
// returns at once, with an error wrapping context.DeadlineExceeded, when
// the slot comes after ctx's deadline, and gives the slot back when ctx
// ends first. It never waits longer than the bucket takes to drain.
func (p *Pacer) Wait(ctx context.Context) error {
	if p == nil || p.b == nil {
		return fmt.Errorf("haravan: %w: a Pacer must be built with NewPacer", ErrInvalidArgument)
	}
	return p.b.wait(ctx)
}

// Observe adopts the shop's level from a reading of
// X-Haravan-Api-Call-Limit when it is fuller than the Pacer's own count.
// A reading that cannot be true (used above max, an absurd max) is ignored.
func (p *Pacer) Observe(_ context.Context, reading CallLimit) {
	if p != nil && p.b != nil && Plausible(reading) {
		p.b.observe(reading.Used, reading.Max)
	}
}

// MaxPlausibleLimit is the largest bucket size a call-limit reading may
// report before it is taken for a lie: Haravan's bucket holds 80 calls.
const MaxPlausibleLimit = 100 * BucketSize

// Plausible tells whether a call-limit reading can be true: a max from 1 to
// MaxPlausibleLimit and a used count from 0 to max. Limiters ignore other
// readings, so that one lying header (a proxy's "1000000/1") cannot hold
// every later call for months.
func Plausible(reading CallLimit) bool {
	return reading.Max >= 1 && reading.Max <= MaxPlausibleLimit &&
		reading.Used >= 0 && reading.Used <= reading.Max
}

// bucket is a leaky bucket on the client side: every call pours one unit in,
// the bucket leaks rate units per second, and a call that would overflow it
// waits until enough has leaked.
type bucket struct {
	rate  float64 // units per second
	size  float64
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	level float64
	at    time.Time
}

func newBucket(rate float64, burst int) *bucket {
	return &bucket{rate: rate, size: float64(burst), now: time.Now, sleep: rest.Sleep}
}

// reserve pours one unit in and returns how long the caller must wait before
// its call fits under the bucket's size. The unit counts from now on, so
// concurrent callers queue behind each other. The wait is capped at the
// bucket's drain time: past it the bucket is empty whatever happened, and a
// longer queue is better answered by the vendor's 429 than by sleeping.
func (b *bucket) reserve() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.leak()
	b.level++
	over := min(b.level-b.size, b.size)
	if over <= 0 {
		return 0
	}
	return time.Duration(over / b.rate * float64(time.Second))
}

// cancel takes back a reservation whose caller gave up waiting.
func (b *bucket) cancel() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.leak()
	b.level = max(b.level-1, 0)
}

// observe adopts the shop's own level when it is fuller than ours. The
// reading is scaled to our bucket (a share of the shop's) and never counts
// for more than a full bucket.
func (b *bucket) observe(used, limit int) {
	if limit <= 0 || used < 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.leak()
	if theirs := min(float64(used)/float64(limit), 1) * b.size; theirs > b.level {
		b.level = theirs
	}
}

func (b *bucket) leak() {
	now := b.now()
	if !b.at.IsZero() {
		if elapsed := now.Sub(b.at).Seconds(); elapsed > 0 {
			b.level = max(b.level-elapsed*b.rate, 0)
		}
	}
	b.at = now
}

func (b *bucket) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d := b.reserve()
	if d <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		b.cancel()
		return fmt.Errorf("pacing would wait %s, beyond the context deadline: %w", d.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if err := b.sleep(ctx, d); err != nil {
		b.cancel()
		return err
	}
	return nil
}
