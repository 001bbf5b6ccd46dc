package olx_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

func apiError(t *testing.T, err error) *profiles.APIError {
	t.Helper()
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T) is not an *profiles.APIError", err, err)
	}
	return apiErr
}

func TestExpiredTokenIs403AndNotRetried(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.ExpireToken(olxtest.PostpaidToken)
	_, err := newClient(t, srv, olxtest.PostpaidToken).GetPackages(context.Background())
	if !errors.Is(err, olx.ErrTokenExpired) || errors.Is(err, olx.ErrInvalidAPIKey) {
		t.Fatalf("err = %v; want ErrTokenExpired only", err)
	}
	e := apiError(t, err)
	if e.StatusCode != http.StatusForbidden || e.Message != "The access token provided has expired" ||
		e.RequestID != lastTransactionID(srv) || e.RequestID == "" || e.Attempts != 1 {
		t.Errorf("APIError = %+v", e)
	}
	if n := srv.RequestCount(); n != 1 {
		t.Errorf("server saw %d requests, want 1 (403 is not retried)", n)
	}
}

func TestInvalidAPIKey(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, err := olx.NewClient(olx.Credentials{APIKey: "wrong", AccessToken: olxtest.PrepaidToken, CRMName: testCRM},
		profiles.WithBaseURL(srv.URL), fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPackages(context.Background())
	if !errors.Is(err, olx.ErrInvalidAPIKey) || errors.Is(err, olx.ErrTokenExpired) {
		t.Fatalf("err = %v; want ErrInvalidAPIKey only", err)
	}
	if e := apiError(t, err); e.StatusCode != 403 || e.Message != "Invalid API Key - unknown Partner" {
		t.Errorf("APIError = %+v", e)
	}
	if n := srv.RequestCount(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

// TestVendorErrorBodies decodes the documented error bodies as OLX sends
// them, also when a 403 would otherwise be worth a retry elsewhere.
func TestVendorErrorBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, txn, msg string
		sentinel       error
	}{
		{"error_token_expired.json", "3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c", "The access token provided has expired", olx.ErrTokenExpired},
		{"error_invalid_api_key.json", "b7e4d1c0-2a3f-4b5c-8d9e-0f1a2b3c4d5e", "Invalid API Key - unknown Partner", olx.ErrInvalidAPIKey},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			srv := newFake(t)
			srv.InjectFault(3, olxtest.Fault{Status: http.StatusForbidden, Body: string(readTestdata(t, tt.file)),
				Header: http.Header{"Content-Type": {"application/json"}}})
			_, err := newClient(t, srv, olxtest.PostpaidToken).GetPackages(context.Background())
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("err = %v; want %v", err, tt.sentinel)
			}
			e := apiError(t, err)
			if e.StatusCode != 403 || e.Message != tt.msg || e.RequestID != tt.txn {
				t.Errorf("APIError = %+v", e)
			}
			if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), tt.txn) {
				t.Errorf("error text %q lacks the message or transaction id", err)
			}
			if n := srv.RequestCount(); n != 1 {
				t.Errorf("server saw %d requests, want 1 (403 is never retried)", n)
			}
		})
	}
}

func TestUnknownTokenIsPlainAPIError(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	_, err := newClient(t, srv, "never-issued").GetPackages(context.Background())
	e := apiError(t, err)
	if e.StatusCode != http.StatusUnauthorized || e.Message != olxtest.MessageInvalidToken {
		t.Errorf("APIError = %+v", e)
	}
	if !errors.Is(err, profiles.ErrUnauthorized) || errors.Is(err, olx.ErrTokenExpired) || errors.Is(err, olx.ErrInvalidAPIKey) {
		t.Errorf("err = %v; want ErrUnauthorized only", err)
	}
}

func TestOAuthStyleErrorBody(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(1, olxtest.Fault{Status: http.StatusBadRequest,
		Body: `{"error":"invalid_grant","error_description":"Invalid authorization code"}`})
	_, err := newClient(t, srv, olxtest.PostpaidToken).GetPackages(context.Background())
	e := apiError(t, err)
	if e.StatusCode != 400 || e.Code != "invalid_grant" || e.Message != "Invalid authorization code" {
		t.Errorf("APIError = %+v", e)
	}
}

func TestRetriesTransientStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		srv := newFake(t)
		srv.InjectFault(2, olxtest.Fault{Status: status})
		got, err := newClient(t, srv, olxtest.PrepaidToken).GetPackages(context.Background())
		if err != nil {
			t.Fatalf("%d: %v", status, err)
		}
		if len(got.Packages) != 1 || srv.RequestCount() != 3 {
			t.Errorf("%d: packages %d, requests %d; want 1 and 3", status, len(got.Packages), srv.RequestCount())
		}
	}
}

func TestNoRetryOnClientErrorsAndServerError(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusInternalServerError} {
		srv := newFake(t)
		srv.InjectFault(3, olxtest.Fault{Status: status, Body: `{"transaction_id":"t-1","message":"nope"}`})
		_, err := newClient(t, srv, olxtest.PrepaidToken).GetPackages(context.Background())
		if e := apiError(t, err); e.StatusCode != status || e.Message != "nope" || e.RequestID != "t-1" {
			t.Errorf("%d: APIError = %+v", status, e)
		}
		if n := srv.RequestCount(); n != 1 {
			t.Errorf("%d: server saw %d requests, want 1", status, n)
		}
	}
}

func TestRetriesRunOutKeepFinalBody(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(2, olxtest.Fault{Status: http.StatusServiceUnavailable, Body: `{"transaction_id":"first","message":"busy"}`})
	srv.InjectFault(1, olxtest.Fault{Status: http.StatusServiceUnavailable, Body: `{"transaction_id":"last","message":"still busy"}`})
	_, err := newClient(t, srv, olxtest.PrepaidToken).GetPackages(context.Background())
	e := apiError(t, err)
	if e.Attempts != 3 || e.Message != "still busy" || e.RequestID != "last" || !strings.Contains(string(e.Body), "still busy") {
		t.Errorf("APIError = %+v", e)
	}
	if n := srv.RequestCount(); n != 3 {
		t.Errorf("server saw %d requests, want 3", n)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(1, olxtest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"0.05"}}})
	start := time.Now()
	if _, err := newClient(t, srv, olxtest.PrepaidToken).GetPackages(context.Background()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("retried after %v, want at least the 50ms Retry-After", waited)
	}
}

func TestHTMLProxyPage(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(1, olxtest.Fault{Status: http.StatusBadGateway,
		Header: http.Header{"Content-Type": {"text/html"}},
		Body:   "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"})
	_, err := newClient(t, srv, olxtest.PrepaidToken, profiles.WithRetryPolicy(profiles.RetryPolicy{})).GetPackages(context.Background())
	e := apiError(t, err)
	if e.StatusCode != http.StatusBadGateway || e.Message != "502 Bad Gateway" || e.RequestID != "" {
		t.Errorf("APIError = %+v", e)
	}
}

