package haravan_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
)

func TestErrorBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		header   http.Header
		body     string
		message  string
		field    string
		code     string
		sentinel error
	}{
		{"message", 404, nil, testdata(t, "errors_message.json"), "Not Found", "", "", profiles.ErrNotFound},
		{"fields", 422, nil, testdata(t, "errors_fields.json"),
			"ref_id: is too long, has invalid characters; value: must be greater than 0", "", "", haravan.ErrUnprocessable},
		{"one field", 422, nil, `{"errors":{"value":["must be greater than 0"]}}`, "value: must be greater than 0", "value", "", haravan.ErrUnprocessable},
		{"list", 400, nil, `{"errors":["bad one","bad two"]}`, "bad one, bad two", "", "", nil},
		{"oauth", 401, nil, `{"error":"invalid_token","error_description":"The access token expired"}`, "The access token expired", "", "invalid_token", profiles.ErrUnauthorized},
		{"scope", 403, nil, `{"errors":"[API] This action requires the loy.write_profiles scope"}`, "[API] This action requires the loy.write_profiles scope", "", "", profiles.ErrForbidden},
		{"html proxy page", 502, http.Header{"Content-Type": {"text/html"}}, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "502 Bad Gateway", "", "", nil},
		{"empty body", 500, nil, "", "Internal Server Error", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{"X-Request-Id": {"req-42"}}
			for k, v := range tt.header {
				h[k] = v
			}
			rec := newRecorder(t, tt.status, h, tt.body)
			_, err := newClient(t, rec.URL, profiles.WithRetryPolicy(profiles.RetryPolicy{})).GetProfile(context.Background(), 1)
			var apiErr *profiles.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Message != tt.message || apiErr.Field != tt.field || apiErr.Code != tt.code || apiErr.RequestID != "req-42" {
				t.Errorf("APIError = status %d message %q field %q code %q request id %q", apiErr.StatusCode, apiErr.Message, apiErr.Field, apiErr.Code, apiErr.RequestID)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("Error() = %q lacks the message", err.Error())
			}
		})
	}
}

func TestErrorAfterRetriesKeepsFinalBody(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(2, haravanFault(503, `{"errors":"maintenance, first"}`))
	srv.InjectFault(1, haravanFault(503, `{"errors":"maintenance, last"}`))
	_, err := c.GetProfile(context.Background(), 360455)
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "maintenance, last" || apiErr.Attempts != 3 || string(apiErr.Body) != `{"errors":"maintenance, last"}` {
		t.Fatalf("err = %#v", err)
	}
	if n := srv.RequestCount(); n != 3 {
		t.Errorf("server saw %d requests, want 3", n)
	}
}

// TestMissingEnvelope: a success answer without the member the call
// documents is a *DecodeError with its status that names the member, and
// matches ErrUnexpectedResponse. (An empty answer is the core's
// DecodeError.)
func TestMissingEnvelope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	calls := map[string]struct {
		call   func(*haravan.Client) error
		member string
	}{
		"GetProfile":           {func(c *haravan.Client) error { _, err := c.GetProfile(ctx, 1); return err }, "profile"},
		"GetProfileTags":       {func(c *haravan.Client) error { _, err := c.GetProfileTags(ctx, 1); return err }, "profile"},
		"GetProfileAttributes": {func(c *haravan.Client) error { _, err := c.GetProfileAttributes(ctx, 1); return err }, "profile"},
		"AddPoints": {func(c *haravan.Client) error {
			_, err := c.AddPoints(ctx, 1, haravan.PointChange{Value: 1})
			return err
		}, "id"},
	}
	for name, tc := range calls {
		for _, body := range []string{`{}`, `{"profile":null}`, `{"tags":["a"]}`} {
			err := tc.call(newClient(t, newRecorder(t, http.StatusCreated, nil, body).URL))
			var decodeErr *profiles.DecodeError
			var missing *haravan.MissingMemberError
			if !errors.As(err, &decodeErr) || decodeErr.StatusCode != http.StatusCreated || !errors.As(err, &missing) || missing.Member != tc.member {
				t.Errorf("%s on %q: err = %v, want a *DecodeError of a 201 missing %q", name, body, err, tc.member)
			}
			if !errors.Is(err, haravan.ErrUnexpectedResponse) {
				t.Errorf("%s on %q: err = %v, want ErrUnexpectedResponse", name, body, err)
			}
		}
	}
}

// TestErrorShapes: whatever the shape of the error body, the status, the
// message, the request id and the sentinels survive.
func TestErrorShapes(t *testing.T) {
	t.Parallel()
	family := []error{profiles.ErrUnauthorized, profiles.ErrForbidden, profiles.ErrNotFound, profiles.ErrRateLimited, haravan.ErrUnprocessable}
	tests := []struct {
		name string
		body string
		want errortest.Want
	}{
		{"error object", `{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred"}}`,
			errortest.Want{Status: 400, Message: "Data validation error occurred"}},
		{"oauth with a list description", `{"error":"invalid_token","error_description":["The access token expired"]}`,
			errortest.Want{Status: 401, Message: "The access token expired", Code: "invalid_token", Is: []error{profiles.ErrUnauthorized}}},
		{"errors beside an odd error", `{"errors":"[API] Not Found","error":{"code":[1]},"message":7}`,
			errortest.Want{Status: 404, Message: "[API] Not Found", Is: []error{profiles.ErrNotFound}}},
		{"errors of nested fields", `{"errors":{"point":{"min":1}}}`,
			errortest.Want{Status: 422, Message: "point: min: 1", Is: []error{haravan.ErrUnprocessable}}},
		{"null errors, message", `{"errors":null,"message":"Exceeded 80 calls per second"}`,
			errortest.Want{Status: 429, Message: "Exceeded 80 calls per second", Is: []error{profiles.ErrRateLimited}}},
		{"scope as a number", `{"errors":403}`,
			errortest.Want{Status: 403, Message: "403", Is: []error{profiles.ErrForbidden}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, tt.want.Status, http.Header{"X-Request-Id": {"req-shape"}}, tt.body)
			_, err := newClient(t, rec.URL, profiles.WithRetryPolicy(profiles.RetryPolicy{})).GetProfile(context.Background(), 1)
			tt.want.RequestID, tt.want.Family = "req-shape", family
			errortest.Assert(t, err, tt.want)
		})
	}
}

func TestPointsAnswerInEnvelope(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, 200, nil, `{"profile":`+testdata(t, "add_points_response.json")+`}`)
	p, err := newClient(t, rec.URL).AddPoints(context.Background(), 632910392, haravan.PointChange{Value: 10})
	if err != nil || p.ID != 632910392 || p.PointAvailable != 110 {
		t.Fatalf("got %+v, %v", p, err)
	}
}
