package rest

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Observer is told of every attempt and then the call's end (Final), on
// the calling goroutine; notify recovers its panics.
type Observer func(ctx context.Context, e Event)

// ErrorKind classifies how an attempt or a call failed (errorKind).
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

// Event is what an Observer is told: only what is safe on a metric or a
// span, never a header value, a query or a body.
type Event struct {
	Vendor    string // "haravan"
	Operation string // "haravan.AddPoints"
	CallID    uint64 // the same in every event of one call, unique in the process
	Method    string // "PUT"
	// Route is the path template as sent, after the base URL's path
	// ("/loy/profiles/{id}/points/add.json"), never the ids, so that
	// metrics keep a low cardinality.
	Route      string
	Attempt    int           // 1, 2, ...; on the Final event, the attempts made
	Final      bool          // marks the one event that ends the call
	StatusCode int           // of the attempt's answer (Final: the last); 0 when none arrived
	RequestID  string        // the vendor's request id, when it sends one
	Duration   time.Duration // the attempt's, or the whole call's on the Final event
	// Retry is true when another attempt follows, after RetryWait;
	// RetryReason says why ("status 503", "dial", "network", "timeout", "body").
	Retry       bool
	RetryReason string
	RetryWait   time.Duration
	ErrorKind   ErrorKind // KindNone on success
}

// reportAttempt tells the logger and the observer how an attempt ended.
func (c *Client) reportAttempt(ctx context.Context, s *callState, a *attempt, wait time.Duration, again bool) {
	c.logAttempt(ctx, s, a)
	if c.cfg.observer == nil {
		return
	}
	e := c.event(s, a)
	e.Attempt, e.Duration = s.attempt, a.duration
	if again {
		e.Retry, e.RetryReason, e.RetryWait = true, a.retryReason, wait
	}
	c.notify(ctx, e)
}

// reportEnd tells the observer how the call ended.
func (c *Client) reportEnd(ctx context.Context, s *callState, a *attempt, resp *Response) {
	if c.cfg.observer == nil {
		return
	}
	e := c.event(s, a)
	e.Final, e.Attempt, e.Duration = true, s.attempt, resp.Duration
	c.notify(ctx, e)
}

func (c *Client) event(s *callState, a *attempt) Event {
	return Event{Vendor: c.cfg.Vendor, Operation: s.op(), CallID: s.id, Method: s.call.Method, Route: c.basePath + s.call.Route,
		StatusCode: a.status, RequestID: a.requestID, ErrorKind: errorKind(a.err)}
}

// notify calls the observer; a panic in it is recovered so that it never
// breaks the call it observes.
func (c *Client) notify(ctx context.Context, e Event) {
	defer func() {
		if r := recover(); r != nil && c.cfg.logger != nil {
			c.cfg.logger.LogAttrs(ctx, slog.LevelError, "profiles-go: observer panicked", slog.String("operation", e.Operation))
		}
	}()
	c.cfg.observer(ctx, e)
}

// errorKind classifies err for events.
func errorKind(err error) ErrorKind {
	var apiErr *APIError
	var decodeErr *DecodeError
	switch {
	case err == nil:
		return KindNone
	case errors.Is(err, ErrInvalidArgument):
		return KindInvalidArgument
	case errors.Is(err, ErrOutcomeUnknown):
		return KindOutcomeUnknown
	case errors.As(err, &apiErr):
		if apiErr.StatusCode == 429 {
			return KindRateLimited
		}
		return KindAPI
	case errors.As(err, &decodeErr):
		return KindDecode
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return KindTimeout
	}
	return KindNetwork
}

// logAttempt logs one attempt at debug level: never a header value, a
// query or a body.
func (c *Client) logAttempt(ctx context.Context, s *callState, a *attempt) {
	if c.cfg.logger == nil || !c.cfg.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("operation", s.op()),
		slog.String("method", s.call.Method),
		slog.String("host", c.host),
		slog.String("path", s.path),
		slog.Int("attempt", s.attempt),
		slog.Duration("duration", a.duration),
	}
	if a.status != 0 {
		attrs = append(attrs, slog.Int("status", a.status))
	}
	if a.requestID != "" {
		attrs = append(attrs, slog.String("request_id", a.requestID))
	}
	if a.err != nil {
		attrs = append(attrs, slog.String("error_kind", string(errorKind(a.err))), slog.String("error", a.err.Error()))
	}
	c.cfg.logger.LogAttrs(ctx, slog.LevelDebug, "profiles-go request", attrs...)
}
