package profilesotel_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/examples/otel/profilesotel"
)

// recorded is an Adapter whose spans and metrics stay in memory.
type recorded struct {
	adapter *profilesotel.Adapter
	spans   *tracetest.SpanRecorder
	metrics *sdkmetric.ManualReader
	tp      *sdktrace.TracerProvider
}

func newRecorded(t *testing.T) *recorded {
	t.Helper()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	metrics := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(metrics))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	a, err := profilesotel.New(tp, mp)
	if err != nil {
		t.Fatal(err)
	}
	return &recorded{adapter: a, spans: spans, metrics: metrics, tp: tp}
}

// counter sums the points of the counter name whose attributes include
// every one of want.
func (r *recorded) counter(t *testing.T, name string, want ...attribute.KeyValue) int64 {
	t.Helper()
	var total int64
	data, ok := r.metric(t, name)
	if !ok {
		return 0
	}
	sum, ok := data.(metricdata.Sum[int64])
	if !ok {
		t.Fatalf("%s is a %T, not an int64 counter", name, data)
	}
	for _, p := range sum.DataPoints {
		if hasAll(p.Attributes, want) {
			total += p.Value
		}
	}
	return total
}

// observations counts what the histogram name has recorded.
func (r *recorded) observations(t *testing.T, name string) uint64 {
	t.Helper()
	var total uint64
	data, ok := r.metric(t, name)
	if !ok {
		return 0
	}
	hist, ok := data.(metricdata.Histogram[float64])
	if !ok {
		t.Fatalf("%s is a %T, not a float64 histogram", name, data)
	}
	for _, p := range hist.DataPoints {
		total += p.Count
	}
	return total
}

func (r *recorded) metric(t *testing.T, name string) (metricdata.Aggregation, bool) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.metrics.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m.Data, true
			}
		}
	}
	return nil, false
}

func hasAll(set attribute.Set, want []attribute.KeyValue) bool {
	for _, kv := range want {
		v, ok := set.Value(kv.Key)
		if !ok || v != kv.Value {
			return false
		}
	}
	return true
}

