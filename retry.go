package profiles

import (
	"errors"
	"fmt"
	"time"
)

// RetryPolicy says how a client retries a failed attempt. A zero field
// means its default, except MaxRetries, where 0 turns retries off.
//
// Idempotent calls are tried again after a connection failure, a timed-out
// attempt, and a 429, 502, 503 or 504 answer; value-moving calls (Haravan's
// points, OLX's code exchange) only when nothing was sent or the vendor
// refused them with a 429. A Retry-After the vendor sends replaces the
// backoff.
type RetryPolicy struct {
	// MaxRetries is how many attempts may follow the first.
	MaxRetries int
	// MinBackoff and MaxBackoff bound the jittered exponential backoff
	// (250ms to 8s; a MinBackoff over 8s with no MaxBackoff is also the
	// ceiling).
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After waited out (1m); a longer
	// one ends the call with the vendor's answer.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy applies without WithRetryPolicy: 3 retries, the
// default waits.
var DefaultRetryPolicy = RetryPolicy{
	MaxRetries:    3,
	MinBackoff:    250 * time.Millisecond,
	MaxBackoff:    8 * time.Second,
	MaxRetryAfter: time.Minute,
}

// withDefaults fills every zero duration with its default; MaxRetries 0
// stays 0 (no retries). A MinBackoff above the default MaxBackoff lifts
// the ceiling to it.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MinBackoff == 0 {
		p.MinBackoff = DefaultRetryPolicy.MinBackoff
	}
	if p.MaxBackoff == 0 {
		p.MaxBackoff = max(DefaultRetryPolicy.MaxBackoff, p.MinBackoff)
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = DefaultRetryPolicy.MaxRetryAfter
	}
	return p
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxRetries < 0:
		return errors.New("RetryPolicy.MaxRetries must not be negative")
	case p.MinBackoff < 0 || p.MaxBackoff < 0 || p.MaxRetryAfter < 0:
		return errors.New("RetryPolicy durations must not be negative")
	case p.MaxBackoff != 0 && p.MaxBackoff < p.MinBackoff:
		return fmt.Errorf("RetryPolicy.MaxBackoff (%s) is below MinBackoff (%s)", p.MaxBackoff, p.MinBackoff)
	}
	return nil
}
