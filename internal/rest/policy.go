package rest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// RetryPolicy says how often and how patiently a client retries.
//
// MaxRetries is the number of retries after the first attempt; 0 turns
// retries off. Every other zero field means its default (see
// DefaultRetryPolicy). Waits between attempts use exponential backoff with
// full jitter, between MinBackoff and MaxBackoff. A Retry-After header on
// a 429 or 503 answer replaces the backoff, up to MaxRetryAfter; a longer
// wait is not waited out: the call returns at once with an APIError whose
// RetryAfter says how long the vendor asked for.
type RetryPolicy struct {
	MaxRetries    int
	MinBackoff    time.Duration
	MaxBackoff    time.Duration
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is used when no WithRetryPolicy option is given.
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

// jitteredBackoff returns a full-jitter wait for retry number n (0-based):
// uniformly between MinBackoff and min(MaxBackoff, MinBackoff·2ⁿ).
func (p RetryPolicy) jitteredBackoff(n int) time.Duration {
	ceiling := p.MaxBackoff
	if n < 62 && p.MinBackoff > 0 && p.MinBackoff<<n > 0 && p.MinBackoff<<n < ceiling {
		ceiling = p.MinBackoff << n
	}
	if ceiling <= p.MinBackoff {
		return p.MinBackoff
	}
	return p.MinBackoff + rand.N(ceiling-p.MinBackoff+1)
}
