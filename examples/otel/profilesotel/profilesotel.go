// Package profilesotel records the calls of profiles-go clients as
// OpenTelemetry spans and metrics. It is built on the clients' Observer
// option only, so the SDK itself does not depend on OpenTelemetry:
//
//	a, err := profilesotel.New(otel.GetTracerProvider(), otel.GetMeterProvider())
//	...
//	c, err := haravan.NewClient(creds, profiles.WithObserver(a.Observe))
//
// Every vendor's client reports the same profiles.Event, so one Adapter
// serves clients of every vendor.
//
// Per call it records a client span named by the operation
// ("haravan.AddPoints"), a child of the span in the call's context, with
// the vendor, method, route template, last status code, number of attempts
// and, when the call failed, error.type and status Error. Each attempt is an
// "attempt" event on that span: its number, status code, duration, error
// kind, and whether and why another attempt followed.
//
// Metrics: profiles.client.calls counts calls by operation and outcome
// ("ok" or the error kind), profiles.client.attempt.duration is the
// latency of every attempt in seconds, profiles.client.retries counts
// retries by operation and reason.
//
// Timing: an Observer hears of an attempt when it has ended and of the call
// when it has ended, so the span is created at the call's end with its start
// set back by the call's Duration, and each attempt event is stamped with
// the moment it was reported, the end of its attempt.
//
// Pairing attempts with their call: the attempts of a call wait, keyed by
// the events' CallID, until the call's final event takes them; a client
// sends a final event for every call, so none waits forever.
package profilesotel

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/profiles-sdk/profiles-go"
)

// ScopeName is the instrumentation scope of the spans and metrics.
const ScopeName = "github.com/profiles-sdk/profiles-go/examples/otel/profilesotel"

// Attribute keys. The HTTP and error ones follow the OpenTelemetry semantic
// conventions; the rest are the SDK's own.
const (
	keyVendor      = attribute.Key("profiles.vendor")
	keyOperation   = attribute.Key("profiles.operation")
	keyOutcome     = attribute.Key("profiles.outcome")
	keyAttempts    = attribute.Key("profiles.attempts")
	keyAttempt     = attribute.Key("profiles.attempt")
	keyDurationMS  = attribute.Key("profiles.attempt.duration_ms")
	keyRequestID   = attribute.Key("profiles.request_id")
	keyRetry       = attribute.Key("profiles.retry")
	keyRetryReason = attribute.Key("profiles.retry.reason")
	keyRetryWaitMS = attribute.Key("profiles.retry.wait_ms")
	keyMethod      = attribute.Key("http.request.method")
	keyRoute       = attribute.Key("url.template")
	keyStatus      = attribute.Key("http.response.status_code")
	keyErrorType   = attribute.Key("error.type")
)

// Adapter turns the events of profiles-go clients into spans and metrics.
// Its Observe method is the Observer to give to WithObserver. It is safe
// for concurrent use by any number of clients.
type Adapter struct {
	tracer          trace.Tracer
	calls           metric.Int64Counter
	attemptDuration metric.Float64Histogram
	retries         metric.Int64Counter

	mu sync.Mutex
	// pending holds the attempts of calls that have not ended yet.
	pending map[uint64][]endedAttempt // by Event.CallID
}

type endedAttempt struct {
	event profiles.Event
	end   time.Time
}