func attr(t *testing.T, kvs []attribute.KeyValue, key string) (attribute.Value, bool) {
	t.Helper()
	for _, kv := range kvs {
		if string(kv.Key) == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

func wantAttr(t *testing.T, what string, kvs []attribute.KeyValue, key string, want any) {
	t.Helper()
	v, ok := attr(t, kvs, key)
	if !ok {
		t.Errorf("%s: no attribute %s", what, key)
		return
	}
	if got := v.AsInterface(); got != want {
		t.Errorf("%s: %s = %v (%T), want %v (%T)", what, key, got, got, want, want)
	}
}

func onlySpan(t *testing.T, r *recorded) sdktrace.ReadOnlySpan {
	t.Helper()
	ended := r.spans.Ended()
	if len(ended) != 1 {
		t.Fatalf("%d spans ended, want 1", len(ended))
	}
	return ended[0]
}

// callIDs numbers the made-up calls, as a client does.
var callIDs atomic.Uint64

// newCall returns the base event of a new call of operation.
func newCall(operation, method, route string) profiles.Event {
	return profiles.Event{Vendor: "haravan", Operation: operation, CallID: callIDs.Add(1), Method: method, Route: route}
}

// getProfile returns the events of a GetProfile call whose first attempt
// got a 503 and whose second got the profile.
func getProfile() []profiles.Event {
	base := newCall("haravan.GetProfile", "GET", "/loy/profiles/{id}.json")
	first, second, final := base, base, base
	first.Attempt, first.StatusCode, first.Duration, first.ErrorKind = 1, 503, 3*time.Millisecond, "api"
	first.Retry, first.RetryReason, first.RetryWait = true, "status 503", 2*time.Millisecond
	second.Attempt, second.StatusCode, second.Duration, second.RequestID = 2, 200, 4*time.Millisecond, "req-2"
	final.Final, final.Attempt, final.StatusCode, final.Duration, final.RequestID = true, 2, 200, 10*time.Millisecond, "req-2"
	return []profiles.Event{first, second, final}
}

// addPoints returns the events of an AddPoints call that got a 503: the
// points may have been added, so it was not sent again.
func addPoints() []profiles.Event {
	base := newCall("haravan.AddPoints", "PUT", "/loy/profiles/{id}/points/add.json")
	attempt, final := base, base
	attempt.Attempt, attempt.StatusCode, attempt.Duration, attempt.ErrorKind = 1, 503, 5*time.Millisecond, "outcome_unknown"
	final.Final, final.Attempt, final.StatusCode, final.Duration, final.ErrorKind = true, 1, 503, 6*time.Millisecond, "outcome_unknown"
	return []profiles.Event{attempt, final}
}

// notFound returns the events of a GetProfile call answered 404.
func notFound() []profiles.Event {
	base := newCall("haravan.GetProfile", "GET", "/loy/profiles/{id}.json")
	attempt, final := base, base
	attempt.Attempt, attempt.StatusCode, attempt.Duration, attempt.ErrorKind = 1, 404, 2*time.Millisecond, "api"
	final.Final, final.Attempt, final.StatusCode, final.Duration, final.ErrorKind = true, 1, 404, 2*time.Millisecond, "api"
	return []profiles.Event{attempt, final}
}

func observe(ctx context.Context, a *profilesotel.Adapter, events []profiles.Event) {
	for _, e := range events {
		a.Observe(ctx, e)
	}
}

func TestRetriedReadIsOneSpanWithTwoAttempts(t *testing.T) {
	t.Parallel()
	r := newRecorded(t)
	observe(context.Background(), r.adapter, getProfile())

	span := onlySpan(t, r)
	if span.Name() != "haravan.GetProfile" || span.SpanKind() != trace.SpanKindClient {
		t.Errorf("span %q of kind %v, want haravan.GetProfile of kind client", span.Name(), span.SpanKind())
	}
	if got := span.EndTime().Sub(span.StartTime()); got != 10*time.Millisecond {
		t.Errorf("span lasts %v, want the call's Duration, 10ms", got)
	}
	if span.Status().Code != codes.Unset {
		t.Errorf("status %v %q on a call that succeeded", span.Status().Code, span.Status().Description)
	}
	call := span.Attributes()
	wantAttr(t, "span", call, "profiles.vendor", "haravan")
	wantAttr(t, "span", call, "http.request.method", "GET")
	wantAttr(t, "span", call, "url.template", "/loy/profiles/{id}.json")
	wantAttr(t, "span", call, "http.response.status_code", int64(200))
	wantAttr(t, "span", call, "profiles.attempts", int64(2))
	wantAttr(t, "span", call, "profiles.request_id", "req-2")
	if _, ok := attr(t, call, "error.type"); ok {
		t.Error("span has error.type on a call that succeeded")
	}

	events := span.Events()
	if len(events) != 2 {
		t.Fatalf("%d span events, want 2 (one per attempt)", len(events))
	}
	first, second := events[0], events[1]
	if first.Name != "attempt" || second.Name != "attempt" {
		t.Errorf("events %q and %q, want attempt and attempt", first.Name, second.Name)
	}
	wantAttr(t, "attempt 1", first.Attributes, "profiles.attempt", int64(1))
	wantAttr(t, "attempt 1", first.Attributes, "http.response.status_code", int64(503))
	wantAttr(t, "attempt 1", first.Attributes, "profiles.attempt.duration_ms", 3.0)
	wantAttr(t, "attempt 1", first.Attributes, "profiles.retry", true)
	wantAttr(t, "attempt 1", first.Attributes, "profiles.retry.reason", "status 503")
	wantAttr(t, "attempt 1", first.Attributes, "profiles.retry.wait_ms", 2.0)
	wantAttr(t, "attempt 1", first.Attributes, "error.type", "api")
	wantAttr(t, "attempt 2", second.Attributes, "profiles.attempt", int64(2))
	wantAttr(t, "attempt 2", second.Attributes, "http.response.status_code", int64(200))
	wantAttr(t, "attempt 2", second.Attributes, "profiles.retry", false)
	if _, ok := attr(t, second.Attributes, "profiles.retry.reason"); ok {
		t.Error("attempt 2 has a retry reason but no retry followed it")
	}
	if first.Time.After(second.Time) || second.Time.After(span.EndTime()) {
		t.Errorf("attempts end at %v and %v, span at %v: out of order", first.Time, second.Time, span.EndTime())
	}

	getProfile := attribute.String("profiles.operation", "haravan.GetProfile")
	if got := r.counter(t, "profiles.client.retries", getProfile, attribute.String("profiles.retry.reason", "status 503")); got != 1 {
		t.Errorf("retries = %d, want 1", got)
	}
	if got := r.counter(t, "profiles.client.calls", getProfile, attribute.String("profiles.outcome", "ok")); got != 1 {
		t.Errorf("calls{outcome=ok} = %d, want 1", got)
	}
	if got := r.observations(t, "profiles.client.attempt.duration"); got != 2 {
		t.Errorf("attempt latencies recorded: %d, want 2", got)
	}
}

func TestFailedValueMovingCallIsAnErrorSpanWithoutRetry(t *testing.T) {
	t.Parallel()
	r := newRecorded(t)
	observe(context.Background(), r.adapter, addPoints())

	span := onlySpan(t, r)
	if span.Name() != "haravan.AddPoints" {
		t.Errorf("span %q, want haravan.AddPoints", span.Name())
	}
	if st := span.Status(); st.Code != codes.Error || st.Description != "outcome_unknown" {
		t.Errorf("status %v %q, want Error outcome_unknown", st.Code, st.Description)
	}
	wantAttr(t, "span", span.Attributes(), "error.type", "outcome_unknown")
	wantAttr(t, "span", span.Attributes(), "profiles.attempts", int64(1))
	wantAttr(t, "span", span.Attributes(), "http.response.status_code", int64(503))
	if len(span.Events()) != 1 {
		t.Fatalf("%d span events, want 1", len(span.Events()))
	}
	wantAttr(t, "attempt", span.Events()[0].Attributes, "profiles.retry", false)

	if got := r.counter(t, "profiles.client.retries"); got != 0 {
		t.Errorf("retries = %d, want 0", got)
	}
	addPoints := attribute.String("profiles.operation", "haravan.AddPoints")
	if got := r.counter(t, "profiles.client.calls", addPoints, attribute.String("profiles.outcome", "outcome_unknown")); got != 1 {
		t.Errorf("calls{outcome=outcome_unknown} = %d, want 1", got)
	}
	if got := r.counter(t, "profiles.client.calls", attribute.String("profiles.outcome", "ok")); got != 0 {
		t.Errorf("calls{outcome=ok} = %d, want 0", got)
	}
}

func TestCallSpanIsAChildOfTheCallersSpan(t *testing.T) {
	t.Parallel()
	r := newRecorded(t)
	ctx, parent := r.tp.Tracer("test").Start(context.Background(), "caller")
	observe(ctx, r.adapter, addPoints())
	parent.End()

	var call sdktrace.ReadOnlySpan
	for _, s := range r.spans.Ended() {
		if s.Name() == "haravan.AddPoints" {
			call = s
		}
	}
	if call == nil {
		t.Fatal("no haravan.AddPoints span")
	}
	if call.Parent().SpanID() != parent.SpanContext().SpanID() || call.SpanContext().TraceID() != parent.SpanContext().TraceID() {
		t.Errorf("call span's parent is %v, want the caller's span %v", call.Parent(), parent.SpanContext())
	}
}

func TestCallRefusedBeforeSendingHasNoAttempts(t *testing.T) {
	t.Parallel()
	r := newRecorded(t)
	r.adapter.Observe(context.Background(), profiles.Event{
		Vendor: "haravan", Operation: "haravan.AddPoints", Method: "PUT", Route: "/loy/profiles/{id}/points/add.json",
		Final: true, ErrorKind: "invalid_argument",
	})

	span := onlySpan(t, r)
	if span.Status().Code != codes.Error || len(span.Events()) != 0 {
		t.Errorf("status %v with %d events, want Error with none", span.Status().Code, len(span.Events()))
	}
	if _, ok := attr(t, span.Attributes(), "http.response.status_code"); ok {
		t.Error("status code attribute on a call that got no answer")
	}
	if got := r.observations(t, "profiles.client.attempt.duration"); got != 0 {
		t.Errorf("attempt latencies recorded: %d, want 0", got)
	}
}

// Interleaved calls on different contexts, of the same operation or not,
// and a later call on the same context each get their own attempts.
func TestEachCallGetsItsOwnAttempts(t *testing.T) {
	t.Parallel()
	r := newRecorded(t)
	ctxA, cancelA := context.WithCancel(context.Background())
	defer cancelA()
	ctxB, cancelB := context.WithCancel(context.Background())
	defer cancelB()
	read, missing, write := getProfile(), notFound(), addPoints()

	r.adapter.Observe(ctxA, read[0])
	r.adapter.Observe(ctxB, missing[0])
	r.adapter.Observe(ctxB, missing[1])
	r.adapter.Observe(ctxB, write[0])
	r.adapter.Observe(ctxA, read[1])
	r.adapter.Observe(ctxB, write[1])
	r.adapter.Observe(ctxA, read[2])
	observe(ctxA, r.adapter, notFound()) // a later call on ctxA

	want := []struct {
		name     string
		attempts int
		status   int64
	}{
		{"haravan.GetProfile", 1, 404},
		{"haravan.AddPoints", 1, 503},
		{"haravan.GetProfile", 2, 200},
		{"haravan.GetProfile", 1, 404},
	}
	ended := r.spans.Ended()
	if len(ended) != len(want) {
		t.Fatalf("%d spans, want %d", len(ended), len(want))
	}
	for i, w := range want {
		s := ended[i]
		events := s.Events()
		if s.Name() != w.name || len(events) != w.attempts {
			t.Errorf("span %d: %s with %d attempt events, want %s with %d", i, s.Name(), len(events), w.name, w.attempts)
			continue
		}
		wantAttr(t, fmt.Sprintf("span %d, last attempt", i), events[len(events)-1].Attributes, "http.response.status_code", w.status)
	}
}

// Concurrent calls of different operations on one context (both on
// context.Background(), say) are told apart by their CallID.
func TestCallsOfDifferentOperationsOnOneContext(t *testing.T) {
	t.Parallel()
	r := newRecorded(t)
	ctx := context.Background()
	read, write := getProfile(), addPoints()

	r.adapter.Observe(ctx, read[0])
	r.adapter.Observe(ctx, write[0])
	r.adapter.Observe(ctx, write[1])
	r.adapter.Observe(ctx, read[1])
	r.adapter.Observe(ctx, read[2])

	ended := r.spans.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d spans, want 2", len(ended))
	}
	writeSpan, readSpan := ended[0], ended[1]
	if writeSpan.Name() != "haravan.AddPoints" || len(writeSpan.Events()) != 1 {
		t.Fatalf("first span: %s with %d attempt events, want haravan.AddPoints with 1", writeSpan.Name(), len(writeSpan.Events()))
	}
	wantAttr(t, "AddPoints attempt", writeSpan.Events()[0].Attributes, "http.response.status_code", int64(503))
	wantAttr(t, "AddPoints attempt", writeSpan.Events()[0].Attributes, "error.type", "outcome_unknown")
	if readSpan.Name() != "haravan.GetProfile" || len(readSpan.Events()) != 2 {
		t.Errorf("second span: %s with %d attempt events, want haravan.GetProfile with 2", readSpan.Name(), len(readSpan.Events()))
	}
}

// Two calls of one operation on one context each get their own attempts.
func TestTwinCallsOnOneContextGetTheirOwnAttempts(t *testing.T) {
	t.Parallel()
	r := newRecorded(t)
	ctx := context.Background()
	read, missing := getProfile(), notFound()

	r.adapter.Observe(ctx, read[0])
	r.adapter.Observe(ctx, missing[0])
	r.adapter.Observe(ctx, missing[1])
	r.adapter.Observe(ctx, read[1])
	r.adapter.Observe(ctx, read[2])

	ended := r.spans.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d spans, want 2", len(ended))
	}
	if n, m := len(ended[0].Events()), len(ended[1].Events()); n != 1 || m != 2 {
		t.Fatalf("spans have %d and %d attempt events, want 1 and 2", n, m)
	}
	wantAttr(t, "the 404 call's attempt", ended[0].Events()[0].Attributes, "http.response.status_code", int64(404))
	wantAttr(t, "the read's last attempt", ended[1].Events()[1].Attributes, "http.response.status_code", int64(200))
}

