package rest

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/profiles-sdk/profiles-go"
)

// reportAttempt tells the logger and the observer how an attempt ended.
func (c *Client) reportAttempt(ctx context.Context, s *callState, a *attempt, wait time.Duration, again bool) {
	c.logAttempt(ctx, s, a)
	if c.cfg.settings.Observer == nil {
		return
	}
	e := c.event(s, a)
	e.Attempt, e.Duration = s.attempt, a.duration
	if again {
		e.Retry, e.RetryReason, e.RetryWait = true, a.retryReason, wait
	}
	c.notify(ctx, e)
}

func (c *Client) event(s *callState, a *attempt) profiles.Event {
	return profiles.Event{Vendor: c.cfg.Vendor, Operation: s.op(), CallID: s.id, Method: s.call.Method, Route: c.basePath + s.call.Route,
		StatusCode: a.status, RequestID: a.requestID, ErrorKind: errorKind(a.err)}
}

// notify calls the observer; a panic in it is recovered so that it never
// breaks the call it observes.
func (c *Client) notify(ctx context.Context, e profiles.Event) {
	defer func() {
		if r := recover(); r != nil && c.cfg.settings.Logger != nil {
			c.cfg.settings.Logger.LogAttrs(ctx, slog.LevelError, "profiles-go: observer panicked", slog.String("operation", e.Operation))
		}
	}()
	c.cfg.settings.Observer(ctx, e)
}

// errorKind classifies err for events.
func errorKind(err error) profiles.ErrorKind {
	var apiErr *profiles.APIError
	var decodeErr *profiles.DecodeError
	switch {
	case err == nil:
		return profiles.KindNone
	case errors.Is(err, profiles.ErrInvalidArgument):
		return profiles.KindInvalidArgument
	case errors.Is(err, profiles.ErrOutcomeUnknown):
		return profiles.KindOutcomeUnknown
	case errors.As(err, &apiErr):
		if apiErr.StatusCode == 429 {
			return profiles.KindRateLimited
		}
		return profiles.KindAPI
	case errors.As(err, &decodeErr):
		return profiles.KindDecode
	case errors.Is(err, context.Canceled):
		return profiles.KindCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return profiles.KindTimeout
	}
	return profiles.KindNetwork
}

// logAttempt logs one attempt at debug level: never a header value, a
// query or a body.
func (c *Client) logAttempt(ctx context.Context, s *callState, a *attempt) {
	if c.cfg.settings.Logger == nil || !c.cfg.settings.Logger.Enabled(ctx, slog.LevelDebug) {
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
	c.cfg.settings.Logger.LogAttrs(ctx, slog.LevelDebug, "profiles-go request", attrs...)
}
