package haravantest_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

// Points that would push a balance past int64 are refused as Haravan
// refuses bad input, with 422 and {"errors": ...}, and change nothing.
func TestOverflowingPointsAreRefused(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	before, _ := srv.Profile(haravantest.JohnTerryID)

	status, _, body := call(t, srv, "PUT", "/loy/profiles/632910392/points/add.json", "t",
		`{"point":{"value":9223372036854775807,"reason":"overflow","ref_id":"o-1"}}`)
	if status != http.StatusUnprocessableEntity || !strings.HasPrefix(body, `{"errors":`) || !strings.Contains(body, "Too many points") {
		t.Errorf("wire: %d %s", status, body)
	}

	c, err := srv.NewClient(profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	_, err = c.AddPoints(context.Background(), haravantest.JohnTerryID, haravan.PointChange{Value: math.MaxInt64, Reason: "overflow", RefID: "o-2"})
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("client: %v", err)
	}

	after, _ := srv.Profile(haravantest.JohnTerryID)
	if after.PointAvailable != before.PointAvailable || after.PointUsed != before.PointUsed || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("balance changed: %d/%d, was %d/%d", after.PointAvailable, after.PointUsed, before.PointAvailable, before.PointUsed)
	}
	if h := srv.PointHistory(haravantest.JohnTerryID); len(h) != 0 {
		t.Errorf("refused changes recorded: %+v", h)
	}

	// The largest change that fits is applied.
	room := math.MaxInt64 - before.PointAvailable
	if p, err := c.AddPoints(context.Background(), haravantest.JohnTerryID, haravan.PointChange{Value: room}); err != nil || p.PointAvailable != math.MaxInt64 {
		t.Errorf("filling the balance: %+v, %v", p, err)
	}
}

// A subtraction may not overflow the points used either.
func TestOverflowingPointsUsedAreRefused(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	p, _ := srv.Profile(haravantest.JohnTerryID)
	p.PointAvailable, p.PointUsed = 10, math.MaxInt64-5
	srv.SetProfile(p)
	status, _, body := call(t, srv, "PUT", "/loy/profiles/632910392/points/subtract.json", "t", `{"point":{"value":6}}`)
	if status != http.StatusUnprocessableEntity || !strings.HasPrefix(body, `{"errors":`) {
		t.Errorf("wire: %d %s", status, body)
	}
	if after, _ := srv.Profile(haravantest.JohnTerryID); after.PointAvailable != 10 || after.PointUsed != math.MaxInt64-5 {
		t.Errorf("balance changed: %+v", after)
	}
}

// An empty access token is never a wildcard: it is refused like any other
// wrong one, and SetCredentials with an empty token refuses everyone.
func TestEmptyTokenIsNeverAccepted(t *testing.T) {
	t.Parallel()
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	if status, _, _ := call(t, srv, "GET", "/loy/profiles/360455.json", "anything", ""); status != http.StatusUnauthorized {
		t.Errorf("any token accepted: %d", status)
	}
	if status, _, _ := call(t, srv, "GET", "/loy/profiles/360455.json", srv.Credentials().AccessToken, ""); status != http.StatusOK {
		t.Errorf("default token refused: %d", status)
	}
	srv.SetCredentials(haravan.Credentials{})
	for _, token := range []string{"", " ", "anything", "haravantest-access-token"} {
		if status, _, _ := call(t, srv, "GET", "/loy/profiles/360455.json", token, ""); status != http.StatusUnauthorized {
			t.Errorf("token %q accepted after SetCredentials(empty): %d", token, status)
		}
	}
}

// Reset undoes points, removals and settings.
func TestResetRestoresTheSeed(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	before, _ := srv.Profile(haravantest.JohnTerryID)
	if status, _, _ := call(t, srv, "PUT", "/loy/profiles/632910392/points/add.json", "t", `{"point":{"value":5}}`); status != 200 {
		t.Fatalf("add: %d", status)
	}
	srv.RemoveProfile(haravantest.TestID)
	srv.SetScopes()
	srv.Reset()
	after, _ := srv.Profile(haravantest.JohnTerryID)
	if after.PointAvailable != before.PointAvailable || len(srv.PointHistory(0)) != 0 || srv.ProfileCount() != 2+haravantest.GeneratedCount {
		t.Errorf("after Reset: %d points, history %v, %d profiles", after.PointAvailable, srv.PointHistory(0), srv.ProfileCount())
	}
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	if _, err := c.GetProfile(context.Background(), haravantest.TestID); err != nil {
		t.Errorf("after Reset (scopes, credentials): %v", err)
	}
}
