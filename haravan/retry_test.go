package haravan_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"

	"github.com/profiles-sdk/profiles-go/internal/fake"
)

func haravanFault(status int, body string) haravantest.Fault {
	return haravantest.Fault{Status: status, Body: body, Header: http.Header{"Content-Type": {"application/json"}}}
}

var ten = haravan.PointChange{Value: 10, Reason: "retry test", RefID: "order-1"}

func TestAddPointsNotResentAfterDroppedAnswer(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, haravantest.Fault{DropAfterApply: true})
	_, err := c.AddPoints(context.Background(), haravantest.JohnTerryID, ten)
	var reqErr *profiles.RequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("err = %v, want *RequestError", err)
	}
	if n := srv.RequestCount(); n != 1 {
		t.Errorf("attempts = %d, want exactly 1", n)
	}
	p, _ := srv.Profile(haravantest.JohnTerryID)
	if p.PointAvailable != 110 {
		t.Errorf("balance = %d, want 110 (applied once)", p.PointAvailable)
	}
	if h := srv.PointHistory(haravantest.JohnTerryID); len(h) != 1 || h[0].RefID != "order-1" {
		t.Errorf("history = %+v", h)
	}
}

func TestSubtractPointsNotResentAfterDroppedAnswer(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, haravantest.Fault{DropAfterApply: true})
	if _, err := c.SubtractPoints(context.Background(), haravantest.JohnTerryID, ten); err == nil {
		t.Fatal("no error")
	}
	p, _ := srv.Profile(haravantest.JohnTerryID)
	if srv.RequestCount() != 1 || p.PointAvailable != 90 || p.PointUsed != 910 {
		t.Errorf("requests %d, available %d, used %d", srv.RequestCount(), p.PointAvailable, p.PointUsed)
	}
}

func TestPointsRetriedAfter429(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.Throttle(2, time.Millisecond)
	p, err := c.AddPoints(context.Background(), haravantest.JohnTerryID, ten)
	if err != nil {
		t.Fatal(err)
	}
	if srv.RequestCount() != 3 || p.PointAvailable != 110 || len(srv.PointHistory(haravantest.JohnTerryID)) != 1 {
		t.Errorf("requests %d, available %d", srv.RequestCount(), p.PointAvailable)
	}
}

func TestPointsNotRetriedAfter5xx(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 503, 504} {
		srv, c := newFake(t)
		srv.InjectFault(1, haravanFault(status, `{"errors":"upstream trouble"}`))
		_, err := c.SubtractPoints(context.Background(), haravantest.JohnTerryID, ten)
		var apiErr *profiles.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status || apiErr.Attempts != 1 {
			t.Errorf("%d: err = %v", status, err)
		}
		if srv.RequestCount() != 1 {
			t.Errorf("%d: %d requests, want 1", status, srv.RequestCount())
		}
	}
}

func TestPointsRetriedAfterDialError(t *testing.T) {
	t.Parallel()
	addr, release, err := fake.RefusedAddr() // nothing listens: every dial is refused
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	c := newClient(t, "http://"+addr)
	_, err = c.AddPoints(context.Background(), 1, ten)
	var reqErr *profiles.RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 3 {
		t.Fatalf("err = %v, want a RequestError after 3 attempts", err)
	}
}

func TestReadsRetried(t *testing.T) {
	t.Parallel()
	for _, f := range []haravantest.Fault{
		haravanFault(502, ""), haravanFault(503, ""), haravanFault(504, ""),
		{Drop: true},
	} {
		srv, c := newFake(t)
		srv.InjectFault(1, f)
		p, err := c.GetProfile(context.Background(), haravantest.TestID)
		if err != nil || p.ID != haravantest.TestID || srv.RequestCount() != 2 {
			t.Errorf("fault %+v: %v after %d requests", f, err, srv.RequestCount())
		}
	}
}

// A truncated body is reported, never half-decoded. (The shared transport
// does not retry a body cut off after a 200; see the package report.)
// A body cut short is a failed attempt: reads try again and get the whole
// profile; when every attempt is cut short the error says so and no
// half-decoded profile is returned.
func TestTruncatedAnswerRetriedForReads(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, haravantest.Fault{Truncate: true})
	p, err := c.GetProfile(context.Background(), haravantest.TestID)
	if err != nil || p == nil || p.ID != haravantest.TestID || srv.RequestCount() != 2 {
		t.Fatalf("got %v, %v after %d requests; want the profile after 2", p, err, srv.RequestCount())
	}

	srv, c = newFake(t)
	srv.InjectFault(3, haravantest.Fault{Truncate: true})
	p, err = c.GetProfile(context.Background(), haravantest.TestID)
	if err == nil || p != nil || !strings.Contains(err.Error(), "unexpected EOF") || srv.RequestCount() != 3 {
		t.Fatalf("got %v, %v after %d requests; want an error after 3", p, err, srv.RequestCount())
	}
}

// Points answered with a truncated body were applied: never sent again.
func TestTruncatedPointsAnswerNotRetried(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	before, err := c.GetProfile(context.Background(), haravantest.TestID)
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(1, haravantest.Fault{Truncate: true})
	_, err = c.AddPoints(context.Background(), haravantest.TestID, haravan.PointChange{Value: 5, Reason: "test", RefID: "r1"})
	if err == nil || srv.RequestCount() != 2 {
		t.Fatalf("err = %v after %d requests; want an error and no retry", err, srv.RequestCount())
	}
	after, err := c.GetProfile(context.Background(), haravantest.TestID)
	if err != nil || after.PointAvailable != before.PointAvailable+5 {
		t.Fatalf("points applied %d times", (after.PointAvailable-before.PointAvailable)/5)
	}
}

func TestReadsNotRetriedOnClientErrors(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	_, err := c.GetProfile(context.Background(), 42)
	if !errors.Is(err, profiles.ErrNotFound) || srv.RequestCount() != 1 {
		t.Errorf("err = %v after %d requests", err, srv.RequestCount())
	}
}

func TestRetryAfterFractionalSeconds(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	srv.Throttle(1, 2*time.Second)
	_, err := c.GetProfile(context.Background(), haravantest.TestID)
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 2*time.Second || !errors.Is(err, profiles.ErrRateLimited) {
		t.Fatalf("err = %v", err)
	}
	if got := srv.Requests()[0]; got.Path != "/loy/profiles/360455.json" {
		t.Errorf("path = %s", got.Path)
	}
}

func TestContextDeadline(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, haravantest.Fault{Delay: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.GetProfile(ctx, haravantest.TestID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}