func TestDroppedConnectionIsRetried(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(1, olxtest.Fault{Drop: true})
	if _, err := newClient(t, srv, olxtest.PostpaidToken).GetPackages(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := srv.RequestCount(); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

func TestConnectionFailureGivesRequestError(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(3, olxtest.Fault{Drop: true})
	_, err := newClient(t, srv, olxtest.PostpaidToken).GetPackages(context.Background())
	var reqErr *profiles.RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 3 {
		t.Fatalf("err = %v; want a RequestError after 3 attempts", err)
	}
}

func TestDeadlineStaysMatchable(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(1, olxtest.Fault{Delay: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := newClient(t, srv, olxtest.PostpaidToken).GetPackages(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want context.DeadlineExceeded", err)
	}
}

// TestTruncatedAnswer: a body that breaks off is a failed attempt, which
// an idempotent GET may repeat; when every attempt breaks off the call
// fails rather than returning half an answer.
func TestTruncatedAnswer(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(1, olxtest.Fault{Truncate: true})
	got, err := newClient(t, srv, olxtest.PostpaidToken).GetPackages(context.Background())
	if err != nil || len(got.Packages) != 1 || srv.RequestCount() != 2 {
		t.Fatalf("after one truncated answer: %+v, %v, %d requests", got, err, srv.RequestCount())
	}
	srv.InjectFault(3, olxtest.Fault{Truncate: true})
	if _, err := newClient(t, srv, olxtest.PostpaidToken).GetPackages(context.Background()); err == nil {
		t.Fatal("truncated answers decoded without error")
	}
	if n := srv.RequestCount(); n != 5 {
		t.Errorf("server saw %d requests, want 5", n)
	}
}

func TestResponseTooLarge(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	_, err := newClient(t, srv, olxtest.PostpaidToken, profiles.WithMaxResponseBytes(64)).GetPackages(context.Background())
	if !errors.Is(err, profiles.ErrResponseTooLarge) {
		t.Fatalf("err = %v; want ErrResponseTooLarge", err)
	}
}

// TestErrorShapes: OLX's partner API answers {"error": {...}} as well as
// the documented {"transaction_id", "message"} and the token service's
// {"error": "...", "error_description": "..."}; whatever the shape, the
// status, the message, the transaction id and the sentinels survive.
func TestErrorShapes(t *testing.T) {
	t.Parallel()
	family := []error{profiles.ErrUnauthorized, profiles.ErrForbidden, profiles.ErrNotFound, profiles.ErrRateLimited, olx.ErrTokenExpired, olx.ErrInvalidAPIKey}
	tests := []struct {
		name string
		body string
		want errortest.Want
	}{
		{"partner validation error", `{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred","validation":[{"field":"price","title":"must be positive"}]},"transaction_id":"t-400"}`,
			errortest.Want{Status: 400, Message: "Data validation error occurred (field: price; title: must be positive)", RequestID: "t-400"}},
		{"partner expired token", `{"error":{"status":403,"title":"Forbidden","detail":"The access token provided has expired","transaction_id":"t-403"}}`,
			errortest.Want{Status: 403, Message: "The access token provided has expired", RequestID: "t-403", Is: []error{olx.ErrTokenExpired, profiles.ErrUnauthorized, profiles.ErrForbidden}}},
		{"partner title only", `{"error":{"status":429,"title":"Too Many Requests"}}`,
			errortest.Want{Status: 429, Message: "Too Many Requests", Is: []error{profiles.ErrRateLimited}}},
		{"oauth expired token", `{"error":"invalid_token","error_description":"The access token provided has expired","transaction_id":"t-401"}`,
			errortest.Want{Status: 401, Message: "The access token provided has expired", Code: "invalid_token", RequestID: "t-401", Is: []error{olx.ErrTokenExpired, profiles.ErrUnauthorized}}},
		{"message beside odd members", `{"transaction_id":"t-404","message":"Package not found","error":{"code":["x"]},"validation":7}`,
			errortest.Want{Status: 404, Message: "Package not found", RequestID: "t-404", Is: []error{profiles.ErrNotFound}}},
		{"odd transaction id", `{"transaction_id":{"id":1},"message":"Invalid API Key - unknown Partner"}`,
			errortest.Want{Status: 403, Message: "Invalid API Key - unknown Partner", Is: []error{olx.ErrInvalidAPIKey, profiles.ErrUnauthorized, profiles.ErrForbidden}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newFake(t)
			srv.InjectFault(1, olxtest.Fault{Status: tt.want.Status, Body: tt.body, Header: http.Header{"Content-Type": {"application/json"}}})
			_, err := newClient(t, srv, olxtest.PostpaidToken, profiles.WithRetryPolicy(profiles.RetryPolicy{})).GetPackages(context.Background())
			tt.want.Family = family
			errortest.Assert(t, err, tt.want)
		})
	}
}

// TestTokenAnswerWithoutAccessToken: a token answer that arrived but holds
// no usable token is a *DecodeError naming what is missing.
func TestTokenAnswerWithoutAccessToken(t *testing.T) {
	t.Parallel()
	for body, member := range map[string]string{
		`{"token_type":"bearer","expires_in":3600}`: "access_token",
		`{"access_token":"a","expires_in":"soon"}`:  "",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		}))
		t.Cleanup(srv.Close)
		a, err := olx.NewAuthClient(olx.AppCredentials{ClientID: olxtest.ClientID, ClientSecret: olxtest.ClientSecret, APIKey: "key", CRMName: testCRM}, profiles.WithBaseURL(srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(a.CloseIdleConnections)
		_, err = a.RefreshToken(context.Background(), "refresh")
		var decodeErr *profiles.DecodeError
		if !errors.As(err, &decodeErr) || decodeErr.StatusCode != http.StatusOK {
			t.Fatalf("%s: err = %v, want a *DecodeError of a 200", body, err)
		}
		var missing *olx.MissingMemberError
		if got := errors.As(err, &missing); got != (member != "") || (got && missing.Member != member) {
			t.Errorf("%s: err = %v, want missing member %q", body, err, member)
		}
	}
}
