// Command otel records a haravan client's calls as OpenTelemetry spans and
// metrics (with the profilesotel adapter) and prints them with the stdout
// exporters. It runs against the in-process fake, told to fail twice:
//
//   - a 503 on GetProfile, a read, which the client sends again: one span
//     with two attempt events, and one retry counted;
//   - a 503 on AddPoints, which moves points: the points may have been
//     added, so the client does not send it again and the call fails with
//     ErrOutcomeUnknown: one span with status Error and a single attempt.
//
// It is a module of its own, so that the SDK does not depend on
// OpenTelemetry:
//
//	cd examples/otel && go run .
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/examples/otel/profilesotel"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "otel:", err)
		os.Exit(1)
	}
}

// run makes the calls with providers that print to w: each span as it
// ends, the metrics once at the end.
func run(ctx context.Context, w io.Writer) error {
	spanExporter, err := stdouttrace.New(stdouttrace.WithWriter(w), stdouttrace.WithPrettyPrint())
	if err != nil {
		return err
	}
	metricExporter, err := stdoutmetric.New(stdoutmetric.WithWriter(w), stdoutmetric.WithPrettyPrint())
	if err != nil {
		return err
	}
	service := resource.NewSchemaless(attribute.String("service.name", "profiles-go-otel-example"))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spanExporter), sdktrace.WithResource(service))
	// The reader's period (a minute by default) is longer than the run, so
	// the metrics are printed once, by Shutdown.
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metricExporter)), sdkmetric.WithResource(service))

	callErr := makeCalls(ctx, tp, mp, w)
	return errors.Join(callErr, tp.Shutdown(ctx), mp.Shutdown(ctx))
}

// makeCalls runs a haravan client observed by profilesotel against the fake,
// under a span of its own, so the calls' spans are its children.
func makeCalls(ctx context.Context, tp trace.TracerProvider, mp metric.MeterProvider, w io.Writer) error {
	observer, err := profilesotel.New(tp, mp)
	if err != nil {
		return err
	}
	srv := haravantest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient(
		profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}),
		profiles.WithObserver(observer.Observe))
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	ctx, span := tp.Tracer("examples/otel").Start(ctx, "example")
	defer span.End()

	srv.InjectFault(1, haravantest.Fault{Status: http.StatusServiceUnavailable})
	p, err := c.GetProfile(ctx, haravantest.JohnTerryID)
	if err != nil {
		return fmt.Errorf("GetProfile: %w", err)
	}
	fmt.Fprintf(w, "GetProfile after a 503: %s %s, %d points\n", p.FirstName, p.LastName, p.PointAvailable)

	srv.InjectFault(1, haravantest.Fault{Status: http.StatusServiceUnavailable})
	_, err = c.AddPoints(ctx, haravantest.JohnTerryID, haravan.PointChange{Value: 10, Reason: "otel example", RefID: "otel-example-1"})
	if !errors.Is(err, profiles.ErrOutcomeUnknown) {
		return fmt.Errorf("AddPoints after a 503: want ErrOutcomeUnknown, got %v", err)
	}
	fmt.Fprintf(w, "AddPoints after a 503, not sent again: %v\n", err)
	return nil
}
