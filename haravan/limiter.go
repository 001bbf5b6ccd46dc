package haravan

import (
	"context"
	"fmt"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Limiter paces a Client's calls to the shop's call-limit bucket (see
// BucketSize and LeakRate). The Client calls Wait before every attempt of
// a call (a retry takes a slot too) and Observe with every
// X-Haravan-Api-Call-Limit reading it receives.
//
// Pacer is the in-process Limiter (WithPacing, WithRateLimit); package
// haravanredis keeps one bucket per shop in Redis, shared by every replica
// of a service. Implementations must be safe for concurrent use.
type Limiter interface {
	// Wait returns when a call may be sent, or with an error when ctx ends
	// first (or would end before the slot comes). The error then matches
	// ctx's error with errors.Is.
	Wait(ctx context.Context) error
	// Observe folds in the vendor's reading of the shop's bucket, which
	// other apps of the shop fill too. ctx is the call's context; Observe
	// must not block past it. The Client passes only Plausible readings.
	Observe(ctx context.Context, reading CallLimit)
}

// WithLimiter makes the client wait for l before every attempt and report
// every call-limit reading to l. Clients given the same l share it. It
// replaces WithPacing and WithRateLimit (the last of the three wins).
func WithLimiter(l Limiter) Option {
	return func(cfg *rest.Config) error {
		if l == nil {
			return fmt.Errorf("%w: WithLimiter: the limiter is nil", ErrInvalidArgument)
		}
		cfg.SetExtension(limiterKey{}, func() Limiter { return l })
		return nil
	}
}

// limiterKey stores, in the client configuration, a function that gives the
// new client its Limiter: WithRateLimit makes a fresh Pacer per client,
// WithLimiter hands over the caller's.
type limiterKey struct{}
