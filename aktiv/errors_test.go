package aktiv_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
)

func TestErrorBodies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantMessage string
		wantCode    string
		wantIs      error
	}{
		{"message", 403, "application/json", `{"message":"Access denied"}`, "Access denied", "", profiles.ErrForbidden},
		{"ASP.NET Message", 401, "application/json", `{"Message":"Authorization has been denied for this request."}`, "Authorization has been denied for this request.", "", profiles.ErrUnauthorized},
		{"error string", 400, "application/json", `{"error":"bad lang"}`, "bad lang", "", nil},
		{"nested error", 400, "application/json", `{"error":{"message":"Invalid country","code":10172}}`, "Invalid country", "10172", nil},
		{"oauth style", 401, "application/json", `{"error":"invalid_token","error_description":"The token expired"}`, "The token expired", "invalid_token", profiles.ErrUnauthorized},
		{"message and code", 409, "application/json", `{"code":"E42","message":"Conflict here"}`, "Conflict here", "E42", nil},
		{"html proxy page", 502, "text/html", `<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>`, "502 Bad Gateway", "", nil},
		{"empty body", 404, "", ``, "Not Found", "", nil},
		{"json array", 500, "application/json", `["boom"]`, "Internal Server Error", "", nil},
		{"plain text", 400, "text/plain", `lang is required`, "lang is required", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, tc.status, tc.contentType, tc.body)
			c := newClient(t, srv.URL, testToken, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
			_, err := c.GetProfile(context.Background())
			var apiErr *profiles.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Message != tc.wantMessage || apiErr.Code != tc.wantCode {
				t.Errorf("got status %d message %q code %q; want %d %q %q", apiErr.StatusCode, apiErr.Message, apiErr.Code, tc.status, tc.wantMessage, tc.wantCode)
			}
			if apiErr.RequestID != "req-42" {
				t.Errorf("RequestID = %q", apiErr.RequestID)
			}
			if string(apiErr.Body) != tc.body {
				t.Errorf("Body = %q", apiErr.Body)
			}
			if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Errorf("errors.Is(err, %v) = false", tc.wantIs)
			}
			for _, s := range []error{profiles.ErrForbidden, profiles.ErrUnauthorized} {
				if s != tc.wantIs && errors.Is(err, s) {
					t.Errorf("err matches %v too", s)
				}
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error text carries the token: %v", err)
			}
		})
	}
}

// TestRoleErrorsFromTheFake: a plain user may not see the balance or change
// the profile, and an unknown token is refused.
func TestRoleErrorsFromTheFake(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	ctx := context.Background()
	for _, token := range []string{aktivtest.UserToken, aktivtest.DeveloperToken} {
		c := newClient(t, srv.URL, token)
		_, err := c.GetBalance(ctx)
		var apiErr *profiles.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || !errors.Is(err, profiles.ErrForbidden) {
			t.Fatalf("%s GetBalance: %v", token, err)
		}
		if apiErr.Message != aktivtest.MessageForbidden || apiErr.Attempts != 1 {
			t.Errorf("Message %q, attempts %d", apiErr.Message, apiErr.Attempts)
		}
		if err := c.PutProfile(ctx, aktiv.ProfileUpdate{CompanyName: "X"}); !errors.Is(err, profiles.ErrForbidden) {
			t.Errorf("%s PutProfile: %v", token, err)
		}
	}
	_, err := newClient(t, srv.URL, "nobody").GetProfile(ctx)
	if !errors.Is(err, profiles.ErrUnauthorized) || errors.Is(err, profiles.ErrForbidden) {
		t.Errorf("unknown token: %v", err)
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	calls := map[string]func(c *aktiv.Client) error{
		"GetProfile":     func(c *aktiv.Client) error { _, err := c.GetProfile(ctx); return err },
		"GetAccessCodes": func(c *aktiv.Client) error { _, err := c.GetAccessCodes(ctx); return err },
		"GetBalance":     func(c *aktiv.Client) error { _, err := c.GetBalance(ctx); return err },
		"PutProfile": func(c *aktiv.Client) error {
			return c.PutProfile(ctx, aktiv.ProfileUpdate{CompanyName: "Aktiv", CountryID: 185})
		},
		"PutSettings": func(c *aktiv.Client) error { return c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1}) },
	}
	faults := []struct {
		name  string
		fault aktivtest.Fault
	}{
		{"503", aktivtest.Fault{Status: http.StatusServiceUnavailable, Body: `{"message":"busy"}`}},
		{"429 Retry-After", aktivtest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"0.001"}}}},
		{"502", aktivtest.Fault{Status: http.StatusBadGateway}},
		{"504", aktivtest.Fault{Status: http.StatusGatewayTimeout}},
		{"dropped", aktivtest.Fault{Drop: true}},
		{"dropped after apply", aktivtest.Fault{DropAfterApply: true}},
	}
	for name, call := range calls {
		for _, f := range faults {
			t.Run(name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				srv := newFake(t)
				srv.InjectFault(2, f.fault)
				if err := call(newClient(t, srv.URL, aktivtest.AdminToken)); err != nil {
					t.Fatalf("every call is idempotent and should succeed on the third attempt: %v", err)
				}
				if n := srv.RequestCount(); n != 3 {
					t.Errorf("server saw %d requests, want 3", n)
				}
			})
		}
	}
}

func TestNoRetryOnOtherStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 409, 500} {
		srv := newFake(t)
		srv.InjectFault(1, aktivtest.Fault{Status: status, Body: `{"message":"no"}`})
		err := newClient(t, srv.URL, aktivtest.AdminToken).PutSettings(context.Background(), aktiv.SettingsUpdate{Language: 1})
		var apiErr *profiles.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status || apiErr.Message != "no" {
			t.Errorf("%d: err = %v", status, err)
		}
		if n := srv.RequestCount(); n != 1 {
			t.Errorf("%d: server saw %d requests, want 1", status, n)
		}
	}
}

func TestRetriesExhaustedKeepTheFinalAnswer(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(2, aktivtest.Fault{Status: http.StatusServiceUnavailable, Body: `{"message":"first"}`})
	srv.InjectFault(1, aktivtest.Fault{Status: http.StatusServiceUnavailable, Body: `{"message":"last"}`})
	_, err := newClient(t, srv.URL, aktivtest.AdminToken).GetBalance(context.Background())
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if apiErr.Attempts != 3 || apiErr.Message != "last" || string(apiErr.Body) != `{"message":"last"}` || !apiErr.Temporary() {
		t.Errorf("got %+v", apiErr)
	}
	if srv.RequestCount() != 3 {
		t.Errorf("requests = %d", srv.RequestCount())
	}
}

func TestConnectionFailuresAreRequestErrors(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(3, aktivtest.Fault{Drop: true})
	_, err := newClient(t, srv.URL, aktivtest.AdminToken).GetProfile(context.Background())
	var reqErr *profiles.RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 3 {
		t.Fatalf("err = %v", err)
	}
}

func TestContextDeadline(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(1, aktivtest.Fault{Delay: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := newClient(t, srv.URL, aktivtest.AdminToken).GetProfile(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("the call outlived its deadline: %v", time.Since(start))
	}
}

func TestTruncatedAnswerFails(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(3, aktivtest.Fault{Truncate: true})
	if _, err := newClient(t, srv.URL, aktivtest.AdminToken).GetAccessCodes(context.Background()); err == nil {
		t.Fatal("a truncated answer decoded without error")
	}
}

// TestErrorShapes: Aktiv documents no error body; whatever shape it
// sends, the status, the message, the request id and the sentinels
// survive.
func TestErrorShapes(t *testing.T) {
	t.Parallel()
	family := []error{profiles.ErrUnauthorized, profiles.ErrForbidden, profiles.ErrNotFound, profiles.ErrRateLimited}
	tests := []struct {
		name string
		body string
		want errortest.Want
	}{
		{"problem object", `{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred","validation":[]}}`,
			errortest.Want{Status: 400, Message: "Data validation error occurred"}},
		{"message beside an odd code", `{"Message":"Authorization has been denied for this request.","code":{"x":1}}`,
			errortest.Want{Status: 401, Message: "Authorization has been denied for this request.", Is: []error{profiles.ErrUnauthorized}}},
		{"message as a list", `{"message":["role","is user"],"error":true}`,
			errortest.Want{Status: 403, Message: "role, is user", Is: []error{profiles.ErrForbidden}}},
		{"numeric code, nested message", `{"error":{"message":"No such code","code":404}}`,
			errortest.Want{Status: 404, Message: "No such code", Code: "404", Is: []error{profiles.ErrNotFound}}},
		{"odd members only", `{"message":null,"error":{"status":429}}`,
			errortest.Want{Status: 429, Message: "status: 429", Is: []error{profiles.ErrRateLimited}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, tt.want.Status, "application/json", tt.body)
			_, err := newClient(t, srv.URL, testToken, profiles.WithRetryPolicy(profiles.RetryPolicy{})).GetProfile(context.Background())
			tt.want.RequestID, tt.want.Family = "req-42", family
			errortest.Assert(t, err, tt.want)
		})
	}
}

// TestMissingElement: a success answer without the element the call
// documents is a *DecodeError with its status that names the element. (An
// empty answer is the client's DecodeError.)
func TestMissingElement(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	calls := map[string]func(*aktiv.Client) error{
		"user":        func(c *aktiv.Client) error { _, err := c.GetProfile(ctx); return err },
		"balance":     func(c *aktiv.Client) error { _, err := c.GetBalance(ctx); return err },
		"accesscodes": func(c *aktiv.Client) error { _, err := c.GetAccessCodes(ctx); return err },
	}
	for member, call := range calls {
		for _, body := range []string{`{}`, `{"` + member + `":null}`, `{"other":1}`} {
			err := call(newClient(t, newRecorder(t, http.StatusOK, "application/json", body).URL, testToken))
			var decodeErr *profiles.DecodeError
			var missing *aktiv.MissingMemberError
			if !errors.As(err, &decodeErr) || decodeErr.StatusCode != http.StatusOK || !errors.As(err, &missing) || missing.Member != member {
				t.Errorf("%q: err = %v, want a *DecodeError of a 200 missing %q", body, err, member)
			}
		}
	}
}
