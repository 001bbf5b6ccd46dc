package rest

import (
	"context"
	"time"
)

// Observer sees every attempt of every call of a client, and then the call's
// end (the event with Final set). It runs synchronously on the calling
// goroutine, so a slow observer slows the call it observes; a panic in an
// observer is recovered and dropped, so it never breaks a call.
type Observer func(ctx context.Context, e Event)

// ErrorKind classifies how an attempt or a call failed, for metrics.
type ErrorKind string

// The error kinds an Event carries.
const (
	KindNone            ErrorKind = ""                 // success
	KindAPI             ErrorKind = "api"              // the vendor answered with an error (APIError)
	KindRateLimited     ErrorKind = "rate_limited"     // a 429 answer
	KindNetwork         ErrorKind = "network"          // no answer: the connection failed or broke
	KindTimeout         ErrorKind = "timeout"          // an attempt or the context timed out
	KindCanceled        ErrorKind = "canceled"         // the context was canceled
	KindDecode          ErrorKind = "decode"           // an answer arrived but could not be read (DecodeError)
	KindOutcomeUnknown  ErrorKind = "outcome_unknown"  // a value-moving call may have been applied
	KindInvalidArgument ErrorKind = "invalid_argument" // refused before sending
)

// Event is what an Observer is told. It never carries a header value, a
// query string or a body: only what is safe to put on a metric or a span.
type Event struct {
	Vendor    string // "haravan"
	Operation string // "haravan.AddPoints"
	Method    string // "PUT"
	// Route is the path template, with placeholders instead of ids
	// ("/loy/profiles/{id}/points/add.json"), so metrics keep a low
	// cardinality.
	Route string
	// Attempt is the attempt number (1, 2, ...); on the Final event, the
	// number of attempts made.
	Attempt int
	// Final marks the one event that ends the call.
	Final bool
	// StatusCode is the HTTP status of the attempt's answer (or, on the
	// Final event, of the last answer); 0 when no answer arrived.
	StatusCode int
	// RequestID is the vendor's request id of the answer, when it sends one.
	RequestID string
	// Duration is the attempt's time, or the whole call's on the Final event.
	Duration time.Duration
	// Retry is true when another attempt follows this one, after RetryWait;
	// RetryReason says why ("status 503", "network", "timeout", "body").
	Retry       bool
	RetryReason string
	RetryWait   time.Duration
	// ErrorKind classifies the failure; KindNone on success.
	ErrorKind ErrorKind
}