// The same Adapter serves every vendor: they all report profiles.Event.
func TestServesEveryVendor(t *testing.T) {
	t.Parallel()
	r := newRecorded(t)
	var o profiles.Observer = r.adapter.Observe
	o(context.Background(), profiles.Event{Vendor: "kiwi", Operation: "kiwi.GetAccountProfile", Method: "GET", Route: "/api/1.0/account/profile", Final: true, StatusCode: 200})

	span := onlySpan(t, r)
	wantAttr(t, "span", span.Attributes(), "profiles.vendor", "kiwi")
	if got := r.counter(t, "profiles.client.calls", attribute.String("profiles.vendor", "kiwi")); got != 1 {
		t.Errorf("kiwi calls = %d, want 1", got)
	}
}

func TestConcurrentCalls(t *testing.T) {
	t.Parallel()
	r := newRecorded(t)
	const calls = 20
	var wg sync.WaitGroup
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			observe(ctx, r.adapter, getProfile())
		}()
	}
	wg.Wait()

	ended := r.spans.Ended()
	if len(ended) != calls {
		t.Fatalf("%d spans, want %d", len(ended), calls)
	}
	for _, s := range ended {
		if n := len(s.Events()); n != 2 {
			t.Errorf("a span has %d attempt events, want 2", n)
		}
	}
	if got := r.counter(t, "profiles.client.retries"); got != calls {
		t.Errorf("retries = %d, want %d", got, calls)
	}
}
