package profiles

import (
	"context"
	"time"
)

// Observer is told of every attempt of a call and then of the call's end,
// on the calling goroutine (see WithObserver). It suits metrics and
// tracing: examples/otel turns events into OpenTelemetry spans.
type Observer func(ctx context.Context, e Event)

// ErrorKind classifies how an attempt or a call failed.
type ErrorKind string

// The error kinds an Event carries.
const (
	KindNone            ErrorKind = ""                 // success
	KindAPI             ErrorKind = "api"              // the vendor answered with an error (APIError)
	KindRateLimited     ErrorKind = "rate_limited"     // a 429 answer
	KindNetwork         ErrorKind = "network"          // no answer: the connection failed or broke
	KindTimeout         ErrorKind = "timeout"          // an attempt or the context timed out
	KindCanceled        ErrorKind = "canceled"         // the context was canceled
	KindDecode          ErrorKind = "decode"           // an answer arrived but could not be used (DecodeError)
	KindOutcomeUnknown  ErrorKind = "outcome_unknown"  // a value-moving call may have been applied
	KindInvalidArgument ErrorKind = "invalid_argument" // refused before sending
)

// Event is what an Observer is told: only what is safe on a metric or a
// span, never a header value, a query or a body.
type Event struct {
	Vendor    string // "haravan"
	Operation string // "haravan.AddPoints"
	// CallID is the same in every event of one call, and unique in the
	// process.
	CallID uint64
	Method string // "PUT"
	// Route is the path template as sent, after the base URL's path
	// ("/loy/profiles/{id}/points/add.json"), never the ids, so that
	// metrics keep a low cardinality.
	Route string
	// Attempt counts from 1; on the Final event it is the number of
	// attempts made.
	Attempt int
	// Final marks the one event that ends the call; it reports the outcome
	// the caller gets.
	Final      bool
	StatusCode int    // of the attempt's answer (Final: the last); 0 when none arrived
	RequestID  string // the vendor's request id, when it sends one
	// Duration is the attempt's, or on the Final event the whole call's.
	Duration time.Duration
	// Retry is true when another attempt follows, after RetryWait;
	// RetryReason says why ("status 503", "dial", "network", "timeout",
	// "body").
	Retry       bool
	RetryReason string
	RetryWait   time.Duration
	ErrorKind   ErrorKind // KindNone on success
}
