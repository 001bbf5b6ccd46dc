package haravan

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// CallLimitHeader is the header in which Haravan reports the shop's bucket
// level, such as "32/80".
const CallLimitHeader = "X-Haravan-Api-Call-Limit"

// Haravan's documented bucket: 80 calls per shop, leaking 4 per second.
const (
	BucketSize = 80
	LeakRate   = 4.0 // calls per second
)

// ParseCallLimit reads a header value such as "32/80".
func ParseCallLimit(v string) (profiles.CallLimit, bool) {
	used, limit, ok := strings.Cut(strings.TrimSpace(v), "/")
	if !ok {
		return profiles.CallLimit{}, false
	}
	u, err1 := strconv.Atoi(strings.TrimSpace(used))
	m, err2 := strconv.Atoi(strings.TrimSpace(limit))
	if err1 != nil || err2 != nil || u < 0 || m <= 0 {
		return profiles.CallLimit{}, false
	}
	return profiles.CallLimit{Used: u, Max: m}, true
}

// observe records every attempt's call limit and passes a plausible one to
// the limiter, since other apps of the shop fill the same bucket.
func (c *Client) observe(resp *http.Response) {
	cl, ok := ParseCallLimit(resp.Header.Get(CallLimitHeader))
	if !ok {
		return
	}
	c.limit.Store(&cl)
	if c.limiter != nil && Plausible(cl) {
		ctx := context.Background()
		if resp.Request != nil {
			ctx = resp.Request.Context()
		}
		c.limiter.Observe(ctx, cl)
	}
}

// callLimitOf reads an answer's call limit for Response.CallLimit.
func callLimitOf(h http.Header) (profiles.CallLimit, bool) {
	return ParseCallLimit(h.Get(CallLimitHeader))
}

// CallLimit returns the call limit of the last answer that carried one, and
// false before any did.
func (c *Client) CallLimit() (profiles.CallLimit, bool) {
	if c != nil {
		if l := c.limit.Load(); l != nil {
			return *l, true
		}
	}
	return profiles.CallLimit{}, false
}

// Limiter paces a Client's calls to the shop's call-limit bucket. The
// Client calls Wait before every attempt (a retry takes a slot too) and
// Observe with every Plausible X-Haravan-Api-Call-Limit reading. Pacer is
// the in-process Limiter; package haravanredis keeps one bucket per shop in
// Redis, shared by every replica of a service. Implementations must be
// safe for concurrent use.
type Limiter interface {
	// Wait returns when a call may be sent, or with an error matching ctx's
	// (errors.Is) when ctx ends first or would end before the slot comes.
	Wait(ctx context.Context) error
	// Observe folds in the shop's reading, which other apps of the shop
	// fill too. ctx is the call's context; Observe must not block past it.
	Observe(ctx context.Context, reading profiles.CallLimit)
}

func checkRate(perSecond float64, burst int) error {
	if !(perSecond > 0) || math.IsInf(perSecond, 0) {
		return fmt.Errorf("the rate must be a positive number, not %v", perSecond)
	}
	if burst < 1 {
		return fmt.Errorf("the burst must be at least 1, not %d", burst)
	}
	return nil
}

// Pacer is the in-process Limiter: a leaky bucket of burst calls that leaks
// perSecond calls per second, where a call that would overflow the bucket
// waits until enough has leaked. It is safe for concurrent use; build one
// with NewPacer, the zero Pacer is not usable.
type Pacer struct {
	rate  float64 // calls per second
	size  float64
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	level float64
	at    time.Time
}

// NewPacer returns a Pacer for a bucket of burst calls leaking perSecond
// calls per second; NewPacer(LeakRate, BucketSize) is Haravan's own bucket.
func NewPacer(perSecond float64, burst int) (*Pacer, error) {
	if err := checkRate(perSecond, burst); err != nil {
		return nil, fmt.Errorf("haravan: %w: NewPacer: %w", profiles.ErrInvalidArgument, err)
	}
	return newPacer(perSecond, burst), nil
}

func newPacer(rate float64, burst int) *Pacer {
	return &Pacer{rate: rate, size: float64(burst), now: time.Now, sleep: rest.Sleep}
}

// Wait books the next slot in the bucket and sleeps until it comes. It
// returns at once, with an error wrapping context.DeadlineExceeded, when
// the slot comes after ctx's deadline, and gives the slot back when ctx
// ends first. It never waits longer than the bucket takes to drain.
func (p *Pacer) Wait(ctx context.Context) error {
	if p == nil || p.rate == 0 {
		return fmt.Errorf("haravan: %w: a Pacer must be built with NewPacer", profiles.ErrInvalidArgument)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return rest.WaitSlot(ctx, p.pour(1), "pacing", p.sleep, func() { p.pour(-1) })
}

// Observe adopts the shop's level, scaled to the Pacer's bucket, when it is
// fuller than the Pacer's own count. A reading that cannot be true (see
// Plausible) is ignored.
func (p *Pacer) Observe(_ context.Context, reading profiles.CallLimit) {
	if p == nil || p.rate == 0 || !Plausible(reading) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.leak()
	p.level = max(p.level, float64(reading.Used)/float64(reading.Max)*p.size)
}

// MaxPlausibleLimit is the largest bucket size a call-limit reading may
// report before it is taken for a lie: Haravan's bucket holds 80 calls.
const MaxPlausibleLimit = 100 * BucketSize

// Plausible tells whether a call-limit reading can be true: a max from 1 to
// MaxPlausibleLimit and a used count from 0 to max. Limiters ignore other
// readings, so that one lying header (a proxy's "1000000/1") cannot hold
// every later call for months.
func Plausible(reading profiles.CallLimit) bool {
	return reading.Max >= 1 && reading.Max <= MaxPlausibleLimit &&
		reading.Used >= 0 && reading.Used <= reading.Max
}

// pour adds n calls to the bucket once it has leaked, and returns how long
// the last call poured must wait to fit, so that concurrent callers queue
// behind each other. The wait is capped at the drain time: past it the
// bucket is empty whatever happened, and a longer queue is better answered
// by the vendor's 429.
func (p *Pacer) pour(n float64) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.leak()
	p.level = max(p.level+n, 0)
	over := min(p.level-p.size, p.size)
	return time.Duration(max(over, 0) / p.rate * float64(time.Second))
}

func (p *Pacer) leak() {
	now := p.now()
	if !p.at.IsZero() {
		if elapsed := now.Sub(p.at).Seconds(); elapsed > 0 {
			p.level = max(p.level-elapsed*p.rate, 0)
		}
	}
	p.at = now
}