// New returns an Adapter that creates spans with tp and metrics with mp. A
// nil provider means the global one (otel.GetTracerProvider,
// otel.GetMeterProvider).
func New(tp trace.TracerProvider, mp metric.MeterProvider) (*Adapter, error) {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	meter := mp.Meter(ScopeName)
	calls, err := meter.Int64Counter("profiles.client.calls",
		metric.WithUnit("{call}"),
		metric.WithDescription("Calls made by profiles-go clients, by operation and outcome."))
	if err != nil {
		return nil, err
	}
	attemptDuration, err := meter.Float64Histogram("profiles.client.attempt.duration",
		metric.WithUnit("s"),
		metric.WithDescription("Duration of each attempt (HTTP request) of a profiles-go call."),
		metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
	if err != nil {
		return nil, err
	}
	retries, err := meter.Int64Counter("profiles.client.retries",
		metric.WithUnit("{retry}"),
		metric.WithDescription("Attempts sent again by profiles-go clients, by operation and reason."))
	if err != nil {
		return nil, err
	}
	return &Adapter{
		tracer:          tp.Tracer(ScopeName),
		calls:           calls,
		attemptDuration: attemptDuration,
		retries:         retries,
		pending:         make(map[uint64][]endedAttempt),
	}, nil
}

// Observe records e. Give it to a client with profiles.WithObserver(a.Observe).
func (a *Adapter) Observe(ctx context.Context, e profiles.Event) {
	now := time.Now()
	if e.Final {
		a.endCall(ctx, e, now)
		return
	}
	a.endAttempt(ctx, e, now)
}

// endAttempt records the attempt's metrics at once and keeps the attempt
// for its call's span, which can only be created when the call has ended.
func (a *Adapter) endAttempt(ctx context.Context, e profiles.Event, end time.Time) {
	a.attemptDuration.Record(ctx, e.Duration.Seconds(), metric.WithAttributes(
		keyVendor.String(e.Vendor), keyOperation.String(e.Operation), keyOutcome.String(outcome(e))))
	if e.Retry {
		a.retries.Add(ctx, 1, metric.WithAttributes(
			keyVendor.String(e.Vendor), keyOperation.String(e.Operation), keyRetryReason.String(e.RetryReason)))
	}
	a.mu.Lock()
	a.pending[e.CallID] = append(a.pending[e.CallID], endedAttempt{event: e, end: end})
	a.mu.Unlock()
}

func (a *Adapter) endCall(ctx context.Context, e profiles.Event, end time.Time) {
	a.calls.Add(ctx, 1, metric.WithAttributes(
		keyVendor.String(e.Vendor), keyOperation.String(e.Operation), keyOutcome.String(outcome(e))))

	_, span := a.tracer.Start(ctx, e.Operation,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(end.Add(-e.Duration)),
		trace.WithAttributes(callAttributes(e)...))
	for _, at := range a.takeAttempts(e.CallID) {
		span.AddEvent("attempt",
			trace.WithTimestamp(at.end),
			trace.WithAttributes(attemptAttributes(at.event)...))
	}
	if e.ErrorKind != "" {
		span.SetStatus(codes.Error, string(e.ErrorKind))
	}
	span.End(trace.WithTimestamp(end))
}

// takeAttempts removes and returns the attempts of a call that has ended.
func (a *Adapter) takeAttempts(callID uint64) []endedAttempt {
	a.mu.Lock()
	defer a.mu.Unlock()
	taken := a.pending[callID]
	delete(a.pending, callID)
	return taken
}

func callAttributes(e profiles.Event) []attribute.KeyValue {
	kvs := []attribute.KeyValue{
		keyVendor.String(e.Vendor),
		keyMethod.String(e.Method),
		keyRoute.String(e.Route),
		keyAttempts.Int(e.Attempt),
	}
	return append(kvs, answerAttributes(e)...)
}

func attemptAttributes(e profiles.Event) []attribute.KeyValue {
	kvs := []attribute.KeyValue{
		keyAttempt.Int(e.Attempt),
		keyDurationMS.Float64(milliseconds(e.Duration)),
		keyRetry.Bool(e.Retry),
	}
	if e.Retry {
		kvs = append(kvs, keyRetryReason.String(e.RetryReason), keyRetryWaitMS.Float64(milliseconds(e.RetryWait)))
	}
	return append(kvs, answerAttributes(e)...)
}

// answerAttributes describes the answer, leaving out what did not happen:
// no status code when no answer arrived, no error.type on success.
func answerAttributes(e profiles.Event) []attribute.KeyValue {
	var kvs []attribute.KeyValue
	if e.StatusCode != 0 {
		kvs = append(kvs, keyStatus.Int(e.StatusCode))
	}
	if e.RequestID != "" {
		kvs = append(kvs, keyRequestID.String(e.RequestID))
	}
	if e.ErrorKind != "" {
		kvs = append(kvs, keyErrorType.String(string(e.ErrorKind)))
	}
	return kvs
}

// outcome is the metric label of an attempt or a call: "ok" or the kind of
// its failure.
func outcome(e profiles.Event) string {
	if e.ErrorKind == "" {
		return "ok"
	}
	return string(e.ErrorKind)
}

func milliseconds(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}
