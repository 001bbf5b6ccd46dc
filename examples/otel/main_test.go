package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The calls against the fake, as the client's own events describe them:
// this needs the client core to emit Observer events.
func TestCallsBecomeSpansAndMetrics(t *testing.T) {
	t.Parallel()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	var out bytes.Buffer
	if err := makeCalls(context.Background(), tp, mp, &out); err != nil {
		t.Fatal(err)
	}

	byName := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range spans.Ended() {
		byName[s.Name()] = s
	}
	example, read, write := byName["example"], byName["haravan.GetProfile"], byName["haravan.AddPoints"]
	if example == nil || read == nil || write == nil {
		t.Fatalf("spans %v, want example, haravan.GetProfile and haravan.AddPoints", names(spans.Ended()))
	}
	for _, s := range []sdktrace.ReadOnlySpan{read, write} {
		if s.Parent().SpanID() != example.SpanContext().SpanID() {
			t.Errorf("%s is not a child of the example span", s.Name())
		}
	}

	if n := len(read.Events()); n != 2 || read.Status().Code == codes.Error {
		t.Errorf("GetProfile span: %d attempt events, status %v; want 2 and no error", n, read.Status().Code)
	}
	if n := len(write.Events()); n != 1 || write.Status().Code != codes.Error {
		t.Errorf("AddPoints span: %d attempt events, status %v; want 1 and Error", n, write.Status().Code)
	}
	if got := attributeOf(write.Attributes(), "error.type"); got != "outcome_unknown" {
		t.Errorf("AddPoints span: error.type %q, want outcome_unknown", got)
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	retries := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if sum, ok := m.Data.(metricdata.Sum[int64]); ok && m.Name == "profiles.client.retries" {
				for _, p := range sum.DataPoints {
					op, _ := p.Attributes.Value("profiles.operation")
					retries[op.AsString()] += p.Value
				}
			}
		}
	}
	if len(retries) != 1 || retries["haravan.GetProfile"] != 1 {
		t.Errorf("retries by operation %v, want haravan.GetProfile: 1 only", retries)
	}
}

// The command prints the calls' spans and the metrics; this needs the
// client core to emit Observer events.
func TestRunPrintsSpansAndMetrics(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"GetProfile after a 503: John Terry",
		"AddPoints after a 503, not sent again:",
		`"Name": "haravan.GetProfile"`,
		`"Name": "haravan.AddPoints"`,
		`"Name": "profiles.client.calls"`,
		`"Name": "profiles.client.attempt.duration"`,
		`"Name": "profiles.client.retries"`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out.String())
	}
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}

func attributeOf(kvs []attribute.KeyValue, key string) string {
	for _, kv := range kvs {
		if string(kv.Key) == key {
			return kv.Value.Emit()
		}
	}
	return ""
}
