package haravan_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
)

// A balance the JSON does not hold is a DecodeError, never another number:
// on AddPoints it also matches ErrOutcomeUnknown (Haravan answered success).
// A whole number written with a fraction keeps every digit (a float64
// would round 9007199254740993.0 to ...992).
func TestBalanceThatDoesNotFitIsADecodeError(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, http.StatusOK, nil, `{"id": 1, "point_available": 9007199254740993.0}`)
	p, err := newClient(t, rec.URL).AddPoints(context.Background(), 1, haravan.PointChange{Value: 5, RefID: "r-1"})
	if err != nil || p.PointAvailable != 9007199254740993 {
		t.Errorf("AddPoints = %v, %v; want 9007199254740993 exactly", p, err)
	}
	for _, number := range []string{"-9223372036854775809", "9223372036854775808.0", "9007199254740993.5", "1e19"} {
		t.Run(number, func(t *testing.T) {
			t.Parallel()
			body := `{"id": 1, "point_available": ` + number + `}`
			rec := newRecorder(t, http.StatusOK, nil, body)
			c := newClient(t, rec.URL)
			p, err := c.AddPoints(context.Background(), 1, haravan.PointChange{Value: 5, RefID: "r-1"})
			var de *profiles.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, profiles.ErrOutcomeUnknown) {
				t.Fatalf("AddPoints = %+v, %v; want a DecodeError matching ErrOutcomeUnknown", p, err)
			}
			rec = newRecorder(t, http.StatusOK, nil, `{"profile": `+body+`}`)
			p, err = newClient(t, rec.URL).GetProfile(context.Background(), 1)
			if !errors.As(err, &de) || errors.Is(err, profiles.ErrOutcomeUnknown) {
				t.Fatalf("GetProfile = %+v, %v; want a DecodeError", p, err)
			}
		})
	}
}

// A success answer without the member a call needs fails inside the call:
// the observer's final event, the log and WithResponse see the caller's
// error, not a success.
func TestMissingMemberSeenByTheObserver(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		body string
		call func(c *haravan.Client, opts ...profiles.CallOption) error
		kind profiles.ErrorKind
	}{
		"points answer": {`{"profile": null}`, func(c *haravan.Client, opts ...profiles.CallOption) error {
			_, err := c.AddPoints(context.Background(), 1, haravan.PointChange{Value: 5, RefID: "r-1"}, opts...)
			return err
		}, profiles.ErrorKind("outcome_unknown")},
		"profiles page": {`{"page": 1}`, func(c *haravan.Client, opts ...profiles.CallOption) error {
			_, err := c.ListProfiles(context.Background(), nil, opts...)
			return err
		}, profiles.ErrorKind("decode")},
		"profile": {`{}`, func(c *haravan.Client, opts ...profiles.CallOption) error {
			_, err := c.GetProfile(context.Background(), 1, opts...)
			return err
		}, profiles.ErrorKind("decode")},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, http.StatusOK, nil, tc.body)
			var final profiles.Event
			c := newClient(t, rec.URL, profiles.WithObserver(func(_ context.Context, e profiles.Event) {
				if e.Final {
					final = e
				}
			}))
			var resp profiles.Response
			err := tc.call(c, profiles.WithResponse(&resp))
			var mm *haravan.MissingMemberError
			if !errors.As(err, &mm) || !errors.Is(err, haravan.ErrUnexpectedResponse) {
				t.Fatalf("err = %v, want a missing member", err)
			}
			if final.ErrorKind != tc.kind {
				t.Errorf("the observer's final event says %q, want %q (err: %v)", final.ErrorKind, tc.kind, err)
			}
			if resp.StatusCode != http.StatusOK || resp.Attempts != 1 {
				t.Errorf("WithResponse = %+v", resp)
			}
		})
	}
}

// WithBaseURL with a path: the path sent and the path an error shows are
// the same; a base URL that already ends in Haravan's /loy prefix is
// refused at NewClient, saying why.
func TestBaseURLPathShownAsSent(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, http.StatusNotFound, nil, `{"error": "Not Found"}`)
	_, err := newClient(t, rec.URL+"/gateway/").GetProfile(context.Background(), 1)
	if got := rec.requests()[0].Path; got != "/gateway/loy/profiles/1.json" {
		t.Errorf("sent %s", got)
	}
	if err == nil || !strings.Contains(err.Error(), "GET /gateway/loy/profiles/1.json") {
		t.Errorf("the error does not show the path sent: %v", err)
	}
	for _, base := range []string{rec.URL + "/loy", rec.URL + "/loy/", rec.URL + "/gateway/loy"} {
		c, err := haravan.NewClient(haravan.Credentials{AccessToken: testToken}, profiles.WithBaseURL(base))
		if c != nil || !errors.Is(err, profiles.ErrInvalidArgument) || !strings.Contains(err.Error(), `ends in "/loy"`) {
			t.Errorf("NewClient(WithBaseURL(%q)) = %v, %v; want a refusal naming /loy", base, c, err)
		}
	}
}
